// systemd notification and watchdog pings.
#include "platform/watchdog.h"

#include <systemd/sd-daemon.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>

namespace ow::platform {

// systemd names the process it watches in WATCHDOG_PID: the unit's main process. On a terminal that is cage, the
// compositor the kiosk runs in (NotifyAccess=all lets the kiosk ping for it), so the kiosk pings when the watched
// process is itself or its parent; sd_watchdog_enabled() would answer "not you" and the unit would be killed.
Watchdog::Watchdog() {
    const char* usec = std::getenv("WATCHDOG_USEC");
    if (!usec || !*usec) return;
    if (const char* pid = std::getenv("WATCHDOG_PID"); pid && *pid) {
        const long watched = std::strtol(pid, nullptr, 10);
        if (watched != getpid() && watched != getppid()) return;
    }
    const long long us = std::strtoll(usec, nullptr, 10);
    if (us > 0) intervalMs_ = static_cast<int64_t>(us / 2000);
}

void Watchdog::ready() { sd_notify(0, "READY=1\nSTATUS=serving"); }

void Watchdog::service(int64_t nowMs) {
    if (intervalMs_ == 0 || nowMs - lastMs_ < intervalMs_) return;
    sd_notify(0, "WATCHDOG=1");
    lastMs_ = nowMs;
}

int64_t Watchdog::msUntilDue(int64_t nowMs) const {
    if (intervalMs_ == 0) return INT64_MAX / 2;
    return std::max<int64_t>(0, intervalMs_ - (nowMs - lastMs_));
}

}  // namespace ow::platform
