// The case lifecycle: statuses, moves, deadlines in working days, the next step, and the case's JSON form.
#include "kiosk/protocol/case_status.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "kiosk/utf8.h"

namespace ow::protocol {

using nlohmann::json;

namespace {

struct StatusInfo {
    CaseStatus status;
    const char* code;
    std::vector<CaseStatus> next;
};

// received → accepted | not accepted | supplement; supplement → accepted | not accepted, or refused when a
// tolerance acceptance was not supplemented in time (容缺受理制度 第七条); accepted → review, or decided at once
// (即办件); review → approved | refused | supplement; approved → certificate | ready | mailed; certificate →
// ready; ready → collected | mailed. Nothing jumps ahead: received never becomes collected.
const StatusInfo kInfo[] = {
    {CaseStatus::received, "received", {CaseStatus::accepted, CaseStatus::notAccepted, CaseStatus::supplement}},
    {CaseStatus::accepted, "accepted", {CaseStatus::review, CaseStatus::approved, CaseStatus::refused}},
    {CaseStatus::notAccepted, "not_accepted", {}},
    {CaseStatus::supplement, "supplement", {CaseStatus::accepted, CaseStatus::notAccepted, CaseStatus::refused}},
    {CaseStatus::review, "review", {CaseStatus::approved, CaseStatus::refused, CaseStatus::supplement}},
    {CaseStatus::approved, "approved", {CaseStatus::certificate, CaseStatus::ready, CaseStatus::mailed}},
    {CaseStatus::refused, "refused", {}},
    {CaseStatus::certificate, "certificate", {CaseStatus::ready}},
    {CaseStatus::ready, "ready", {CaseStatus::collected, CaseStatus::mailed}},
    {CaseStatus::collected, "collected", {}},
    {CaseStatus::mailed, "mailed", {}},
};

const StatusInfo& info(CaseStatus s) { return kInfo[static_cast<int>(s)]; }

// Days since 1970-01-01 for a civil date, and back (proleptic Gregorian; H. Hinnant's algorithms).
int64_t daysFromCivil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::string civilFromDays(int64_t z) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const int64_t y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
    char out[48];
    std::snprintf(out, sizeof out, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
    return out;
}

// Day number of a valid YYYY-MM-DD (checked by validDate first).
int64_t dayNumber(std::string_view date) {
    const auto n = [&](size_t at, size_t len) {
        int v = 0;
        for (size_t i = at; i < at + len; ++i) v = v * 10 + (date[i] - '0');
        return v;
    };
    return daysFromCivil(n(0, 4), static_cast<unsigned>(n(5, 2)), static_cast<unsigned>(n(8, 2)));
}

bool weekday(int64_t day) {
    const int64_t dow = ((day % 7) + 7 + 4) % 7;  // 1970-01-01 was a Thursday (4); 0 = Sunday
    return dow != 0 && dow != 6;
}

// Day `day` (days since 1970-01-01) by the calendar; its date is written out only when the calendar lists any.
bool workingDay(const WorkCalendar& c, int64_t day) {
    if (c.workdays.empty() && c.holidays.empty()) return weekday(day);
    const std::string date = civilFromDays(day);
    if (std::binary_search(c.workdays.begin(), c.workdays.end(), date)) return true;
    if (std::binary_search(c.holidays.begin(), c.holidays.end(), date)) return false;
    return weekday(day);
}

bool validText(const std::string& s, size_t max) { return s.size() <= max && core::isValidUtf8(s); }

}  // namespace

const char* caseStatusCode(CaseStatus status) { return info(status).code; }

std::optional<CaseStatus> parseCaseStatus(std::string_view code) {
    for (const auto& i : kInfo)
        if (code == i.code) return i.status;
    return std::nullopt;
}

std::vector<CaseStatus> nextStatuses(CaseStatus from) { return info(from).next; }

bool canMove(CaseStatus from, CaseStatus to) {
    const auto& next = info(from).next;
    return std::find(next.begin(), next.end(), to) != next.end();
}

bool caseClosed(CaseStatus s) { return info(s).next.empty(); }

bool caseDecided(CaseStatus s) {
    return s == CaseStatus::approved || s == CaseStatus::refused || s == CaseStatus::notAccepted ||
           s == CaseStatus::certificate || s == CaseStatus::ready || s == CaseStatus::collected || s == CaseStatus::mailed;
}

std::string checkMove(CaseStatus from, const CaseMove& m, std::string_view today) {
    if (!canMove(from, m.to)) {
        std::string allowed;
        for (auto s : info(from).next) allowed += std::string(allowed.empty() ? "" : ", ") + caseStatusCode(s);
        return std::string("a case that is ") + caseStatusCode(from) + " cannot become " + caseStatusCode(m.to) +
               (allowed.empty() ? " (it is closed)" : " (next can be: " + allowed + ")");
    }
    if ((m.to == CaseStatus::notAccepted || m.to == CaseStatus::refused) && m.reason.empty())
        return std::string("a case that is ") + caseStatusCode(m.to) + " needs the reason, for the applicant";
    if (m.to == CaseStatus::supplement) {
        if (m.missing.empty()) return "a supplement request lists everything missing, at once (一次性告知)";
        if (!validDate(m.supplementBy)) return "a supplement request needs its date as YYYY-MM-DD";
        if (m.supplementBy < today) return "the supplement date " + m.supplementBy + " has already passed";
    }
    if (m.to == CaseStatus::mailed && m.trackingNo.empty()) return "a mailed result needs its tracking number";
    for (const auto* text : {&m.reason, &m.supplementBy, &m.trackingNo, &m.by})
        if (!validText(*text, 2000)) return "a text is not valid UTF-8 or is longer than 2000 bytes";
    if (m.missing.size() > 100) return "more than 100 missing items";
    for (const auto& item : m.missing)
        if (item.empty() || !validText(item, 500)) return "a missing item is empty, not valid UTF-8 or too long";
    return "";
}

std::string dateOf(int64_t unixSeconds) {
    const int64_t local = unixSeconds + 8 * 3600;  // 北京时间
    return civilFromDays(local >= 0 ? local / 86400 : (local - 86399) / 86400);
}

int minuteOfDayOf(int64_t unixSeconds) {
    const int64_t local = unixSeconds + 8 * 3600;  // 北京时间
    return static_cast<int>(((local % 86400) + 86400) % 86400 / 60);
}

bool validDate(std::string_view d) {
    if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (d[i] < '0' || d[i] > '9') return false;
    return civilFromDays(dayNumber(d)) == d;  // rejects 2026-02-30 and month 13
}

int64_t dayIndex(std::string_view date) { return dayNumber(date); }
std::string dateOfDayIndex(int64_t day) { return civilFromDays(day); }

bool WorkCalendar::isWorkingDay(std::string_view date) const { return workingDay(*this, dayNumber(date)); }

std::string addWorkingDays(std::string_view date, int workingDays, const WorkCalendar& calendar) {
    int64_t day = dayNumber(date);
    for (int left = workingDays; left > 0;)
        if (workingDay(calendar, ++day)) --left;
    return civilFromDays(day);
}

int workingDaysBetween(std::string_view from, std::string_view to, const WorkCalendar& calendar) {
    const int64_t a = dayNumber(from), b = dayNumber(to);
    int n = 0;
    for (int64_t d = std::min(a, b) + 1; d <= std::max(a, b); ++d) n += workingDay(calendar, d);
    return b >= a ? n : -n;
}

DeadlineMark deadlineMark(CaseStatus status, std::string_view deadline, std::string_view today, const WorkCalendar& calendar) {
    if (caseDecided(status) || !validDate(deadline) || !validDate(today)) return DeadlineMark::none;
    if (today > deadline) return DeadlineMark::overdue;
    return workingDaysBetween(today, deadline, calendar) <= kDueSoonWorkingDays ? DeadlineMark::dueSoon : DeadlineMark::none;
}

NextStep nextStep(const CaseRecord& c) {
    NextStep n{std::string("case.next.") + caseStatusCode(c.status), {{"deadline", c.deadline}, {"matter", c.matterName}}};
    const CaseStep* last = c.steps.empty() ? nullptr : &c.steps.back();
    if (!last) return n;
    switch (c.status) {
        case CaseStatus::supplement: {
            std::string items;
            for (const auto& m : last->missing) items += (items.empty() ? "" : "; ") + m;
            n.values["missing"] = items;
            n.values["date"] = last->supplementBy;
            break;
        }
        case CaseStatus::notAccepted:
        case CaseStatus::refused: n.values["reason"] = last->reason; break;
        case CaseStatus::mailed: n.values["tracking"] = last->trackingNo; break;
        default: break;
    }
    return n;
}

namespace {
json stepJson(const CaseStep& s) {
    json j{{"status", caseStatusCode(s.status)}, {"at", s.at}};
    if (!s.by.empty()) j["by"] = s.by;
    if (!s.reason.empty()) j["reason"] = s.reason;
    if (!s.missing.empty()) j["missing"] = s.missing;
    if (!s.supplementBy.empty()) j["supplement_by"] = s.supplementBy;
    if (!s.trackingNo.empty()) j["tracking_no"] = s.trackingNo;
    return j;
}

std::optional<CaseStep> stepFrom(const json& s, std::string& why) {
    if (!s.is_object() || !s.contains("status") || !s["status"].is_string() || !s.contains("at") || !s["at"].is_number_integer())
        return why = "a step needs \"status\" and \"at\"", std::nullopt;
    const auto st = parseCaseStatus(s["status"].get<std::string>());
    if (!st) return why = "a step's status is not a case status", std::nullopt;
    CaseStep step;
    step.status = *st;
    step.at = s["at"].get<int64_t>();
    for (auto [key, field] : {std::pair{"by", &step.by}, {"reason", &step.reason}, {"supplement_by", &step.supplementBy},
                              {"tracking_no", &step.trackingNo}}) {
        if (!s.contains(key)) continue;
        if (!s[key].is_string()) return why = std::string("a step's \"") + key + "\" is not text", std::nullopt;
        *field = s[key].get<std::string>();
    }
    if (s.contains("missing")) {
        if (!s["missing"].is_array()) return why = "a step's \"missing\" is not a list", std::nullopt;
        for (const auto& m : s["missing"]) {
            if (!m.is_string()) return why = "a missing item is not text", std::nullopt;
            step.missing.push_back(m.get<std::string>());
        }
    }
    return step;
}
}  // namespace

std::string caseStepToJson(const CaseStep& step) { return stepJson(step).dump(); }

std::optional<CaseStep> caseStepFromJson(std::string_view text, std::string* why) {
    std::string reason;
    auto step = stepFrom(json::parse(text, nullptr, false), reason);
    if (!step && why) *why = reason;
    return step;
}

std::string caseToJson(const CaseRecord& c) {
    json steps = json::array();
    for (const auto& s : c.steps) steps.push_back(stepJson(s));
    json j{{"case_no", c.caseNo},       {"matter_code", c.matterCode}, {"matter_name", c.matterName},
                {"department", c.department}, {"holder_name", c.holderName}, {"holder_id", c.holderId},
                {"phone", c.phone},           {"instant", c.instant},        {"promised_days", c.promisedDays},
                {"deadline", c.deadline},     {"status", caseStatusCode(c.status)}, {"steps", steps}};
    if (!c.receiptNo.empty()) j["receipt_no"] = c.receiptNo;
    return j.dump();
}

namespace {
// Keeps `head` characters (bytes of ASCII) at the start and `tail` at the end, the rest as '*'.
std::string keepEnds(const std::string& s, size_t head, size_t tail) {
    if (s.size() <= head + tail) return std::string(s.size(), '*');
    return s.substr(0, head) + std::string(s.size() - head - tail, '*') + s.substr(s.size() - tail);
}
}  // namespace

std::string maskedName(std::string_view full) {
    // Its first character (one UTF-8 sequence), then one '*' for each of the others.
    std::string name;
    size_t chars = 0;
    for (size_t i = 0; i < full.size(); ++i) {
        const bool starts = (static_cast<unsigned char>(full[i]) & 0xC0) != 0x80;
        if (starts) ++chars;
        if (chars == 1) name += full[i];
        else if (starts) name += '*';
    }
    return name;
}

std::string maskedIdNumber(std::string_view id) { return keepEnds(std::string(id), 6, 4); }
std::string maskedPhone(std::string_view phone) { return keepEnds(std::string(phone), 3, 4); }

CaseRecord caseForTerminal(CaseRecord c) {
    c.holderName = maskedName(c.holderName);
    c.holderId = maskedIdNumber(c.holderId);
    c.phone = maskedPhone(c.phone);
    return c;
}

std::optional<CaseRecord> caseFromJson(std::string_view text, std::string* why) {
    const auto bad = [&](const std::string& reason) -> std::optional<CaseRecord> {
        if (why) *why = reason;
        return std::nullopt;
    };
    const json j = json::parse(text, nullptr, false);
    if (!j.is_object()) return bad("a case is a JSON object");
    CaseRecord c;
    for (auto [key, field] : {std::pair{"case_no", &c.caseNo}, {"matter_code", &c.matterCode}, {"matter_name", &c.matterName},
                              {"department", &c.department}, {"holder_name", &c.holderName}, {"holder_id", &c.holderId},
                              {"phone", &c.phone}, {"deadline", &c.deadline}}) {
        if (!j.contains(key) || !j[key].is_string()) return bad(std::string("\"") + key + "\" is missing or not text");
        *field = j[key].get<std::string>();
    }
    if (!j.contains("promised_days") || !j["promised_days"].is_number_integer()) return bad("\"promised_days\" is not a number");
    c.promisedDays = j["promised_days"].get<int>();
    c.instant = j.value("instant", false);
    if (j.contains("receipt_no")) {
        if (!j["receipt_no"].is_string() || j["receipt_no"].get_ref<const std::string&>().size() > 40)
            return bad("\"receipt_no\" is not a receipt number");
        c.receiptNo = j["receipt_no"].get<std::string>();
    }
    const auto status = j.contains("status") && j["status"].is_string() ? parseCaseStatus(j["status"].get<std::string>()) : std::nullopt;
    if (!status) return bad("\"status\" is not a case status");
    c.status = *status;
    if (!j.contains("steps") || !j["steps"].is_array()) return bad("\"steps\" is not a list");
    for (const auto& s : j["steps"]) {
        std::string reason;
        auto step = stepFrom(s, reason);
        if (!step) return bad(reason);
        c.steps.push_back(std::move(*step));
    }
    return c;
}

}  // namespace ow::protocol
