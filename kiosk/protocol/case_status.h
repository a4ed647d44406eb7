// The case lifecycle (办件状态, DOMAIN.md "Case lifecycle"): statuses, the moves allowed between them, the
// promised deadline and the next step a citizen is told. Central enforces it; the terminal shows it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ow::protocol {

enum class CaseStatus {
    received,     // 收件
    accepted,     // 受理
    notAccepted,  // 不予受理 (with reason)
    supplement,   // 补正 (with everything missing, once, and a date)
    review,       // 审查
    approved,     // 准予
    refused,      // 不予许可 (with reason and the right to review or sue)
    certificate,  // 制证
    ready,        // 待领取
    collected,    // 已领取
    mailed,       // 已寄出 (with tracking number)
};
constexpr CaseStatus kCaseStatuses[] = {CaseStatus::received,  CaseStatus::accepted, CaseStatus::notAccepted,
                                        CaseStatus::supplement, CaseStatus::review,   CaseStatus::approved,
                                        CaseStatus::refused,   CaseStatus::certificate, CaseStatus::ready,
                                        CaseStatus::collected, CaseStatus::mailed};
/** "received", "accepted", "not_accepted", "supplement", "review", "approved", "refused", "certificate",
 *  "ready", "collected", "mailed" — on the wire, in the store and in UI keys ("case.status.<code>"). */
const char* caseStatusCode(CaseStatus status);
std::optional<CaseStatus> parseCaseStatus(std::string_view code);

/** The statuses a case may move to from this one (none once it is over). */
std::vector<CaseStatus> nextStatuses(CaseStatus from);
bool canMove(CaseStatus from, CaseStatus to);
/** Over: not accepted, refused, collected or mailed. */
bool caseClosed(CaseStatus status);
/** Decided (or ended): the promised deadline has been met and no longer runs. */
bool caseDecided(CaseStatus status);

/** A move a department makes, with what the new status needs. */
struct CaseMove {
    CaseStatus to = CaseStatus::received;
    std::string reason{};                // not_accepted, refused: why (required)
    std::vector<std::string> missing{};  // supplement: every missing item, at once (一次性告知)
    std::string supplementBy{};          // supplement: YYYY-MM-DD
    std::string trackingNo{};            // mailed
    std::string by{};                    // the department or person acting
};
/** Why a move cannot be made from `from` on `today` (YYYY-MM-DD), or "" when it can. */
std::string checkMove(CaseStatus from, const CaseMove& move, std::string_view today);

/** Calendar dates as YYYY-MM-DD, in China Standard Time (UTC+8, no daylight saving). */
std::string dateOf(int64_t unixSeconds);
/** The minute of the day (0–1439) in the same time. */
int minuteOfDayOf(int64_t unixSeconds);
bool validDate(std::string_view date);
/** Days since 1970-01-01 of a valid YYYY-MM-DD (check validDate first), and the date of such a day number. */
int64_t dayIndex(std::string_view date);
std::string dateOfDayIndex(int64_t day);
/**
 * Which days are working days (工作日): Monday to Friday, except the public holidays the State Council announces
 * for each year (节假日), and the weekend days it makes working days in exchange (调休上班). Both lists are dates as
 * YYYY-MM-DD, sorted; they come with the signed configuration (the bundle's "calendar"). Empty: Monday to Friday.
 */
struct WorkCalendar {
    std::vector<std::string> holidays{};
    std::vector<std::string> workdays{};
    bool isWorkingDay(std::string_view date) const;
};
/** The date `workingDays` working days after `date`; 0 = the same day (即办件). */
std::string addWorkingDays(std::string_view date, int workingDays, const WorkCalendar& calendar = WorkCalendar{});
/** Working days after `from` up to and including `to` (negative when `to` is before `from`). */
int workingDaysBetween(std::string_view from, std::string_view to, const WorkCalendar& calendar = WorkCalendar{});

/** How a case stands against its promised deadline (预警 / 超期, 001 第二十一条). */
enum class DeadlineMark { none, dueSoon, overdue };
/** dueSoon: 2 working days or fewer left; overdue: the deadline day has passed; none once decided. */
DeadlineMark deadlineMark(CaseStatus status, std::string_view deadline, std::string_view today,
                          const WorkCalendar& calendar = WorkCalendar{});
constexpr int kDueSoonWorkingDays = 2;

/** One step of a case's history. */
struct CaseStep {
    CaseStatus status = CaseStatus::received;
    int64_t at = 0;  // Unix seconds
    std::string reason{}, supplementBy{}, trackingNo{}, by{};
    std::vector<std::string> missing{};
};

/** A case as central keeps it and the terminal shows it. */
struct CaseRecord {
    std::string caseNo{}, matterCode{}, matterName{}, department{};
    std::string holderName{}, holderId{}, phone{};
    bool instant = false;  // 即办件
    int promisedDays = 0;
    std::string deadline{};  // YYYY-MM-DD
    CaseStatus status = CaseStatus::received;
    std::vector<CaseStep> steps{};  // oldest first; the last is the current status
    std::string receiptNo{};        // the terminal's receipt number (申报编号) when a pre-submission opened it
};

/** The next step in plain words: a UI key ("case.next.<status>") and the values its text needs. */
struct NextStep {
    std::string key;
    std::map<std::string, std::string> values;
};
NextStep nextStep(const CaseRecord& c);

/** JSON of a case (with its steps) on the wire, and back; parsing checks every field. */
std::string caseToJson(const CaseRecord& c);
/**
 * A case as a terminal may hold it (the answer to its query): the holder's name, ID number and phone masked as the
 * screen would show them ("张*", 110105********002X, 138****8000), so no terminal's memory ever holds them whole.
 */
CaseRecord caseForTerminal(CaseRecord c);
/** As a screen shows them: the name's first character then '*' for each other; the ID number's first 6 and last
    4 characters; the phone's first 3 and last 4. */
std::string maskedName(std::string_view full);
std::string maskedIdNumber(std::string_view id);
std::string maskedPhone(std::string_view phone);
std::optional<CaseRecord> caseFromJson(std::string_view json, std::string* why = nullptr);
/** One step in the same form (as central keeps each step). */
std::string caseStepToJson(const CaseStep& step);
std::optional<CaseStep> caseStepFromJson(std::string_view json, std::string* why = nullptr);

}  // namespace ow::protocol
