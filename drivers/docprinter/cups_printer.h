// The A4 document printer through CUPS (libcups): PDF jobs to a queue, whose job-state and
// printer-state-reasons (media-empty, media-jam, door-open, toner-low, offline) feed the device model.
#pragma once

#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "drivers/api/worker.h"

namespace ow::drivers::docprinter {

/** What a CUPS queue's printer-state-reasons mean for the device model. */
DeviceStatusChanged statusFromReasons(int printerState, const std::string& reasons);

class CupsPrinter : public DeviceWorker {
public:
    /** queue: the CUPS destination; server: a cupsd socket path or host ("" = the system's default). */
    CupsPrinter(std::string queue, std::string server, EventSink sink, int pollMs = 2000);
    ~CupsPrinter() override { stop(); }
    /** Queues a PDF; progress comes back as PrintJobUpdate events with this id. Thread-safe. */
    void submit(int64_t jobId, std::vector<uint8_t> pdf, std::string title);
    /** Cancels a job (in CUPS too, once sent) and reports it failed with `why`. Thread-safe. */
    void cancel(int64_t jobId, std::string why);

protected:
    void run() override;

private:
    struct Job {
        int64_t id;
        std::vector<uint8_t> pdf;
        std::string title;
        int cupsId = 0;
        bool held = false;
    };
    std::string queue_, server_;
    int pollMs_;
    std::mutex mutex_;
    std::deque<Job> pending_;
    std::vector<std::pair<int64_t, std::string>> cancels_;  // sent jobs to cancel at the next turn
    std::vector<Job> active_;
};

}  // namespace ow::drivers::docprinter
