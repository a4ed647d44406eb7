// The receipt printer driver: ESC/POS over a serial port (or /dev/usb/lp*), status by DLE EOT, one job at a
// time, and a job interrupted by the paper running out held and printed again whole once the paper is back.
#pragma once

#include <deque>
#include <optional>
#include <mutex>
#include <string>
#include <vector>

#include "drivers/api/worker.h"
#include "drivers/receipt/protocol.h"

#include <functional>
#include <memory>

#include "drivers/transport/stream.h"
#include "kiosk/result.h"

namespace ow::drivers::receipt {

struct PrintJob {
    int64_t id = 0;
    std::vector<uint8_t> bytes;
};

class Printer : public DeviceWorker {
public:
    /** Opens the printer's byte stream (serial port, /dev/usb/lp, USB bulk), again after each unplug. */
    using Opener = std::function<core::Result<std::unique_ptr<ByteStream>>()>;
    /** idleMs: how often the status is read while no job waits (paper and cover changes show up this fast). */
    Printer(Opener open, EventSink sink, int idleMs = 2000)
        : DeviceWorker("receipt", std::move(sink)), open_(std::move(open)), idleMs_(idleMs) {}
    /** A printer on a serial port (baud 0: a /dev/usb/lp node) or, for a path "usb:VVVV:PPPP", USB bulk. */
    Printer(const std::string& path, int baud, EventSink sink, int idleMs = 2000);
    ~Printer() override { stop(); }
    /** Queues a job; thread-safe. Its progress comes back as PrintJobUpdate events. */
    void submit(PrintJob job);
    /** Drops a job that waits (held, or queued behind one) and reports it failed with `why`; a job being printed
        right now goes on. Thread-safe. */
    void cancel(int64_t jobId, const std::string& why);

protected:
    void run() override;

private:
    enum class Query { ok, noAnswer, gone, garbled };
    Query status(ByteStream& port, PrinterStatus& out, std::string& error);
    void reportStatus(const PrinterStatus& s);
    /** Sends one job; returns false when the paper ran out or the cover opened (job held) or the port went. */
    bool print(ByteStream& port, const PrintJob& job, bool& gone);

    Opener open_;
    std::string path_;  // when built from a path: for USB hotplug
    int idleMs_;
    std::mutex mutex_;
    std::deque<PrintJob> jobs_;
    bool heldFront_ = false;
};

}  // namespace ow::drivers::receipt
