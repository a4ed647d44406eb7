// Serving the terminal's requests, one kind per line; a new kind of request that is not served does not compile.
#include "kiosk/app/requests.h"

#include <csignal>

#include "kiosk/app/frame_loop.h"
#include "kiosk/app/wake.h"
#include "kiosk/overloaded.h"

namespace ow::app {

void serveRequests(core::Terminal& terminal, Printing& printing, CentralLink& central, PageWorker& camera) {
    // Until none is left: an answer given at once (a submission saved) may ask to print its receipt.
    for (auto requests = terminal.takeRequests(); !requests.empty(); requests = terminal.takeRequests())
        for (auto& request : requests) {
            const uint64_t ticket = request.ticket;
            std::visit(core::Overloaded{
                       [&](core::PrintRequest& p) { printing.print(p.document, p.a4); },
                       [&](core::CaseQuestion& q) { central.ask(ticket, std::move(q)); },
                       [&](core::CaptureRequest& c) { camera.capture(ticket, c); },
                       [&](core::SubmissionRequest& s) { terminal.answer(central.save(ticket, std::move(s))); },
                       [&](core::AppointmentQuestion& q) { central.appoint(ticket, std::move(q)); },
                       [&](core::QueueQuestion& q) { central.queue(ticket, std::move(q)); },
                       [&](core::HelpQuestion& q) { central.help(ticket, std::move(q)); },
                       [&](core::CentralAsk& q) { central.central(ticket, std::move(q)); },
                       [&](core::AuditRequest& a) { central.audit(a.actor, a.action, a.detail); },
                       [&](core::PinCheck& p) { central.checkPin(ticket, std::move(p)); },
                       [&](core::MaintenanceRequest& m) {
                           if (m.op == core::MaintenanceRequest::Op::restart) {
                               gSignal = SIGTERM;  // a clean stop; the unit's Restart=always starts the kiosk again
                               wakeUi();
                               return;
                           }
                           terminal.answer({ticket, central.maintenance(m, terminal)});
                       },
                       [&](core::PdfPrintRequest& p) { terminal.answer({ticket, core::PrintQueued{printing.printPdf(p.pdf, p.title)}}); },
                   },
                       request.body);
            core::wipe(request);
        }
}

}  // namespace ow::app
