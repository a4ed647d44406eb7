// Serving the terminal's requests, one kind per line; a new kind of request that is not served does not compile.
#include "kiosk/app/requests.h"

#include <csignal>
#include <thread>

#include "kiosk/app/wake.h"
#include "kiosk/overloaded.h"
#include "kiosk/services/service_mode/service_mode.h"
#include "platform/power.h"

namespace ow::app {

void serveRequests(Parts& parts) {
    core::Terminal& terminal = parts.terminal;
    Printing& printing = parts.printing;
    CentralLink& central = parts.central;
    // Until none is left: an answer given at once (a submission saved) may ask to print its receipt.
    for (auto requests = terminal.takeRequests(); !requests.empty(); requests = terminal.takeRequests())
        for (auto& request : requests) {
            const uint64_t ticket = request.ticket;
            std::visit(core::Overloaded{
                       [&](core::PrintRequest& p) { printing.print(p.document, p.a4); },
                       [&](core::CaseQuestion& q) { central.ask(ticket, std::move(q)); },
                       [&](core::CaptureRequest& c) { parts.camera.capture(ticket, c); },
                       [&](core::SubmissionRequest& s) { terminal.answer(central.save(ticket, std::move(s))); },
                       [&](core::AppointmentQuestion& q) { central.appoint(ticket, std::move(q)); },
                       [&](core::QueueQuestion& q) { central.queue(ticket, std::move(q)); },
                       [&](core::HelpQuestion& q) { central.help(ticket, std::move(q)); },
                       [&](core::CentralAsk& q) { central.central(ticket, std::move(q)); },
                       [&](core::AuditRequest& a) { central.audit(a.actor, a.action, a.detail); },
                       [&](core::PinCheck& p) { central.checkPin(ticket, std::move(p)); },
                       [&](core::MaintenanceRequest& m) {
                           using Op = core::MaintenanceRequest::Op;
                           if (m.op == Op::restart) {
                               gSignal = SIGTERM;  // a clean stop; the unit's Restart=always starts the kiosk again
                               wakeUi();
                           } else if (m.op == Op::networkTest) {
                               central.testNetwork(ticket);
                           } else if (m.op == Op::reboot || m.op == Op::powerOff) {
                               // logind answers at once (polkit decides without asking anyone), off the UI thread all
                               // the same; accepted, the machine shuts down and the kiosk gets SIGTERM.
                               const auto action = m.op == Op::reboot ? platform::PowerAction::reboot : platform::PowerAction::powerOff;
                               std::thread([mailbox = parts.answers.shared_from_this(), ticket, action] {
                                   if (auto why = platform::requestPower(action); !why.empty())
                                       mailbox->post({ticket, core::ActionRefused{std::move(why)}});
                               }).detach();
                           } else {
                               terminal.answer({ticket, central.maintenance(m, terminal)});
                           }
                       },
                       [&](core::ServiceLock& l) { central.keepSetting(core::service_mode::ServiceMode::kLockSetting, std::to_string(l.untilS)); },
                       [&](core::DeviceCheck&) {
                           parts.devices.checkNow();
                           parts.camera.checkNow();
                       },
                       [&](core::PdfPrintRequest& p) { terminal.answer({ticket, core::PrintQueued{printing.printPdf(p.pdf, p.title)}}); },
                   },
                       request.body);
            core::wipe(request);
        }
}

}  // namespace ow::app
