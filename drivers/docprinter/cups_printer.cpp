// The A4 document printer through CUPS.
#include "drivers/docprinter/cups_printer.h"

#include <cups/cups.h>

#include <algorithm>
#include <cstring>

namespace ow::drivers::docprinter {

DeviceStatusChanged statusFromReasons(int printerState, const std::string& reasons) {
    auto has = [&](const char* r) { return reasons.find(r) != std::string::npos; };
    DeviceStatusChanged s{"a4", DeviceState::online, SuggestedAction::none, ""};
    if (has("media-empty") || has("media-needed")) s = {"a4", DeviceState::userError, SuggestedAction::clear, "out of paper"};
    else if (has("media-jam")) s = {"a4", DeviceState::userError, SuggestedAction::clear, "paper jam"};
    else if (has("door-open") || has("cover-open")) s = {"a4", DeviceState::userError, SuggestedAction::clear, "a door or cover is open"};
    else if (has("offline") || has("connecting-to-device"))
        s = {"a4", DeviceState::offline, SuggestedAction::maintenance, "the printer does not answer"};
    else if (printerState == IPP_PSTATE_STOPPED)
        s = {"a4", DeviceState::hardwareError, SuggestedAction::maintenance, "the print queue is stopped"};
    else if (has("toner-low") || has("marker-supply-low"))
        s.detail = "toner low";
    else if (printerState == IPP_PSTATE_PROCESSING)
        s.state = DeviceState::busy;
    return s;
}

CupsPrinter::CupsPrinter(std::string queue, std::string server, EventSink sink, int pollMs)
    : DeviceWorker("a4", std::move(sink)), queue_(std::move(queue)), server_(std::move(server)), pollMs_(pollMs) {}

void CupsPrinter::submit(int64_t jobId, std::vector<uint8_t> pdf, std::string title) {
    {
        std::lock_guard lock(mutex_);
        pending_.push_back({jobId, std::move(pdf), std::move(title)});
    }
    wake();
}

void CupsPrinter::cancel(int64_t jobId, std::string why) {
    {
        std::lock_guard lock(mutex_);
        for (auto it = pending_.begin(); it != pending_.end(); ++it)
            if (it->id == jobId) {
                pending_.erase(it);
                post(PrintJobUpdate{jobId, PrintJobUpdate::State::failed, std::move(why)});
                return;
            }
        cancels_.emplace_back(jobId, std::move(why));
    }
    wake();
}

void CupsPrinter::run() {
    if (!server_.empty()) cupsSetServer(server_.c_str());
    while (!stopping()) {
        http_t* http = httpConnect2(cupsServer(), ippPort(), nullptr, AF_UNSPEC, cupsEncryption(), 1, 5000, nullptr);
        if (!http) {
            report(DeviceState::offline, SuggestedAction::maintenance, std::string("CUPS is not running: ") + cupsLastErrorString());
            if (!pause(pollMs_)) return;
            continue;
        }
        cups_dest_t* dest = cupsGetNamedDest(http, queue_.c_str(), nullptr);
        if (!dest) {
            report(DeviceState::noDevice, SuggestedAction::maintenance, "no CUPS queue named " + queue_);
            httpClose(http);
            if (!pause(pollMs_)) return;
            continue;
        }
        const char* stateText = cupsGetOption("printer-state", dest->num_options, dest->options);
        const char* reasons = cupsGetOption("printer-state-reasons", dest->num_options, dest->options);
        const DeviceStatusChanged st = statusFromReasons(stateText ? std::atoi(stateText) : IPP_PSTATE_IDLE,
                                                         reasons ? reasons : "");
        report(st.state, st.action, st.detail);
        const bool paperProblem = st.state == DeviceState::userError;

        // Send what is waiting (CUPS keeps it while the printer cannot print; nothing is lost).
        std::deque<Job> toSend;
        {
            std::lock_guard lock(mutex_);
            toSend.swap(pending_);
        }
        cups_dinfo_t* info = toSend.empty() ? nullptr : cupsCopyDestInfo(http, dest);
        for (auto& job : toSend) {
            int cupsId = 0;
            // The document's name without spaces: cupsd 2.4.2 (Debian 12) crashes (SIGSEGV) on a Send-Document
            // whose document-name holds a space, taking every queue down with it. The job keeps its title.
            std::string docName = job.title;
            std::replace(docName.begin(), docName.end(), ' ', '_');
            bool ok = cupsCreateDestJob(http, dest, info, &cupsId, job.title.c_str(), 0, nullptr) == IPP_STATUS_OK &&
                      cupsStartDestDocument(http, dest, info, cupsId, docName.c_str(), CUPS_FORMAT_PDF, 0, nullptr,
                                            1) == HTTP_STATUS_CONTINUE &&
                      cupsWriteRequestData(http, reinterpret_cast<const char*>(job.pdf.data()), job.pdf.size()) ==
                          HTTP_STATUS_CONTINUE &&
                      cupsFinishDestDocument(http, dest, info) == IPP_STATUS_OK;
            if (!ok) {
                post(PrintJobUpdate{job.id, PrintJobUpdate::State::failed, cupsLastErrorString()});
                continue;
            }
            job.cupsId = cupsId;
            post(PrintJobUpdate{job.id, PrintJobUpdate::State::printing, ""});
            active_.push_back(std::move(job));
        }
        if (info) cupsFreeDestInfo(info);

        // Cancelled ones leave CUPS's queue too, so nothing prints later with nobody there.
        std::vector<std::pair<int64_t, std::string>> cancels;
        {
            std::lock_guard lock(mutex_);
            cancels.swap(cancels_);
        }
        for (auto& [id, why] : cancels)
            for (auto it = active_.begin(); it != active_.end(); ++it)
                if (it->id == id) {
                    cupsCancelDestJob(http, dest, it->cupsId);
                    post(PrintJobUpdate{id, PrintJobUpdate::State::failed, why});
                    active_.erase(it);
                    break;
                }
        // Follow the jobs sent: completed, stopped by the printer (paper), or given up.
        if (!active_.empty()) {
            cups_job_t* jobs = nullptr;
            const int n = cupsGetJobs2(http, &jobs, queue_.c_str(), 0, CUPS_WHICHJOBS_ALL);
            for (auto it = active_.begin(); it != active_.end();) {
                const cups_job_t* found = nullptr;
                for (int i = 0; i < n; ++i)
                    if (jobs[i].id == it->cupsId) found = &jobs[i];
                bool finished = false;
                if (found && found->state == IPP_JSTATE_COMPLETED) {
                    post(PrintJobUpdate{it->id, PrintJobUpdate::State::done, ""});
                    finished = true;
                } else if (found && found->state >= IPP_JSTATE_CANCELED) {
                    post(PrintJobUpdate{it->id, PrintJobUpdate::State::failed, "CUPS gave the job up"});
                    finished = true;
                } else if (found && found->state == IPP_JSTATE_STOPPED) {
                    // Stopped by CUPS itself (a filter failed): the person is told once, service mode sees why.
                    if (!it->held)
                        post(PrintJobUpdate{it->id, PrintJobUpdate::State::held, "the print system stopped the job"});
                    it->held = true;
                } else if (paperProblem && !it->held) {
                    it->held = true;
                    post(PrintJobUpdate{it->id, PrintJobUpdate::State::held, "the printer stopped: " + st.detail});
                } else if (!paperProblem && it->held) {
                    it->held = false;
                    post(PrintJobUpdate{it->id, PrintJobUpdate::State::printing, ""});
                }
                it = finished ? active_.erase(it) : it + 1;
            }
            cupsFreeJobs(n, jobs);
        }
        cupsFreeDests(1, dest);
        httpClose(http);
        if (!pause(active_.empty() ? pollMs_ : std::min(pollMs_, 300))) return;
    }
}

}  // namespace ow::drivers::docprinter
