// Rating the service at the terminal.
#include "kiosk/services/rate/rate.h"

#include <nlohmann/json.hpp>

#include "kiosk/log.h"
#include "kiosk/protocol/signing.h"
#include "kiosk/services/progress/case_progress.h"
#include "kiosk/terminal.h"

namespace ow::core::rate {

using nlohmann::json;

static_assert(static_cast<int>(Kind::formChoice) - static_cast<int>(Kind::formField) == static_cast<int>(FormEdit::choice),
              "the form's intents follow FormEdit's order");

namespace {
// What can go wrong (国办发〔2019〕51号: a bad rating says what), in the order shown.
constexpr const char* kReasonKeys[] = {"rate.reason_wait",     "rate.reason_materials", "rate.reason_attitude", "rate.reason_guide",
                                    "rate.reason_slow",     "rate.reason_device",    "rate.reason_other"};
}  // namespace

std::vector<std::string> levelWords(const Terminal& t) {
    std::vector<std::string> out;
    for (int level = 5; level >= 1; --level) out.push_back(t.tr("rate.level." + std::to_string(level)));
    return out;
}

void Rate::open(Terminal& t) {
    wipe();
    FormField words;
    words.key = "text";
    words.label = {t.strings().text(Lang::zhCN, "rate.words"), t.strings().text(Lang::en, "rate.words")};
    words.hint = {t.strings().text(Lang::zhCN, "rate.words_hint"), t.strings().text(Lang::en, "rate.words_hint")};
    words.required = false, words.maxLength = 300;
    words_ = {words};
    // From a service just done: that service. From the tile: what the person may rate, by card.
    if (const auto& offer = t.ratingOffer()) {
        subject_ = Subject{offer->stage, offer->subject, offer->what};
        t.clearRatingOffer();
        if (t.session().identity().present()) {
            t.navigate(kLevels);
            return;
        }
        t.navigate(kStart);
        return;
    }
    t.showFromHome(kStart);
    if (t.session().identity().present()) identified(t, kStart);
}

void Rate::identified(Terminal& t, ScreenId screen) {
    if (screen != kStart) return;
    if (subject_) {  // real-name: the card was what an offered rating waited for
        t.showFromHome(kLevels);
        return;
    }
    t.showFromHome(kStart);
    central_.ask(t, *this, mine, "/v1/ratings/mine", json{{"id_number", t.session().identity().idNumber.view()}}.dump());
}

void Rate::sendRating(Terminal& t) {
    const Identity& id = t.session().identity();
    if (!subject_ || !id.present()) return;
    json reasons = json::array();
    for (int r : reasons_) reasons.push_back(t.strings().text(Lang::zhCN, kReasonKeys[r]));
    json body = {{"key", protocol::randomHex(12)},  // one decision: every retry of it sends this key
                 {"stage", subject_->stage},          {"subject", subject_->subject},
                 {"level", level_},                   {"reasons", reasons},
                 {"text", form_.size() ? std::string(form_.value(0)) : ""},
                 {"name", id.name.view()},            {"id_number", id.idNumber.view()}};
    central_.ask(t, *this, send, "/v1/ratings/rate", body.dump());
    t.navigate(kDone);
}

void Rate::apply(Terminal& t, int kind, int value, int64_t) {
    switch (static_cast<Kind>(kind)) {
        case Kind::formField:
        case Kind::formKey:
        case Kind::formLetter:
        case Kind::formCandidate:
        case Kind::formChoice:
            if (t.screen() == kWords) form_.edit(words_, static_cast<FormEdit>(kind), value, t.pinyin());
            break;
        case Kind::words:
            if (t.screen() == kReasons) t.navigate(kWords);
            break;
        case Kind::wordsDone:
            if (t.screen() == kWords && form_.check(words_)) t.navigate(kReasons);
            break;
        case Kind::choose:
            if (value < 0 || value >= static_cast<int>(items_.size()) || items_[static_cast<size_t>(value)].rated) break;
            subject_ = items_[static_cast<size_t>(value)];
            t.navigate(kLevels);
            break;
        case Kind::level:
            if (!subject_ || value < 1 || value > 5 || t.screen() != kLevels) break;
            level_ = value;
            if (value >= 3) {
                sendRating(t);
            } else {  // 不满意, 非常不满意: what went wrong, first
                reasons_.clear();
                form_.start(words_.size());
                needOne_ = false;
                t.navigate(kReasons);
            }
            break;
        case Kind::reason:
            if (value < 0 || value >= static_cast<int>(std::size(kReasonKeys))) break;
            if (!reasons_.erase(value)) reasons_.insert(value);
            needOne_ = false;
            break;
        case Kind::submit:
            if (t.screen() != kReasons) break;
            if (reasons_.empty()) {
                needOne_ = true;
                break;
            }
            sendRating(t);
            break;
        case Kind::retry:
            central_.retry(t, *this);
            break;
    }
}

void Rate::answered(Terminal&, Answer& a) {
    const CentralReply* r = central_.take(a);
    if (!r || central_.state() != Asking::answered || r->op != mine) return;
    items_.clear();
    const json j = json::parse(r->body, nullptr, false);
    if (j.is_object() && j.contains("rateable") && j["rateable"].is_array())
        for (const auto& i : j["rateable"])
            if (i.is_object() && i.contains("stage") && i["stage"].is_string() && i.contains("subject") && i["subject"].is_string())
                items_.push_back({i["stage"].get<std::string>(), i["subject"].get<std::string>(), i.value("what", ""),
                                  i.value("rated", false), i.value("at", int64_t{0})});
}

std::string Rate::kindText(const Terminal& t, const std::string& stage) const {
    const std::string key = "rate.stage." + stage;
    return t.strings().has(t.lang(), key) ? t.tr(key) : stage;
}

StartView Rate::startView(const Terminal& t) const {
    StartView v;
    v.identified = t.session().identity().present();
    v.asking = central_.question().op == send ? Asking::idle : central_.state();
    if (v.asking == Asking::offline) v.problem = t.tr("rate.offline");
    for (const auto& i : items_) v.items.push_back({i.what, kindText(t, i.stage), i.at ? caseTime(i.at) : "", i.rated});
    return v;
}

LevelsView Rate::levelsView(const Terminal& t) const {
    LevelsView v;
    if (subject_) v.what = subject_->what, v.kind = kindText(t, subject_->stage);
    v.levels = levelWords(t);
    return v;
}

ReasonsView Rate::reasonsView(const Terminal& t) const {
    ReasonsView v;
    if (subject_) v.what = subject_->what;
    if (level_ >= 1 && level_ <= 5) v.level = t.tr("rate.level." + std::to_string(level_));
    for (int i = 0; i < static_cast<int>(std::size(kReasonKeys)); ++i) v.reasons.push_back({t.tr(kReasonKeys[i]), reasons_.count(i) > 0});
    if (form_.size()) v.words = std::string(form_.value(0));
    v.needOne = needOne_;
    return v;
}

FormView Rate::wordsView(const Terminal& t) const {
    return form_.view(words_, t.strings(), t.lang(), t.tr("rate.words_title"));
}

DoneView Rate::doneView(const Terminal& t) const {
    DoneView v;
    v.asking = central_.state();
    const CentralReply* reply = central_.reply();
    switch (v.asking) {
        case Asking::idle:
        case Asking::waiting: v.message = t.tr("rate.sending"); break;
        case Asking::offline: v.message = t.tr("rate.offline"), v.canRetry = true; break;
        case Asking::refused:
            v.message = t.tr(reply && reply->refusal == "already_rated" ? "rate.already" : "rate.not_found");
            break;
        case Asking::answered: {
            v.message = t.tr("rate.thanks");
            const json j = reply ? json::parse(reply->body, nullptr, false) : json();
            if (j.is_object() && j.contains("rating") && j["rating"].is_object() && j["rating"].contains("follow_up"))
                v.detail = fill(t.tr("rate.follow_up"), {{"date", j["rating"]["follow_up"].value("contact_by", "")}});
            break;
        }
    }
    return v;
}

std::string Rate::spokenPrompt(const Terminal& t, ScreenId screen) const {
    if (screen == kStart) return t.tr(t.session().identity().present() ? "voice.rate.start" : "voice.rate.card");
    if (screen == kLevels) return t.tr("voice.rate.levels");
    if (screen == kReasons) return t.tr("voice.rate.reasons");
    if (screen == kWords) return t.tr("voice.rate.words");
    const auto v = doneView(t);
    return v.message + v.detail;
}

void Rate::wipe() {
    if (subject_) wipeText(subject_->subject);
    subject_.reset();
    for (auto& i : items_) wipeText(i.subject);
    items_.clear();
    level_ = 0;
    reasons_.clear();
    form_.wipe();
    needOne_ = false;
    central_.wipe();
}

}  // namespace ow::core::rate
