// Configuration bundles: the catalogue, guides and terminal settings that central administrators publish.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/i18n.h"
#include "kiosk/protocol/appointments.h"
#include "kiosk/protocol/queue.h"
#include "kiosk/protocol/case_status.h"
#include "kiosk/scan_code.h"
#include "kiosk/result.h"

namespace ow::core {

/** The four theme groups of the catalogue (002 第三条). */
enum class Theme { livelihood, registration, permit, construction };
constexpr Theme kThemes[] = {Theme::livelihood, Theme::registration, Theme::permit, Theme::construction};
const char* themeCode(Theme theme);  // "livelihood", "registration", "permit", "construction"

/** 即办件 (done on the spot) or 承诺件 (decided within the promised limit). */
enum class MatterKind { instant, promised };

/** One required material; key materials cannot be missing under tolerance acceptance (容缺受理). */
struct Material {
    LocalText name;
    bool key = false;
    int copies = 1;
    bool original = false;  // the original must be shown
    LocalText note;
};

struct FaqEntry {
    LocalText question;
    LocalText answer;
};

/** 办事指南: everything a person needs to know about a matter, in one go (一次性告知). */
struct Guide {
    LocalText basis;
    LocalText conditions;
    std::vector<LocalText> procedure;
    LocalText fees;
    std::vector<FaqEntry> faq;
};

/** A field of a matter's application form, as the catalogue defines it. */
struct FormField {
    enum class Type { text, number, date, choice, phone, idNumber, digits };  // digits: exactly max_length of 0-9 (a code)
    std::string key;  // a-z 0-9 _, unique in the form
    LocalText label;
    LocalText hint;
    Type type = Type::text;
    bool required = true;
    int maxLength = 50;          // text: characters
    int64_t min = 0, max = 0;    // number: the range (both 0: any)
    std::vector<LocalText> choices;  // choice: what can be picked (its index is the value)
};
const char* fieldTypeCode(FormField::Type type);  // "text", "number", "date", "choice", "phone", "id_number", "digits"

/** A service matter of the catalogue (事项). */
struct Matter {
    std::string code;
    LocalText name;
    LocalText department;
    Theme theme = Theme::livelihood;
    MatterKind kind = MatterKind::promised;
    int legalLimitDays = 0;     // 法定时限 (working days)
    int promisedLimitDays = 0;  // 承诺时限 (working days, ≤ legal)
    bool toleranceAllowed = false;
    // Collecting its result (领取; 002 第十六条(四)): whether someone else may collect it with the applicant's
    // authorisation (代领), and whether the result is a document a terminal can print (false: a physical certificate,
    // handed over at the window of 统一窗口出件). content.matters[].collect: {"delegate", "printable"}.
    bool delegateAllowed = true;
    bool resultPrintable = true;
    Guide guide;
    std::vector<Material> materials;
    std::vector<FormField> form;  // empty: the matter cannot be pre-submitted at a terminal
};

/** Settings of the terminal's user interface. */
struct UiSettings {
    int idleTimeoutS = 60;  // session ends after this much inactivity
    int countdownS = 10;    // visible warning before it ends
    Lang defaultLang = Lang::zhCN;
    /** Devices without which no service of this terminal works (e.g. a print-only kiosk's "receipt"); while
        one is down the attract screen says the terminal is out of service and where to go instead. */
    std::vector<std::string> requiredDevices;
};

/** Where a bundle applies; "*" in halls means every hall. */
struct Scope {
    std::vector<std::string> halls;
    std::vector<std::string> terminals;
};

/** A parsed, validated configuration bundle. */
struct Bundle {
    int64_t version = 0;
    int64_t issuedAt = 0;   // Unix seconds
    int64_t expiresAt = 0;  // Unix seconds
    Scope scope;
    std::string hallId;
    LocalText hallName;
    LocalText hallAddress;  // where the hall is, for appointment slips (optional)
    std::string servicePhone;
    UiSettings ui;
    std::vector<LocalText> announcements;
    std::vector<Matter> matters;
    /** Who may sign the codes on receipts and appointment slips: key id → Ed25519 public key. */
    TrustedKeys codeIssuers;
    /** Public holidays and the weekend days worked in exchange, for every date counted in working days. */
    protocol::WorkCalendar calendar;
    /** Appointment capacity and rules (content.appointments); nullopt: nothing can be booked at this hall. */
    std::optional<protocol::AppointmentRules> appointments;
    /** The queue: number prefixes, daily caps, windows, the fair rule (content.queue); nullopt: no numbers here. */
    std::optional<protocol::QueueRules> queue;
    /** content.reports.deadline_working_days: a report of what could not be done is answered within so many working
        days (办不成事; Jiangsu: 15), 1–60. */
    int reportDeadlineWorkingDays = 15;
    /** content.schedule.hours: when this terminal serves (working days of the calendar, within these hours; only
        the hours of this are used); nullopt: always, the 7×24 self-service area. */
    std::optional<protocol::AppointmentRules> serviceHours;
    /** content.schedule.restart_at: the minute of the day (北京时间) the kiosk restarts itself when nobody is being
        served; -1: never. */
    int restartAtMinute = -1;
    /** content.schedule.dim: the night hours (北京时间; "from" after "to" passes midnight) the attract screen is dimmed
        to `level` of full brightness, 0.2–0.8 (never black); a touch wakes it. nullopt: never dimmed. */
    struct Dimming {
        int fromMinute = 0, toMinute = 0;
        double level = 0.4;
    };
    std::optional<Dimming> dimming;
    /** content.collection.window: where physical certificates are handed over (统一窗口出件); empty: the words of the
        UI's own ("the window for results"). */
    LocalText collectionWindow;

    const Matter* findMatter(std::string_view code) const;
    /** Every text the bundle can put on screen, for the glyph atlas. */
    std::vector<std::string_view> texts() const;
};

constexpr size_t kMaxBundleBytes = 4 * 1024 * 1024;
constexpr const char* kBundleFormat = "onewindow.bundle.v1";

/** Parses and validates a bundle document; the error names the offending field. */
Result<Bundle> parseBundle(std::string_view json);

/** Parses "YYYY-MM-DDTHH:MM:SSZ" to Unix seconds. */
bool parseUtcTime(std::string_view text, int64_t& out);

}  // namespace ow::core
