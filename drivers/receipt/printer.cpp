// The receipt printer driver.
#include "drivers/receipt/printer.h"

#include "drivers/transport/open_stream.h"
#include "drivers/transport/usb.h"

namespace ow::drivers::receipt {

Printer::Printer(const std::string& path, int baud, EventSink sink, int idleMs)
    : Printer([path, baud] { return openStream(path, baud, 0x07); }, std::move(sink), idleMs) {
    path_ = path;
}

void Printer::submit(PrintJob job) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
    }
    wake();  // print now, not at the next idle status check
}

void Printer::cancel(int64_t jobId, const std::string& why) {
    bool dropped = false;
    {
        std::lock_guard lock(mutex_);
        for (auto it = jobs_.begin(); it != jobs_.end(); ++it) {
            if (it->id != jobId) continue;
            if (it == jobs_.begin() && !heldFront_) break;  // on its way to the paper: it goes on
            if (it == jobs_.begin()) heldFront_ = false;
            jobs_.erase(it);
            dropped = true;
            break;
        }
    }
    if (dropped) post(PrintJobUpdate{jobId, PrintJobUpdate::State::failed, why});
}

Printer::Query Printer::status(ByteStream& port, PrinterStatus& out, std::string& error) {
    PrinterStatus s;
    port.flushInput();
    for (int n = 1; n <= 4; ++n) {
        const auto q = statusQuery(n);
        if (!port.write(q.data(), q.size())) return Query::gone;
        uint8_t b = 0;
        const ReadResult r = port.read(&b, 1, 500);
        if (r.kind == ReadResult::Kind::gone) return Query::gone;
        if (r.kind == ReadResult::Kind::timeout) {
            error = "the printer does not answer status queries";
            return Query::noAnswer;
        }
        if (!applyStatusByte(n, b, s, error)) return Query::garbled;
    }
    out = s;
    return Query::ok;
}

void Printer::reportStatus(const PrinterStatus& s) {
    if (s.unrecoverable) return report(DeviceState::hardwareError, SuggestedAction::maintenance, "unrecoverable printer error");
    if (s.cutterError) return report(DeviceState::hardwareError, SuggestedAction::maintenance, "the cutter is jammed");
    if (s.coverOpen) return report(DeviceState::userError, SuggestedAction::clear, "the cover is open");
    if (s.paperOut) return report(DeviceState::userError, SuggestedAction::clear, "out of paper");
    if (s.offline) return report(DeviceState::offline, SuggestedAction::clear, "the printer is offline");
    report(DeviceState::online, SuggestedAction::none, s.paperNearEnd ? "paper near end" : "");
}

bool Printer::print(ByteStream& port, const PrintJob& job, bool& gone) {
    post(PrintJobUpdate{job.id, PrintJobUpdate::State::printing, ""});
    if (heldFront_) {
        // DLE ENQ 1: recover and clear what the printer still buffers of the interrupted copy.
        const uint8_t clear[] = {0x10, 0x05, 0x01};
        if (!port.write(clear, sizeof clear)) return gone = true, false;
    }
    constexpr size_t kChunk = 256;
    for (size_t at = 0, next; at < job.bytes.size(); at = next) {
        // The status is asked between chunks, never inside an image's or a QR's data.
        next = safeChunkEnd(job.bytes, at + kChunk);
        if (!port.write(job.bytes.data() + at, next - at)) return gone = true, false;
        PrinterStatus s;
        std::string error;
        const Query q = status(port, s, error);
        if (q == Query::gone) return gone = true, false;
        if (q == Query::ok && (s.paperOut || s.coverOpen)) {
            reportStatus(s);
            post(PrintJobUpdate{job.id, PrintJobUpdate::State::held,
                                s.paperOut ? "the paper ran out while printing" : "the cover was opened while printing"});
            return false;
        }
    }
    return true;
}

void Printer::run() {
    // A USB printer plugged back in wakes the loop at once where libusb reports hotplug.
    uint16_t vendor = 0, product = 0;
    std::unique_ptr<UsbArrivals> arrivals;
    if (parseUsbId(path_, vendor, product)) arrivals = UsbArrivals::watch(vendor, product, [this] { wake(); });
    while (!stopping()) {
        auto port = open_();
        if (!port) {
            report(DeviceState::noDevice, SuggestedAction::maintenance, port.error());
            if (!pause(1000)) return;
            continue;
        }
        while (!stopping()) {
            PrinterStatus s;
            std::string error;
            const Query q = status(**port, s, error);
            if (q == Query::gone) {
                report(DeviceState::noDevice, SuggestedAction::maintenance, "unplugged");
                break;
            }
            if (q != Query::ok) {
                report(DeviceState::offline, SuggestedAction::maintenance, error);
                if (!pause(1000)) return;
                continue;
            }
            reportStatus(s);
            std::optional<PrintJob> job;
            {
                std::lock_guard lock(mutex_);
                if (!jobs_.empty()) job = jobs_.front();
            }
            if (!job || !s.ready()) {
                // A job waiting on a printer that cannot print is held, so the person is told, not left waiting.
                if (job && !heldFront_) {
                    heldFront_ = true;
                    post(PrintJobUpdate{job->id, PrintJobUpdate::State::held,
                                        s.paperOut ? "the printer is out of paper" : "the printer cannot print now"});
                }
                if (!pause(job ? 500 : idleMs_)) return;
                continue;
            }
            bool gone = false;
            if (print(**port, *job, gone)) {
                std::lock_guard lock(mutex_);
                if (!jobs_.empty() && jobs_.front().id == job->id) jobs_.pop_front();  // unless cancelled meanwhile
                heldFront_ = false;
                post(PrintJobUpdate{job->id, PrintJobUpdate::State::done, ""});
            } else {
                heldFront_ = true;  // printed again whole when the printer is ready
            }
            if (gone) {
                report(DeviceState::noDevice, SuggestedAction::maintenance, "unplugged");
                break;
            }
        }
        if (!pause(200)) return;
    }
}

}  // namespace ow::drivers::receipt
