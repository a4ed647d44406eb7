// Opens a device's byte stream from its configured path: "usb:VVVV:PPPP" for libusb bulk, else a serial
// port (baud 0: a device file such as /dev/usb/lp0 that is not a tty).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "drivers/transport/stream.h"
#include "kiosk/result.h"

namespace ow::drivers {

/** usbClass: the interface class to claim on a USB device (0x07 printer, 0xFF vendor-specific). */
core::Result<std::unique_ptr<ByteStream>> openStream(const std::string& path, int baud, uint8_t usbClass);

}  // namespace ow::drivers
