// Serial ports through termios.
#include "drivers/transport/serial.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

namespace ow::drivers {

namespace {
speed_t speedFor(int baud) {
    switch (baud) {
        case 9600: return B9600;
        case 19200: return B19200;
        case 38400: return B38400;
        case 57600: return B57600;
        case 115200: return B115200;
        case 230400: return B230400;
        default: return 0;
    }
}
}  // namespace

core::Result<SerialPort> SerialPort::open(const std::string& path, int baud) {
    const speed_t speed = speedFor(baud);
    if (speed == 0 && baud != 0) return core::Error{"unsupported baud rate " + std::to_string(baud)};
    const int fd = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return core::Error{"cannot open " + path + ": " + strerror(errno)};
    SerialPort port(fd);
    if (baud == 0) return port;
    termios tio{};
    if (tcgetattr(fd, &tio) != 0) return core::Error{path + " is not a serial port: " + strerror(errno)};
    cfmakeraw(&tio);
    tio.c_cflag |= CLOCAL | CREAD;
    tio.c_cflag &= ~(CSTOPB | PARENB | CRTSCTS);
    tio.c_cc[VMIN] = 0;
    tio.c_cc[VTIME] = 0;
    cfsetispeed(&tio, speed);
    cfsetospeed(&tio, speed);
    if (tcsetattr(fd, TCSANOW, &tio) != 0) return core::Error{"cannot configure " + path + ": " + strerror(errno)};
    tcflush(fd, TCIOFLUSH);
    return port;
}

SerialPort::SerialPort(SerialPort&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

SerialPort& SerialPort::operator=(SerialPort&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = other.fd_;
        other.fd_ = -1;
    }
    return *this;
}

SerialPort::~SerialPort() {
    if (fd_ >= 0) ::close(fd_);
}

bool SerialPort::write(const uint8_t* data, size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd_, data, size);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) {
                pollfd p{fd_, POLLOUT, 0};
                if (poll(&p, 1, 1000) <= 0 || (p.revents & (POLLERR | POLLHUP))) return false;
                continue;
            }
            return false;
        }
        data += n;
        size -= static_cast<size_t>(n);
    }
    return true;
}

ReadResult SerialPort::read(uint8_t* buffer, size_t capacity, int timeoutMs) {
    pollfd p{fd_, POLLIN, 0};
    const int r = poll(&p, 1, timeoutMs);
    if (r == 0) return {};
    if (r < 0) return errno == EINTR ? ReadResult{} : ReadResult{ReadResult::Kind::gone, 0};
    const ssize_t n = ::read(fd_, buffer, capacity);
    if (n > 0) return {ReadResult::Kind::data, static_cast<size_t>(n)};
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return {};
    // 0 bytes after POLLIN/POLLHUP, or EIO: the other end is gone (USB unplugged, pty master closed).
    return {ReadResult::Kind::gone, 0};
}

void SerialPort::flushInput() {
    if (tcflush(fd_, TCIFLUSH) != 0) {  // not a tty: read and drop what is waiting
        uint8_t junk[256];
        while (::read(fd_, junk, sizeof junk) > 0) {
        }
    }
}

}  // namespace ow::drivers
