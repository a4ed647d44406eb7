// Serving the terminal's requests: each kind that a service can ask of the world, handed to the part that does it.
#pragma once

#include "kiosk/app/central_link.h"
#include "kiosk/app/page_worker.h"
#include "kiosk/app/printing.h"
#include "kiosk/terminal.h"

namespace ow::app {

/** Takes every request the terminal has made and serves it (answers come back through the mailbox, or at once). */
void serveRequests(core::Terminal& terminal, Printing& printing, CentralLink& central, PageWorker& camera);

}  // namespace ow::app
