// Printing with its journal.
#include "kiosk/app/printing.h"

#include "drivers/docprinter/pdf.h"
#include "drivers/receipt/protocol.h"
#include "kiosk/log.h"

namespace ow::app {

void Printing::resumeUnfinished() {
    for (auto& job : store_.unfinishedPrintJobs("receipt", key_)) {
        core::log(core::Level::info, "print.resume", {{"job", std::to_string(job.id)}, {"was", job.state}});
        devices_.printReceipt(job.id, std::move(job.data));
    }
    for (auto& job : store_.unfinishedPrintJobs("a4", key_)) {
        core::log(core::Level::info, "print.resume", {{"job", std::to_string(job.id)}, {"was", job.state}});
        devices_.printA4(job.id, std::move(job.data), job.document);
    }
}

void Printing::print(const core::Document& doc, bool a4) {
    auto bytes = a4 ? drivers::docprinter::renderPdf(doc) : drivers::receipt::renderDocument(doc);
    auto id = store_.addPrintJob(a4 ? "a4" : "receipt", doc.kind, bytes, key_);
    if (!id) {
        core::log(core::Level::error, "print.journal_failed", {{"reason", id.error()}});
        return;
    }
    if (a4) devices_.printA4(*id, std::move(bytes), doc.kind);
    else devices_.printReceipt(*id, std::move(bytes));
}

int64_t Printing::printPdf(const std::string& pdf, const std::string& title) {
    std::vector<uint8_t> bytes(pdf.begin(), pdf.end());
    auto id = store_.addPrintJob("a4", "result", bytes, key_);
    if (!id) {
        core::log(core::Level::error, "print.journal_failed", {{"reason", id.error()}});
        return 0;
    }
    if (!devices_.printA4(*id, std::move(bytes), title)) {
        store_.setPrintJobState(*id, "failed");
        return 0;
    }
    return *id;
}

void Printing::cancelHeld() {
    for (const char* printer : {"receipt", "a4"})
        for (const auto& job : store_.unfinishedPrintJobs(printer, key_))
            if (job.state == "held") {
                core::log(core::Level::info, "print.cancel", {{"job", std::to_string(job.id)}, {"printer", printer}});
                devices_.cancel(printer, job.id, "cancelled: the session ended while it waited");
            }
}

void Printing::track(const drivers::PrintJobUpdate& job) {
    if (auto st = store_.setPrintJobState(job.jobId, drivers::printStateCode(job.state)); !st)
        core::log(core::Level::error, "print.journal_failed", {{"reason", st.error()}});
}

}  // namespace ow::app
