// Pre-submission (自助申报), the service: choose a matter, fill its form, photograph or mark each material, the
// completeness check (complete, tolerance acceptance on a signed commitment, or everything missing at once), submit
// durably, and the receipt.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "kiosk/document.h"
#include "kiosk/form_entry.h"
#include "kiosk/guide_notice.h"
#include "kiosk/requests.h"
#include "kiosk/service.h"
#include "kiosk/services/presubmit/presubmission.h"

namespace ow::core::presubmit {

inline constexpr std::string_view kCode = "presubmit";
// Choose the matter, its form, its materials, then one of: confirm (complete), commitment (tolerance, signed),
// incomplete (everything missing at once); then submitted (the receipt).
inline constexpr ScreenId kChoose{"presubmit"}, kForm{"form"}, kMaterials{"materials"}, kConfirm{"confirm"},
    kCommitment{"commitment"}, kIncomplete{"incomplete"}, kSubmitted{"submitted"};

enum class Kind {
    openMatter,     // value: the matter's index in the catalogue — fill in its form here (from the list or a guide)
    // The form, in FormEdit's order (each mapped onto it): field, key, letter, candidate, choice.
    formField,      // value: which field to type into
    formKey,        // value: a digit 0–9, kKeypadDelete, kKeypadClear or kFormX (the ID number's check X)
    formLetter,     // value: 0–25, a letter of pinyin into the selected text field
    formCandidate,  // value: which candidate goes into the selected text field
    formChoice,     // value: the choice picked for the selected field
    formNext,       // check every field; on to the materials when all are right
    capture,        // value: the material to photograph with the document camera
    markMissing,    // value: the material the person does not have with them (again: they do after all)
    clearPages,     // value: the material whose pages are taken again
    materialsNext,  // check completeness: confirm, commitment or incomplete
    signAt,         // value: kSignStart | x << 14 | y, x and y in 0..10000 of the pad — a finger on the pad
    signClear,
    submit,         // save the submission (durably) and print its receipt
    printMissing,   // value: 0 receipt printer, 1 A4 — the one-time notice listing everything missing
    reprint,        // the receipt (and commitment) again
};
constexpr std::string_view serviceOf(Kind) { return kCode; }


/** The matters that can be applied for here, once the person is identified by ID card. */
struct PresubmitView {
    bool identified = false;
    std::string who;  // the masked name and ID number
    std::vector<MatterItem> matters;
};

/** A matter's form (its title the matter's name). */
using FormView = core::FormView;

/** The materials: each one captured (with its pages), missing, or still to do. */
struct MaterialsView {
    std::string matter;
    struct Item {
        std::string name, copies, note;
        bool key = false, missing = false;
        int pages = 0;
    };
    std::vector<Item> items;
    bool camera = false;      // the document camera is there to photograph with
    bool capturing = false;   // a page is being taken
    bool allDecided = false;  // every material captured or marked missing
};

/** After the completeness check: what will be submitted, what is missing, the commitment to sign. */
struct SubmitView {
    std::string matter, applicant;
    std::vector<std::string> captured, missingKey, missingOther;  // material names
    std::string why;           // incomplete: why no tolerance (plain words), or that key materials are missing
    std::string supplementBy;  // tolerance
    std::vector<std::string> commitment;  // the commitment's text, paragraph by paragraph
    const Signature* signature = nullptr;
    bool signedEnough = false;
    bool canPrintReceipt = false, canPrintA4 = false;
};

/** The submission saved: its receipt number, whether it went off at once or waits for the network. */
struct SubmittedView {
    std::string matter, receiptNo, failure;
    bool queuedOffline = false, printed = false, tolerance = false;
    std::string supplementBy;
    std::vector<std::string> toSupplement;  // with tolerance: the materials to bring by supplementBy
};

class Presubmit final : public Service {
public:
    static constexpr std::string_view kCode = presubmit::kCode;
    std::string_view code() const override { return kCode; }
    static constexpr ScreenId kScreens[] = {kChoose, kForm, kMaterials, kConfirm, kCommitment, kIncomplete, kSubmitted};
    std::span<const ScreenId> screens() const override { return kScreens; }
    void open(Terminal& t) override;
    void apply(Terminal& t, int kind, int value, int64_t nowMs) override;
    std::string spokenPrompt(const Terminal& t, ScreenId screen) const override;
    void wipe() override;
    void identified(Terminal& t, ScreenId screen) override;
    void answered(Terminal& t, Answer& answer) override;

    PresubmitView presubmitView(const Terminal& t) const;
    FormView formView(const Terminal& t) const;
    MaterialsView materialsView(const Terminal& t) const;
    SubmitView submitView(const Terminal& t) const;
    SubmittedView submittedView(const Terminal& t) const;
    /** The newest page of each material photographed so far (material index → page), for its thumbnail. */
    std::map<int, const CapturedPage*> newestPages(const Terminal& t) const;

private:
    void startForm(const Terminal& t, int matter);
    void formChanged(const Terminal& t);
    void printSubmission(Terminal& t);
    void pageCaptured(Terminal& t, uint64_t ticket, PageCaptured& captured);
    void submitted(Terminal& t, SubmissionSaved& saved);
    const Matter* matter(const Terminal& t) const;
    /** The open matter's tolerance commitment for this person, as printed (and shown, without the signature). */
    Document commitment(const Terminal& t, const Signature& signature, int64_t nowS) const;
    Presubmission pre_;
    bool saving_ = false;                      // the submission is on its way to the outbox
    std::vector<PrintRequest> submittedDocs_;  // the receipt (and commitment) of the last submission, for a reprint
};

}  // namespace ow::core::presubmit
