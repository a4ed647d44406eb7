// Collecting results (领取; 002 第十六条(四), 004 第十条(三), 001 第二十条), the service. By ID card, the person's cases
// ready to collect. A delegate (代领) places their own card, then scans the applicant's receipt or types the case
// number with the applicant's phone, and photographs the applicant's authorisation with the document camera, where
// the matter allows delegates (the bundle). What the terminal can hand over it prints: the result documents a
// department attached, on A4 through CUPS, after the collector signs on the pad; the case is marked collected only
// once CUPS reports every job completed — a job held (no paper) or failed leaves it ready, and the screen says what to
// do. Then the collection record (领取记录) on the receipt printer. A physical certificate: where to collect it (统一窗口
// 出件). Postal delivery (邮政速递) instead, for the applicant: the address typed in pinyin and a phone; central has it
// mailed within 1 working day.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/form_entry.h"
#include "kiosk/requests.h"
#include "kiosk/service.h"
#include "kiosk/signature.h"

namespace ow::core::collect {

inline constexpr std::string_view kCode = "collect";
// The person's cases (or the card), a delegate's case by receipt or number and phone, a case, the authorisation, the
// signature, printing, the postal form, and the outcome.
inline constexpr ScreenId kStart{"collect"}, kDelegate{"collect_delegate"}, kCase{"collect_case"}, kAuthorise{"collect_authorise"},
    kSign{"collect_sign"}, kPrinting{"collect_printing"}, kPost{"collect_post"}, kOutcome{"collect_outcome"};

enum class Kind {
    // The delegate's and the postal forms, in FormEdit's order: field, key, letter, candidate, choice.
    formField, formKey, formLetter, formCandidate, formChoice,
    delegate,    // "collect for someone else": the case by receipt or by number and phone
    find,        // the delegate's form checked: ask central for that case
    choose,      // value: the index of a case (StartView::cases)
    collect,     // print the documents and collect here (a delegate photographs the authorisation first)
    capture,     // the authorisation under the document camera
    authorised,  // the photograph is right: on to the signature
    signAt,      // value: signValue(x, y, start)
    signClear,
    signed_,     // signed: print, then record the collection
    post,        // post it instead: the address form
    postSend,    // the address form checked: ask central to post it
    retry,       // central could not be reached: the same question again
};
constexpr std::string_view serviceOf(Kind) { return kCode; }

/** A case ready to collect, as the screens show it. */
struct CaseItem {
    std::string caseNo, matter, department, holder;
    std::vector<std::string> documents;
    bool printable = true, delegate = true;
};

struct StartView {
    bool identified = false;
    Asking asking = Asking::idle;
    std::vector<CaseItem> cases;
    std::string problem;
};

struct CaseView {
    CaseItem item;
    bool forSomeoneElse = false;
    bool canPrint = false;     // documents to print, the A4 printer online
    bool canPost = false;      // the applicant's own: post it instead
    std::string whereToCollect;  // a physical certificate: the window for results
    std::string why;           // why it cannot be printed here, in plain words
};

struct PrintingView {
    enum class State { fetching, printing, held, failed, recording, done, notRecorded } state = State::fetching;
    int printed = 0, total = 0;
    std::string message, detail;
    bool canRetry = false;
};

struct AuthoriseView {
    bool camera = false, capturing = false, taken = false;
    const CapturedPage* page = nullptr;
};

struct OutcomeView {
    Asking asking = Asking::idle;
    std::string title, message, detail;
    bool canRetry = false;
};

class Collect final : public Service {
public:
    static constexpr std::string_view kCode = collect::kCode;
    std::string_view code() const override { return kCode; }
    static constexpr ScreenId kScreens[] = {kStart, kDelegate, kCase, kAuthorise, kSign, kPrinting, kPost, kOutcome};
    std::span<const ScreenId> screens() const override { return kScreens; }
    void open(Terminal& t) override;
    void apply(Terminal& t, int kind, int value, int64_t nowMs) override;
    std::string spokenPrompt(const Terminal& t, ScreenId screen) const override;
    void wipe() override;
    void identified(Terminal& t, ScreenId screen) override;
    bool scanned(Terminal& t, const ScanCode& code, const std::string& payload, int64_t nowMs) override;
    void answered(Terminal& t, Answer& answer) override;
    void printJob(Terminal& t, const drivers::PrintJobUpdate& job) override;

    StartView startView(const Terminal& t) const;
    FormView delegateView(const Terminal& t) const;
    /** Why central found no case for the delegate, in plain words ("" when nothing is wrong). */
    std::string delegateProblem(const Terminal& t) const;
    CaseView caseView(const Terminal& t) const;
    AuthoriseView authoriseView(const Terminal& t) const;
    const Signature& signature() const { return signature_; }
    PrintingView printingView(const Terminal& t) const;
    FormView postView(const Terminal& t) const;
    OutcomeView outcomeView(const Terminal& t) const;

private:
    enum Op { ready = 1, find = 2, document = 3, done = 4, post = 5 };
    /** Proof of the right to the case, as JSON: the holder's ID number, or a delegate's receipt code, or the case
        number with the applicant's phone. */
    std::string proofJson(const Terminal& t) const;
    void fetchNext(Terminal& t);
    void record(Terminal& t);
    void jobsChanged(Terminal& t);
    uint64_t captureTicket_ = 0;
    std::vector<CaseItem> cases_;
    std::optional<CaseItem> chosen_;
    bool delegate_ = false;
    std::string receiptCode_, typedCaseNo_, typedPhone_;  // a delegate's proof
    std::vector<FormField> delegateFields_, postFields_;
    FormEntry delegateForm_, postForm_;
    std::optional<CapturedPage> authorisation_;
    bool capturing_ = false;
    Signature signature_;
    struct Job {
        std::string name;
        uint64_t ticket = 0;
        int64_t id = 0;
        enum class State { fetching, queued, printing, held, done, failed } state = State::fetching;
    };
    std::vector<Job> jobs_;
    size_t fetched_ = 0;
    bool recorded_ = false, recordAsked_ = false;
    std::string postMailBy_;
    CentralAsking central_{"collect"};
};

}  // namespace ow::core::collect
