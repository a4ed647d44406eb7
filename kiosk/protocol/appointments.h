// Appointments (预约): the hall's capacity as the bundle sets it, and the arithmetic of slots, horizons, limits and
// the rules of 预约服务制度 (seed 001), shared by the terminal and central (central is the only authority on a slot).
// Every time of day is 北京时间 (UTC+8, no daylight saving); a slot is named by its start, "YYYY-MM-DDTHH:MM".
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/protocol/case_status.h"

namespace ow::protocol {

/** Opening hours within a day, in minutes after midnight: [from, to). */
struct OpeningPeriod {
    int from = 0, to = 0;
};

/** A matter that can be booked, and the places of each slot it may take (0: as many as its theme has). */
struct BookableMatter {
    std::string code;
    std::string theme;  // the theme's code (themeCode), whose places it shares
    int places = 0;
};

/** No booking for banDays after `count` appointments missed within `withinDays` (爽约). */
struct NoShowRule {
    int count = 2, withinDays = 30, banDays = 90;
};

/** content.appointments of a bundle. */
struct AppointmentRules {
    std::array<std::vector<OpeningPeriod>, 7> hours{};  // Monday first; a weekend day worked in exchange opens as Monday
    int slotMinutes = 30;
    std::vector<std::pair<std::string, int>> themePlaces{};  // theme code → places per slot
    std::vector<BookableMatter> matters{};
    int horizonWorkingDays = 5;   // bookable up to this many working days after today
    int leadMinutes = 60;         // booked at least this long before the slot starts
    int cancelCutoffMinutes = 120;  // the person cancels or moves up to this long before the start
    int perDay = 1, perWeek = 3;  // active appointments of one person on one day, in one week (Monday to Sunday)
    NoShowRule noShow{};
    int checkInBeforeMinutes = 30, checkInAfterMinutes = 30;  // after: at most 30 (预约服务制度: 迟到超过30分钟作废)
    int reminderMinutesBefore = 1440;

    const BookableMatter* matter(std::string_view code) const;
    int themePlacesOf(std::string_view theme) const;
    /** The places a slot offers the matter: its own cap within its theme's. */
    int placesFor(const BookableMatter& m) const;
};

/** Arriving more than 30 minutes late forfeits the appointment (预约服务制度). */
constexpr int kLatestCheckInMinutes = 30;
/** The hall cancels or moves an appointment only with cause and at least 8 hours' notice (预约服务制度). */
constexpr int64_t kHallNoticeSeconds = 8 * 3600;

/** A slot of a day: its name ("2026-12-07T09:30"), and its start and end as Unix seconds. */
struct Slot {
    std::string id;
    int64_t start = 0, end = 0;
};

/** "2026-12-07T09:30" → Unix seconds of that time in 北京时间; nullopt when it is not such a time. */
std::optional<int64_t> slotStart(std::string_view slotId);
/** The slot name of a Unix time (北京时间), to the minute. */
std::string slotIdOf(int64_t unixSeconds);
/** 0 = Monday … 6 = Sunday, of a valid date. */
int weekdayOf(std::string_view date);

/** The slots of a date: none on a day that is not a working day by the calendar. */
std::vector<Slot> slotsOf(const AppointmentRules& rules, const WorkCalendar& calendar, std::string_view date);
/** The slots of a date that can be booked now (not past, the lead time ahead, within the horizon): what checkSlot
    allows, for a whole day at once. */
std::vector<Slot> openSlotsOf(const AppointmentRules& rules, const WorkCalendar& calendar, std::string_view date, int64_t nowS);
/** The hall serves now: a working day by the calendar and within one of its opening periods (the hours of
    content.appointments); numbers are given only then. */
bool hallOpen(const AppointmentRules& rules, const WorkCalendar& calendar, int64_t nowS);
/** When the hall next opens after nowS (within 30 days); 0 when it does not. */
int64_t nextOpening(const AppointmentRules& rules, const WorkCalendar& calendar, int64_t nowS);
/** The dates a person may book on now: working days from today to the horizon, those with a slot still ahead of the
    lead time. */
std::vector<std::string> bookableDates(const AppointmentRules& rules, const WorkCalendar& calendar, int64_t nowS);

/** Why a slot cannot be booked now; none when it can. */
enum class SlotProblem { none, notASlot, closedDay, tooSoon, beyondHorizon, past };
const char* slotProblemCode(SlotProblem problem);  // "not_a_slot", "closed_day", "too_soon", "beyond_horizon", "past"
SlotProblem checkSlot(const AppointmentRules& rules, const WorkCalendar& calendar, std::string_view slotId, int64_t nowS);

/** The person may still cancel or move it themselves (up to the cut-off before the start). */
bool personMayChange(const AppointmentRules& rules, int64_t slotStartS, int64_t nowS);
/** The hall may cancel or move it without force: at least 8 hours before the start. */
bool hallMayChange(int64_t slotStartS, int64_t nowS);
/** The check-in window of a slot: from before the start to at most 30 minutes after it. */
std::pair<int64_t, int64_t> checkInWindow(const AppointmentRules& rules, int64_t slotStartS);
/** A booked appointment whose check-in window has closed was missed (爽约). */
bool missed(const AppointmentRules& rules, int64_t slotStartS, int64_t nowS);
/** Until when a person with these no-shows (their slot starts) may not book; nullopt when they may. */
std::optional<int64_t> bannedUntil(const NoShowRule& rule, std::vector<int64_t> noShowStarts, int64_t nowS);
/** The Monday (YYYY-MM-DD) of the week of a date: the per-week limit counts Monday to Sunday. */
std::string weekOf(std::string_view date);

}  // namespace ow::protocol
