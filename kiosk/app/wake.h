// Waking the UI loop from other threads: device workers, answers from central and the camera, signals.
#pragma once

#include <SDL.h>

namespace ow::app {

/** Registers the wake-up event (after SDL's video is up). */
void registerWake();
/** Wakes the UI loop (any thread). */
void wakeUi();
bool isWake(const SDL_Event& e);

}  // namespace ow::app
