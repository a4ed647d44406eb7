// Collecting results at the terminal.
#include "kiosk/services/collect/collect.h"

#include <sodium.h>

#include <ctime>
#include <nlohmann/json.hpp>

#include "drivers/api/device.h"
#include "kiosk/guide_notice.h"
#include "kiosk/log.h"
#include "kiosk/protocol/case_status.h"
#include "kiosk/protocol/signing.h"
#include "kiosk/scan_code.h"
#include "kiosk/terminal.h"

namespace ow::core::collect {

using nlohmann::json;

static_assert(static_cast<int>(Kind::formChoice) - static_cast<int>(Kind::formField) == static_cast<int>(FormEdit::choice),
              "the form's intents follow FormEdit's order");

namespace {

LocalText both(const Strings& s, const char* key) { return {s.text(Lang::zhCN, key), s.text(Lang::en, key)}; }

FormField field(const Strings& s, const char* key, const char* label, const char* hint, FormField::Type type, int maxLength = 50) {
    FormField f;
    f.key = key, f.label = both(s, label), f.hint = both(s, hint), f.type = type, f.maxLength = maxLength;
    return f;
}

std::string base64(const std::string& bytes) {
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);
    return out;
}

std::optional<std::string> unbase64(const std::string& b64) {
    std::string out(b64.size() / 4 * 3 + 3, '\0');
    size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), b64.data(), b64.size(), nullptr, &len, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
        return std::nullopt;
    out.resize(len);
    return out;
}

CaseItem caseItem(const json& c) {
    CaseItem i;
    i.caseNo = c.value("case_no", ""), i.matter = c.value("matter", ""), i.department = c.value("department", "");
    i.holder = c.value("holder", ""), i.printable = c.value("printable", true), i.delegate = c.value("delegate", true);
    if (c.contains("documents") && c["documents"].is_array())
        for (const auto& d : c["documents"])
            if (d.is_object()) i.documents.push_back(d.value("name", ""));
    return i;
}

}  // namespace

void Collect::open(Terminal& t) {
    wipe();
    const Strings& s = t.strings();
    delegateFields_ = {field(s, "case_no", "collect.f_case_no", "collect.f_case_no_hint", FormField::Type::digits, 14),
                       field(s, "phone", "collect.f_holder_phone", "collect.f_holder_phone_hint", FormField::Type::phone)};
    postFields_ = {field(s, "address", "collect.f_address", "collect.f_address_hint", FormField::Type::text, 120),
                   field(s, "phone", "collect.f_phone", "collect.f_phone_hint", FormField::Type::phone)};
    t.showFromHome(kStart);
    if (t.session().identity().present()) identified(t, kStart);
}

void Collect::identified(Terminal& t, ScreenId screen) {
    if (screen != kStart) return;
    t.showFromHome(kStart);
    central_.ask(t, *this, ready, "/v1/collect/ready", json{{"id_number", t.session().identity().idNumber.view()}}.dump());
}

// A receipt's QR where a delegate's case is asked for.
bool Collect::scanned(Terminal& t, const ScanCode& code, const std::string& payload, int64_t nowMs) {
    if (t.screen() != kDelegate || code.kind != ScanKind::caseReceipt) return false;
    t.beginSession(nowMs, "receipt_code");
    delegate_ = true;
    chosen_.reset();
    wipeText(receiptCode_);
    receiptCode_ = payload;
    typedCaseNo_.clear(), typedPhone_.clear();
    central_.ask(t, *this, find, "/v1/collect/find", proofJson(t));
    return true;
}

std::string Collect::proofJson(const Terminal& t) const {
    json p = json::object();
    if (!delegate_) p["id_number"] = t.session().identity().idNumber.view();
    else if (!receiptCode_.empty()) p["receipt_code"] = receiptCode_;
    else p["case_no"] = typedCaseNo_, p["phone"] = typedPhone_;
    if (chosen_) p["case_no"] = chosen_->caseNo;
    return p.dump();
}

void Collect::apply(Terminal& t, int kind, int value, int64_t nowMs) {
    const Identity& id = t.session().identity();
    switch (static_cast<Kind>(kind)) {
        case Kind::formField:
        case Kind::formKey:
        case Kind::formLetter:
        case Kind::formCandidate:
        case Kind::formChoice:
            if (t.screen() == kDelegate) delegateForm_.edit(delegateFields_, static_cast<FormEdit>(kind), value, t.pinyin());
            else if (t.screen() == kPost) postForm_.edit(postFields_, static_cast<FormEdit>(kind), value, t.pinyin());
            break;
        case Kind::delegate:
            if (!id.present()) break;  // the delegate's own card first
            delegateForm_.start(delegateFields_.size());
            t.navigate(kDelegate);
            break;
        case Kind::find:
            if (t.screen() != kDelegate || !delegateForm_.check(delegateFields_)) break;
            delegate_ = true;
            chosen_.reset();
            wipeText(receiptCode_);
            typedCaseNo_ = "OW" + std::string(delegateForm_.value(0));
            typedPhone_ = std::string(delegateForm_.value(1));
            central_.ask(t, *this, find, "/v1/collect/find", proofJson(t));
            break;
        case Kind::choose:
            if (value < 0 || value >= static_cast<int>(cases_.size())) break;
            chosen_ = cases_[static_cast<size_t>(value)];
            delegate_ = false;
            t.navigate(kCase);
            break;
        case Kind::collect: {
            const auto v = caseView(t);
            if (t.screen() != kCase || !v.canPrint) break;
            signature_.clear();
            if (delegate_) {
                t.navigate(kAuthorise);
            } else {
                t.navigate(kSign);
            }
            break;
        }
        case Kind::capture:
            if (t.screen() != kAuthorise || capturing_) break;
            if (!t.deviceOnline("document_camera")) {
                t.showNotice("presubmit.no_camera", {}, nowMs + 15000);
                break;
            }
            capturing_ = true;
            captureTicket_ = t.request(*this, CaptureRequest{0});
            break;
        case Kind::authorised:
            if (t.screen() == kAuthorise && authorisation_) t.navigate(kSign);
            break;
        case Kind::signAt:
            if (t.screen() == kSign) signature_.add(value);
            break;
        case Kind::signClear:
            signature_.clear();
            break;
        case Kind::signed_:
            if (t.screen() != kSign || !signature_.looksSigned() || !chosen_) break;
            // Fetch each document and print it; the collection is recorded only when every job is done.
            jobs_.clear();
            for (const auto& name : chosen_->documents) jobs_.push_back({name});
            fetched_ = 0;
            recorded_ = recordAsked_ = false;
            t.navigate(kPrinting);
            log(Level::info, "collect.print", {{"documents", std::to_string(jobs_.size())}, {"delegate", delegate_ ? "yes" : "no"}});
            fetchNext(t);
            break;
        case Kind::post:
            if (t.screen() != kCase || delegate_ || !chosen_) break;
            postForm_.start(postFields_.size());
            postForm_.set(1, id.phone.view());
            postForm_.selectFirstEmpty();
            t.navigate(kPost);
            break;
        case Kind::postSend: {
            if (t.screen() != kPost || !chosen_ || !postForm_.check(postFields_)) break;
            json body = json::parse(proofJson(t));
            body["key"] = protocol::randomHex(12);
            body["address"] = postForm_.value(0);
            body["phone"] = postForm_.value(1);
            central_.ask(t, *this, post, "/v1/collect/post", body.dump());
            t.navigate(kOutcome);
            break;
        }
        case Kind::retry:
            central_.retry(t, *this);
            break;
    }
}

void Collect::fetchNext(Terminal& t) {
    if (fetched_ >= jobs_.size() || !chosen_) return;
    json body = json::parse(proofJson(t));
    body["n"] = static_cast<int>(fetched_) + 1;
    central_.ask(t, *this, document, "/v1/collect/document", body.dump());
}

void Collect::record(Terminal& t) {
    if (recordAsked_ || !chosen_) return;
    recordAsked_ = true;
    const Identity& id = t.session().identity();
    const auto bits = signature_.rasterize(384, 128);
    json body = json::parse(proofJson(t));
    body["key"] = protocol::randomHex(12);
    body["collector"] = {{"name", id.name.view()}, {"id_number", id.idNumber.view()}};
    body["delegate"] = delegate_;
    body["signature"] = base64(std::string(bits.begin(), bits.end()));
    if (authorisation_)
        body["authorisation"] = base64(std::string(authorisation_->jpeg.begin(), authorisation_->jpeg.end()));
    central_.ask(t, *this, done, "/v1/collect/done", body.dump());
}

void Collect::answered(Terminal& t, Answer& a) {
    if (auto* captured = std::get_if<PageCaptured>(&a.body)) {
        if (a.ticket != captureTicket_) return;
        capturing_ = false;
        if (captured->page) {
            if (authorisation_) authorisation_->wipe();
            authorisation_ = std::move(*captured->page);
        } else {
            log(Level::warning, "collect.capture_failed", {{"reason", captured->page.error()}});
        }
        return;
    }
    if (auto* queued = std::get_if<PrintQueued>(&a.body)) {
        for (auto& j : jobs_)
            if (j.ticket == a.ticket) {
                j.id = queued->jobId;
                j.state = queued->jobId ? Job::State::queued : Job::State::failed;
            }
        fetchNext(t);
        jobsChanged(t);
        return;
    }
    const CentralReply* r = central_.take(a);
    if (!r || central_.state() != Asking::answered) return;
    const json j = json::parse(r->body, nullptr, false);
    if (!j.is_object()) return;
    switch (r->op) {
        case ready:
            cases_.clear();
            if (j.contains("cases") && j["cases"].is_array())
                for (const auto& c : j["cases"]) cases_.push_back(caseItem(c));
            break;
        case find:
            if (j.contains("case") && j["case"].is_object()) {
                chosen_ = caseItem(j["case"]);
                t.navigate(kCase);
            }
            break;
        case document: {
            if (fetched_ >= jobs_.size()) break;
            Job& job = jobs_[fetched_++];
            auto pdf = unbase64(j.value("pdf", ""));
            if (!pdf || pdf->rfind("%PDF-", 0) != 0) {
                job.state = Job::State::failed;
                break;
            }
            job.ticket = t.request(*this, PdfPrintRequest{std::move(*pdf), "领取结果"});
            break;
        }
        case done: {
            recorded_ = true;
            // The collection record on the receipt printer: what was handed over, to whom, signed.
            if (chosen_ && t.deviceOnline("receipt")) {
                const Identity& id = t.session().identity();
                CollectionFacts facts{chosen_->caseNo, chosen_->matter, delegate_ ? chosen_->holder : std::string(id.name.view()),
                                      std::string(id.name.view()), maskIdNumber(id.idNumber.view()), chosen_->documents, delegate_};
                t.request(*this, PrintRequest{collectionRecord(facts, signature_, t.bundle(), t.strings(), t.lang(), std::time(nullptr)), false});
            }
            log(Level::info, "collect.collected", {{"delegate", delegate_ ? "yes" : "no"}});
            // The collection may be rated (好差评), from the page that says it is done.
            if (chosen_) t.offerRating({"collection", chosen_->caseNo, chosen_->matter, kPrinting});
            break;
        }
        case post:
            if (j.contains("post") && j["post"].is_object()) postMailBy_ = j["post"].value("mail_by", "");
            break;
    }
}

void Collect::printJob(Terminal& t, const drivers::PrintJobUpdate& update) {
    bool mine = false;
    for (auto& j : jobs_)
        if (j.id && j.id == update.jobId) {
            mine = true;
            switch (update.state) {
                case drivers::PrintJobUpdate::State::printing: j.state = Job::State::printing; break;
                case drivers::PrintJobUpdate::State::held: j.state = Job::State::held; break;
                case drivers::PrintJobUpdate::State::done: j.state = Job::State::done; break;
                case drivers::PrintJobUpdate::State::failed: j.state = Job::State::failed; break;
            }
        }
    if (mine) jobsChanged(t);
}

// Every document printed (CUPS said completed): only now is the collection recorded at central.
void Collect::jobsChanged(Terminal& t) {
    if (jobs_.empty() || fetched_ < jobs_.size()) return;
    for (const auto& j : jobs_)
        if (j.state != Job::State::done) return;
    record(t);
}

StartView Collect::startView(const Terminal& t) const {
    StartView v;
    v.identified = t.session().identity().present();
    v.asking = central_.question().op == ready ? central_.state() : Asking::answered;
    if (v.asking == Asking::offline) v.problem = t.tr("collect.offline");
    v.cases = cases_;
    return v;
}

std::string Collect::delegateProblem(const Terminal& t) const {
    if (central_.question().op != find) return "";
    if (central_.state() == Asking::offline) return t.tr("collect.offline");
    if (central_.state() != Asking::refused || !central_.reply()) return "";
    const std::string& code = central_.reply()->refusal;
    if (code == "no_delegate") return t.tr("collect.no_delegate");
    if (code == "not_ready") return t.tr("collect.not_ready");
    return t.tr("collect.not_found");
}

FormView Collect::delegateView(const Terminal& t) const {
    return delegateForm_.view(delegateFields_, t.strings(), t.lang(), t.tr("collect.delegate_title"));
}

CaseView Collect::caseView(const Terminal& t) const {
    CaseView v;
    if (!chosen_) return v;
    v.item = *chosen_;
    v.forSomeoneElse = delegate_;
    v.canPost = !delegate_;
    // Where results are handed over when the terminal cannot print one: the bundle's window, or the UI's words.
    const std::string window =
        t.bundle().collectionWindow.empty() ? t.tr("collect.window_default") : t.bundle().collectionWindow.get(t.lang());
    if (!chosen_->printable) {
        v.whereToCollect = window;
        v.why = t.tr("collect.certificate");
    } else if (chosen_->documents.empty()) {
        v.why = t.tr("collect.no_documents");
        v.whereToCollect = window;
    } else if (!t.deviceOnline("a4")) {
        v.why = t.tr("collect.no_printer");
    } else {
        v.canPrint = true;
    }
    return v;
}

AuthoriseView Collect::authoriseView(const Terminal& t) const {
    AuthoriseView v;
    v.camera = t.deviceOnline("document_camera");
    v.capturing = capturing_;
    v.taken = authorisation_.has_value();
    v.page = authorisation_ ? &*authorisation_ : nullptr;
    return v;
}

PrintingView Collect::printingView(const Terminal& t) const {
    PrintingView v;
    v.total = static_cast<int>(jobs_.size());
    bool held = false, failed = false;
    for (const auto& j : jobs_) {
        if (j.state == Job::State::done) ++v.printed;
        held |= j.state == Job::State::held;
        failed |= j.state == Job::State::failed;
    }
    if (failed) {
        v.state = PrintingView::State::failed;
        v.message = t.tr("collect.print_failed");
        v.detail = t.tr("collect.still_ready");
    } else if (held) {
        v.state = PrintingView::State::held;
        v.message = t.tr("collect.print_held");
        v.detail = t.tr("collect.still_ready");
    } else if (recorded_) {
        v.state = PrintingView::State::done;
        v.message = t.tr("collect.collected");
        v.detail = t.tr(t.deviceOnline("receipt") ? "collect.take_record" : "collect.take_documents");
    } else if (recordAsked_) {
        if (central_.state() == Asking::offline || central_.state() == Asking::refused) {
            v.state = PrintingView::State::notRecorded;
            v.message = t.tr("collect.not_recorded");
            v.canRetry = central_.state() == Asking::offline;
        } else {
            v.state = PrintingView::State::recording;
            v.message = t.tr("collect.recording");
        }
    } else if (fetched_ < jobs_.size() && central_.state() == Asking::offline) {
        v.state = PrintingView::State::failed;
        v.message = t.tr("collect.offline");
        v.canRetry = true;
    } else {
        v.state = fetched_ < jobs_.size() ? PrintingView::State::fetching : PrintingView::State::printing;
        v.message = fill(t.tr("collect.printing"), {{"n", std::to_string(v.printed)}, {"total", std::to_string(v.total)}});
    }
    return v;
}

FormView Collect::postView(const Terminal& t) const {
    return postForm_.view(postFields_, t.strings(), t.lang(), t.tr("collect.post_title"));
}

OutcomeView Collect::outcomeView(const Terminal& t) const {
    OutcomeView v;
    v.asking = central_.state();
    v.title = t.tr("collect.post_title");
    switch (v.asking) {
        case Asking::idle:
        case Asking::waiting: v.message = t.tr("collect.asking"); break;
        case Asking::offline: v.message = t.tr("collect.offline"), v.canRetry = true; break;
        case Asking::refused: v.message = t.tr("collect.refused_post"); break;
        case Asking::answered:
            v.message = t.tr("collect.post_done");
            v.detail = fill(t.tr("collect.post_by"), {{"date", postMailBy_}});
            break;
    }
    return v;
}

std::string Collect::spokenPrompt(const Terminal& t, ScreenId screen) const {
    if (screen == kStart) return t.tr(t.session().identity().present() ? "voice.collect.list" : "voice.collect.card");
    if (screen == kDelegate) return t.tr("voice.collect.delegate");
    if (screen == kCase) return t.tr("voice.collect.case");
    if (screen == kAuthorise) return t.tr("voice.collect.authorise");
    if (screen == kSign) return t.tr("voice.collect.sign");
    if (screen == kPrinting) return printingView(t).message;
    if (screen == kPost) return t.tr("voice.collect.post");
    return outcomeView(t).message;
}

void Collect::wipe() {
    cases_.clear();
    chosen_.reset();
    delegate_ = false;
    for (auto* s : {&receiptCode_, &typedCaseNo_, &typedPhone_, &postMailBy_}) wipeText(*s);
    delegateForm_.wipe();
    postForm_.wipe();
    if (authorisation_) authorisation_->wipe();
    authorisation_.reset();
    capturing_ = false;
    captureTicket_ = 0;
    signature_.clear();
    jobs_.clear();
    fetched_ = 0;
    recorded_ = recordAsked_ = false;
    central_.wipe();
}

}  // namespace ow::core::collect
