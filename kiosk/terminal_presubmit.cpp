// The terminal's pre-submission flow (自助申报): choose a matter, fill its form, photograph or mark each material,
// the completeness check (complete, tolerance acceptance on a signed commitment, or everything missing at once),
// submit durably, and the receipt.
#include <sodium.h>

#include <algorithm>

#include "kiosk/guide_notice.h"
#include "kiosk/log.h"
#include "kiosk/terminal.h"
#include "kiosk/utf8.h"

namespace ow::core {

namespace {

// Dates are typed as digits; the dashes come by themselves (2026-12-01).
void typeDateDigit(std::string& v, char digit) {
    if (v.size() >= 10) return;
    v += digit;
    if (v.size() == 4 || v.size() == 7) v += '-';
}

size_t maxDigits(FormField::Type t) {
    switch (t) {
        case FormField::Type::idNumber: return 18;
        case FormField::Type::phone: return 12;
        case FormField::Type::number: return 12;
        default: return 200;
    }
}

FormView::Input inputFor(FormField::Type t) {
    switch (t) {
        case FormField::Type::text: return FormView::Input::letters;
        case FormField::Type::idNumber: return FormView::Input::idNumber;
        case FormField::Type::date: return FormView::Input::date;
        case FormField::Type::choice: return FormView::Input::choice;
        default: return FormView::Input::digits;
    }
}

}  // namespace

const Matter* Terminal::preMatter() const {
    if (pre_.matter < 0 || pre_.matter >= static_cast<int>(bundle_.matters.size())) return nullptr;
    return &bundle_.matters[static_cast<size_t>(pre_.matter)];
}

void Terminal::startForm(int matter) {
    pre_.wipe();
    pre_.matter = matter;
    const Matter& m = *preMatter();
    pre_.values.resize(m.form.size());
    pre_.materials.resize(m.materials.size());
    // What the ID card already says is filled in for the person (they may still change it).
    const Identity& id = session_.identity();
    for (size_t i = 0; i < m.form.size(); ++i) {
        if (m.form[i].key == "applicant_name") pre_.values[i].assign(id.name.view());
        if (m.form[i].key == "applicant_id") pre_.values[i].assign(id.idNumber.view());
    }
    for (size_t i = 0; i < m.form.size(); ++i)
        if (pre_.values[i].empty()) {
            pre_.field = static_cast<int>(i);
            break;
        }
    log(Level::info, "submission.start", {{"matter", m.code}});
}

void Terminal::formChanged() {
    pre_.candidates.clear();
    if (!pre_.letters.empty() && pinyin_) pre_.candidates = pinyin_->candidates(pre_.letters, 8);
}

bool Terminal::applyPresubmit(const Intent& intent, int64_t nowMs) {
    using K = Intent::Kind;
    const Matter* m = preMatter();
    const auto field = [&]() -> const FormField* {
        if (!m || screen() != ScreenId::form || pre_.field < 0 || pre_.field >= static_cast<int>(m->form.size())) return nullptr;
        return &m->form[static_cast<size_t>(pre_.field)];
    };
    const auto value = [&]() -> SensitiveText& { return pre_.values[static_cast<size_t>(pre_.field)]; };
    const auto edited = [&](std::string v) {
        value().assign(v);
        sodium_memzero(v.data(), v.size());
        pre_.problems.erase(pre_.field);
    };
    switch (intent.kind) {
        case K::openPresubmit:
            if (!session_.active() || intent.value < 0 || intent.value >= static_cast<int>(bundle_.matters.size()) ||
                bundle_.matters[static_cast<size_t>(intent.value)].form.empty())
                return true;
            service_ = Service::presubmit;
            if (!session_.identity().present()) {  // real-name intake: the ID card first, then this matter's form
                pre_.wipe();
                pre_.matter = intent.value;
                navigate(ScreenId::presubmit);
                return true;
            }
            startForm(intent.value);
            navigate(ScreenId::form);
            return true;
        case K::formField:
            if (m && screen() == ScreenId::form && intent.value >= 0 && intent.value < static_cast<int>(m->form.size())) {
                pre_.field = intent.value;
                pre_.letters.clear();
                formChanged();
            }
            return true;
        case K::formKey: {
            const FormField* f = field();
            if (!f || f->type == FormField::Type::choice) return true;
            std::string v(value().view());
            if (intent.value >= 0 && intent.value <= 9) {
                const char d = static_cast<char>('0' + intent.value);
                if (f->type == FormField::Type::date) typeDateDigit(v, d);
                else if (v.size() < maxDigits(f->type) && !(f->type == FormField::Type::idNumber && !v.empty() && v.back() == 'X')) v += d;
            } else if (intent.value == kFormX) {
                if (f->type == FormField::Type::idNumber && v.size() == 17) v += 'X';  // only the check character can be X
            } else if (intent.value == kKeypadDelete) {
                if (!pre_.letters.empty()) {
                    pre_.letters.pop_back();
                    formChanged();
                    return true;
                }
                std::vector<char32_t> cps;
                decodeUtf8(v, cps);
                if (!cps.empty()) cps.pop_back();
                if (f->type == FormField::Type::date && !cps.empty() && cps.back() == U'-') cps.pop_back();
                sodium_memzero(v.data(), v.size());
                v.clear();
                for (char32_t c : cps) appendUtf8(v, c);
            } else if (intent.value == kKeypadClear) {
                sodium_memzero(v.data(), v.size());
                v.clear();
                pre_.letters.clear();
                formChanged();
            }
            edited(std::move(v));
            return true;
        }
        case K::formLetter: {
            const FormField* f = field();
            if (!f || f->type != FormField::Type::text || intent.value < 0 || intent.value > 25 || pre_.letters.size() >= 24) return true;
            pre_.letters += static_cast<char>('a' + intent.value);
            formChanged();
            return true;
        }
        case K::formCandidate: {
            const FormField* f = field();
            if (!f || intent.value < 0 || intent.value >= static_cast<int>(pre_.candidates.size())) return true;
            edited(std::string(value().view()) + pre_.candidates[static_cast<size_t>(intent.value)]);
            pre_.letters.clear();
            formChanged();
            return true;
        }
        case K::formChoice: {
            const FormField* f = field();
            if (!f || f->type != FormField::Type::choice || intent.value < 0 || intent.value >= static_cast<int>(f->choices.size()))
                return true;
            edited(std::to_string(intent.value));
            if (pre_.field + 1 < static_cast<int>(m->form.size())) ++pre_.field;  // picked: on to the next field
            return true;
        }
        case K::formNext: {
            if (!m || screen() != ScreenId::form) return true;
            pre_.problems.clear();
            pre_.letters.clear();
            formChanged();
            for (size_t i = 0; i < m->form.size(); ++i) {
                if (auto p = checkField(m->form[i], pre_.values[i].view())) pre_.problems[static_cast<int>(i)] = *p;
                // Real-name intake: the applicant is the holder of the card that was read (for someone else,
                // 代办 with a letter of authorisation at the counter).
                else if (m->form[i].key == "applicant_id" && pre_.values[i].view() != session_.identity().idNumber.view())
                    pre_.problems[static_cast<int>(i)] = FieldProblem{"presubmit.not_card_holder", {}};
            }
            log(Level::info, "submission.form", {{"matter", m->code}, {"problems", std::to_string(pre_.problems.size())}});
            if (!pre_.problems.empty()) {
                pre_.field = pre_.problems.begin()->first;  // the first field to put right
                return true;
            }
            navigate(ScreenId::materials);
            return true;
        }
        case K::capture:
            if (!m || screen() != ScreenId::materials || pre_.capturing || intent.value < 0 ||
                intent.value >= static_cast<int>(pre_.materials.size()))
                return true;
            if (!deviceOnline("document_camera")) {
                notice_ = Notice{"presubmit.no_camera", {}, nowMs + 15000};
                return true;
            }
            if (pre_.materials[static_cast<size_t>(intent.value)].pages.size() >= protocol::kMaxPagesPerMaterial) return true;
            pre_.capturing = true;
            capture_ = CaptureRequest{++pre_.captureTicket, intent.value};
            return true;
        case K::markMissing:
        case K::clearPages:
            if (!m || screen() != ScreenId::materials || intent.value < 0 || intent.value >= static_cast<int>(pre_.materials.size()))
                return true;
            {
                auto& mat = pre_.materials[static_cast<size_t>(intent.value)];
                for (auto& p : mat.pages) p.wipe();
                mat.pages.clear();
                if (intent.kind == K::markMissing) mat.missing = !mat.missing;
            }
            return true;
        case K::materialsNext: {
            if (!m || screen() != ScreenId::materials || pre_.capturing) return true;
            std::vector<bool> captured;
            for (const auto& mat : pre_.materials) captured.push_back(!mat.pages.empty());
            // Whether the applicant is on the dishonesty list (失信名单) is checked by the back office at acceptance.
            pre_.verdict = checkCompleteness(*m, captured, false, protocol::dateOf(std::time(nullptr)), bundle_.calendar);
            pre_.signature.clear();
            static const char* const kVerdicts[] = {"complete", "tolerance", "incomplete"};
            log(Level::info, "submission.checked", {{"matter", m->code}, {"verdict", kVerdicts[static_cast<int>(pre_.verdict.verdict)]}});
            switch (pre_.verdict.verdict) {
                case Completeness::Verdict::complete: navigate(ScreenId::confirm); break;
                case Completeness::Verdict::tolerance: navigate(ScreenId::commitment); break;
                case Completeness::Verdict::incomplete: navigate(ScreenId::incomplete); break;
            }
            return true;
        }
        case K::signAt: {
            if (screen() != ScreenId::commitment) return true;
            const float x = static_cast<float>((intent.value >> 14) & 0x3FFF) / 10000.0f;
            const float y = static_cast<float>(intent.value & 0x3FFF) / 10000.0f;
            if (x > 1 || y > 1) return true;
            auto& strokes = pre_.signature.strokes;
            if ((intent.value & kSignStart) || strokes.empty()) strokes.emplace_back();
            if (strokes.back().size() < 2000 && strokes.size() < 200) strokes.back().push_back({x, y});
            return true;
        }
        case K::signClear: pre_.signature.clear(); return true;
        case K::submit: {
            if (!m || submission_) return true;
            const bool tolerance = screen() == ScreenId::commitment;
            if (screen() != ScreenId::confirm && !tolerance) {
                if (!(screen() == ScreenId::submitted && !pre_.failure.empty())) return true;  // "try again" after a failure
            }
            if (pre_.verdict.verdict == Completeness::Verdict::incomplete) return true;
            if (pre_.verdict.verdict == Completeness::Verdict::tolerance && !pre_.signature.looksSigned()) return true;
            SubmissionRequest req;
            auto& s = req.submission;
            s.matterCode = m->code;
            s.matterName = m->name.zh;
            s.department = m->department.zh;
            s.instant = m->kind == MatterKind::instant;
            s.promisedDays = m->promisedLimitDays;
            const Identity& id = session_.identity();
            s.applicantName = std::string(id.name.view());
            s.applicantId = std::string(id.idNumber.view());
            for (size_t i = 0; i < m->form.size(); ++i) {
                const FormField& f = m->form[i];
                std::string v(pre_.values[i].view());
                if (f.type == FormField::Type::choice && !v.empty()) v = f.choices.at(static_cast<size_t>(std::stoi(v))).zh;
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
            submission_ = std::move(req);
            log(Level::info, "submission.submit", {{"matter", m->code}, {"tolerance", s.tolerance ? "yes" : "no"}});
            return true;
        }
        case K::printMissing: {
            if (!m || screen() != ScreenId::incomplete) return true;
            const bool a4 = intent.value == 1;
            if (!deviceOnline(a4 ? "a4" : "receipt")) return true;
            std::vector<int> missing = pre_.verdict.missingKey;
            missing.insert(missing.end(), pre_.verdict.missingOther.begin(), pre_.verdict.missingOther.end());
            prints_.push_back(PrintRequest{oneTimeNotice(*m, bundle_, strings_, lang_, std::time(nullptr), missing), a4});
            notice_ = Notice{"notice.printing", {}, nowMs + 15000};
            return true;
        }
        case K::reprint:
            if (screen() != ScreenId::submitted) return true;
            printSubmission();
            return true;
        default: return false;
    }
}

// The receipt (and the signed commitment) of the last submission: on the receipt printer, else on A4.
void Terminal::printSubmission() {
    if (submittedDocs_.empty()) return;
    const bool receipt = deviceOnline("receipt"), a4 = deviceOnline("a4");
    if (!receipt && !a4) return;
    for (auto doc : submittedDocs_) {
        doc.a4 = !receipt;
        prints_.push_back(std::move(doc));
    }
    notice_ = Notice{"presubmit.printing", {}, session_.lastActivityMs() + 15000};
}

std::map<int, const CapturedPage*> Terminal::newestPages() const {
    std::map<int, const CapturedPage*> out;
    if (screen() != ScreenId::materials) return out;
    for (size_t i = 0; i < pre_.materials.size(); ++i)
        if (!pre_.materials[i].pages.empty()) out[static_cast<int>(i)] = &pre_.materials[i].pages.back();
    return out;
}

std::optional<CaptureRequest> Terminal::takeCaptureRequest() {
    auto r = capture_;
    capture_.reset();
    return r;
}

void Terminal::onPageCaptured(uint64_t ticket, int material, Result<CapturedPage> page) {
    if (!session_.active() || ticket != pre_.captureTicket || material < 0 || material >= static_cast<int>(pre_.materials.size())) {
        if (page) page->wipe();
        return;
    }
    pre_.capturing = false;
    if (!page) {
        log(Level::warning, "submission.capture_failed", {{"reason", page.error()}});
        notice_ = Notice{"presubmit.capture_failed", {}, session_.lastActivityMs() + 15000};
        return;
    }
    auto& mat = pre_.materials[static_cast<size_t>(material)];
    mat.missing = false;
    page->serial = ticket;
    mat.pages.push_back(std::move(*page));
    log(Level::info, "submission.page", {{"material", std::to_string(material)}, {"pages", std::to_string(mat.pages.size())}});
}

std::optional<SubmissionRequest> Terminal::takeSubmission() {
    auto r = std::move(submission_);
    submission_.reset();
    return r;
}

void Terminal::onSubmitted(Result<protocol::Submission> queued, const std::string& qr, bool reachable) {
    const Matter* m = preMatter();
    if (!session_.active() || !m) return;
    if (!queued) {
        // Nothing was saved: the person's form and pages stay, and "try again" or the counter are offered.
        log(Level::error, "submission.save_failed", {{"reason", queued.error()}});
        pre_.failure = "presubmit.save_failed";
        navigate(ScreenId::submitted);
        return;
    }
    pre_.failure.clear();
    pre_.receiptNo = queued->receiptNo;
    pre_.queuedOffline = !reachable;
    log(Level::info, "submission.saved", {{"matter", m->code}, {"queued_offline", reachable ? "no" : "yes"}});
    const int64_t nowS = std::time(nullptr);
    submittedDocs_.clear();
    submittedDocs_.push_back({submissionReceipt(*queued, *m, bundle_, strings_, lang_, nowS, qr, !reachable), false});
    if (queued->tolerance) submittedDocs_.push_back({commitment(pre_.signature, nowS), false});
    // The pages are in the outbox now; nothing of them needs to stay in memory.
    for (auto& mat : pre_.materials)
        for (auto& p : mat.pages) p.wipe();
    printSubmission();
    stack_.assign({ScreenId::attract, ScreenId::home, ScreenId::submitted});
}

Applicant Terminal::applicant() const {
    const Identity& id = session_.identity();
    return {std::string(id.name.view()), maskIdNumber(id.idNumber.view())};
}

std::string Terminal::applicantLine() const {
    const Applicant a = applicant();
    return a.name + "（" + a.maskedId + "）";
}

Document Terminal::commitment(const Signature& signature, int64_t nowS) const {
    return toleranceCommitment(*preMatter(), bundle_, strings_, lang_, nowS, applicant(), pre_.verdict.missingOther,
                               pre_.verdict.supplementBy, signature);
}

PresubmitView Terminal::presubmitView() const {
    PresubmitView v;
    const Identity& id = session_.identity();
    v.identified = id.present();
    if (v.identified) v.who = applicantLine();
    for (size_t i = 0; i < bundle_.matters.size(); ++i)
        if (!bundle_.matters[i].form.empty()) v.matters.push_back(matterItem(i));
    return v;
}

FormView Terminal::formView() const {
    FormView v;
    const Matter* m = preMatter();
    if (!m) return v;
    v.matter = m->name.get(lang_);
    for (size_t i = 0; i < m->form.size(); ++i) {
        const FormField& f = m->form[i];
        FormView::Field out{f.label.get(lang_), f.hint.get(lang_), std::string(pre_.values[i].view()), "", f.required,
                            static_cast<int>(i) == pre_.field};
        if (f.type == FormField::Type::choice && !out.value.empty()) {
            const int c = std::atoi(out.value.c_str());
            out.value = c >= 0 && c < static_cast<int>(f.choices.size()) ? f.choices[static_cast<size_t>(c)].get(lang_) : "";
        }
        if (out.selected && f.type == FormField::Type::text) out.value += pre_.letters;
        if (auto it = pre_.problems.find(static_cast<int>(i)); it != pre_.problems.end())
            out.problem = fill(tr(it->second.key), it->second.values);
        v.fields.push_back(std::move(out));
    }
    if (pre_.field >= 0 && pre_.field < static_cast<int>(m->form.size())) {
        const FormField& f = m->form[static_cast<size_t>(pre_.field)];
        v.input = inputFor(f.type);
        for (const auto& c : f.choices) v.choices.push_back(c.get(lang_));
    }
    v.letters = pre_.letters;
    v.candidates = pre_.candidates;
    v.problems = !pre_.problems.empty();
    return v;
}

MaterialsView Terminal::materialsView() const {
    MaterialsView v;
    const Matter* m = preMatter();
    if (!m) return v;
    v.matter = m->name.get(lang_);
    v.allDecided = true;
    for (size_t i = 0; i < m->materials.size(); ++i) {
        const auto& mat = m->materials[i];
        const auto& st = pre_.materials[i];
        v.items.push_back({mat.name.get(lang_), materialCopiesText(mat, strings_, lang_), mat.note.get(lang_), mat.key, st.missing,
                           static_cast<int>(st.pages.size())});
        if (st.pages.empty() && !st.missing) v.allDecided = false;
    }
    v.camera = deviceOnline("document_camera");
    v.capturing = pre_.capturing;
    return v;
}

SubmitView Terminal::submitView() const {
    SubmitView v;
    const Matter* m = preMatter();
    if (!m) return v;
    v.matter = m->name.get(lang_);
    v.applicant = applicantLine();
    for (size_t i = 0; i < m->materials.size(); ++i)
        if (!pre_.materials[i].pages.empty()) v.captured.push_back(m->materials[i].name.get(lang_));
    for (int i : pre_.verdict.missingKey) v.missingKey.push_back(m->materials[static_cast<size_t>(i)].name.get(lang_));
    for (int i : pre_.verdict.missingOther) v.missingOther.push_back(m->materials[static_cast<size_t>(i)].name.get(lang_));
    if (pre_.verdict.verdict == Completeness::Verdict::incomplete)
        v.why = tr(!pre_.verdict.missingKey.empty() ? "presubmit.key_missing" : pre_.verdict.why);
    v.supplementBy = pre_.verdict.supplementBy;
    if (pre_.verdict.verdict == Completeness::Verdict::tolerance) {
        // The commitment on screen is the one printed: the same document, without the signature's image.
        const Document doc = commitment(Signature{}, std::time(nullptr));
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
    v.canPrintReceipt = deviceOnline("receipt");
    v.canPrintA4 = deviceOnline("a4");
    return v;
}

SubmittedView Terminal::submittedView() const {
    SubmittedView v;
    if (const Matter* m = preMatter()) v.matter = m->name.get(lang_);
    v.receiptNo = pre_.receiptNo;
    v.failure = pre_.failure.empty() ? "" : tr(pre_.failure);
    v.queuedOffline = pre_.queuedOffline;
    v.printed = !submittedDocs_.empty() && (deviceOnline("receipt") || deviceOnline("a4"));
    v.tolerance = pre_.verdict.verdict == Completeness::Verdict::tolerance;
    v.supplementBy = pre_.verdict.supplementBy;
    if (const Matter* m = preMatter(); m && v.tolerance)
        for (int i : pre_.verdict.missingOther) v.toSupplement.push_back(m->materials[static_cast<size_t>(i)].name.get(lang_));
    return v;
}

}  // namespace ow::core
