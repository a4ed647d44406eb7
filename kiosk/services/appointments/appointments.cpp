// Appointments, the service: what was chosen, the question put to central and its answer, the slip.
#include "kiosk/services/appointments/appointments.h"

#include <sodium.h>

#include <ctime>

#include "kiosk/guide_notice.h"
#include "kiosk/log.h"
#include "kiosk/protocol/signing.h"
#include "kiosk/scan_code.h"
#include "kiosk/terminal.h"

namespace ow::core::appointments {

namespace {

using Op = AppointmentQuestion::Op;

// The bookable matters in the catalogue's order.
std::vector<const Matter*> bookable(const Bundle& b) {
    std::vector<const Matter*> out;
    if (!b.appointments) return out;
    for (const auto& m : b.matters)
        if (b.appointments->matter(m.code)) out.push_back(&m);
    return out;
}

std::tm tmOf(std::string_view date) {
    std::tm tm{};
    const int64_t day = protocol::dayIndex(date);
    tm.tm_year = std::stoi(std::string(date.substr(0, 4))) - 1900;
    tm.tm_mon = std::stoi(std::string(date.substr(5, 2))) - 1;
    tm.tm_mday = std::stoi(std::string(date.substr(8, 2)));
    tm.tm_wday = static_cast<int>(((day % 7) + 7 + 4) % 7);  // 1970-01-01 was a Thursday
    return tm;
}

}  // namespace

void Appointments::open(Terminal& t) {
    wipe();
    t.navigate(t.session().identity().present() || !t.bundle().appointments ? kMatters : kCard);
}

// A card placed where the card is asked for goes on to the matters; placed on "my appointments" (shown by a slip),
// it shows all of the person's appointments, which they may now change.
void Appointments::identified(Terminal& t, ScreenId screen) {
    if (screen == kCard && !matter_.empty()) askDays(t);  // chosen from its guide before the card
    else if (screen == kCard) t.navigate(kMatters);
    if (screen == kMine) apply(t, static_cast<int>(Kind::showMine), 0, 0);
}

// Whoever identifies is told, on the screen they are on, of a change the hall made to their appointment (预约服务制度:
// the hall gives notice when it must cancel or move one). Asked quietly: the service's own flow is not disturbed.
void Appointments::personIdentified(Terminal& t) {
    if (!t.bundle().appointments || !t.session().identity().present()) return;
    AppointmentQuestion q;
    q.op = Op::mine;
    q.idNumber = std::string(t.session().identity().idNumber.view());
    q.notices = true;
    noticesTicket_ = t.request(*this, std::move(q));
}

// A slip's code opens the person's appointment, from any screen; changing it needs their card.
bool Appointments::scanned(Terminal& t, const ScanCode& code, const std::string& payload, int64_t nowMs) {
    if (code.kind != ScanKind::appointment) return false;
    t.beginSession(nowMs, "appointment_code");
    t.setCurrent(kCode);
    t.clearNotice();
    wipe();
    AppointmentQuestion q;
    q.op = Op::mine;
    q.code = payload;
    ask(t, std::move(q));
    t.showFromHome(kMine);
    return true;
}

void Appointments::apply(Terminal& t, int kind, int value, int64_t) {
    const Identity& id = t.session().identity();
    const auto idNumber = [&] { return std::string(id.idNumber.view()); };
    switch (static_cast<Kind>(kind)) {
        case Kind::chooseMatter: {
            const auto list = bookable(t.bundle());
            if (value < 0 || value >= static_cast<int>(list.size())) break;
            matter_ = list[static_cast<size_t>(value)]->code;
            movingNo_.clear(), movingFrom_.clear();
            askDays(t);
            break;
        }
        case Kind::chooseDay: {
            if (value < 0 || value >= static_cast<int>(days_.size()) || days_[static_cast<size_t>(value)].second <= 0) break;
            date_ = days_[static_cast<size_t>(value)].first;
            AppointmentQuestion q;
            q.op = Op::slots;
            q.matter = matter_;
            q.date = date_;
            ask(t, std::move(q));
            t.navigate(kSlots);
            break;
        }
        case Kind::chooseSlot:
            if (value < 0 || value >= static_cast<int>(slots_.size()) || slots_[static_cast<size_t>(value)].left <= 0) break;
            slot_ = slots_[static_cast<size_t>(value)].slot;
            asking_ = Asking::idle;
            answer_.reset();
            if (phone_.empty()) phone_ = std::string(id.phone.view());
            t.navigate(kConfirm);
            break;
        case Kind::chooseNearest: {
            if (t.screen() != kConfirm || !answer_ || answer_->outcome != AppointmentAnswer::Outcome::refused) break;
            const auto& nearest = answer_->refusal.nearest;
            if (value < 0 || value >= static_cast<int>(nearest.size())) break;
            slot_ = nearest[static_cast<size_t>(value)];
            date_ = slot_.substr(0, 10);
            asking_ = Asking::idle;
            answer_.reset();
            break;
        }
        case Kind::confirm: {
            if (t.screen() != kConfirm || slot_.empty() || asking_ == Asking::waiting) break;
            if (!id.present()) {
                t.navigate(kCard);
                break;
            }
            // A mainland mobile (11 digits from 1), or nothing: the notices are by SMS.
            if (!phone_.empty() && (phone_.size() != 11 || phone_[0] != '1')) {
                phoneWrong_ = true;
                editingPhone_ = true;
                break;
            }
            AppointmentQuestion q;
            q.slot = slot_;
            q.idNumber = idNumber();
            if (movingNo_.empty()) {
                q.op = Op::book;
                q.matter = matter_;
                q.name = std::string(id.name.view());
                q.phone = phone_;
            } else {
                q.op = Op::move;
                q.no = movingNo_;
            }
            askWithNewKey(t, std::move(q));
            break;
        }
        case Kind::showMine: {
            if (!id.present()) {
                t.navigate(kCard);
                break;
            }
            AppointmentQuestion q;
            q.op = Op::mine;
            q.idNumber = idNumber();
            ask(t, std::move(q));
            askingCancel_ = -1;
            cancelledNo_.clear();
            t.navigate(kMine);
            break;
        }
        case Kind::askCancel:
            if (t.screen() == kMine && value >= 0 && value < static_cast<int>(mine_.size())) askingCancel_ = value;
            break;
        case Kind::cancelNo: askingCancel_ = -1; break;
        case Kind::cancelYes: {
            if (askingCancel_ < 0 || askingCancel_ >= static_cast<int>(mine_.size()) || !id.present()) break;
            AppointmentQuestion q;
            q.op = Op::cancel;
            q.no = mine_[static_cast<size_t>(askingCancel_)].no;
            q.idNumber = idNumber();
            askingCancel_ = -1;
            askWithNewKey(t, std::move(q));
            break;
        }
        case Kind::startMove: {
            if (t.screen() != kMine || value < 0 || value >= static_cast<int>(mine_.size())) break;
            if (!id.present()) {
                t.navigate(kCard);
                break;
            }
            const auto& a = mine_[static_cast<size_t>(value)];
            movingNo_ = a.no, movingFrom_ = a.slot, matter_ = a.matter;
            AppointmentQuestion q;
            q.op = Op::days;
            q.matter = matter_;
            ask(t, std::move(q));
            t.navigate(kDays);
            break;
        }
        case Kind::retry:
            if (asking_ == Asking::offline) ask(t, AppointmentQuestion(question_));  // the same key: never booked twice
            break;
        case Kind::reprint: printSlip(t); break;
        case Kind::bookMatter: {
            const auto& matters = t.bundle().matters;
            if (!t.bundle().appointments || value < 0 || value >= static_cast<int>(matters.size()) ||
                !t.bundle().appointments->matter(matters[static_cast<size_t>(value)].code))
                break;
            t.setCurrent(kCode);
            wipe();
            matter_ = matters[static_cast<size_t>(value)].code;
            if (!id.present()) {  // real-name: the card first, then this matter's days
                t.navigate(kCard);
                break;
            }
            askDays(t);
            break;
        }
        case Kind::editPhone: editingPhone_ = !editingPhone_; break;
        case Kind::phoneKey:
            if (!editingPhone_) break;
            if (value >= 0 && value <= 9 && phone_.size() < 11) phone_ += static_cast<char>('0' + value);
            if (value == kKeypadDelete && !phone_.empty()) phone_.pop_back();
            if (value == kKeypadClear) phone_.clear();
            phoneWrong_ = false;
            if (phone_.size() == 11) editingPhone_ = false;
            break;
    }
}

void Appointments::askDays(Terminal& t) {
    AppointmentQuestion q;
    q.op = Op::days;
    q.matter = matter_;
    ask(t, std::move(q));
    t.navigate(kDays);
}

void Appointments::askWithNewKey(Terminal& t, AppointmentQuestion q) {
    q.key = protocol::randomHex(12);  // one decision: every retry of it sends this key
    ask(t, std::move(q));
}

void Appointments::ask(Terminal& t, AppointmentQuestion q) {
    question_.wipe();
    question_ = std::move(q);
    if (answer_) wipeAppointments(*answer_);
    answer_.reset();
    asking_ = Asking::waiting;
    t.forgetRequests(*this);  // an answer to an older question is dropped
    t.request(*this, AppointmentQuestion(question_));
    log(Level::info, "appointments.asked", {{"op", appointmentOpCode(question_.op)}});
}

void Appointments::answered(Terminal& t, Answer& a) {
    auto* answer = std::get_if<AppointmentAnswer>(&a.body);
    if (!answer) return;
    if (a.ticket == noticesTicket_) {
        noticesTicket_ = 0;
        for (const auto& r : answer->appointments)
            if (r.hallChangeUnseen) {
                t.showNotice(r.hallChange == "moved" ? "appointment.notice_hall_moved" : "appointment.notice_hall_cancelled",
                             {{"matter", matterName(t, r.matter)}, {"when", when(t, r.slot)}, {"reason", r.hallReason}},
                             t.session().lastActivityMs() + 30000);
                break;
            }
        wipeAppointments(*answer);
        return;
    }
    static const char* const kOutcomes[] = {"answered", "refused", "offline", "failed"};
    log(answer->outcome == AppointmentAnswer::Outcome::answered ? Level::info : Level::warning, "appointments.answered",
        {{"op", appointmentOpCode(answer->op)}, {"outcome", kOutcomes[static_cast<int>(answer->outcome)]},
         {"code", answer->refusal.code}, {"detail", answer->detail}});
    switch (answer->outcome) {
        case AppointmentAnswer::Outcome::answered: asking_ = Asking::answered; break;
        case AppointmentAnswer::Outcome::refused:
        case AppointmentAnswer::Outcome::failed: asking_ = Asking::refused; break;
        case AppointmentAnswer::Outcome::offline: asking_ = Asking::offline; break;
    }
    if (answer->outcome == AppointmentAnswer::Outcome::answered) {
        switch (answer->op) {
            case Op::days: days_ = answer->days; break;
            case Op::slots: slots_ = answer->slots; break;
            case Op::book:
            case Op::move:
                booked_ = answer->appointment;
                slipCode_ = answer->slipCode;
                printed_ = false;
                if (answer->op == Op::book) movingFrom_.clear();
                movingNo_.clear();
                t.navigate(kBooked);
                printSlip(t);
                if (booked_) t.offerRating({"appointment", booked_->no, matterName(t, booked_->matter), kBooked});
                break;
            case Op::cancel:
                cancelledNo_ = answer->appointment ? answer->appointment->no : "";
                for (auto& m : mine_)
                    if (answer->appointment && m.no == answer->appointment->no) m.state = answer->appointment->state;
                break;
            case Op::mine:
                mine_ = answer->appointments;
                break;
        }
    }
    if (answer_) wipeAppointments(*answer_);
    answer_ = std::move(*answer);
}

void Appointments::printSlip(Terminal& t) {
    if (!booked_) return;
    const bool receipt = t.deviceOnline("receipt"), a4 = t.deviceOnline("a4");
    if (!receipt && !a4) return;
    const auto* m = t.bundle().findMatter(booked_->matter);
    const SlipFacts facts{booked_->no, m ? m->name.get(t.lang()) : booked_->matterName, m ? m->department.get(t.lang()) : "",
                          booked_->name, booked_->idNumber, when(t, booked_->slot)};  // masked by central
    PrintRequest p{appointmentSlip(facts, slipCode_, t.bundle(), t.strings(), t.lang(), std::time(nullptr)), !receipt};
    t.request(*this, std::move(p));
    printed_ = true;
    t.showNotice("appointment.printing", {}, t.session().lastActivityMs() + 15000);
}

void Appointments::wipe() {
    question_.wipe();
    question_ = {};
    if (answer_) wipeAppointments(*answer_);
    answer_.reset();
    asking_ = Asking::idle;
    matter_.clear(), date_.clear(), slot_.clear();
    days_.clear(), slots_.clear();
    if (booked_) {
        AppointmentAnswer a;
        a.appointment = std::move(booked_);
        wipeAppointments(a);
    }
    booked_.reset();
    if (!slipCode_.empty()) sodium_memzero(slipCode_.data(), slipCode_.size());
    slipCode_.clear();
    AppointmentAnswer mine;
    mine.appointments = std::move(mine_);
    wipeAppointments(mine);
    mine_.clear();
    movingNo_.clear(), movingFrom_.clear(), cancelledNo_.clear();
    askingCancel_ = -1;
    printed_ = false;
    noticesTicket_ = 0;
    if (!phone_.empty()) sodium_memzero(phone_.data(), phone_.size());
    phone_.clear();
    editingPhone_ = phoneWrong_ = false;
}

std::string Appointments::matterName(const Terminal& t, const std::string& code) const {
    const auto* m = t.bundle().findMatter(code);
    return m ? m->name.get(t.lang()) : code;
}

// "2026年12月8日 星期二 09:00–09:30" (北京时间).
std::string Appointments::when(const Terminal& t, const std::string& slot) const {
    const auto start = protocol::slotStart(slot);
    if (!start) return slot;
    const int minutes = t.bundle().appointments ? t.bundle().appointments->slotMinutes : 30;
    const std::string end = protocol::slotIdOf(*start + int64_t{minutes} * 60).substr(11);
    return formatDate(t.strings(), t.lang(), tmOf(slot.substr(0, 10))) + " " + slot.substr(11) + "–" + end;
}

// Central's refusal or silence in plain words, with the next step (first-contact responsibility: never only "no").
std::string Appointments::problemText(const Terminal& t) const {
    std::map<std::string, std::string> values;
    if (!t.bundle().servicePhone.empty()) values["phone"] = t.bundle().servicePhone;
    if (asking_ == Asking::offline) return fill(t.tr("appointment.offline"), values);
    if (asking_ != Asking::refused || !answer_) return "";
    if (answer_->outcome == AppointmentAnswer::Outcome::failed) return fill(t.tr("appointment.failed"), values);
    const auto& r = answer_->refusal;
    if (r.until) values["until"] = protocol::dateOf(r.until);
    values["no"] = r.appointment;
    if (t.bundle().appointments) {
        values["per_day"] = std::to_string(t.bundle().appointments->perDay);
        values["per_week"] = std::to_string(t.bundle().appointments->perWeek);
        values["count"] = std::to_string(t.bundle().appointments->noShow.count);
        values["within"] = std::to_string(t.bundle().appointments->noShow.withinDays);
    }
    static const char* const kKnown[] = {"slot_taken", "limit_matter", "limit_day", "limit_week", "banned", "too_soon",
                                         "beyond_horizon", "closed_day", "not_a_slot", "past", "cut_off", "not_bookable",
                                         "no_such_appointment", "not_booked", "same_slot"};
    for (const char* code : kKnown)
        if (r.code == code) return fill(t.tr(std::string("appointment.refused.") + code), values);
    return fill(t.tr("appointment.failed"), values);
}

MattersView Appointments::mattersView(const Terminal& t) const {
    MattersView v;
    v.identified = t.session().identity().present();
    v.bookable = t.bundle().appointments.has_value();
    if (v.identified) v.who = t.applicantLine();
    const auto list = bookable(t.bundle());
    for (size_t i = 0; i < list.size(); ++i)
        v.matters.push_back({static_cast<int>(i), list[i]->name.get(t.lang()), list[i]->department.get(t.lang()),
                             promisedLimitText(*list[i], t.strings(), t.lang())});
    return v;
}

DaysView Appointments::daysView(const Terminal& t) const {
    DaysView v;
    v.matter = matterName(t, matter_);
    if (!movingFrom_.empty()) v.moving = fill(t.tr("appointment.moving"), {{"when", when(t, movingFrom_)}});
    v.asking = asking_;
    for (const auto& [date, left] : days_)
        v.days.push_back({date, formatDate(t.strings(), t.lang(), tmOf(date)),
                          left > 0 ? fill(t.tr("appointment.left"), {{"n", std::to_string(left)}}) : t.tr("appointment.full"),
                          left <= 0});
    v.problem = problemText(t);
    return v;
}

SlotsView Appointments::slotsView(const Terminal& t) const {
    SlotsView v;
    v.matter = matterName(t, matter_);
    if (!date_.empty()) v.day = formatDate(t.strings(), t.lang(), tmOf(date_));
    if (!movingFrom_.empty()) v.moving = fill(t.tr("appointment.moving"), {{"when", when(t, movingFrom_)}});
    v.asking = asking_;
    for (const auto& s : slots_)
        v.slots.push_back({s.slot.substr(11) + "–" + protocol::slotIdOf(s.end).substr(11),
                           s.left > 0 ? fill(t.tr("appointment.left"), {{"n", std::to_string(s.left)}}) : t.tr("appointment.full"),
                           s.left <= 0});
    v.problem = problemText(t);
    return v;
}

ConfirmView Appointments::confirmView(const Terminal& t) const {
    ConfirmView v;
    v.who = t.applicantLine();
    v.matter = matterName(t, matter_);
    v.when = when(t, slot_);
    v.address = t.bundle().hallAddress.get(t.lang());
    if (!movingFrom_.empty()) v.moving = fill(t.tr("appointment.moving"), {{"when", when(t, movingFrom_)}});
    const auto* rules = t.bundle().appointments ? &*t.bundle().appointments : nullptr;
    // 预约服务制度: more than 30 minutes late forfeits the appointment.
    v.rules.push_back(fill(t.tr("appointment.rule_late"),
                           {{"n", std::to_string(rules ? std::min(rules->checkInAfterMinutes, protocol::kLatestCheckInMinutes) : 30)}}));
    v.rules.push_back(fill(t.tr("appointment.rule_cancel"),
                           {{"n", std::to_string(rules ? rules->cancelCutoffMinutes / 60 : 2)}}));
    v.phone = phone_;
    v.editingPhone = editingPhone_;
    if (phoneWrong_) v.phoneProblem = t.tr("appointment.phone_wrong");
    v.asking = asking_;
    v.problem = problemText(t);
    if (answer_ && answer_->outcome == AppointmentAnswer::Outcome::refused)
        for (const auto& s : answer_->refusal.nearest) v.nearest.push_back(when(t, s));
    return v;
}

BookedView Appointments::bookedView(const Terminal& t) const {
    BookedView v;
    if (!booked_) return v;
    v.no = booked_->no;
    v.matter = matterName(t, booked_->matter);
    v.when = when(t, booked_->slot);
    v.address = t.bundle().hallAddress.get(t.lang());
    if (!movingFrom_.empty()) v.moved = fill(t.tr("appointment.moved_from"), {{"when", when(t, movingFrom_)}});
    v.printed = printed_;
    v.canPrint = t.deviceOnline("receipt") || t.deviceOnline("a4");
    return v;
}

MineView Appointments::mineView(const Terminal& t, int64_t nowS) const {
    MineView v;
    v.asking = asking_;
    const bool identified = t.session().identity().present();
    for (const auto& a : mine_) {
        MineView::Item item{a.no, matterName(t, a.matter), when(t, a.slot), t.tr("appointment.state." + a.state), "", false};
        if (!a.hallChange.empty())
            item.hallNote = fill(t.tr(a.hallChange == "moved" ? "appointment.hall_moved" : "appointment.hall_cancelled"),
                                 {{"reason", a.hallReason}});
        item.canChange = identified && a.state == "booked" && t.bundle().appointments &&
                         protocol::personMayChange(*t.bundle().appointments, a.start, nowS);
        v.items.push_back(std::move(item));
    }
    v.askingCancel = askingCancel_;
    if (!cancelledNo_.empty()) v.done = fill(t.tr("appointment.cancelled"), {{"no", cancelledNo_}});
    v.problem = problemText(t);
    return v;
}

// What to do on each screen; never the person's name or number.
std::string Appointments::spokenPrompt(const Terminal& t, ScreenId screen) const {
    if (screen == kCard) return t.tr("appointment.need_card");
    if (asking_ == Asking::offline || asking_ == Asking::refused) return problemText(t);
    if (screen == kMatters) return t.bundle().appointments ? t.tr("appointment.choose_matter") : t.tr("appointment.not_here");
    if (asking_ == Asking::waiting) return t.tr("appointment.asking");
    if (screen == kDays) return t.tr("appointment.choose_day");
    if (screen == kSlots) return t.tr("appointment.choose_slot");
    if (screen == kConfirm) return fill(t.tr("voice.appointment_confirm"), {{"matter", matterName(t, matter_)}, {"when", when(t, slot_)}});
    if (screen == kBooked && booked_)
        return fill(t.tr("voice.appointment_booked"), {{"matter", matterName(t, booked_->matter)}, {"when", when(t, booked_->slot)}});
    if (screen == kMine) return fill(t.tr("voice.appointment_mine"), {{"n", std::to_string(mine_.size())}});
    return "";
}

}  // namespace ow::core::appointments
