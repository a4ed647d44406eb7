// A pseudo-terminal standing in for a serial device.
#include "drivers/transport/pty.h"

#include <pty.h>
#include <termios.h>
#include <unistd.h>

namespace ow::drivers {

core::Status PtyDevice::plug() {
    if (plugged()) return core::okStatus();
    char name[128];
    if (openpty(&master_, &slave_, name, nullptr, nullptr) != 0) return core::Error{"cannot open a pty"};
    // Raw from the start, and the slave stays open here so the master never sees a hang-up between
    // the driver closing and re-opening the port.
    termios tio{};
    tcgetattr(slave_, &tio);
    cfmakeraw(&tio);
    tcsetattr(slave_, TCSANOW, &tio);
    ::unlink(link_.c_str());
    if (::symlink(name, link_.c_str()) != 0) {
        unplug();
        return core::Error{"cannot create " + link_};
    }
    return core::okStatus();
}

void PtyDevice::unplug() {
    if (!plugged()) return;
    ::unlink(link_.c_str());
    ::close(master_);
    ::close(slave_);
    master_ = slave_ = -1;
}

}  // namespace ow::drivers
