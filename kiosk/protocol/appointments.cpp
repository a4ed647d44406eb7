// Appointment slots and rules.
#include "kiosk/protocol/appointments.h"

#include <algorithm>
#include <cstdio>

namespace ow::protocol {

namespace {
constexpr int64_t kBeijing = 8 * 3600;  // 北京时间 is UTC+8 all year
}

const BookableMatter* AppointmentRules::matter(std::string_view code) const {
    for (const auto& m : matters)
        if (m.code == code) return &m;
    return nullptr;
}

int AppointmentRules::themePlacesOf(std::string_view theme) const {
    for (const auto& [code, places] : themePlaces)
        if (code == theme) return places;
    return 0;
}

int AppointmentRules::placesFor(const BookableMatter& m) const {
    const int theme = themePlacesOf(m.theme);
    return m.places > 0 ? std::min(m.places, theme) : theme;
}

std::optional<int64_t> slotStart(std::string_view id) {
    if (id.size() != 16 || id[10] != 'T' || id[13] != ':') return std::nullopt;
    const std::string_view date = id.substr(0, 10);
    if (!validDate(date)) return std::nullopt;
    int h = 0, m = 0;
    for (size_t i : {11, 12, 14, 15})
        if (id[i] < '0' || id[i] > '9') return std::nullopt;
    h = (id[11] - '0') * 10 + (id[12] - '0');
    m = (id[14] - '0') * 10 + (id[15] - '0');
    if (h > 23 || m > 59) return std::nullopt;
    return dayIndex(date) * 86400 + h * 3600 + m * 60 - kBeijing;
}

std::string slotIdOf(int64_t unixSeconds) {
    const int64_t local = unixSeconds + kBeijing;
    const int64_t day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    const int64_t secOfDay = local - day * 86400;
    char hm[8];
    std::snprintf(hm, sizeof hm, "T%02d:%02d", static_cast<int>(secOfDay / 3600), static_cast<int>(secOfDay / 60 % 60));
    return dateOfDayIndex(day) + hm;
}

int weekdayOf(std::string_view date) {
    const int64_t day = dayIndex(date);
    return static_cast<int>(((day % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday (3 when Monday is 0)
}

namespace {
// The opening periods of a date as Unix seconds (none on a day off).
std::vector<std::pair<int64_t, int64_t>> openingsOf(const AppointmentRules& rules, const WorkCalendar& calendar,
                                                    std::string_view date) {
    std::vector<std::pair<int64_t, int64_t>> out;
    if (!validDate(date)) return out;
    const int wd = weekdayOf(date);
    // A working day opens with its weekday's hours (a weekend day worked in exchange, 调休上班, as Monday); a weekend
    // day the bundle gives hours of its own opens with them (a hall open 7×24), except on a public holiday.
    const bool ownWeekendHours = wd >= 5 && !rules.hours[static_cast<size_t>(wd)].empty() &&
                                 std::find(calendar.holidays.begin(), calendar.holidays.end(), date) == calendar.holidays.end();
    if (!calendar.isWorkingDay(date) && !ownWeekendHours) return out;
    const int64_t midnight = dayIndex(date) * 86400 - kBeijing;
    for (const auto& p : rules.hours[static_cast<size_t>(wd >= 5 && !ownWeekendHours ? 0 : wd)])
        out.emplace_back(midnight + int64_t{p.from} * 60, midnight + int64_t{p.to} * 60);
    return out;
}
}  // namespace

std::vector<Slot> slotsOf(const AppointmentRules& rules, const WorkCalendar& calendar, std::string_view date) {
    std::vector<Slot> out;
    if (rules.slotMinutes <= 0) return out;
    const int64_t length = int64_t{rules.slotMinutes} * 60;
    for (const auto& [from, to] : openingsOf(rules, calendar, date))  // 调休上班: a weekend day opens as Monday
        for (int64_t start = from; start + length <= to; start += length) out.push_back({slotIdOf(start), start, start + length});
    return out;
}

bool hallOpen(const AppointmentRules& rules, const WorkCalendar& calendar, int64_t nowS) {
    for (const auto& [from, to] : openingsOf(rules, calendar, dateOf(nowS)))
        if (nowS >= from && nowS < to) return true;
    return false;
}

int64_t nextOpening(const AppointmentRules& rules, const WorkCalendar& calendar, int64_t nowS) {
    const int64_t today = dayIndex(dateOf(nowS));
    for (int64_t day = today; day <= today + 30; ++day)
        for (const auto& [from, to] : openingsOf(rules, calendar, dateOfDayIndex(day)))
            if (from > nowS) return from;
    return 0;
}

std::vector<Slot> openSlotsOf(const AppointmentRules& rules, const WorkCalendar& calendar, std::string_view date, int64_t nowS) {
    if (!validDate(date) || std::string(date) > addWorkingDays(dateOf(nowS), rules.horizonWorkingDays, calendar)) return {};
    auto slots = slotsOf(rules, calendar, date);
    std::erase_if(slots, [&](const Slot& s) { return s.start <= nowS || s.start - nowS < int64_t{rules.leadMinutes} * 60; });
    return slots;
}

std::vector<std::string> bookableDates(const AppointmentRules& rules, const WorkCalendar& calendar, int64_t nowS) {
    std::vector<std::string> out;
    const std::string today = dateOf(nowS), last = addWorkingDays(today, rules.horizonWorkingDays, calendar);
    for (int64_t day = dayIndex(today); day <= dayIndex(last); ++day) {
        const std::string date = dateOfDayIndex(day);
        const auto slots = slotsOf(rules, calendar, date);
        if (std::any_of(slots.begin(), slots.end(),
                        [&](const Slot& s) { return s.start - nowS >= int64_t{rules.leadMinutes} * 60; }))
            out.push_back(date);
    }
    return out;
}

const char* slotProblemCode(SlotProblem p) {
    switch (p) {
        case SlotProblem::none: return "none";
        case SlotProblem::notASlot: return "not_a_slot";
        case SlotProblem::closedDay: return "closed_day";
        case SlotProblem::tooSoon: return "too_soon";
        case SlotProblem::beyondHorizon: return "beyond_horizon";
        case SlotProblem::past: return "past";
    }
    return "?";
}

SlotProblem checkSlot(const AppointmentRules& rules, const WorkCalendar& calendar, std::string_view slotId, int64_t nowS) {
    const auto start = slotStart(slotId);
    if (!start) return SlotProblem::notASlot;
    const std::string_view date = slotId.substr(0, 10);
    const auto slots = slotsOf(rules, calendar, date);
    if (slots.empty()) return SlotProblem::closedDay;  // a day off (a weekend day with hours of its own is open)
    if (std::none_of(slots.begin(), slots.end(), [&](const Slot& s) { return s.id == slotId; })) return SlotProblem::notASlot;
    if (*start <= nowS) return SlotProblem::past;
    if (*start - nowS < int64_t{rules.leadMinutes} * 60) return SlotProblem::tooSoon;
    if (std::string(date) > addWorkingDays(dateOf(nowS), rules.horizonWorkingDays, calendar)) return SlotProblem::beyondHorizon;
    return SlotProblem::none;
}

bool personMayChange(const AppointmentRules& rules, int64_t slotStartS, int64_t nowS) {
    return slotStartS - nowS >= int64_t{rules.cancelCutoffMinutes} * 60;
}

bool hallMayChange(int64_t slotStartS, int64_t nowS) { return slotStartS - nowS >= kHallNoticeSeconds; }

std::pair<int64_t, int64_t> checkInWindow(const AppointmentRules& rules, int64_t slotStartS) {
    const int after = std::min(rules.checkInAfterMinutes, kLatestCheckInMinutes);
    return {slotStartS - int64_t{rules.checkInBeforeMinutes} * 60, slotStartS + int64_t{after} * 60};
}

bool missed(const AppointmentRules& rules, int64_t slotStartS, int64_t nowS) {
    return nowS > checkInWindow(rules, slotStartS).second;
}

std::optional<int64_t> bannedUntil(const NoShowRule& rule, std::vector<int64_t> starts, int64_t nowS) {
    if (rule.count <= 0) return std::nullopt;
    std::sort(starts.begin(), starts.end());
    std::optional<int64_t> until;
    // A ban begins at each no-show that makes `count` within `withinDays`, and runs `banDays` from it.
    for (size_t i = static_cast<size_t>(rule.count) - 1; i < starts.size(); ++i)
        if (starts[i] - starts[i + 1 - static_cast<size_t>(rule.count)] <= int64_t{rule.withinDays} * 86400) {
            const int64_t end = starts[i] + int64_t{rule.banDays} * 86400;
            if (end > nowS && (!until || end > *until)) until = end;
        }
    return until;
}

std::string weekOf(std::string_view date) {
    return dateOfDayIndex(dayIndex(date) - weekdayOf(date));
}

}  // namespace ow::protocol
