// Wiping the requests and answers that cross between the services and the world.
#include "kiosk/requests.h"

#include <sodium.h>

#include "kiosk/overloaded.h"
#include "kiosk/session.h"

namespace ow::core {

void PdfPrintRequest::wipe() {
    wipeText(pdf);
    wipeText(title);
}

void PinCheck::wipe() { wipeText(pin); }

void wipe(Request& request) {
    std::visit(Overloaded{
                   [](PrintRequest& p) {
                       for (auto& b : p.document.blocks) {
                           wipeText(b.text);
                           wipeText(b.value);
                           if (!b.bits.empty()) sodium_memzero(b.bits.data(), b.bits.size());
                       }
                   },
                   [](CaseQuestion& q) { q.wipe(); },
                   [](CaptureRequest&) {},
                   [](SubmissionRequest& s) { s.wipe(); },
                   [](AppointmentQuestion& q) { q.wipe(); },
                   [](QueueQuestion& q) { q.wipe(); },
                   [](HelpQuestion&) {},  // where, and whether 60 or more: nothing else of the person
                   [](CentralAsk& q) { q.wipe(); },
                   [](PdfPrintRequest& p) { p.wipe(); },
                   [](AuditRequest&) {},  // staff and what they did: nothing of a citizen
                   [](MaintenanceRequest&) {},
                   [](PinCheck& p) { p.wipe(); },
                   [](DeviceCheck&) {},
                   [](ServiceLock&) {},
               },
               request.body);
}

void wipe(Answer& answer) {
    std::visit(Overloaded{
                   [](CaseAnswer& a) { wipeCases(a.cases); },
                   [](PageCaptured& p) {
                       if (p.page) p.page->wipe();
                   },
                   [](SubmissionSaved& s) {
                       if (s.queued) {
                           SubmissionRequest r;
                           r.submission = std::move(*s.queued);
                           r.wipe();
                       }
                       wipeText(s.qr);
                   },
                   [](AppointmentAnswer& a) {
                       wipeAppointments(a);
                       wipeText(a.slipCode);
                   },
                   [](QueueAnswer&) {},  // numbers, themes and windows: nothing of the person
                   [](HelpAnswer&) {},
                   [](CentralReply& r) { r.wipe(); },
                   [](PrintQueued&) {},
                   [](MaintenanceStatus&) {},  // the terminal's own state; the log tail is redacted already
                   [](PinChecked&) {},
                   [](NetworkChecked&) {},  // the terminal's network: nothing of a person
                   [](ActionRefused&) {},
               },
               answer.body);
}

}  // namespace ow::core
