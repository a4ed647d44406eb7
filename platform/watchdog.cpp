// systemd notification and watchdog pings.
#include "platform/watchdog.h"

#include <systemd/sd-daemon.h>

#include <algorithm>

namespace ow::platform {

Watchdog::Watchdog() {
    uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) intervalMs_ = static_cast<int64_t>(usec / 2000);
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
