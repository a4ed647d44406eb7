// SIGTERM/SIGINT handled on a thread of their own (sigwait), so shutdown runs as ordinary code.
#pragma once

#include <functional>

namespace ow::platform {

/** Blocks SIGTERM, SIGINT and SIGHUP in every thread started after this call; onSignal runs on a watcher thread. */
void watchTerminationSignals(std::function<void(int)> onSignal);

}  // namespace ow::platform
