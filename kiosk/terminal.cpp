// The terminal's core state: navigation, session lifecycle and view-models.
#include "kiosk/terminal.h"

#include <sodium.h>

#include <algorithm>

#include "kiosk/guide_notice.h"
#include "kiosk/log.h"
#include "kiosk/utf8.h"

namespace ow::core {

const char* serviceCode(Service service) {
    switch (service) {
        case Service::progress: return "progress";
        case Service::guides: return "guides";
        case Service::presubmit: return "presubmit";
        case Service::appointments: return "appointments";
        case Service::collect: return "collect";
        case Service::rate: return "rate";
        case Service::report: return "report";
        case Service::callStaff: return "call_staff";
    }
    return "?";
}

Terminal::Terminal(Strings strings, Bundle bundle)
    : strings_(std::move(strings)), bundle_(std::move(bundle)), lang_(bundle_.ui.defaultLang) {}

void Terminal::navigate(ScreenId to) {
    if (stack_.back() != to) stack_.push_back(to);
}

void Terminal::apply(const Intent& intent, int64_t nowMs) {
    using K = Intent::Kind;
    if (intent.kind != K::setLang && intent.kind != K::setScale) notice_.reset();
    if (session_.active()) session_.touch(nowMs);
    if (applyPresubmit(intent, nowMs)) return;
    switch (intent.kind) {
        case K::none: break;
        case K::start:
            if (outOfService()) break;  // nothing here could serve the person: attract says where to go
            if (!session_.active()) {
                session_.start(nowMs);
                log(Level::info, "session.start");
            }
            stack_.assign({ScreenId::attract, ScreenId::home});
            break;
        case K::openService:
            service_ = static_cast<Service>(intent.value);
            log(Level::info, "flow.open", {{"service", serviceCode(service_)}});
            if (service_ == Service::guides) {
                navigate(ScreenId::guides);
            } else if (service_ == Service::presubmit) {
                pre_.wipe();  // from the tile: no matter chosen yet
                navigate(ScreenId::presubmit);
            } else if (service_ != Service::progress) {
                navigate(ScreenId::notBuilt);
            } else if (session_.identity().present() && screen() != ScreenId::progress) {
                ask(CaseQuestion{std::string(session_.identity().idNumber.view()), "", "", ""});
                navigate(ScreenId::progress);
            } else {
                typed_ = {};
                typedProblem_.clear();
                navigate(ScreenId::caseLookup);
            }
            break;
        case K::keypad: {
            if (screen() != ScreenId::caseLookup) break;
            std::string& field = typed_.field == 0 ? typed_.caseDigits : typed_.phone;
            const size_t max = typed_.field == 0 ? kCaseDigits : 12;
            if (intent.value >= 0 && intent.value <= 9 && field.size() < max) field += static_cast<char>('0' + intent.value);
            if (intent.value == kKeypadDelete && !field.empty()) field.pop_back();
            if (intent.value == kKeypadClear) field.clear();
            // A full case number moves on to the phone, as on a bank's keypad.
            if (typed_.field == 0 && typed_.caseDigits.size() == kCaseDigits && intent.value <= 9) typed_.field = 1;
            typedProblem_.clear();
            break;
        }
        case K::selectField: typed_.field = intent.value == 1 ? 1 : 0; break;
        case K::lookupSubmit:
            if (screen() != ScreenId::caseLookup) break;
            typedProblem_ = typedLookupProblem(typed_);
            if (!typedProblem_.empty()) break;
            ask(CaseQuestion{"", "", "OW" + typed_.caseDigits, typed_.phone});
            navigate(ScreenId::progress);
            break;
        case K::dismissOffer: offerDismissed_ = true; break;
        case K::openSearch:
        case K::closeSearch:
            searching_ = intent.kind == K::openSearch;
            letters_.clear();
            query_.clear();
            searchChanged();
            break;
        case K::typeLetter:
            if (!searching_ || intent.value < 0 || intent.value > 25 || letters_.size() >= 24) break;
            letters_ += static_cast<char>('a' + intent.value);
            searchChanged();
            break;
        case K::pickCandidate:
            if (intent.value < 0 || intent.value >= static_cast<int>(candidates_.size())) break;
            query_ += candidates_[static_cast<size_t>(intent.value)];
            letters_.clear();
            searchChanged();
            break;
        case K::searchDelete:
            if (!letters_.empty()) {
                letters_.pop_back();
            } else if (!query_.empty()) {
                std::vector<char32_t> cps;
                decodeUtf8(query_, cps);
                cps.pop_back();
                query_.clear();
                for (char32_t c : cps) appendUtf8(query_, c);
            }
            searchChanged();
            break;
        case K::searchClear:
            letters_.clear();
            query_.clear();
            searchChanged();
            break;
        case K::toggleVoice:
            voice_ = voiceOn() ? VoiceChoice::off : VoiceChoice::on;
            log(Level::info, "ui.voice", {{"on", voiceOn() ? "yes" : "no"}});
            break;
        case K::selectTheme:
            if (intent.value >= 0 && intent.value < static_cast<int>(std::size(kThemes))) theme_ = static_cast<Theme>(intent.value);
            break;
        case K::openMatter:
            if (intent.value < 0 || intent.value >= static_cast<int>(bundle_.matters.size())) break;
            matter_ = intent.value;
            log(Level::info, "matter.open", {{"matter", bundle_.matters[static_cast<size_t>(matter_)].code}});
            navigate(ScreenId::guide);
            break;
        case K::printNotice: {
            if (screen() != ScreenId::guide || matter_ < 0 || matter_ >= static_cast<int>(bundle_.matters.size())) break;
            const bool a4 = intent.value == 1;
            if (!deviceOnline(a4 ? "a4" : "receipt")) break;
            const auto& m = bundle_.matters[static_cast<size_t>(matter_)];
            prints_.push_back(PrintRequest{oneTimeNotice(m, bundle_, strings_, lang_, std::time(nullptr)), a4});
            log(Level::info, "matter.print", {{"matter", m.code}, {"printer", a4 ? "a4" : "receipt"}});
            notice_ = Notice{"notice.printing", {}, nowMs + 15000};
            break;
        }
        case K::retry:
            if (screen() == ScreenId::progress && (!answer_ || answer_->outcome != CaseAnswer::Outcome::answered))
                ask(CaseQuestion(question_));
            break;
        case K::home:
            if (session_.active()) stack_.assign({ScreenId::attract, ScreenId::home});
            break;
        case K::back:
            if (stack_.size() > 2) stack_.pop_back();
            break;
        case K::finish: endSession(SessionEnd::finished); break;
        case K::continueSession: break;  // the touch above already reset the idle time
        default: break;                   // pre-submission's intents: applyPresubmit took them
        case K::setLang:
            lang_ = static_cast<Lang>(intent.value);
            log(Level::info, "ui.language", {{"lang", langCode(lang_)}});
            break;
        case K::setScale:
            scale_ = static_cast<TextScale>(intent.value);
            log(Level::info, "ui.scale", {{"scale", scaleCode(scale_)}});
            break;
    }
}

void Terminal::activity(int64_t nowMs) {
    if (session_.active()) session_.touch(nowMs);
}

void Terminal::identify(const IdentityInput& who, int64_t nowMs) {
    // Another person's card in the middle of a session: the first person's data goes before the next is shown.
    if (session_.active() && session_.identity().present() && session_.identity().idNumber.view() != who.idNumber)
        endSession(SessionEnd::finished);
    // A card placed while the terminal asks "how do you want to look up your case" answers that question.
    const bool lookingUp = session_.active() && screen() == ScreenId::caseLookup;
    // So does a card placed where pre-submission asks for one: the person goes on choosing a matter.
    const bool presubmitting = session_.active() && screen() == ScreenId::presubmit;
    notice_.reset();
    if (!session_.active()) {
        session_.start(nowMs);
        log(Level::info, "session.start", {{"by", "id_card"}});
    }
    session_.touch(nowMs);
    Identity& id = session_.identity();
    id.name.assign(who.name);
    id.idNumber.assign(who.idNumber);
    id.birth.assign(who.birth);
    id.address.assign(who.address);
    id.phone.assign(who.phone);
    addLogSecret(who.name);
    addLogSecret(who.address);
    log(Level::info, "identity.read");
    stack_.assign({ScreenId::attract, ScreenId::home});
    if (lookingUp) {
        ask(CaseQuestion{who.idNumber, "", "", ""});
        stack_.push_back(ScreenId::progress);
    }
    if (presubmitting) {
        stack_.push_back(ScreenId::presubmit);
        // The matter chosen before the card was asked for: on to its form.
        if (const Matter* m = preMatter(); m && !m->form.empty()) {
            startForm(pre_.matter);
            stack_.push_back(ScreenId::form);
        }
    }
}

void Terminal::ask(CaseQuestion question) {
    forgetCases();
    question_.wipe();
    question_ = std::move(question);
    questionPending_ = true;
    ++ticket_;
    log(Level::info, "cases.asked", {{"by", !question_.idNumber.empty() ? "id_card" : !question_.receiptCode.empty() ? "receipt" : "case_no"}});
}

void Terminal::forgetCases() {
    if (answer_) wipeCases(answer_->cases);
    answer_.reset();
}

std::optional<std::pair<uint64_t, CaseQuestion>> Terminal::takeCaseQuestion() {
    if (!questionPending_) return std::nullopt;
    questionPending_ = false;
    return std::make_pair(ticket_, question_);
}

void Terminal::onCaseAnswer(uint64_t ticket, CaseAnswer answer) {
    if (ticket != ticket_ || !session_.active()) {  // asked for someone who has gone, or asked again since
        wipeCases(answer.cases);
        return;
    }
    static const char* const kOutcomes[] = {"answered", "offline", "refused"};
    log(answer.outcome == CaseAnswer::Outcome::answered ? Level::info : Level::warning, "cases.answered",
        {{"outcome", kOutcomes[static_cast<int>(answer.outcome)]}, {"cases", std::to_string(answer.cases.size())},
         {"detail", answer.detail}});
    forgetCases();
    answer_ = std::move(answer);
}

void Terminal::onDevice(const drivers::DeviceEvent& event, int64_t nowMs) {
    constexpr int64_t kNoticeMs = 15000;
    if (const auto* st = std::get_if<drivers::DeviceStatusChanged>(&event)) {
        devices_[st->device] = *st;
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
        } else {
            identify({card->name, card->idNumber, card->birth, card->address, ""}, nowMs);
        }
        if (session_.active()) session_.touch(nowMs);
    } else if (const auto* scan = std::get_if<drivers::CodeScanned>(&event)) {
        const ScanCode code = classifyScan(scan->payload, bundle_.codeIssuers);
        log(Level::info, "scan", {{"source", scan->source}, {"kind", scanKindCode(code.kind)}, {"reason", code.reason}});
        // A receipt's code is a way to identify: it opens that case's progress, from any screen.
        if (code.kind == ScanKind::caseReceipt && !outOfService()) {
            if (!session_.active()) {
                session_.start(nowMs);
                log(Level::info, "session.start", {{"by", "receipt_code"}});
            }
            session_.touch(nowMs);
            service_ = Service::progress;
            notice_.reset();
            ask(CaseQuestion{"", scan->payload, "", ""});
            stack_.assign({ScreenId::attract, ScreenId::home, ScreenId::progress});
            return;
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

bool Terminal::outOfService() const {
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
    forgetCases();
    question_.wipe();
    questionPending_ = false;
    ++ticket_;  // an answer still on its way belongs to nobody now
    for (auto* t : {&typed_.caseDigits, &typed_.phone}) sodium_memzero(t->data(), t->size());
    typed_ = {};
    typedProblem_.clear();
    offerDismissed_ = false;
    voice_ = VoiceChoice::automatic;
    searching_ = false;
    letters_.clear();
    query_.clear();
    candidates_.clear();
    found_.clear();
    theme_ = Theme::livelihood;
    matter_ = -1;
    pre_.wipe();
    capture_.reset();
    if (submission_) submission_->wipe();
    submission_.reset();
    submittedDocs_.clear();
    prints_.clear();
    clearLogSecrets();
    stack_.assign({ScreenId::attract});
    notice_.reset();
    lang_ = bundle_.ui.defaultLang;
    scale_ = TextScale::standard;
    if (was) ++generation_;  // a new generation only when a session (and its data) actually ended
    if (was) log(Level::info, "session.end", {{"reason", sessionEndCode(reason)}});
}

bool Terminal::tick(int64_t nowMs) {
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
    // A notice disappears by itself when its time is up.
    const int64_t noticeLeft = notice_ && notice_->untilMs > nowMs ? notice_->untilMs - nowMs : INT64_MAX;
    if (!session_.active()) {
        // Attract shows hours and minutes: wake at the next minute boundary.
        return std::min(noticeLeft, 60000 - wallMs % 60000);
    }
    const int64_t left = int64_t{bundle_.ui.idleTimeoutS} * 1000 - session_.idleMs(nowMs);
    const int64_t warnAt = int64_t{bundle_.ui.countdownS} * 1000;
    if (left <= 0) return 0;
    if (left > warnAt) return std::min(noticeLeft, left - warnAt);
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
    AttractView v{bundle_.hallName.get(lang_), formatDate(strings_, lang_, tm), hm, {}};
    for (const auto& a : bundle_.announcements) v.announcements.push_back(a.get(lang_));
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
    for (Service s : kServices) {
        const std::string code = serviceCode(s);
        v.tiles.push_back({s, "service." + code + ".title", "service." + code + ".desc"});
    }
    return v;
}

NotBuiltView Terminal::notBuiltView() const {
    NotBuiltView v;
    v.serviceTitle = tr("service." + std::string(serviceCode(service_)) + ".title");
    v.body = tr(service_ == Service::callStaff ? "notbuilt.call_staff" : "notbuilt.body");
    if (!bundle_.servicePhone.empty()) v.phoneLine = fill(tr("notbuilt.phone"), {{"phone", bundle_.servicePhone}});
    return v;
}

ProgressView Terminal::progressView(std::time_t wall) const {
    ProgressView v;
    if (!question_.idNumber.empty() && session_.identity().present())
        v.heading = fill(tr("progress.heading_person"), {{"name", std::string(session_.identity().name.view())}});
    else if (!question_.caseNo.empty())
        v.heading = fill(tr("progress.heading_case"), {{"case", question_.caseNo}});
    else
        v.heading = tr("service.progress.title");
    if (!bundle_.servicePhone.empty()) v.phoneLine = fill(tr("notbuilt.phone"), {{"phone", bundle_.servicePhone}});
    if (!answer_) return v;
    switch (answer_->outcome) {
        case CaseAnswer::Outcome::answered:
            v.state = answer_->cases.empty() ? ProgressView::State::none : ProgressView::State::cases;
            v.cases = caseViews(answer_->cases, strings_, lang_, protocol::dateOf(wall), bundle_.calendar);
            break;
        case CaseAnswer::Outcome::offline: v.state = ProgressView::State::offline; break;
        case CaseAnswer::Outcome::refused: v.state = ProgressView::State::refused; break;
    }
    return v;
}

// Search: chosen characters match names that contain them; pinyin letters match names that contain one of
// the engine's candidates for them (so "sp" finds 食品, "gth" 个体户).
void Terminal::searchChanged() {
    candidates_.clear();
    found_.clear();
    if (!searching_) return;
    std::vector<std::string> names;
    for (const auto& m : bundle_.matters) names.push_back(m.name.zh);
    if (!letters_.empty() && pinyin_) {
        candidates_ = pinyin_->candidates(letters_, 8);
        const auto wide = pinyin_->candidates(letters_, 400);
        std::vector<std::string> withQuery;
        for (const auto& c : wide) withQuery.push_back(query_ + c);
        found_ = matchByPinyin(names, withQuery);
    } else if (!query_.empty()) {
        for (size_t i = 0; i < names.size(); ++i)
            if (nameHolds(names[i], query_)) found_.push_back(static_cast<int>(i));
    }
}

GuidesView Terminal::guidesView() const {
    GuidesView v;
    v.theme = theme_;
    v.searching = searching_;
    v.query = query_;
    v.letters = letters_;
    v.candidates = candidates_;
    if (searching_) {
        for (int i : found_) v.matters.push_back(matterItem(static_cast<size_t>(i)));
        return v;
    }
    for (size_t i = 0; i < bundle_.matters.size(); ++i)
        if (bundle_.matters[i].theme == theme_) v.matters.push_back(matterItem(i));
    return v;
}

GuidesView::Item Terminal::matterItem(size_t i) const {
    const auto& m = bundle_.matters[i];
    return {static_cast<int>(i), m.name.get(lang_), m.department.get(lang_), promisedLimitText(m, strings_, lang_)};
}

GuideView Terminal::guideView() const {
    GuideView v;
    if (matter_ < 0 || matter_ >= static_cast<int>(bundle_.matters.size())) return v;
    const auto& m = bundle_.matters[static_cast<size_t>(matter_)];
    v.name = m.name.get(lang_);
    v.code = m.code;
    v.department = m.department.get(lang_);
    v.limit = promisedLimitText(m, strings_, lang_);
    v.fees = m.guide.fees.get(lang_);
    v.basis = m.guide.basis.get(lang_);
    v.conditions = m.guide.conditions.get(lang_);
    if (m.toleranceAllowed) v.tolerance = tr("notice.doc_tolerance");
    for (const auto& mat : m.materials)
        v.materials.push_back({mat.name.get(lang_), materialCopiesText(mat, strings_, lang_), mat.note.get(lang_), mat.key});
    for (const auto& p : m.guide.procedure) v.procedure.push_back(p.get(lang_));
    for (const auto& f : m.guide.faq) v.faq.emplace_back(f.question.get(lang_), f.answer.get(lang_));
    v.canPrintReceipt = deviceOnline("receipt");
    v.canPrintA4 = deviceOnline("a4");
    v.canPresubmit = !m.form.empty();
    v.index = matter_;
    return v;
}

bool Terminal::voiceOn() const {
    if (voice_ != VoiceChoice::automatic) return voice_ == VoiceChoice::on;
    return scale_ == TextScale::elderly;
}

std::string Terminal::spokenPrompt() const {
    const auto join = [&](std::initializer_list<std::string_view> keys) {
        std::string out;
        for (auto k : keys) out += tr(k);
        return out;
    };
    switch (screen()) {
        case ScreenId::attract: return join({"attract.touch_to_start", "attract.insert_card"});
        case ScreenId::home: return join({"home.title", "voice.home"});
        case ScreenId::notBuilt: return join({"notbuilt.title", "notbuilt.body"});
        case ScreenId::caseLookup:
            if (!typedProblem_.empty()) return tr(typedProblem_);
            return join({"lookup.card", "lookup.scan", "lookup.type"});
        case ScreenId::progress: {
            if (!answer_) return tr("progress.asking");
            if (answer_->outcome == CaseAnswer::Outcome::offline) return join({"progress.offline", "progress.offline_next"});
            if (answer_->outcome == CaseAnswer::Outcome::refused) return tr("progress.refused");
            if (answer_->cases.empty()) return tr("progress.none");
            // The newest case's matter and status; its details (reasons, missing items) are read on screen, not
            // announced to everyone nearby.
            const auto& c = answer_->cases.front();
            return fill(tr("voice.cases"), {{"n", std::to_string(answer_->cases.size())}}) + c.matterName + "，" +
                   tr(std::string("case.status.") + protocol::caseStatusCode(c.status)) + "。" + tr("voice.progress_more");
        }
        case ScreenId::guides: return tr("guides.choose");
        case ScreenId::guide: {
            if (matter_ < 0 || matter_ >= static_cast<int>(bundle_.matters.size())) return "";
            return bundle_.matters[static_cast<size_t>(matter_)].name.get(lang_) + "。" + tr("voice.guide");
        }
        // Pre-submission: what to do on each screen; never what was typed, nor the receipt number.
        case ScreenId::presubmit:
            return tr(session_.identity().present() ? "presubmit.choose" : "presubmit.need_card");
        case ScreenId::form: return tr(pre_.problems.empty() ? "presubmit.voice_form" : "presubmit.voice_form_problems");
        case ScreenId::materials: return tr("presubmit.voice_materials");
        case ScreenId::confirm: return tr("presubmit.voice_confirm");
        case ScreenId::commitment: return tr("presubmit.voice_commitment");
        case ScreenId::incomplete: return tr("presubmit.voice_incomplete");
        case ScreenId::submitted:
            if (!pre_.failure.empty()) return tr("presubmit.failed");
            return tr(pre_.queuedOffline ? "presubmit.voice_queued" : "presubmit.voice_submitted");
    }
    return "";
}

std::optional<PrintRequest> Terminal::takePrintRequest() {
    if (prints_.empty()) return std::nullopt;
    PrintRequest r = std::move(prints_.front());
    prints_.erase(prints_.begin());
    return r;
}

LookupView Terminal::lookupView() const {
    return {"OW" + typed_.caseDigits, typed_.phone, typed_.field, typedProblem_.empty() ? "" : tr(typedProblem_)};
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
