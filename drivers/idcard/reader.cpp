// The ID card reader driver.
#include "drivers/idcard/reader.h"

#include <ctime>

#include "drivers/transport/open_stream.h"
#include "drivers/transport/usb.h"

namespace ow::drivers::idcard {

namespace {
std::string localToday() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char buf[9];
    std::strftime(buf, sizeof buf, "%Y%m%d", &tm);
    return buf;
}
constexpr int kTimeoutsBeforeOffline = 3, kFrameErrorsBeforeFault = 3;
}  // namespace

IdCardPresented toEvent(const CardText& t, std::string_view today) {
    IdCardPresented e{t.name,      t.sex(),   t.nation(), t.birth, t.address, t.idNumber,
                      t.authority, t.validFrom, t.validTo, false,  validate(t)};
    e.expired = e.problem.empty() && expired(t, today);
    return e;
}

Reader::Reader(ReaderConfig config, EventSink sink, std::function<std::string()> today)
    : DeviceWorker("idcard", std::move(sink)), config_(std::move(config)), today_(std::move(today)) {
    if (!today_) today_ = localToday;
}

Reader::Outcome Reader::transact(ByteStream& port, Command command, Response& response, std::string& error) {
    port.flushInput();
    const auto frame = encodeCommand(command);
    if (!port.write(frame.data(), frame.size())) return Outcome::gone;
    std::vector<uint8_t> buf;
    uint8_t chunk[2048];
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(config_.answerTimeoutMs);
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            error = buf.empty() ? "the reader did not answer" : "the reader's answer stopped after " +
                                                                     std::to_string(buf.size()) + " bytes";
            return Outcome::timeout;
        }
        const ReadResult r = port.read(chunk, sizeof chunk, static_cast<int>(left.count()));
        if (r.kind == ReadResult::Kind::gone) return Outcome::gone;
        if (r.kind == ReadResult::Kind::timeout) continue;
        buf.insert(buf.end(), chunk, chunk + r.bytes);
        const ParseResult p = parseResponse(buf.data(), buf.size());
        if (p.error == FrameError::incomplete) continue;
        if (p.error != FrameError::none) {
            error = p.message;
            return Outcome::frameError;
        }
        response = p.response;
        return Outcome::ok;
    }
}

void Reader::run() {
    // A USB reader plugged back in wakes the loop at once where libusb reports hotplug.
    uint16_t vendor = 0, product = 0;
    std::unique_ptr<UsbArrivals> arrivals;
    if (parseUsbId(config_.path, vendor, product)) arrivals = UsbArrivals::watch(vendor, product, [this] { wake(); });
    while (!stopping()) {
        // Vendor readers over USB bulk use a vendor-specific interface (class 0xFF).
        auto port = openStream(config_.path, config_.baud, 0xFF);
        if (!port) {
            // Unplugged or never plugged in: look again every second, no restart needed.
            report(DeviceState::noDevice, SuggestedAction::maintenance, port.error());
            if (!pause(1000)) return;
            continue;
        }
        serve(**port);
        if (!pause(200)) return;
    }
}

void Reader::serve(ByteStream& port) {
    Response r;
    std::string error;
    int timeouts = 0, frameErrors = 0;
    bool samChecked = false;
    while (!stopping()) {
        if (!samChecked) {
            const Outcome o = transact(port, Command::samStatus, r, error);
            if (o == Outcome::gone) return report(DeviceState::noDevice, SuggestedAction::maintenance, "unplugged");
            if (o != Outcome::ok) {
                report(DeviceState::offline, SuggestedAction::maintenance, error);
            } else if (r.sw3 != sw3::kSuccess) {
                report(DeviceState::hardwareError, SuggestedAction::maintenance, sw3Meaning(r.sw3));
            } else {
                samChecked = true;
                report(DeviceState::online, SuggestedAction::none, "");
                continue;
            }
            if (!pause(1000)) return;
            continue;
        }
        if (!pause(config_.pollMs)) return;
        const Outcome o = transact(port, Command::findCard, r, error);
        if (o == Outcome::gone) return report(DeviceState::noDevice, SuggestedAction::maintenance, "unplugged");
        if (o == Outcome::timeout) {
            if (++timeouts >= kTimeoutsBeforeOffline)
                report(DeviceState::offline, SuggestedAction::maintenance, error);
            continue;
        }
        if (o == Outcome::frameError) {
            if (++frameErrors >= kFrameErrorsBeforeFault)
                report(DeviceState::hardwareError, SuggestedAction::maintenance, "garbled answers: " + error);
            continue;
        }
        timeouts = frameErrors = 0;
        if (r.sw3 == sw3::kNoCard) {
            report(DeviceState::online, SuggestedAction::none, "");
            continue;
        }
        if (r.sw3 != sw3::kCardFound) {
            report(DeviceState::hardwareError, SuggestedAction::maintenance, sw3Meaning(r.sw3));
            samChecked = r.sw3 != sw3::kSamSelfTest && r.sw3 != sw3::kSamNotAuthorised;
            continue;
        }
        report(DeviceState::online, SuggestedAction::none, "");
        Outcome s = transact(port, Command::selectCard, r, error);
        if (s == Outcome::gone) return report(DeviceState::noDevice, SuggestedAction::maintenance, "unplugged");
        if (s != Outcome::ok || r.sw3 != sw3::kSuccess) {
            post(IdCardUnreadable{s == Outcome::ok ? sw3Meaning(r.sw3) : error});
            continue;
        }
        s = transact(port, Command::readBaseInfo, r, error);
        if (s == Outcome::gone) return report(DeviceState::noDevice, SuggestedAction::maintenance, "unplugged");
        if (s != Outcome::ok) {
            post(IdCardUnreadable{error});
            continue;
        }
        const CardRead card = decodeBaseInfo(r);
        if (!card.error.empty())
            post(IdCardUnreadable{card.error});
        else
            post(toEvent(card.text, today_()));
    }
}

}  // namespace ow::drivers::idcard
