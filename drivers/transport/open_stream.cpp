// Opens a device's byte stream from its configured path.
#include "drivers/transport/open_stream.h"

#include "drivers/transport/serial.h"
#include "drivers/transport/usb.h"

namespace ow::drivers {

core::Result<std::unique_ptr<ByteStream>> openStream(const std::string& path, int baud, uint8_t usbClass) {
    uint16_t vendor = 0, product = 0;
    if (parseUsbId(path, vendor, product)) {
        auto usb = UsbBulkStream::open(vendor, product, usbClass);
        if (!usb) return core::Error{usb.error()};
        return std::unique_ptr<ByteStream>(std::move(*usb));
    }
    auto port = SerialPort::open(path, baud);
    if (!port) return core::Error{port.error()};
    return std::unique_ptr<ByteStream>(std::make_unique<SerialPort>(std::move(*port)));
}

}  // namespace ow::drivers
