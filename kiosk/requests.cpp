// Wiping the requests and answers that cross between the services and the world.
#include "kiosk/requests.h"

#include <sodium.h>

#include "kiosk/overloaded.h"

namespace ow::core {

namespace {

void zero(std::string& s) {
    if (!s.empty()) sodium_memzero(s.data(), s.size());
    s.clear();
}

}  // namespace

void wipe(Request& request) {
    std::visit(Overloaded{
                   [](PrintRequest& p) {
                       for (auto& b : p.document.blocks) {
                           zero(b.text);
                           zero(b.value);
                           if (!b.bits.empty()) sodium_memzero(b.bits.data(), b.bits.size());
                       }
                   },
                   [](CaseQuestion& q) { q.wipe(); },
                   [](CaptureRequest&) {},
                   [](SubmissionRequest& s) { s.wipe(); },
                   [](AppointmentQuestion& q) { q.wipe(); },
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
                       zero(s.qr);
                   },
                   [](AppointmentAnswer& a) {
                       wipeAppointments(a);
                       zero(a.slipCode);
                   },
               },
               answer.body);
}

}  // namespace ow::core
