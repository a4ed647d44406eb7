// The terminal's shell: routing intents to services, navigation, session lifecycle, notices, the way out.
#include "kiosk/terminal.h"

#include <algorithm>

#include "kiosk/log.h"
#include "kiosk/protocol/appointments.h"
#include "kiosk/staff_code.h"
#include "kiosk/scan_code.h"
#include "kiosk/services/services.h"

namespace ow::core {

Terminal::Terminal(Strings strings, Bundle bundle)
    : strings_(std::move(strings)), bundle_(std::move(bundle)), lang_(bundle_.ui.defaultLang), services_(makeServices()) {}
Terminal::Terminal(Terminal&&) noexcept = default;
Terminal::~Terminal() = default;

Service* Terminal::lookup(std::string_view code) const {
    for (const auto& s : services_)
        if (s->code() == code) return s.get();
    return nullptr;
}

Service& Terminal::find(std::string_view code) const {
    if (Service* s = lookup(code)) return *s;
    throw std::logic_error("no service \"" + std::string(code) + "\" in kiosk/services/services.cpp");
}

const Service* Terminal::ownerOf(ScreenId screen) const {
    for (const auto& s : services_)
        for (ScreenId own : s->screens())
            if (own == screen) return s.get();
    return nullptr;
}

void Terminal::navigate(ScreenId to) {
    if (stack_.back() != to) stack_.push_back(to);
}

void Terminal::showFromHome(ScreenId to) { stack_.assign({kAttract, kHome, to}); }

void Terminal::beginSession(int64_t nowMs, const char* by) {
    if (!session_.active()) {
        session_.start(nowMs);
        if (by) log(Level::info, "session.start", {{"by", by}});
        else log(Level::info, "session.start");
    }
    session_.touch(nowMs);
}

void Terminal::showNotice(std::string key, std::map<std::string, std::string> values, int64_t untilMs) {
    notice_ = Notice{std::move(key), std::move(values), untilMs};
}

void Terminal::apply(const Intent& intent, int64_t nowMs) {
    if (!intent.is(ShellKind::setLang) && !intent.is(ShellKind::setScale)) notice_.reset();
    if (session_.active()) session_.touch(nowMs);
    if (intent.service.empty()) return applyShell(static_cast<ShellKind>(intent.kind), intent.value, nowMs);
    Service* to = lookup(intent.service);
    if (!to) {
        log(Level::error, "intent.unhandled", {{"service", std::string(intent.service)}, {"kind", std::to_string(intent.kind)}});
        return;
    }
    if (intent.kind == Intent::kOpen) {
        current_ = to->code();
        log(Level::info, "flow.open", {{"service", std::string(current_)}});
        to->open(*this);
        return;
    }
    to->apply(*this, intent.kind, intent.value, nowMs);
}

void Terminal::applyShell(ShellKind kind, int value, int64_t nowMs) {
    using K = ShellKind;
    switch (kind) {
        case K::none: break;
        case K::start:
            if (outOfService()) break;  // nothing here could serve the person: attract says where to go
            if (closedAt(std::time(nullptr))) break;  // outside its hours: attract says when it serves again
            beginSession(nowMs);
            stack_.assign({kAttract, kHome});
            break;
        case K::dismissOffer: offerDismissed_ = true; break;
        case K::toggleVoice:
            voice_ = voiceOn() ? VoiceChoice::off : VoiceChoice::on;
            log(Level::info, "ui.voice", {{"on", voiceOn() ? "yes" : "no"}});
            break;
        case K::home:
            if (session_.active()) stack_.assign({kAttract, kHome});
            break;
        case K::back:
            if (stack_.size() > 2) stack_.pop_back();
            break;
        case K::finish: endSession(SessionEnd::finished); break;
        case K::continueSession: break;  // the touch in apply already reset the idle time
        case K::setLang:
            lang_ = static_cast<Lang>(value);
            log(Level::info, "ui.language", {{"lang", langCode(lang_)}});
            break;
        case K::setScale:
            scale_ = static_cast<TextScale>(value);
            log(Level::info, "ui.scale", {{"scale", scaleCode(scale_)}});
            break;
    }
}

uint64_t Terminal::request(Service& from, RequestBody body) {
    const uint64_t ticket = ++nextTicket_;
    requests_.push_back(Request{ticket, std::move(body)});
    if (!std::holds_alternative<PrintRequest>(requests_.back().body)) awaiting_[ticket] = &from;
    return ticket;
}

void Terminal::forgetRequests(const Service& from) {
    for (auto it = awaiting_.begin(); it != awaiting_.end();)
        it = it->second == &from ? awaiting_.erase(it) : std::next(it);
}

std::vector<Request> Terminal::takeRequests() {
    std::vector<Request> out;
    out.swap(requests_);
    return out;
}

void Terminal::answer(Answer answer) {
    if (auto it = awaiting_.find(answer.ticket); it != awaiting_.end()) {
        Service* to = it->second;
        awaiting_.erase(it);
        to->answered(*this, answer);
    }
    wipe(answer);  // asked for someone who has gone, or given up since; or what the service did not keep
}

void Terminal::activity(int64_t nowMs) {
    if (session_.active()) session_.touch(nowMs);
}

float Terminal::brightness(int64_t nowS, int64_t nowMs) const {
    constexpr int64_t kAwakeMs = 60 * 1000;  // a touch keeps the screen bright this long
    const auto& dim = bundle_.dimming;
    if (!dim || session_.active() || nowMs - lastTouchMs_ < kAwakeMs) return 1.0f;
    const int minute = protocol::minuteOfDayOf(nowS);  // 北京时间
    const bool night = dim->fromMinute < dim->toMinute ? minute >= dim->fromMinute && minute < dim->toMinute
                                                       : minute >= dim->fromMinute || minute < dim->toMinute;
    return night ? static_cast<float>(dim->level) : 1.0f;
}

void Terminal::identify(const IdentityInput& who, int64_t nowMs) {
    // Another person's card in the middle of a session: the first person's data goes before the next is shown.
    if (session_.active() && session_.identity().present() && session_.identity().idNumber.view() != who.idNumber)
        endSession(SessionEnd::finished);
    // A card placed where a service asks for one (case lookup, pre-submission) answers it: that service goes on.
    Service* asking = session_.active() ? const_cast<Service*>(ownerOf(screen())) : nullptr;
    const ScreenId before = screen();
    notice_.reset();
    beginSession(nowMs, "id_card");
    Identity& id = session_.identity();
    id.name.assign(who.name);
    id.idNumber.assign(who.idNumber);
    id.birth.assign(who.birth);
    id.address.assign(who.address);
    id.phone.assign(who.phone);
    addLogSecret(who.name);
    addLogSecret(who.address);
    log(Level::info, "identity.read");
    stack_.assign({kAttract, kHome});
    if (asking) asking->identified(*this, before);
    for (auto& s : services_) s->personIdentified(*this);
}

void Terminal::onDevice(const drivers::DeviceEvent& event, int64_t nowMs) {
    constexpr int64_t kNoticeMs = 15000;
    if (const auto* st = std::get_if<drivers::DeviceStatusChanged>(&event)) {
        devices_[st->device] = *st;
        if (st->checked) checkedAtMs_[st->device] = nowMs;
        log(st->state == drivers::DeviceState::online ? Level::info : Level::warning, "device.state",
            {{"device", st->device}, {"state", drivers::stateCode(st->state)},
             {"action", drivers::actionCode(st->action)}, {"detail", st->detail}});
    } else if (const auto* card = std::get_if<drivers::IdCardPresented>(&event)) {
        if (!card->problem.empty()) {
            log(Level::warning, "idcard.invalid", {{"reason", card->problem}});
            notice_ = Notice{"notice.card_invalid", {}, nowMs + kNoticeMs};
        } else if (card->expired) {
            log(Level::info, "idcard.expired");
            const std::string date = card->validTo.substr(0, 4) + "-" + card->validTo.substr(4, 2) + "-" +
                                     card->validTo.substr(6, 2);
            notice_ = Notice{"notice.card_expired", {{"date", date}}, nowMs + kNoticeMs};
        } else if (!session_.active() && closedAt(std::time(nullptr))) {
            notice_ = Notice{"notice.closed", {}, nowMs + kNoticeMs};  // outside its hours: no one is started
        } else {
            identify({card->name, card->idNumber, card->birth, card->address, ""}, nowMs);
        }
        if (session_.active()) session_.touch(nowMs);
    } else if (const auto* scan = std::get_if<drivers::CodeScanned>(&event)) {
        const ScanCode code = classifyScan(scan->payload, bundle_.codeIssuers);
        const bool staff = looksLikeStaffCode(scan->payload);
        log(Level::info, "scan", {{"source", scan->source}, {"kind", staff ? "staff" : scanKindCode(code.kind)}, {"reason", staff ? "" : code.reason}});
        // A staff code goes to service mode, whatever else is going on (out of service most of all).
        if (staff)
            if (Service* sm = lookup("service_mode"); sm && sm->scanned(*this, code, scan->payload, nowMs)) return;
        // A code a service knows (a receipt's: that case's progress) opens it, from any screen; the service whose
        // screen shows is asked first (an appointment slip scanned where a check-in waits checks in).
        if (!session_.active() && closedAt(std::time(nullptr))) {
            notice_ = Notice{"notice.closed", {}, nowMs + kNoticeMs};  // outside its hours: nothing is opened
            return;
        }
        if (!outOfService()) {
            Service* showing = const_cast<Service*>(ownerOf(screen()));
            if (showing && showing->scanned(*this, code, scan->payload, nowMs)) return;
            for (auto& s : services_)
                if (s.get() != showing && s->scanned(*this, code, scan->payload, nowMs)) return;
        }
        static const char* const kKeys[] = {"notice.code_case", "notice.code_appointment", "notice.code_forged",
                                            "notice.code_foreign", "notice.code_unreadable"};
        notice_ = Notice{kKeys[static_cast<int>(code.kind)], {{"id", code.id}}, nowMs + kNoticeMs};
        if (session_.active()) session_.touch(nowMs);
    } else if (const auto* job = std::get_if<drivers::PrintJobUpdate>(&event)) {
        log(Level::info, "print.job", {{"job", std::to_string(job->jobId)},
                                       {"state", drivers::printStateCode(job->state)}, {"detail", job->detail}});
        if (job->state == drivers::PrintJobUpdate::State::held)
            notice_ = Notice{"notice.print_held", {}, nowMs + kNoticeMs};
        else if (job->state == drivers::PrintJobUpdate::State::done && notice_ && notice_->key == "notice.print_held")
            notice_.reset();
        for (auto& s : services_) s->printJob(*this, *job);
    } else if (const auto* bad = std::get_if<drivers::IdCardUnreadable>(&event)) {
        log(Level::warning, "idcard.unreadable", {{"reason", bad->reason}});
        notice_ = Notice{"notice.card_unreadable", {}, nowMs + kNoticeMs};
        if (session_.active()) session_.touch(nowMs);
    }
}

bool Terminal::deviceOnline(const std::string& device) const {
    auto it = devices_.find(device);
    return it != devices_.end() && it->second.state == drivers::DeviceState::online;
}

bool Terminal::closedAt(int64_t nowS) const {
    return bundle_.serviceHours && !protocol::hallOpen(*bundle_.serviceHours, bundle_.calendar, nowS);
}

int64_t Terminal::opensAfter(int64_t nowS) const {
    return closedAt(nowS) ? protocol::nextOpening(*bundle_.serviceHours, bundle_.calendar, nowS) : 0;
}

bool Terminal::outOfService() const {
    if (takenOut_) return true;  // by hall staff, from service mode
    for (const auto& d : bundle_.ui.requiredDevices) {
        auto it = devices_.find(d);
        if (it == devices_.end()) continue;  // not reported yet: give it the benefit of the doubt
        if (it->second.state != drivers::DeviceState::online && it->second.state != drivers::DeviceState::busy)
            return true;
    }
    return false;
}

std::string Terminal::notice(int64_t nowMs) const {
    if (!notice_ || nowMs >= notice_->untilMs) return "";
    return fill(tr(notice_->key), notice_->values);
}

void Terminal::endSession(SessionEnd reason) {
    const bool was = session_.active();
    if (was) lastEnd_ = {sessionEndCode(reason), std::max<int64_t>(0, (session_.lastActivityMs() - session_.startedMs()) / 1000)};
    session_.end();
    for (auto& s : services_) s->wipe();
    awaiting_.clear();  // an answer still on its way belongs to nobody now
    // What was asked for the person is dropped and wiped; what staff did (the audit, a lock-out) is kept for main.
    std::vector<Request> kept;
    for (auto& r : requests_) {
        if (std::holds_alternative<AuditRequest>(r.body) || std::holds_alternative<ServiceLock>(r.body)) kept.push_back(std::move(r));
        else wipe(r);
    }
    requests_ = std::move(kept);
    offerDismissed_ = false;
    if (ratingOffer_) wipeText(ratingOffer_->subject);
    ratingOffer_.reset();
    voice_ = VoiceChoice::automatic;
    clearLogSecrets();
    stack_.assign({kAttract});
    notice_.reset();
    lang_ = bundle_.ui.defaultLang;
    scale_ = TextScale::standard;
    if (was) ++generation_;  // a new generation only when a session (and its data) actually ended
    if (was) log(Level::info, "session.end", {{"reason", sessionEndCode(reason)}});
}

bool Terminal::tick(int64_t nowMs) {
    for (auto& s : services_) s->tick(*this, nowMs);
    if (!session_.active()) return false;
    if (session_.idleMs(nowMs) >= int64_t{bundle_.ui.idleTimeoutS} * 1000) {
        endSession(SessionEnd::idleTimeout);
        return true;
    }
    return false;
}

int Terminal::countdownSeconds(int64_t nowMs) const {
    if (!session_.active()) return -1;
    const int64_t left = int64_t{bundle_.ui.idleTimeoutS} * 1000 - session_.idleMs(nowMs);
    if (left > int64_t{bundle_.ui.countdownS} * 1000) return -1;
    return static_cast<int>((std::max<int64_t>(left, 0) + 999) / 1000);
}

int64_t Terminal::msUntilChange(int64_t nowMs, int64_t wallMs) const {
    // A notice disappears by itself when its time is up; a service may have a deadline of its own on screen.
    int64_t soonest = notice_ && notice_->untilMs > nowMs ? notice_->untilMs - nowMs : INT64_MAX;
    for (const auto& s : services_) soonest = std::min(soonest, s->msUntilChange(nowMs));
    if (!session_.active()) {
        // Attract shows hours and minutes: wake at the next minute boundary.
        return std::min(soonest, 60000 - wallMs % 60000);
    }
    const int64_t left = int64_t{bundle_.ui.idleTimeoutS} * 1000 - session_.idleMs(nowMs);
    const int64_t warnAt = int64_t{bundle_.ui.countdownS} * 1000;
    if (left <= 0) return 0;
    if (left > warnAt) return std::min(soonest, left - warnAt);
    const int64_t toNextSecond = left % 1000;
    return toNextSecond == 0 ? 1000 : toNextSecond;
}

void Terminal::setBundle(Bundle bundle) {
    bundle_ = std::move(bundle);
    if (!session_.active()) lang_ = bundle_.ui.defaultLang;
}

std::string formatDate(const Strings& strings, Lang lang, const std::tm& tm) {
    const std::string weekday = strings.text(lang, "date.weekday." + std::to_string(tm.tm_wday));
    if (lang == Lang::zhCN)
        return std::to_string(tm.tm_year + 1900) + "年" + std::to_string(tm.tm_mon + 1) + "月" +
               std::to_string(tm.tm_mday) + "日 " + weekday;
    const std::string month = strings.text(lang, "date.month." + std::to_string(tm.tm_mon + 1));
    return weekday + " " + std::to_string(tm.tm_mday) + " " + month + " " + std::to_string(tm.tm_year + 1900);
}

std::string maskIdNumber(std::string_view id) {
    if (id.size() < 8) return std::string(id.size(), '*');
    std::string out(id);
    for (size_t i = 6; i + 4 < out.size(); ++i) out[i] = '*';
    return out;
}

AttractView Terminal::attractView(std::time_t wall) const {
    std::tm tm{};
    localtime_r(&wall, &tm);
    char hm[8];
    std::snprintf(hm, sizeof hm, "%02d:%02d", tm.tm_hour, tm.tm_min);
    AttractView v{bundle_.hallName.get(lang_), formatDate(strings_, lang_, tm), hm, {}, ""};
    for (const auto& a : bundle_.announcements) v.announcements.push_back(a.get(lang_));
    if (closedAt(wall)) {
        const int64_t opens = opensAfter(wall);
        v.closed = opens ? fill(tr("attract.closed_until"), {{"day", protocol::dateOf(opens)}, {"time", protocol::slotIdOf(opens).substr(11)}})
                         : tr("attract.closed");
    }
    return v;
}

int ageOn(std::string_view birth, std::string_view day) {
    if (birth.size() != 8 || day.size() != 10) return -1;
    for (char c : birth)
        if (c < '0' || c > '9') return -1;
    const std::string b(birth);
    const std::string asDate = b.substr(0, 4) + "-" + b.substr(4, 2) + "-" + b.substr(6, 2);
    if (!protocol::validDate(asDate) || asDate > day) return -1;
    const int years = std::stoi(std::string(day.substr(0, 4))) - std::stoi(b.substr(0, 4));
    return day.substr(5) < std::string_view(asDate).substr(5) ? years - 1 : years;
}

HomeView Terminal::homeView(std::time_t wall) const {
    HomeView v;
    const Identity& id = session_.identity();
    if (id.present()) {
        v.greeting = fill(tr("home.greeting"), {{"name", applicantLine()}});
        if (ageOn(id.birth.view(), protocol::dateOf(wall)) >= kElderlyAge) {
            v.greenChannel = tr("home.green_channel");
            v.offerElderlyScale = scale_ != TextScale::elderly && !offerDismissed_;
        }
    }
    for (const auto& s : services_) {
        if (!s->onHome()) continue;
        const std::string code(s->code());
        v.tiles.push_back({s->code(), "service." + code + ".title", "service." + code + ".desc"});
    }
    return v;
}

bool Terminal::voiceOn() const {
    if (voice_ != VoiceChoice::automatic) return voice_ == VoiceChoice::on;
    return scale_ == TextScale::elderly;
}

std::string Terminal::spokenPrompt() const {
    if (screen() == kAttract) return tr("attract.touch_to_start") + tr("attract.insert_card");
    if (screen() == kHome) return tr("home.title") + tr("voice.home");
    const Service* owner = ownerOf(screen());
    return owner ? owner->spokenPrompt(*this, screen()) : "";
}

Applicant Terminal::applicant() const {
    const Identity& id = session_.identity();
    return {std::string(id.name.view()), maskIdNumber(id.idNumber.view())};
}

std::string Terminal::applicantLine() const {
    const Applicant a = applicant();
    return a.name + "（" + a.maskedId + "）";
}

std::vector<std::string_view> Terminal::headingTexts() const {
    std::vector<std::string_view> out{bundle_.hallName.zh, bundle_.hallName.en, "0123456789:：（）*，。"};
    for (Lang l : kLangs)
        for (auto s : strings_.all(l)) out.push_back(s);
    return out;
}

std::vector<std::string_view> Terminal::knownTexts() const {
    std::vector<std::string_view> out = bundle_.texts();
    for (auto s : headingTexts()) out.push_back(s);
    return out;
}

}  // namespace ow::core
