// The display and the voice: ImGui's context on the fullscreen window (nothing of the UI written to disk), and
// spoken prompts (espeak-ng; without a sound device they are synthesized and logged, not heard).
#pragma once

#include <memory>

#include "kiosk/app/options.h"
#include "kiosk/result.h"
#include "platform/voice.h"
#include "platform/window.h"

namespace ow::app {

/** Creates ImGui's context and opens the window on it; the loop can be woken once it is open. */
core::Result<std::unique_ptr<platform::Window>> openDisplay(const Options& opt);
/** Closes the window, then ImGui's context. */
void closeDisplay(std::unique_ptr<platform::Window>& window);
/** The voice, or none (logged) when espeak-ng cannot start. */
std::unique_ptr<platform::Voice> startVoice();

}  // namespace ow::app
