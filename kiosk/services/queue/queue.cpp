// Queue numbers at the terminal.
#include "kiosk/services/queue/queue.h"

#include <ctime>

#include "kiosk/guide_notice.h"
#include "kiosk/log.h"
#include "kiosk/protocol/appointments.h"
#include "kiosk/protocol/queue.h"
#include "kiosk/protocol/signing.h"
#include "kiosk/scan_code.h"
#include "kiosk/terminal.h"

namespace ow::core::queue {

using Op = QueueQuestion::Op;

bool greenByAge(const Terminal& t, int64_t nowS) {
    const Identity& id = t.session().identity();
    return id.present() && ageOn(id.birth.view(), protocol::dateOf(nowS)) >= kElderlyAge;
}

namespace {
std::string hhmm(int64_t unixS) { return protocol::slotIdOf(unixS).substr(11); }
}  // namespace

void Queue::open(Terminal& t) {
    wipe();
    t.showFromHome(kStart);
}

void Queue::identified(Terminal& t, ScreenId screen) {
    // A card read where a check-in waits for one checks in; on the themes it names who takes the number (and the
    // green channel from its birth date).
    if (screen == kStart || screen == kCheckIn) checkInBy(t, std::string(t.session().identity().idNumber.view()), "");
    else if (screen == kThemes) t.showFromHome(kThemes);
}

// A ticket's QR opens its place, from any screen; an appointment slip checks in where a check-in is asked for.
bool Queue::scanned(Terminal& t, const ScanCode& code, const std::string& payload, int64_t nowMs) {
    if (!protocol::ticketIdOfCode(payload).empty()) {
        t.beginSession(nowMs, "ticket_code");
        t.setCurrent(kCode);
        t.clearNotice();
        QueueQuestion q;
        q.op = Op::status;
        q.code = payload;
        ask(t, std::move(q), kPlace);
        return true;
    }
    if (code.kind == ScanKind::appointment && (t.screen() == kCheckIn || t.screen() == kStart)) {
        t.beginSession(nowMs, "appointment_code");
        checkInBy(t, "", payload);
        return true;
    }
    return false;
}

void Queue::apply(Terminal& t, int kind, int value, int64_t) {
    switch (static_cast<Kind>(kind)) {
        case Kind::checkIn:
            if (t.session().identity().present()) checkInBy(t, std::string(t.session().identity().idNumber.view()), "");
            else t.navigate(kCheckIn);
            break;
        case Kind::walkIn:
            t.showFromHome(kThemes);
            break;
        case Kind::chooseTheme: {
            const auto& q = t.bundle().queue;
            if (!q || value < 0 || value >= static_cast<int>(q->themes.size())) break;
            QueueQuestion question;
            question.op = Op::take;
            question.key = protocol::randomHex(12);  // one decision: every retry of it sends this key
            question.theme = q->themes[static_cast<size_t>(value)].theme;
            question.cls = greenByAge(t, std::time(nullptr)) ? "priority" : asked_ ? "asked" : "ordinary";
            ask(t, std::move(question), kTicket);
            break;
        }
        case Kind::askGreen:
            asked_ = !asked_;
            break;
        case Kind::retry:
            if (asking_ == Asking::offline) ask(t, QueueQuestion(question_), t.screen());
            break;
        case Kind::reprint:
            printTicket(t);
            break;
    }
}

void Queue::checkInBy(Terminal& t, std::string idNumber, std::string code) {
    QueueQuestion q;
    q.op = Op::checkin;
    q.key = protocol::randomHex(12);
    q.idNumber = std::move(idNumber);
    q.code = std::move(code);
    ask(t, std::move(q), kTicket);
}

void Queue::ask(Terminal& t, QueueQuestion q, ScreenId show) {
    if (&q != &question_) {
        question_.wipe();
        question_ = std::move(q);
    }
    answer_.reset();
    asking_ = Asking::waiting;
    printed_ = false;
    t.forgetRequests(*this);  // an answer to an older question is dropped
    t.request(*this, QueueQuestion(question_));
    log(Level::info, "queue.asked", {{"op", queueOpCode(question_.op)}});
    if (t.screen() != show) t.showFromHome(show);
}

void Queue::answered(Terminal& t, Answer& a) {
    auto* answer = std::get_if<QueueAnswer>(&a.body);
    if (!answer) return;
    switch (answer->outcome) {
        case QueueAnswer::Outcome::answered: asking_ = Asking::answered; break;
        case QueueAnswer::Outcome::refused: asking_ = Asking::refused; break;
        case QueueAnswer::Outcome::offline:
        case QueueAnswer::Outcome::failed: asking_ = Asking::offline; break;
    }
    log(answer->outcome == QueueAnswer::Outcome::answered ? Level::info : Level::warning, "queue.answered",
        {{"op", queueOpCode(answer->op)}, {"refusal", answer->refusal}, {"detail", answer->detail}});
    answer_ = std::move(*answer);
    // The question is answered: what it carried of the person is no longer needed.
    if (asking_ != Asking::offline) question_.wipe();
    if (asking_ == Asking::answered && answer_->op != Op::status) printTicket(t);
    // A number's visit, once done, may be rated (好差评): its window and who served are central's to bind.
    if (asking_ == Asking::answered && answer_->op == Op::status && answer_->ticket && answer_->ticket->state == "done")
        t.offerRating({"visit", answer_->ticket->id, themeName(t, answer_->ticket->theme), kPlace});
}

void Queue::printTicket(Terminal& t) {
    if (!answer_ || !answer_->ticket || !t.deviceOnline("receipt")) return;
    const QueueTicket& k = *answer_->ticket;
    std::string windows;
    for (const auto& w : k.windows) windows += (windows.empty() ? "" : t.tr("queue.list_sep")) + w;
    const TicketFacts facts{k.number,
                            themeName(t, k.theme),
                            kindText(t, k),
                            fill(t.tr("queue.doc_ahead_n"), {{"n", std::to_string(k.ahead)}}),
                            fill(t.tr("queue.doc_wait_n"), {{"n", std::to_string(k.waitMinutes)}}),
                            fill(t.tr("queue.doc_windows_n"), {{"list", windows}}),
                            k.appointment};
    t.request(*this, PrintRequest{queueTicket(facts, protocol::ticketCode(k.id), t.bundle(), t.strings(), t.lang(),
                                              std::time(nullptr)),
                                  false});
    printed_ = true;
}

std::string Queue::themeName(const Terminal& t, const std::string& code) const {
    const std::string key = "theme." + code;
    const std::string& name = t.tr(key);
    return name == key ? code : name;
}

std::string Queue::kindText(const Terminal& t, const QueueTicket& k) const {
    if (k.cls == "appointment") return t.tr("queue.kind_appointment");
    if (k.cls == "priority") return t.tr("queue.kind_priority");
    return t.tr(k.priorityAsked ? "queue.kind_asked" : "queue.kind_ordinary");
}

std::string Queue::windowsText(const Terminal& t, const std::vector<std::string>& windows) const {
    std::string list;
    for (const auto& w : windows) list += (list.empty() ? "" : t.tr("queue.list_sep")) + w;
    return fill(t.tr("queue.windows_n"), {{"list", list}});
}

StartView Queue::startView(const Terminal& t, int64_t nowS) const {
    StartView v;
    v.gives = t.bundle().queue.has_value();
    v.checkIn = t.bundle().appointments.has_value();
    if (t.session().identity().present()) v.who = t.applicantLine();
    v.green = greenByAge(t, nowS);
    return v;
}

ThemesView Queue::themesView(const Terminal& t, int64_t nowS) const {
    ThemesView v;
    v.identified = t.session().identity().present();
    v.green = greenByAge(t, nowS);
    v.asked = asked_;
    if (!t.bundle().queue) return v;
    const auto& q = *t.bundle().queue;
    for (const auto& theme : q.themes) {
        std::vector<std::string> windows;
        for (const auto& w : q.windows)
            for (const auto& served : w.themes)
                if (served == theme.theme) windows.push_back(w.id);
        v.themes.push_back({themeName(t, theme.theme), std::string(1, theme.prefix), windowsText(t, windows)});
    }
    return v;
}

std::string Queue::problemText(const Terminal& t) const {
    if (asking_ == Asking::offline) return t.tr("queue.offline");
    if (asking_ != Asking::refused || !answer_) return "";
    const std::string& code = answer_->refusal;
    if (code == "closed")
        return answer_->until ? fill(t.tr("queue.closed_until"), {{"day", protocol::dateOf(answer_->until)}, {"time", hhmm(answer_->until)}})
                              : t.tr("queue.closed");
    if (code == "too_early") return fill(t.tr("queue.too_early"), {{"time", hhmm(answer_->until)}});
    if (code == "forfeited" || code == "no_appointment" || code == "cap_reached" || code == "no_such_ticket")
        return t.tr("queue." + code);
    return t.tr("queue.no_queue");  // no_queue, unknown_theme
}

TicketView Queue::ticketView(const Terminal& t) const {
    TicketView v;
    v.asking = asking_;
    v.checkIn = question_.op == Op::checkin || (answer_ && answer_->op == Op::checkin);
    v.problem = problemText(t);
    v.canRetry = asking_ == Asking::offline;
    if (asking_ == Asking::refused && answer_)
        v.offerWalkIn = answer_->refusal == "forfeited" || answer_->refusal == "no_appointment" || answer_->refusal == "too_early";
    if (asking_ == Asking::answered && answer_ && answer_->ticket) {
        const QueueTicket& k = *answer_->ticket;
        v.number = k.number;
        v.theme = themeName(t, k.theme);
        v.kind = kindText(t, k);
        v.ahead = fill(t.tr("queue.ahead_n"), {{"n", std::to_string(k.ahead)}});
        v.wait = fill(t.tr("queue.wait_n"), {{"n", std::to_string(k.waitMinutes)}});
        v.windows = windowsText(t, k.windows);
        v.appointment = k.appointment;
        v.printed = printed_;
        v.canPrint = t.deviceOnline("receipt");
    }
    return v;
}

PlaceView Queue::placeView(const Terminal& t) const {
    PlaceView v;
    v.asking = asking_;
    v.problem = problemText(t);
    if (asking_ == Asking::answered && answer_ && answer_->ticket) {
        const QueueTicket& k = *answer_->ticket;
        v.number = k.number;
        v.theme = themeName(t, k.theme);
        v.windows = windowsText(t, k.windows);
        if (k.state == "waiting") {
            v.state = t.tr("queue.state_waiting");
            v.ahead = fill(t.tr("queue.ahead_n"), {{"n", std::to_string(k.ahead)}});
            v.wait = fill(t.tr("queue.wait_n"), {{"n", std::to_string(k.waitMinutes)}});
        } else if (k.state == "called" || k.state == "serving") {
            v.state = fill(t.tr("queue.state_called"), {{"window", k.window}});
        } else {
            v.state = t.tr(k.state == "done" ? "queue.state_done" : "queue.state_gone");
        }
    }
    return v;
}

std::string Queue::spokenPrompt(const Terminal& t, ScreenId screen) const {
    if (screen == kStart) return t.tr("voice.queue.start");
    if (screen == kThemes) return t.tr("voice.queue.themes");
    if (screen == kCheckIn) return t.tr("voice.queue.check_in");
    if (screen == kTicket || screen == kPlace) {
        if (asking_ == Asking::waiting) return t.tr("voice.queue.waiting");
        if (asking_ == Asking::answered && answer_ && answer_->ticket)
            return fill(t.tr(screen == kTicket ? "voice.queue.ticket" : "voice.queue.place"),
                        {{"number", answer_->ticket->number}, {"n", std::to_string(answer_->ticket->ahead)}});
        return problemText(t);
    }
    return "";
}

void Queue::wipe() {
    question_.wipe();
    question_ = {};
    answer_.reset();
    asking_ = Asking::idle;
    asked_ = false;
    printed_ = false;
}

}  // namespace ow::core::queue
