// Case progress, the service: the question asked (kept for "try again"), central's answer, the typed lookup.
#include "kiosk/services/progress/progress.h"

#include <sodium.h>

#include "kiosk/log.h"
#include "kiosk/scan_code.h"
#include "kiosk/terminal.h"

namespace ow::core::progress {

void CaseProgress::open(Terminal& t) {
    if (t.session().identity().present() && t.screen() != kProgress) {
        ask(t, CaseQuestion{std::string(t.session().identity().idNumber.view()), "", "", ""});
        t.navigate(kProgress);
        return;
    }
    typed_ = {};
    typedProblem_.clear();
    t.navigate(kLookup);
}

void CaseProgress::apply(Terminal& t, int kind, int value, int64_t) {
    switch (static_cast<Kind>(kind)) {
        case Kind::keypad: {
            if (t.screen() != kLookup) break;
            std::string& field = typed_.field == 0 ? typed_.caseDigits : typed_.phone;
            const size_t max = typed_.field == 0 ? kCaseDigits : 12;
            if (value >= 0 && value <= 9 && field.size() < max) field += static_cast<char>('0' + value);
            if (value == kKeypadDelete && !field.empty()) field.pop_back();
            if (value == kKeypadClear) field.clear();
            // A full case number moves on to the phone, as on a bank's keypad.
            if (typed_.field == 0 && typed_.caseDigits.size() == kCaseDigits && value <= 9) typed_.field = 1;
            typedProblem_.clear();
            break;
        }
        case Kind::selectField: typed_.field = value == 1 ? 1 : 0; break;
        case Kind::lookupSubmit:
            if (t.screen() != kLookup) break;
            typedProblem_ = typedLookupProblem(typed_);
            if (!typedProblem_.empty()) break;
            ask(t, CaseQuestion{"", "", "OW" + typed_.caseDigits, typed_.phone});
            t.navigate(kProgress);
            break;
        case Kind::retry:
            if (t.screen() == kProgress && (!answer_ || answer_->outcome != CaseAnswer::Outcome::answered))
                ask(t, CaseQuestion(question_));
            break;
    }
}

// A card placed while the terminal asks "how do you want to look up your case" answers that question.
void CaseProgress::identified(Terminal& t, ScreenId screen) {
    if (screen != kLookup) return;
    ask(t, CaseQuestion{std::string(t.session().identity().idNumber.view()), "", "", ""});
    t.navigate(kProgress);
}

// A receipt's code is a way to identify: it opens that case's progress, from any screen.
bool CaseProgress::scanned(Terminal& t, const ScanCode& code, const std::string& payload, int64_t nowMs) {
    if (code.kind != ScanKind::caseReceipt) return false;
    t.beginSession(nowMs, "receipt_code");
    t.setCurrent(kCode);
    t.clearNotice();
    ask(t, CaseQuestion{"", payload, "", ""});
    t.showFromHome(kProgress);
    return true;
}

void CaseProgress::ask(Terminal& t, CaseQuestion question) {
    forgetCases();
    question_.wipe();
    question_ = std::move(question);
    t.forgetRequests(*this);  // an answer to an older question is dropped
    t.request(*this, CaseQuestion(question_));
    log(Level::info, "cases.asked", {{"by", !question_.idNumber.empty() ? "id_card" : !question_.receiptCode.empty() ? "receipt" : "case_no"}});
}

void CaseProgress::answered(Terminal& t, Answer& a) {
    auto* answer = std::get_if<CaseAnswer>(&a.body);
    if (!answer) return;
    static const char* const kOutcomes[] = {"answered", "offline", "refused"};
    log(answer->outcome == CaseAnswer::Outcome::answered ? Level::info : Level::warning, "cases.answered",
        {{"outcome", kOutcomes[static_cast<int>(answer->outcome)]}, {"cases", std::to_string(answer->cases.size())},
         {"detail", answer->detail}});
    forgetCases();
    answer_ = std::move(*answer);
    // The query may be rated (好差评): the first case shown.
    if (answer_->outcome == CaseAnswer::Outcome::answered && !answer_->cases.empty())
        t.offerRating({"query", answer_->cases.front().caseNo, answer_->cases.front().matterName, kProgress});
}

void CaseProgress::forgetCases() {
    if (answer_) wipeCases(answer_->cases);
    answer_.reset();
}

void CaseProgress::wipe() {
    forgetCases();
    question_.wipe();
    for (auto* s : {&typed_.caseDigits, &typed_.phone}) sodium_memzero(s->data(), s->size());
    typed_ = {};
    typedProblem_.clear();
}

std::string CaseProgress::spokenPrompt(const Terminal& t, ScreenId screen) const {
    if (screen == kLookup) {
        if (!typedProblem_.empty()) return t.tr(typedProblem_);
        return t.tr("lookup.card") + t.tr("lookup.scan") + t.tr("lookup.type");
    }
    if (!answer_) return t.tr("progress.asking");
    if (answer_->outcome == CaseAnswer::Outcome::offline) return t.tr("progress.offline") + t.tr("progress.offline_next");
    if (answer_->outcome == CaseAnswer::Outcome::refused) return t.tr("progress.refused");
    if (answer_->cases.empty()) return t.tr("progress.none");
    // The newest case's matter and status; its details (reasons, missing items) are read on screen, not
    // announced to everyone nearby.
    const auto& c = answer_->cases.front();
    return fill(t.tr("voice.cases"), {{"n", std::to_string(answer_->cases.size())}}) + c.matterName + "，" +
           t.tr(std::string("case.status.") + protocol::caseStatusCode(c.status)) + "。" + t.tr("voice.progress_more");
}

ProgressView CaseProgress::progressView(const Terminal& t, std::time_t wall) const {
    ProgressView v;
    if (!question_.idNumber.empty() && t.session().identity().present())
        v.heading = fill(t.tr("progress.heading_person"), {{"name", std::string(t.session().identity().name.view())}});
    else if (!question_.caseNo.empty())
        v.heading = fill(t.tr("progress.heading_case"), {{"case", question_.caseNo}});
    else
        v.heading = t.tr("service.progress.title");
    if (!t.bundle().servicePhone.empty()) v.phoneLine = fill(t.tr("notbuilt.phone"), {{"phone", t.bundle().servicePhone}});
    if (!answer_) return v;
    switch (answer_->outcome) {
        case CaseAnswer::Outcome::answered:
            v.state = answer_->cases.empty() ? ProgressView::State::none : ProgressView::State::cases;
            v.cases = caseViews(answer_->cases, t.strings(), t.lang(), protocol::dateOf(wall), t.bundle().calendar);
            break;
        case CaseAnswer::Outcome::offline: v.state = ProgressView::State::offline; break;
        case CaseAnswer::Outcome::refused: v.state = ProgressView::State::refused; break;
    }
    return v;
}

LookupView CaseProgress::lookupView(const Terminal& t) const {
    return {"OW" + typed_.caseDigits, typed_.phone, typed_.field, typedProblem_.empty() ? "" : t.tr(typedProblem_)};
}

}  // namespace ow::core::progress
