// The terminal's core state: configuration, language, text scale, navigation and the current session.
#pragma once

#include <cstdint>
#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "drivers/api/device.h"
#include "kiosk/appearance.h"
#include "kiosk/bundle.h"
#include "kiosk/case_progress.h"
#include "kiosk/document.h"
#include "kiosk/guide_notice.h"
#include "kiosk/i18n.h"
#include "kiosk/pinyin_input.h"
#include "kiosk/presubmission.h"
#include "kiosk/session.h"

namespace ow::core {

/** The screens of the kiosk. */
enum class ScreenId {
    attract, home, notBuilt, caseLookup, progress, guides, guide,
    // pre-submission: choose the matter, its form, its materials, then one of: confirm (complete),
    // commitment (tolerance, signed), incomplete (everything missing at once); then submitted (the receipt)
    presubmit, form, materials, confirm, commitment, incomplete, submitted,
};

/** The services offered on the home screen, in the order of its tiles. */
enum class Service { progress, guides, presubmit, appointments, collect, rate, report, callStaff };
constexpr Service kServices[] = {Service::progress, Service::guides,  Service::presubmit, Service::appointments,
                                 Service::collect,  Service::rate,    Service::report,    Service::callStaff};
const char* serviceCode(Service service);  // "progress", "guides", … ; UI keys are "service.<code>.title"

/** What a person asked for on screen; screens return these, the core acts on them. */
struct Intent {
    enum class Kind {
        none, start, openService, home, back, finish, continueSession, setLang, setScale,
        keypad,         // value: a digit 0–9, kKeypadDelete or kKeypadClear, into the selected field
        selectField,    // value: 0 case number, 1 phone
        lookupSubmit,   // ask central about the typed case number and phone
        retry,          // ask central the same question again (after it could not be reached)
        dismissOffer,   // "no, thank you" to the elderly-scale offer
        selectTheme,    // value: a Theme, on the guides screen
        openMatter,     // value: the matter's index in the catalogue
        printNotice,    // value: 0 receipt printer, 1 A4 — the one-time notice of the open matter
        toggleVoice,    // spoken prompts on or off (on by themselves at elderly scale)
        openSearch,     // guides: search by characters or pinyin (initials will do) on the screen keyboard
        closeSearch,    // guides: back to browsing by theme
        typeLetter,     // value: 0–25, a letter of pinyin
        pickCandidate,  // value: which of the candidates shown goes into the search text
        searchDelete,   // the last letter, or else the last character of the search text
        searchClear,
        openPresubmit,  // value: the matter's index in the catalogue — fill in its form here
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
    Kind kind = Kind::none;
    int value = 0;  // Service, Lang or TextScale as int

    static Intent of(Kind k, int v = 0) { return {k, v}; }
};

constexpr int kKeypadDelete = 10, kKeypadClear = 11, kFormX = 12;
constexpr int kSignStart = 1 << 28;  // signAt: this point starts a new stroke
constexpr int signValue(float x, float y, bool start) {
    return (start ? kSignStart : 0) | (static_cast<int>(x * 10000) << 14) | static_cast<int>(y * 10000);
}

/** A person identified at the terminal (from the ID-card reader, or typed in). */
struct IdentityInput {
    std::string name, idNumber, birth, address, phone;
};

struct AttractView {
    std::string hallName;
    std::string date;  // e.g. "2026年11月22日 星期日"
    std::string time;  // "17:46"
    std::vector<std::string> announcements;
};

struct TileView {
    Service service;
    std::string titleKey;
    std::string descKey;
};

struct HomeView {
    std::string greeting;  // empty when nobody is identified
    /** For a holder aged 60 or more (from the card's birth date): the green channel, and elderly scale offered. */
    std::string greenChannel;
    bool offerElderlyScale = false;
    std::vector<TileView> tiles;
};

/** Case progress: asking, the cases found, none, central unreachable, or the question refused. */
struct ProgressView {
    enum class State { asking, cases, none, offline, refused } state = State::asking;
    std::string heading;  // whose cases: the masked name, or the case number asked about
    std::vector<CaseView> cases;
    std::string phoneLine;  // the hall's service phone, for the next step when nothing could be shown
};

struct LookupView {
    std::string caseNo, phone;  // as typed, "OW" shown before the digits
    int field = 0;
    std::string problem;  // why the typed question cannot be asked yet (after a submit), else ""
};

struct GuidesView {
    Theme theme = Theme::livelihood;
    bool searching = false;
    std::string query, letters;           // characters chosen, and pinyin letters not yet turned into any
    std::vector<std::string> candidates;  // for the letters, best first
    struct Item {
        int index;  // in the catalogue
        std::string name, department, limit;
    };
    std::vector<Item> matters;  // of the selected theme, or what the search finds
};

struct GuideView {
    std::string name, code, department, limit, fees, basis, conditions, tolerance;
    struct MaterialLine {
        std::string name, copies, note;
        bool key = false;
    };
    std::vector<MaterialLine> materials;
    std::vector<std::string> procedure;
    std::vector<std::pair<std::string, std::string>> faq;
    bool canPrintReceipt = false, canPrintA4 = false;
    int index = -1;             // the matter's index in the catalogue
    bool canPresubmit = false;  // the matter has a form: it can be applied for at this terminal
};

/** A document the person asked to print, for main to send to a printer (through the print journal). */
struct PrintRequest {
    Document document;
    bool a4 = false;
};

/** Pre-submission: the matters that can be applied for here, once the person is identified by ID card. */
struct PresubmitView {
    bool identified = false;
    std::string who;  // the masked name and ID number
    std::vector<GuidesView::Item> matters;
};

/** A matter's form: each field with what was typed and its problem, and the input for the selected one. */
struct FormView {
    std::string matter;
    struct Field {
        std::string label, hint, value, problem;
        bool required = true, selected = false;
    };
    std::vector<Field> fields;
    enum class Input { letters, digits, idNumber, date, choice } input = Input::letters;
    std::vector<std::string> choices;  // for a choice field
    std::string letters;
    std::vector<std::string> candidates;
    bool problems = false;  // "next" found something wrong
};

/** The materials: each one captured (with its pages), missing, or still to do. */
struct MaterialsView {
    std::string matter;
    struct Item {
        std::string name, copies, note;
        bool key = false, missing = false;
        int pages = 0;
    };
    std::vector<Item> items;
    bool camera = false;     // the document camera is there to photograph with
    bool capturing = false;  // a page is being taken
    bool allDecided = false; // every material captured or marked missing
};

/** After the completeness check: what will be submitted, what is missing, the commitment to sign. */
struct SubmitView {
    std::string matter, applicant;
    std::vector<std::string> captured, missingKey, missingOther;  // material names
    std::string why;            // incomplete: why no tolerance (plain words), or that key materials are missing
    std::string supplementBy;   // tolerance
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

/** A page the person asked to photograph, for main to take from the document camera. */
struct CaptureRequest {
    uint64_t ticket = 0;
    int material = 0;
};

struct NotBuiltView {
    std::string serviceTitle;
    std::string body;
    std::string phoneLine;
};

/** The core of one terminal; lives on the UI thread. Times are the kiosk clock in ms. */
class Terminal {
public:
    Terminal(Strings strings, Bundle bundle);

    ScreenId screen() const { return stack_.back(); }
    Service service() const { return service_; }
    Lang lang() const { return lang_; }
    TextScale scale() const { return scale_; }
    const Strings& strings() const { return strings_; }
    const Bundle& bundle() const { return bundle_; }
    const Session& session() const { return session_; }
    /** How the last session ended (for the summary sent to central): reason code and length. */
    struct SessionSummary {
        std::string reason;
        int64_t durationS = 0;
    };
    const SessionSummary& lastSessionEnd() const { return lastEnd_; }
    /** Changes each time a session ends, so the UI can clear what it cached for it. */
    uint64_t sessionGeneration() const { return generation_; }
    const std::string& tr(std::string_view key) const { return strings_.text(lang_, key); }

    void apply(const Intent& intent, int64_t nowMs);
    /** Any touch or key press: keeps the session alive (not while on attract). */
    void activity(int64_t nowMs);
    /** A person identified themselves: starts a session (a new one for a different person) and greets them. */
    void identify(const IdentityInput& who, int64_t nowMs);
    /** An event from a device worker, on the UI thread. */
    void onDevice(const drivers::DeviceEvent& event, int64_t nowMs);
    /** Last reported state of each device class ("idcard", …). */
    const std::map<std::string, drivers::DeviceStatusChanged>& devices() const { return devices_; }
    bool deviceOnline(const std::string& device) const;
    /** A device every service needs (bundle ui.required_devices) is down: the terminal cannot serve anyone. */
    bool outOfService() const;
    /** A message for the person (expired card, card not read), in the current language; empty when none. */
    std::string notice(int64_t nowMs) const;
    /** Ends a session whose idle time ran out; returns true when it did. */
    bool tick(int64_t nowMs);
    void endSession(SessionEnd reason);
    /** Seconds left on the visible idle countdown, or -1 when none is shown. */
    int countdownSeconds(int64_t nowMs) const;
    /** How long the UI may sleep before something on screen changes by itself (clock, countdown, timeout). */
    int64_t msUntilChange(int64_t nowMs, int64_t wallMs) const;
    /** Replaces the active configuration (after it was verified and stored). */
    void setBundle(Bundle bundle);

    AttractView attractView(std::time_t wall) const;
    HomeView homeView(std::time_t wall) const;
    NotBuiltView notBuiltView() const;
    ProgressView progressView(std::time_t wall) const;
    LookupView lookupView() const;
    GuidesView guidesView() const;
    GuideView guideView() const;
    PresubmitView presubmitView() const;
    FormView formView() const;
    MaterialsView materialsView() const;
    SubmitView submitView() const;
    SubmittedView submittedView() const;
    /** The newest page of each material photographed so far (material index → page), for its thumbnail. */
    std::map<int, const CapturedPage*> newestPages() const;
    /** A page to photograph, once (main captures it off the UI thread). */
    std::optional<CaptureRequest> takeCaptureRequest();
    /** The photographed page; one for an older request or an ended session is dropped and wiped. */
    void onPageCaptured(uint64_t ticket, int material, Result<CapturedPage> page);
    /** The submission to save, once: main writes it to the outbox, then calls onSubmitted. */
    std::optional<SubmissionRequest> takeSubmission();
    /**
     * The submission was saved (or could not be): the submitted screen, and its receipt printed (with the signed
     * commitment, for a tolerance acceptance). qr is the receipt's code; reachable: central answered lately.
     */
    void onSubmitted(Result<protocol::Submission> queued, const std::string& qr, bool reachable);
    /** The pinyin engine for the screen keyboard (owned by main; none: search by letters finds nothing). */
    void setPinyin(PinyinInput* engine) { pinyin_ = engine; }
    /** Whether prompts are spoken: on by default at elderly scale, else off; the person's choice wins. */
    bool voiceOn() const;
    /**
     * What the current screen says aloud, in the current language: how to go on, never who the person is
     * (it is heard by everyone nearby).
     */
    std::string spokenPrompt() const;
    /** The documents asked for since the last call, each once, in order. */
    std::optional<PrintRequest> takePrintRequest();

    /** A question for central, once: main asks it off the UI thread and hands back the answer with its ticket. */
    std::optional<std::pair<uint64_t, CaseQuestion>> takeCaseQuestion();
    /** Central's answer; one for an older question or an ended session is dropped (and wiped). */
    void onCaseAnswer(uint64_t ticket, CaseAnswer answer);
    /** Every text the current configuration and UI strings can show, for the initial glyph atlas. */
    std::vector<std::string_view> knownTexts() const;
    /** The UI strings, the hall's name and digits: what headings show before any flow's content. */
    std::vector<std::string_view> headingTexts() const;

private:
    void navigate(ScreenId to);
    void ask(CaseQuestion question);
    void forgetCases();
    Strings strings_;
    Bundle bundle_;
    Lang lang_;
    TextScale scale_ = TextScale::standard;
    std::vector<ScreenId> stack_{ScreenId::attract};
    Service service_ = Service::progress;
    Session session_;
    uint64_t generation_ = 0;
    SessionSummary lastEnd_;
    std::map<std::string, drivers::DeviceStatusChanged> devices_;
    struct Notice {
        std::string key;
        std::map<std::string, std::string> values;
        int64_t untilMs = 0;
    };
    std::optional<Notice> notice_;
    // Case progress: the question asked (kept for "try again"), whether it is waiting to be taken, the answer.
    CaseQuestion question_;
    bool questionPending_ = false;
    uint64_t ticket_ = 0;
    std::optional<CaseAnswer> answer_;
    TypedLookup typed_;
    bool offerDismissed_ = false;
    enum class VoiceChoice { automatic, on, off } voice_ = VoiceChoice::automatic;
    void searchChanged();
    PinyinInput* pinyin_ = nullptr;
    bool searching_ = false;
    std::string letters_, query_;
    std::vector<std::string> candidates_;
    std::vector<int> found_;
    Theme theme_ = Theme::livelihood;
    int matter_ = -1;
    std::vector<PrintRequest> prints_;
    // Pre-submission (terminal_presubmit.cpp).
    bool applyPresubmit(const Intent& intent, int64_t nowMs);
    void startForm(int matter);
    void formChanged();
    void printSubmission();
    const Matter* preMatter() const;
    /** The identified person as shown and printed: the name, and the ID number with its middle masked. */
    Applicant applicant() const;
    std::string applicantLine() const;  // "张三（310118********0016）"
    /** The open matter's tolerance commitment for this person, as printed (and shown, without the signature). */
    Document commitment(const Signature& signature, int64_t nowS) const;
    GuidesView::Item matterItem(size_t index) const;
    Presubmission pre_;
    std::optional<CaptureRequest> capture_;
    std::optional<SubmissionRequest> submission_;
    std::vector<PrintRequest> submittedDocs_;  // the receipt (and commitment) of the last submission, for a reprint
    std::string typedProblem_;
};

/** "2026年11月22日 星期日" / "Sunday 22 November 2026". */
std::string formatDate(const Strings& strings, Lang lang, const std::tm& tm);
/** Full years from a birth date (YYYYMMDD) to a day (YYYY-MM-DD); -1 when the birth date is not one. */
int ageOn(std::string_view birth, std::string_view day);
constexpr int kElderlyAge = 60;  // 适老化: 60 and over get the green channel (DOMAIN.md "Inclusion")

/** ID number with its middle masked: 110101********1234. */
std::string maskIdNumber(std::string_view id);

}  // namespace ow::core
