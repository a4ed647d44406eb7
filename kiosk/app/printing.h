// Printing with its journal: each document is journalled before it goes to its printer, so a receipt the screen
// promised is never lost; what was journalled but not printed before a stop is printed at the next start.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "drivers/api/device.h"
#include "kiosk/document.h"
#include "kiosk/store.h"

namespace ow::app {

/** Where journalled jobs are sent: the terminal's printers (DeviceSet), or a power-cut test's. */
class PrintTarget {
public:
    virtual ~PrintTarget() = default;
    /** Sends a journalled job to the receipt printer; false when the terminal has none. */
    virtual bool printReceipt(int64_t jobId, std::vector<uint8_t> bytes) = 0;
    /** Sends a journalled PDF to the A4 printer; false when the terminal has none. */
    virtual bool printA4(int64_t jobId, std::vector<uint8_t> pdf, std::string title) = 0;
    /** Cancels a journalled job on "receipt" or "a4" that has not printed (its failure comes back as an update). */
    virtual void cancel(const std::string& printer, int64_t jobId, const std::string& why) = 0;
};

class Printing {
public:
    /** key: the terminal's data key, sealing each job in the journal (a receipt holds a name and a signature). */
    Printing(core::Store& store, PrintTarget& devices, const core::OutboxKey& key) : store_(store), devices_(devices), key_(key) {}
    /** Receipts and A4 pages journalled but not printed before a stop (power cut, crash): printed now. */
    void resumeUnfinished();
    /** The receipt printer's ESC/POS, or A4 as PDF through CUPS: the journal first, then the printer. */
    void print(const core::Document& doc, bool a4);
    /** A PDF as it is (a result document) on A4: the journal first, then the printer. The job's id; 0 when it could
        not be journalled or there is no A4 printer (then it is marked failed). */
    int64_t printPdf(const std::string& pdf, const std::string& title);
    /** A job's progress reported by a printer: into the journal. */
    void track(const drivers::PrintJobUpdate& job);
    /** When a session ends: every job held (out of paper, cover open) is cancelled, so a person's document never
        prints later into the tray with nobody there; the journal marks it failed. */
    void cancelHeld();

private:
    core::Store& store_;
    PrintTarget& devices_;
    core::OutboxKey key_;
};

}  // namespace ow::app
