// The custom SDL event that wakes the UI loop.
#include "kiosk/app/wake.h"

#include <atomic>

namespace ow::app {

namespace {
std::atomic<Uint32> gWakeEvent{0};
}

void registerWake() { gWakeEvent = SDL_RegisterEvents(1); }

void wakeUi() {
    SDL_Event e{};
    e.type = gWakeEvent;
    SDL_PushEvent(&e);
}

bool isWake(const SDL_Event& e) { return e.type == gWakeEvent; }

}  // namespace ow::app
