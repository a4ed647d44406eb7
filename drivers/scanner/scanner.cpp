// Code scanner drivers.
#include "drivers/scanner/scanner.h"

#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

#include "drivers/scanner/frame_decoder.h"
#include "drivers/transport/serial.h"

namespace ow::drivers::scanner {

namespace {
int64_t nowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}
}  // namespace

void SerialScanner::run() {
    while (!stopping()) {
        auto port = SerialPort::open(path_, baud_);
        if (!port) {
            report(DeviceState::noDevice, SuggestedAction::maintenance, port.error());
            if (!pause(1000)) return;
            continue;
        }
        report(DeviceState::online, SuggestedAction::none, "");
        LineAssembler lines;
        uint8_t buf[512];
        while (!stopping()) {
            const ReadResult r = port->read(buf, sizeof buf, 500);
            if (r.kind == ReadResult::Kind::gone) {
                report(DeviceState::noDevice, SuggestedAction::maintenance, "unplugged");
                break;
            }
            if (r.kind == ReadResult::Kind::timeout) {
                if (checkRequested()) report(DeviceState::online, SuggestedAction::none, "");  // the port is open and answers
                continue;
            }
            for (auto& payload : lines.feed(buf, r.bytes, nowMs())) post(CodeScanned{std::move(payload), "scanner"});
        }
        if (!pause(200)) return;
    }
}

void HidScanner::run() {
    while (!stopping()) {
        const int fd = ::open(path_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) {
            report(DeviceState::noDevice, SuggestedAction::maintenance, "cannot open " + path_ + ": " + strerror(errno));
            if (!pause(1000)) return;
            continue;
        }
        // Exclusive grab: the scanner's keystrokes go to us, never to the UI as typing.
        if (ioctl(fd, EVIOCGRAB, 1) != 0) {
            report(DeviceState::hardwareError, SuggestedAction::maintenance,
                   "cannot grab " + path_ + " (another program holds it): " + strerror(errno));
            ::close(fd);
            if (!pause(2000)) return;
            continue;
        }
        report(DeviceState::online, SuggestedAction::none, "");
        KeyboardWedge wedge;
        while (!stopping()) {
            pollfd p{fd, POLLIN, 0};
            const int r = poll(&p, 1, 500);
            if (r == 0) {
                if (checkRequested()) report(DeviceState::online, SuggestedAction::none, "");  // open, grabbed, no error
                continue;
            }
            if (r < 0 || (p.revents & (POLLERR | POLLHUP | POLLNVAL))) break;
            input_event ev[64];
            const ssize_t n = ::read(fd, ev, sizeof ev);
            if (n < 0 && errno == EAGAIN) continue;
            if (n <= 0) break;  // ENODEV: unplugged
            for (size_t i = 0; i < static_cast<size_t>(n) / sizeof(input_event); ++i)
                if (ev[i].type == EV_KEY)
                    if (auto payload = wedge.key(ev[i].code, ev[i].value)) post(CodeScanned{std::move(*payload), "scanner"});
        }
        ::close(fd);
        report(DeviceState::noDevice, SuggestedAction::maintenance, "unplugged");
        if (!pause(500)) return;
    }
}

void CameraScanner::run() {
    StreamDecoder decoder;  // each frame the direct pass and one other in turn: a frame's cost stays small
    std::string last;
    int64_t lastSeenMs = 0;
    while (!stopping()) {
        std::string error;
        auto frame = source_->next(error);
        if (!frame) {
            if (!error.empty())
                report(DeviceState::noDevice, SuggestedAction::maintenance, error);
            else
                report(DeviceState::online, SuggestedAction::none, "");
            // Nothing to look at: check back less often.
            if (!pause(std::max(intervalMs_, 500))) return;
            continue;
        } else {
            report(DeviceState::online, SuggestedAction::none, "");
            if (auto code = decoder.next(frame->grey.data(), frame->width, frame->height)) {
                const int64_t now = nowMs();
                if (code->text != last || now - lastSeenMs > 2000) post(CodeScanned{code->text, "camera"});
                last = code->text;
                lastSeenMs = now;
            }
        }
        if (!pause(intervalMs_)) return;
    }
}

void ImageFileSource::show(const std::string& path) {
    std::lock_guard lock(mutex_);
    path_ = path;
}

std::optional<Frame> ImageFileSource::next(std::string& error) {
    std::lock_guard lock(mutex_);
    if (path_.empty()) return std::nullopt;
    if (path_ != loaded_) {
        Frame f;
        if (!loadGrey(path_, error, f.grey, f.width, f.height)) return std::nullopt;
        frame_ = std::move(f);
        loaded_ = path_;
    }
    return frame_;
}

bool SimSerialScanner::scan(const std::string& payload, const std::string& terminator) {
    if (!pty_.plugged()) return false;
    const std::string bytes = payload + terminator;
    return ::write(pty_.fd(), bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
}

}  // namespace ow::drivers::scanner
