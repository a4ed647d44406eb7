// Call staff, the service: a call raised at central, waited on until a member of staff takes it.
#include "kiosk/services/call_staff/call_staff.h"

#include <ctime>

#include "kiosk/log.h"
#include "kiosk/protocol/signing.h"
#include "kiosk/terminal.h"

namespace ow::core::call_staff {

using Op = HelpQuestion::Op;

void CallStaff::open(Terminal& t) {
    // Where the person is, before this page covers it: the screen and the service in progress.
    HelpQuestion q;
    q.op = Op::raise;
    q.key = protocol::randomHex(12);
    q.screen = std::string(t.screen().name);
    const Service* showing = t.ownerOf(t.screen());  // the service whose screen this page covers (none: home, attract)
    q.service = showing && showing->code() != kCode ? std::string(showing->code()) : "";
    const Identity& id = t.session().identity();
    q.elder = id.present() && ageOn(id.birth.view(), protocol::dateOf(std::time(nullptr))) >= kElderlyAge;
    // Already called and not over: the page again, no second call.
    if (state_ != CallState::raising && state_ != CallState::raised && state_ != CallState::taken) {
        raise_ = q;
        id_.clear();
        ask(t, raise_);
        state_ = CallState::raising;
    }
    t.navigate(kCallStaff);
}

void CallStaff::ask(Terminal& t, HelpQuestion q) {
    t.forgetRequests(*this);
    t.request(*this, std::move(q));
}

void CallStaff::apply(Terminal& t, int kind, int, int64_t) {
    switch (static_cast<Kind>(kind)) {
        case Kind::cancel:
            if (!id_.empty() && (state_ == CallState::raised || state_ == CallState::taken)) {
                HelpQuestion q;
                q.op = Op::cancel;
                q.id = id_;
                ask(t, std::move(q));
                state_ = CallState::cancelled;  // said at once; central's answer confirms it
            }
            break;
        case Kind::retry:
            if (state_ == CallState::offline) {
                state_ = CallState::raising;
                ask(t, raise_);
            }
            break;
    }
}

void CallStaff::answered(Terminal& t, Answer& a) {
    const auto* answer = std::get_if<HelpAnswer>(&a.body);
    if (!answer) return;
    log(answer->outcome == HelpAnswer::Outcome::answered ? Level::info : Level::warning, "help.answered",
        {{"op", helpOpCode(answer->op)}, {"state", answer->state}, {"detail", answer->detail}});
    if (answer->outcome != HelpAnswer::Outcome::answered) {
        // Central out of reach while raising or waiting: said plainly with the phone; "try again" raises the same call
        // (its key: central answers with the call as it stands). A cancel that did not reach central stays said.
        if (answer->op != Op::cancel && state_ != CallState::cancelled) state_ = CallState::offline;
        return;
    }
    if (state_ == CallState::cancelled && answer->op != Op::cancel) return;
    id_ = answer->id;
    const std::string& s = answer->state;
    state_ = s == "raised" ? CallState::raised : s == "taken" ? CallState::taken : s == "cancelled" ? CallState::cancelled
                                                                                                   : CallState::closed;
    // Raised and not yet taken: ask central to answer as soon as someone takes it (and raise it again if left).
    if (state_ == CallState::raised) {
        HelpQuestion q;
        q.op = Op::status, q.id = id_, q.seen = "raised", q.waitMs = kHelpWaitMs;
        ask(t, std::move(q));
    }
}

CallStaffView CallStaff::view(const Terminal& t) const {
    CallStaffView v;
    v.state = state_;
    v.title = t.tr("service.call_staff.title");
    if (!t.bundle().servicePhone.empty()) v.phoneLine = fill(t.tr("call_staff.phone"), {{"phone", t.bundle().servicePhone}});
    switch (state_) {
        case CallState::idle:
        case CallState::raising: v.message = t.tr("call_staff.raising"); break;
        case CallState::raised:
            v.message = t.tr("call_staff.raised"), v.detail = t.tr("call_staff.raised_detail"), v.canCancel = true;
            break;
        case CallState::taken: v.message = t.tr("call_staff.taken"), v.detail = t.tr("call_staff.stay"), v.canCancel = true; break;
        case CallState::cancelled: v.message = t.tr("call_staff.cancelled"); break;
        case CallState::closed: v.message = t.tr("call_staff.closed"); break;
        case CallState::offline:
            v.message = t.tr("call_staff.offline"), v.detail = t.tr("call_staff.body"), v.canRetry = true;
            break;
    }
    return v;
}

std::string CallStaff::spokenPrompt(const Terminal& t, ScreenId) const {
    const auto v = view(t);
    return v.message + v.detail;
}

void CallStaff::wipe() {
    raise_ = {};
    id_.clear();
    state_ = CallState::idle;
}

}  // namespace ow::core::call_staff
