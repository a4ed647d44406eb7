// systemd notification: READY once the first frame is on screen, then watchdog pings from the UI loop.
#pragma once

#include <cstdint>

namespace ow::platform {

/** A hung UI loop stops the pings and systemd restarts the kiosk (WatchdogSec= in the unit). */
class Watchdog {
public:
    /** Reads WATCHDOG_USEC/NOTIFY_SOCKET; without systemd every call is a no-op. */
    Watchdog();
    void ready();
    /** Pings when half the interval has passed since the last ping. */
    void service(int64_t nowMs);
    /** The longest the loop may sleep before it must ping again; a large number without a watchdog. */
    int64_t msUntilDue(int64_t nowMs) const;

private:
    int64_t intervalMs_ = 0;  // half of WatchdogSec, 0 when disabled
    int64_t lastMs_ = 0;
};

}  // namespace ow::platform
