// Pre-submission, the service: the form typed field by field, the pages photographed, the completeness check, the
// submission handed to main to store durably, and the receipt printed.
#include <sodium.h>

#include <algorithm>

#include "kiosk/guide_notice.h"
#include "kiosk/log.h"
#include "kiosk/services/presubmit/presubmit.h"
#include "kiosk/terminal.h"
#include "kiosk/utf8.h"

namespace ow::core::presubmit {

const Matter* Presubmit::matter(const Terminal& t) const {
    if (pre_.matter < 0 || pre_.matter >= static_cast<int>(t.bundle().matters.size())) return nullptr;
    return &t.bundle().matters[static_cast<size_t>(pre_.matter)];
}

void Presubmit::startForm(const Terminal& t, int matter) {
    pre_.wipe();
    pre_.matter = matter;
    const Matter& m = *this->matter(t);
    pre_.form.start(m.form.size());
    pre_.materials.resize(m.materials.size());
    // What the ID card already says is filled in for the person (they may still change it).
    const Identity& id = t.session().identity();
    for (size_t i = 0; i < m.form.size(); ++i) {
        if (m.form[i].key == "applicant_name") pre_.form.set(i, id.name.view());
        if (m.form[i].key == "applicant_id") pre_.form.set(i, id.idNumber.view());
    }
    pre_.form.selectFirstEmpty();
    log(Level::info, "submission.start", {{"matter", m.code}});
}

static_assert(static_cast<int>(Kind::formChoice) - static_cast<int>(Kind::formField) == static_cast<int>(FormEdit::choice),
              "the form's intents follow FormEdit's order");

void Presubmit::apply(Terminal& t, int kind, int value, int64_t nowMs) {
    using K = Kind;
    const K k = static_cast<K>(kind);
    const Matter* m = matter(t);
    switch (k) {
        case K::openMatter:
            if (!t.session().active() || value < 0 || value >= static_cast<int>(t.bundle().matters.size()) ||
                t.bundle().matters[static_cast<size_t>(value)].form.empty())
                return;
            t.setCurrent(kCode);
            if (!t.session().identity().present()) {  // real-name intake: the ID card first, then this matter's form
                pre_.wipe();
                pre_.matter = value;
                t.navigate(kChoose);
                return;
            }
            startForm(t, value);
            t.navigate(kForm);
            return;
        case K::formField:
        case K::formKey:
        case K::formLetter:
        case K::formCandidate:
        case K::formChoice:
            if (m && t.screen() == kForm)
                pre_.form.edit(m->form, static_cast<FormEdit>(kind - static_cast<int>(K::formField)), value, t.pinyin());
            return;
        case K::formNext: {
            if (!m || t.screen() != kForm) return;
            // Real-name intake: the applicant is the holder of the card that was read (for someone else, 代办 with a
            // letter of authorisation at the counter).
            const bool right = pre_.form.check(m->form, [&](size_t i, std::string_view v) -> std::optional<FieldProblem> {
                if (m->form[i].key == "applicant_id" && v != t.session().identity().idNumber.view())
                    return FieldProblem{"presubmit.not_card_holder", {}};
                return std::nullopt;
            });
            log(Level::info, "submission.form", {{"matter", m->code}, {"problems", right ? "0" : "some"}});
            if (!right) return;
            t.navigate(kMaterials);
            return;
        }
        case K::capture:
            if (!m || t.screen() != kMaterials || pre_.capturing || value < 0 ||
                value >= static_cast<int>(pre_.materials.size()))
                return;
            if (!t.deviceOnline("document_camera")) {
                t.showNotice("presubmit.no_camera", {}, nowMs + 15000);
                return;
            }
            if (pre_.materials[static_cast<size_t>(value)].pages.size() >= protocol::kMaxPagesPerMaterial) return;
            pre_.capturing = true;
            pre_.captureTicket = t.request(*this, CaptureRequest{value});
            return;
        case K::markMissing:
        case K::clearPages:
            if (!m || t.screen() != kMaterials || value < 0 || value >= static_cast<int>(pre_.materials.size()))
                return;
            {
                auto& mat = pre_.materials[static_cast<size_t>(value)];
                for (auto& p : mat.pages) p.wipe();
                mat.pages.clear();
                if (k == K::markMissing) mat.missing = !mat.missing;
            }
            return;
        case K::materialsNext: {
            if (!m || t.screen() != kMaterials || pre_.capturing) return;
            std::vector<bool> captured;
            for (const auto& mat : pre_.materials) captured.push_back(!mat.pages.empty());
            // Whether the applicant is on the dishonesty list (失信名单) is checked by the back office at acceptance.
            pre_.verdict = checkCompleteness(*m, captured, false, protocol::dateOf(std::time(nullptr)), t.bundle().calendar);
            pre_.signature.clear();
            static const char* const kVerdicts[] = {"complete", "tolerance", "incomplete"};
            log(Level::info, "submission.checked", {{"matter", m->code}, {"verdict", kVerdicts[static_cast<int>(pre_.verdict.verdict)]}});
            switch (pre_.verdict.verdict) {
                case Completeness::Verdict::complete: t.navigate(kConfirm); break;
                case Completeness::Verdict::tolerance: t.navigate(kCommitment); break;
                case Completeness::Verdict::incomplete: t.navigate(kIncomplete); break;
            }
            return;
        }
        case K::signAt:
            if (t.screen() == kCommitment) pre_.signature.add(value);
            return;
        case K::signClear: pre_.signature.clear(); return;
        case K::submit: {
            if (!m || saving_) return;
            const bool tolerance = t.screen() == kCommitment;
            if (t.screen() != kConfirm && !tolerance) {
                if (!(t.screen() == kSubmitted && !pre_.failure.empty())) return;  // "try again" after a failure
            }
            if (pre_.verdict.verdict == Completeness::Verdict::incomplete) return;
            if (pre_.verdict.verdict == Completeness::Verdict::tolerance && !pre_.signature.looksSigned()) return;
            SubmissionRequest req;
            auto& s = req.submission;
            s.matterCode = m->code;
            s.matterName = m->name.zh;
            s.department = m->department.zh;
            s.instant = m->kind == MatterKind::instant;
            s.promisedDays = m->promisedLimitDays;
            const Identity& id = t.session().identity();
            s.applicantName = std::string(id.name.view());
            s.applicantId = std::string(id.idNumber.view());
            for (size_t i = 0; i < m->form.size(); ++i) {
                const FormField& f = m->form[i];
                std::string v = pre_.form.text(m->form, i);
                if (f.type == FormField::Type::phone && s.phone.empty()) s.phone = v;
                s.fields.push_back({f.key, f.label.zh, std::move(v)});
            }
            if (s.phone.empty()) s.phone = std::string(id.phone.view());
            for (size_t i = 0; i < m->materials.size(); ++i) {
                const auto& mat = pre_.materials[i];
                s.materials.push_back({m->materials[i].name.zh, m->materials[i].key, static_cast<int>(mat.pages.size()), mat.pages.empty()});
                req.pages.push_back(mat.pages);
            }
            s.tolerance = pre_.verdict.verdict == Completeness::Verdict::tolerance;
            if (s.tolerance) s.supplementBy = pre_.verdict.supplementBy;
            saving_ = true;
            t.request(*this, std::move(req));
            log(Level::info, "submission.submit", {{"matter", m->code}, {"tolerance", s.tolerance ? "yes" : "no"}});
            return;
        }
        case K::printMissing: {
            if (!m || t.screen() != kIncomplete) return;
            const bool a4 = value == 1;
            if (!t.deviceOnline(a4 ? "a4" : "receipt")) return;
            std::vector<int> missing = pre_.verdict.missingKey;
            missing.insert(missing.end(), pre_.verdict.missingOther.begin(), pre_.verdict.missingOther.end());
            t.request(*this, PrintRequest{oneTimeNotice(*m, t.bundle(), t.strings(), t.lang(), std::time(nullptr), missing), a4});
            t.showNotice("notice.printing", {}, nowMs + 15000);
            return;
        }
        case K::reprint:
            if (t.screen() != kSubmitted) return;
            printSubmission(t);
            return;
    }
}

// The receipt (and the signed commitment) of the last submission: on the receipt printer, else on A4.
void Presubmit::printSubmission(Terminal& t) {
    if (submittedDocs_.empty()) return;
    const bool receipt = t.deviceOnline("receipt"), a4 = t.deviceOnline("a4");
    if (!receipt && !a4) return;
    for (auto doc : submittedDocs_) {
        doc.a4 = !receipt;
        t.request(*this, std::move(doc));
    }
    t.showNotice("presubmit.printing", {}, t.session().lastActivityMs() + 15000);
}

std::map<int, const CapturedPage*> Presubmit::newestPages(const Terminal& t) const {
    std::map<int, const CapturedPage*> out;
    if (t.screen() != kMaterials) return out;
    for (size_t i = 0; i < pre_.materials.size(); ++i)
        if (!pre_.materials[i].pages.empty()) out[static_cast<int>(i)] = &pre_.materials[i].pages.back();
    return out;
}

void Presubmit::answered(Terminal& t, Answer& answer) {
    if (auto* page = std::get_if<PageCaptured>(&answer.body)) pageCaptured(t, answer.ticket, *page);
    if (auto* saved = std::get_if<SubmissionSaved>(&answer.body)) submitted(t, *saved);
}

// The photographed page; one for an older capture (the person started over) is left to the shell to wipe.
void Presubmit::pageCaptured(Terminal& t, uint64_t ticket, PageCaptured& captured) {
    const int material = captured.material;
    if (ticket != pre_.captureTicket || material < 0 || material >= static_cast<int>(pre_.materials.size())) return;
    pre_.capturing = false;
    auto& page = captured.page;
    if (!page) {
        log(Level::warning, "submission.capture_failed", {{"reason", page.error()}});
        t.showNotice("presubmit.capture_failed", {}, t.session().lastActivityMs() + 15000);
        return;
    }
    auto& mat = pre_.materials[static_cast<size_t>(material)];
    mat.missing = false;
    page->serial = ticket;
    mat.pages.push_back(std::move(*page));
    log(Level::info, "submission.page", {{"material", std::to_string(material)}, {"pages", std::to_string(mat.pages.size())}});
}

// The submission was saved (or could not be): the submitted screen, and its receipt printed (with the signed
// commitment, for a tolerance acceptance).
void Presubmit::submitted(Terminal& t, SubmissionSaved& saved) {
    saving_ = false;
    const Matter* m = matter(t);
    if (!m) return;
    auto& queued = saved.queued;
    if (!queued) {
        // Nothing was saved: the person's form and pages stay, and "try again" or the counter are offered.
        log(Level::error, "submission.save_failed", {{"reason", queued.error()}});
        pre_.failure = "presubmit.save_failed";
        t.navigate(kSubmitted);
        return;
    }
    pre_.failure.clear();
    pre_.receiptNo = queued->receiptNo;
    pre_.queuedOffline = !saved.reachable;
    log(Level::info, "submission.saved", {{"matter", m->code}, {"queued_offline", saved.reachable ? "no" : "yes"}});
    const int64_t nowS = std::time(nullptr);
    submittedDocs_.clear();
    submittedDocs_.push_back({submissionReceipt(*queued, *m, t.bundle(), t.strings(), t.lang(), nowS, saved.qr, !saved.reachable), false});
    if (queued->tolerance) submittedDocs_.push_back({commitment(t, pre_.signature, nowS), false});
    // The pages are in the outbox now; nothing of them needs to stay in memory.
    for (auto& mat : pre_.materials)
        for (auto& p : mat.pages) p.wipe();
    printSubmission(t);
    t.showFromHome(kSubmitted);
    // The submission may be rated once central has it (a submission kept on the terminal is rated later, from the tile).
    if (saved.reachable) t.offerRating({"submission", queued->receiptNo, m->name.zh, kSubmitted});
}

void Presubmit::open(Terminal& t) {
    pre_.wipe();  // from the tile: no matter chosen yet
    t.navigate(kChoose);
}

// A card placed where pre-submission asks for one: the person goes on choosing a matter, or straight on to the
// form of the matter chosen before the card was asked for.
void Presubmit::identified(Terminal& t, ScreenId screen) {
    if (screen != kChoose) return;
    t.navigate(kChoose);
    if (const Matter* m = matter(t); m && !m->form.empty()) {
        startForm(t, pre_.matter);
        t.navigate(kForm);
    }
}

void Presubmit::wipe() {
    pre_.wipe();
    saving_ = false;
    submittedDocs_.clear();
}

// What to do on each screen; never what was typed, nor the receipt number.
std::string Presubmit::spokenPrompt(const Terminal& t, ScreenId screen) const {
    if (screen == kChoose) return t.tr(t.session().identity().present() ? "presubmit.choose" : "presubmit.need_card");
    if (screen == kForm) return t.tr(!pre_.form.hasProblems() ? "presubmit.voice_form" : "presubmit.voice_form_problems");
    if (screen == kMaterials) return t.tr("presubmit.voice_materials");
    if (screen == kConfirm) return t.tr("presubmit.voice_confirm");
    if (screen == kCommitment) return t.tr("presubmit.voice_commitment");
    if (screen == kIncomplete) return t.tr("presubmit.voice_incomplete");
    if (!pre_.failure.empty()) return t.tr("presubmit.failed");
    return t.tr(pre_.queuedOffline ? "presubmit.voice_queued" : "presubmit.voice_submitted");
}

Document Presubmit::commitment(const Terminal& t, const Signature& signature, int64_t nowS) const {
    return toleranceCommitment(*matter(t), t.bundle(), t.strings(), t.lang(), nowS, t.applicant(), pre_.verdict.missingOther,
                               pre_.verdict.supplementBy, signature);
}

PresubmitView Presubmit::presubmitView(const Terminal& t) const {
    PresubmitView v;
    const Identity& id = t.session().identity();
    v.identified = id.present();
    if (v.identified) v.who = t.applicantLine();
    for (size_t i = 0; i < t.bundle().matters.size(); ++i)
        if (!t.bundle().matters[i].form.empty()) v.matters.push_back(matterItem(t.bundle(), i, t.strings(), t.lang()));
    return v;
}

FormView Presubmit::formView(const Terminal& t) const {
    const Matter* m = matter(t);
    if (!m) return {};
    FormView v = pre_.form.view(m->form, t.strings(), t.lang());
    v.title = m->name.get(t.lang());
    return v;
}

MaterialsView Presubmit::materialsView(const Terminal& t) const {
    MaterialsView v;
    const Matter* m = matter(t);
    if (!m) return v;
    v.matter = m->name.get(t.lang());
    v.allDecided = true;
    for (size_t i = 0; i < m->materials.size(); ++i) {
        const auto& mat = m->materials[i];
        const auto& st = pre_.materials[i];
        v.items.push_back({mat.name.get(t.lang()), materialCopiesText(mat, t.strings(), t.lang()), mat.note.get(t.lang()), mat.key, st.missing,
                           static_cast<int>(st.pages.size())});
        if (st.pages.empty() && !st.missing) v.allDecided = false;
    }
    v.camera = t.deviceOnline("document_camera");
    v.capturing = pre_.capturing;
    return v;
}

SubmitView Presubmit::submitView(const Terminal& t) const {
    SubmitView v;
    const Matter* m = matter(t);
    if (!m) return v;
    v.matter = m->name.get(t.lang());
    v.applicant = t.applicantLine();
    for (size_t i = 0; i < m->materials.size(); ++i)
        if (!pre_.materials[i].pages.empty()) v.captured.push_back(m->materials[i].name.get(t.lang()));
    for (int i : pre_.verdict.missingKey) v.missingKey.push_back(m->materials[static_cast<size_t>(i)].name.get(t.lang()));
    for (int i : pre_.verdict.missingOther) v.missingOther.push_back(m->materials[static_cast<size_t>(i)].name.get(t.lang()));
    if (pre_.verdict.verdict == Completeness::Verdict::incomplete)
        v.why = t.tr(!pre_.verdict.missingKey.empty() ? "presubmit.key_missing" : pre_.verdict.why);
    v.supplementBy = pre_.verdict.supplementBy;
    if (pre_.verdict.verdict == Completeness::Verdict::tolerance) {
        // The commitment on screen is the one printed: the same document, without the signature's image.
        const Document doc = commitment(t, Signature{}, std::time(nullptr));
        for (const auto& b : doc.blocks) {
            if (b.kind == DocBlock::Kind::title || b.kind == DocBlock::Kind::rule || b.kind == DocBlock::Kind::image ||
                b.kind == DocBlock::Kind::feed)
                continue;
            if (&b == &doc.blocks[1]) continue;  // the hall's name under the title
            v.commitment.push_back(b.kind == DocBlock::Kind::field ? b.text + "：" + b.value : b.text);
        }
        if (!v.commitment.empty()) v.commitment.pop_back();  // the time it is signed is printed, not shown
    }
    v.signature = &pre_.signature;
    v.signedEnough = pre_.signature.looksSigned();
    v.canPrintReceipt = t.deviceOnline("receipt");
    v.canPrintA4 = t.deviceOnline("a4");
    return v;
}

SubmittedView Presubmit::submittedView(const Terminal& t) const {
    SubmittedView v;
    if (const Matter* m = matter(t)) v.matter = m->name.get(t.lang());
    v.receiptNo = pre_.receiptNo;
    v.failure = pre_.failure.empty() ? "" : t.tr(pre_.failure);
    v.queuedOffline = pre_.queuedOffline;
    v.printed = !submittedDocs_.empty() && (t.deviceOnline("receipt") || t.deviceOnline("a4"));
    v.tolerance = pre_.verdict.verdict == Completeness::Verdict::tolerance;
    v.supplementBy = pre_.verdict.supplementBy;
    if (const Matter* m = matter(t); m && v.tolerance)
        for (int i : pre_.verdict.missingOther) v.toSupplement.push_back(m->materials[static_cast<size_t>(i)].name.get(t.lang()));
    return v;
}

}  // namespace ow::core::presubmit
