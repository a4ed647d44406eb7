// Serial ports through termios: USB CDC (/dev/ttyACM*), USB-serial (/dev/ttyUSB*), and ptys in tests.
#pragma once

#include <cstdint>
#include <string>

#include "drivers/transport/stream.h"
#include "kiosk/result.h"

namespace ow::drivers {

/** An open serial port in raw 8N1 mode. Closes on destruction. */
class SerialPort : public ByteStream {
public:
    /** Opens and configures the port (raw, 8N1, no flow control, given baud); baud 0 opens a device that is not
        a tty as it is (/dev/usb/lp0, the kernel's USB printer class device). */
    static core::Result<SerialPort> open(const std::string& path, int baud);
    SerialPort(SerialPort&& other) noexcept;
    SerialPort& operator=(SerialPort&& other) noexcept;
    SerialPort(const SerialPort&) = delete;
    SerialPort& operator=(const SerialPort&) = delete;
    ~SerialPort() override;

    bool write(const uint8_t* data, size_t size) override;
    ReadResult read(uint8_t* buffer, size_t capacity, int timeoutMs) override;
    void flushInput() override;

private:
    explicit SerialPort(int fd) : fd_(fd) {}
    int fd_ = -1;
};

}  // namespace ow::drivers
