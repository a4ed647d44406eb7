// Serving the terminal's requests: each kind that a service can ask of the world, handed to the part that does it.
#pragma once

#include "kiosk/app/frame_loop.h"

namespace ow::app {

/** Takes every request the terminal has made and serves it (answers come back through the mailbox, or at once). */
void serveRequests(Parts& parts);

}  // namespace ow::app
