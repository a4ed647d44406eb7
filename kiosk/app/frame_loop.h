// The frame loop: input, device events and answers into the terminal, one frame drawn when something changed,
// its intents applied, the requests served and the prompt spoken; idle (no frames) while nothing changes.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/app/active_config.h"
#include "kiosk/app/answer_mailbox.h"
#include "kiosk/app/central_link.h"
#include "kiosk/app/device_set.h"
#include "kiosk/app/lettering.h"
#include "kiosk/app/options.h"
#include "kiosk/app/page_worker.h"
#include "kiosk/app/printing.h"
#include "kiosk/event_queue.h"
#include "kiosk/script.h"
#include "kiosk/terminal.h"
#include "platform/voice.h"
#include "platform/window.h"

namespace ow::app {

/** What the loop drives; main makes each part and stops them after the loop returns. */
struct Parts {
    const Options& options;
    core::Terminal& terminal;
    platform::Window& window;
    Lettering& lettering;
    core::EventQueue& deviceEvents;
    DeviceSet& devices;
    Printing& printing;
    CentralLink& central;
    ActiveConfig& config;
    PageWorker& camera;
    AnswerMailbox& answers;
    platform::Voice* voice;  // none: prompts are not spoken
};

/** The signal that stops the loop (SIGTERM, SIGINT), set from the signal thread. */
extern std::atomic<int> gSignal;

/** Runs the loop (playing `script`, if any) until a signal or the script's end; returns the exit code. */
int runFrameLoop(Parts& parts, std::vector<core::ScriptStep> script);

}  // namespace ow::app
