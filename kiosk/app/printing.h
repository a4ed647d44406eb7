// Printing with its journal: each document is journalled before it goes to its printer, so a receipt the screen
// promised is never lost; what was journalled but not printed before a stop is printed at the next start.
#pragma once

#include "drivers/api/device.h"
#include "kiosk/app/device_set.h"
#include "kiosk/document.h"
#include "kiosk/store.h"

namespace ow::app {

class Printing {
public:
    /** key: the terminal's data key, sealing each job in the journal (a receipt holds a name and a signature). */
    Printing(core::Store& store, DeviceSet& devices, const core::OutboxKey& key) : store_(store), devices_(devices), key_(key) {}
    /** Receipts and A4 pages journalled but not printed before a stop (power cut, crash): printed now. */
    void resumeUnfinished();
    /** The receipt printer's ESC/POS, or A4 as PDF through CUPS: the journal first, then the printer. */
    void print(const core::Document& doc, bool a4);
    /** A job's progress reported by a printer: into the journal. */
    void track(const drivers::PrintJobUpdate& job);

private:
    core::Store& store_;
    DeviceSet& devices_;
    core::OutboxKey key_;
};

}  // namespace ow::app
