// A pseudo-terminal standing in for a serial device, behind a stable symlink (as udev's /dev/serial/by-id).
#pragma once

#include <string>

#include "kiosk/result.h"

namespace ow::drivers {

/** The simulator's end of a pty. Unplugging removes the link and closes both ends, as a USB device would. */
class PtyDevice {
public:
    explicit PtyDevice(std::string linkPath) : link_(std::move(linkPath)) {}
    ~PtyDevice() { unplug(); }
    PtyDevice(const PtyDevice&) = delete;
    PtyDevice& operator=(const PtyDevice&) = delete;

    core::Status plug();
    void unplug();
    bool plugged() const { return master_ >= 0; }
    const std::string& link() const { return link_; }
    /** The simulator reads and writes device bytes here. */
    int fd() const { return master_; }

private:
    std::string link_;
    int master_ = -1, slave_ = -1;
};

}  // namespace ow::drivers
