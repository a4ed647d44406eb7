// SIGTERM/SIGINT handled on a thread of their own (sigwait), so shutdown runs as ordinary code.
#pragma once

#include <functional>

namespace ow::platform {

/** Blocks SIGTERM, SIGINT and SIGHUP (and `extra`, when not 0) in every thread started after this call; onSignal runs
 *  on a watcher thread. */
void watchTerminationSignals(std::function<void(int)> onSignal, int extra = 0);

}  // namespace ow::platform
