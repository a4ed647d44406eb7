// Case progress (办件查询) on the terminal: the question put to central, its answer, and what the screens show
// of it — each case's status timeline, promised deadline with its warning mark, and the next step in plain words.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <vector>

#include "kiosk/i18n.h"
#include "kiosk/protocol/case_status.h"

namespace ow::core {

/** Who asks: the holder's ID number (card), a scanned receipt code, or a case number with its phone. */
struct CaseQuestion {
    std::string idNumber, receiptCode, caseNo, phone;
    /** The body of POST /v1/cases/query. */
    std::string body() const;
    void wipe();
};

/** How asking central ended. */
struct CaseAnswer {
    enum class Outcome { answered, offline, refused } outcome = Outcome::offline;
    std::vector<protocol::CaseRecord> cases;
    std::string detail;  // why it was refused or could not be asked (for the log; not shown as is)
};
/** Parses central's {"cases": [...]} reply (any case that does not parse makes the whole answer refused). */
CaseAnswer parseCaseAnswer(std::string_view body);
/** Overwrites every text of the cases with zeros before they are freed (they hold a person's data). */
void wipeCases(std::vector<protocol::CaseRecord>& cases);

/** Case number and phone typed on the keypad: "OW" and 14 digits; 7 to 12 digits. */
struct TypedLookup {
    std::string caseDigits, phone;
    int field = 0;  // 0: case number, 1: phone
};
/** The UI key of what is wrong with what was typed, or "" when it can be asked. */
std::string typedLookupProblem(const TypedLookup& typed);
constexpr size_t kCaseDigits = 14;

struct CaseStepView {
    std::string status, time, detail;
};
struct CaseView {
    std::string caseNo, matter, status, deadline, next;
    std::string receiptNo;  // 申报编号, for a case a terminal's pre-submission opened
    protocol::DeadlineMark mark = protocol::DeadlineMark::none;
    std::string markText;
    std::vector<CaseStepView> steps;  // oldest first
};
/**
 * The case views of an answer, in the given language, with marks as of `today` (YYYY-MM-DD, 北京时间), the days
 * left counted in the calendar's working days.
 */
std::vector<CaseView> caseViews(const std::vector<protocol::CaseRecord>& cases, const Strings& strings, Lang lang,
                                const std::string& today, const protocol::WorkCalendar& calendar = protocol::WorkCalendar{});
/** "2026-11-23 10:05", in China Standard Time. */
std::string caseTime(int64_t unixSeconds);

}  // namespace ow::core
