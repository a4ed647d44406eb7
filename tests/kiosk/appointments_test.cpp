// Appointment slots and rules: the days and times a person can book, the horizon and lead time, the person's
// cut-off and the hall's 8 hours' notice, the 30-minute check-in limit, and the no-show ban; the bundle's
// content.appointments read and refused with the field named.
#include "kiosk/protocol/appointments.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "kiosk/bundle.h"
#include "kiosk/config_boot.h"
#include "test_paths.h"

using namespace ow::protocol;
using nlohmann::json;

namespace {

// Unix seconds of a UTC time, read by the bundle's own parser (not by the code under test).
int64_t utc(const char* text) {
    int64_t t = 0;
    EXPECT_TRUE(ow::core::parseUtcTime(text, t)) << text;
    return t;
}

// Mondays to Fridays 09:00-12:00 and 13:30-17:00, 30-minute slots, 5 working days ahead, an hour's lead.
AppointmentRules hall() {
    AppointmentRules r;
    for (size_t d = 0; d < 5; ++d) r.hours[d] = {{9 * 60, 12 * 60}, {13 * 60 + 30, 17 * 60}};
    r.slotMinutes = 30;
    r.themePlaces = {{"registration", 3}, {"livelihood", 4}};
    r.matters = {{"310118-DJ-001", "registration", 2}, {"310118-SM-001", "livelihood", 0}};
    r.horizonWorkingDays = 5;
    r.leadMinutes = 60;
    r.cancelCutoffMinutes = 120;
    return r;
}

json demo() {
    auto text = ow::core::readFile(ow::test::assetsDir() + "/bundles/demo.json");
    EXPECT_TRUE(text.ok());
    return json::parse(*text);
}
std::string refusal(const json& j) {
    auto r = ow::core::parseBundle(j.dump());
    return r.ok() ? std::string("accepted") : r.error();
}

}  // namespace

TEST(AppointmentSlots, AWorkingDayHasTheSlotsOfItsOpeningHoursInBeijingTime) {
    const auto slots = slotsOf(hall(), {}, "2026-12-07");  // a Monday
    ASSERT_EQ(slots.size(), 13u);                          // 6 in the morning, 7 in the afternoon
    EXPECT_EQ(slots.front().id, "2026-12-07T09:00");
    EXPECT_EQ(slots.front().start, utc("2026-12-07T01:00:00Z"));
    EXPECT_EQ(slots.front().end, utc("2026-12-07T01:30:00Z"));
    EXPECT_EQ(slots[5].id, "2026-12-07T11:30");
    EXPECT_EQ(slots[6].id, "2026-12-07T13:30");
    EXPECT_EQ(slots.back().id, "2026-12-07T16:30");
    EXPECT_TRUE(slotsOf(hall(), {}, "2026-12-05").empty()) << "a Saturday";
    EXPECT_TRUE(slotsOf(hall(), {}, "2026-12-32").empty());
    // The year's arrangement: a public holiday has no slots, a Sunday worked in exchange opens as a Monday.
    WorkCalendar cal{{"2026-12-08"}, {"2026-12-13"}};
    EXPECT_TRUE(slotsOf(hall(), cal, "2026-12-08").empty());
    const auto sunday = slotsOf(hall(), cal, "2026-12-13");
    ASSERT_EQ(sunday.size(), 13u);
    EXPECT_EQ(sunday.front().id, "2026-12-13T09:00");
}

TEST(AppointmentSlots, SlotNamesAndBeijingTimeRoundTrip) {
    EXPECT_EQ(slotStart("2026-12-07T00:00"), utc("2026-12-06T16:00:00Z"));
    EXPECT_EQ(slotIdOf(utc("2026-12-06T16:00:00Z")), "2026-12-07T00:00");
    EXPECT_EQ(slotIdOf(utc("2026-12-07T15:59:59Z")), "2026-12-07T23:59");
    for (const char* bad : {"2026-12-07 09:00", "2026-12-07T9:00", "2026-02-30T09:00", "2026-12-07T24:00",
                            "2026-12-07T09:60", "2026-12-07T09:00Z", ""})
        EXPECT_FALSE(slotStart(bad)) << bad;
    EXPECT_EQ(weekdayOf("2026-12-07"), 0);
    EXPECT_EQ(weekdayOf("2026-12-13"), 6);
    EXPECT_EQ(weekOf("2026-12-10"), "2026-12-07");
    EXPECT_EQ(weekOf("2026-12-13"), "2026-12-07");
    EXPECT_EQ(weekOf("2026-12-14"), "2026-12-14");
}

TEST(AppointmentSlots, BookableDaysRunFromTodayToTheHorizonInWorkingDays) {
    // Saturday morning: Monday to Friday of next week.
    EXPECT_EQ(bookableDates(hall(), {}, utc("2026-12-05T02:00:00Z")),
              (std::vector<std::string>{"2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11"}));
    // Monday 16:10: the last slot (16:30) is inside the hour's lead, so today is gone; five working days after it.
    EXPECT_EQ(bookableDates(hall(), {}, utc("2026-12-07T08:10:00Z")),
              (std::vector<std::string>{"2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11", "2026-12-14"}));
    // Monday 15:00: today still has 16:00 and 16:30.
    EXPECT_EQ(bookableDates(hall(), {}, utc("2026-12-07T07:00:00Z")).front(), "2026-12-07");
    // A holiday on Wednesday pushes the horizon to the next Monday.
    WorkCalendar cal{{"2026-12-09"}, {}};
    EXPECT_EQ(bookableDates(hall(), cal, utc("2026-12-05T02:00:00Z")),
              (std::vector<std::string>{"2026-12-07", "2026-12-08", "2026-12-10", "2026-12-11", "2026-12-14"}));
}

TEST(AppointmentSlots, ASlotIsCheckedAgainstTheDayTheLeadTimeAndTheHorizon) {
    const int64_t monday1510 = utc("2026-12-07T07:10:00Z");
    EXPECT_EQ(checkSlot(hall(), {}, "2026-12-07T16:30", monday1510), SlotProblem::none);
    EXPECT_EQ(checkSlot(hall(), {}, "2026-12-07T16:00", monday1510), SlotProblem::tooSoon) << "50 minutes ahead";
    EXPECT_EQ(checkSlot(hall(), {}, "2026-12-07T09:00", monday1510), SlotProblem::past);
    EXPECT_EQ(checkSlot(hall(), {}, "2026-12-14T09:00", monday1510), SlotProblem::none) << "the fifth working day";
    EXPECT_EQ(checkSlot(hall(), {}, "2026-12-15T09:00", monday1510), SlotProblem::beyondHorizon);
    EXPECT_EQ(checkSlot(hall(), {}, "2026-12-12T09:00", monday1510), SlotProblem::closedDay) << "a Saturday";
    EXPECT_EQ(checkSlot(hall(), {}, "2026-12-08T09:10", monday1510), SlotProblem::notASlot);
    EXPECT_EQ(checkSlot(hall(), {}, "2026-12-08T12:00", monday1510), SlotProblem::notASlot) << "the lunch break";
    EXPECT_EQ(checkSlot(hall(), {}, "2026-12-08T17:00", monday1510), SlotProblem::notASlot) << "closing time";
    EXPECT_EQ(checkSlot(hall(), {}, "tomorrow", monday1510), SlotProblem::notASlot);
}

TEST(AppointmentSlots, PlacesOfAMatterAreItsOwnCapWithinItsTheme) {
    const auto r = hall();
    EXPECT_EQ(r.placesFor(*r.matter("310118-DJ-001")), 2);
    EXPECT_EQ(r.placesFor(*r.matter("310118-SM-001")), 4);
    EXPECT_EQ(r.matter("310118-XK-001"), nullptr);
}

TEST(AppointmentRules, ThePersonsCutOffAndTheHallsEightHoursNotice) {
    const int64_t start = utc("2026-12-08T01:00:00Z");  // 09:00 Tuesday
    EXPECT_TRUE(personMayChange(hall(), start, start - 120 * 60));
    EXPECT_FALSE(personMayChange(hall(), start, start - 120 * 60 + 1));
    // 预约服务制度: the hall gives at least 8 hours' notice.
    EXPECT_TRUE(hallMayChange(start, start - 8 * 3600));
    EXPECT_FALSE(hallMayChange(start, start - 8 * 3600 + 1));
}

TEST(AppointmentRules, ArrivingMoreThanThirtyMinutesLateIsAMissedAppointment) {
    auto r = hall();
    r.checkInBeforeMinutes = 30;
    r.checkInAfterMinutes = 30;
    const int64_t start = utc("2026-12-08T01:00:00Z");
    EXPECT_EQ(checkInWindow(r, start), std::make_pair(start - 1800, start + 1800));
    EXPECT_FALSE(missed(r, start, start + 1800));
    EXPECT_TRUE(missed(r, start, start + 1801));
    r.checkInAfterMinutes = 45;  // never longer than the rule's 30 minutes, whatever a bundle says
    EXPECT_EQ(checkInWindow(r, start).second, start + 1800);
}

TEST(AppointmentRules, TwoNoShowsWithinThirtyDaysBarBookingForNinetyDays) {
    const NoShowRule rule{2, 30, 90};
    const int64_t day = 86400, t0 = utc("2026-10-01T01:00:00Z");
    EXPECT_FALSE(bannedUntil(rule, {t0}, t0 + day));
    EXPECT_EQ(bannedUntil(rule, {t0, t0 + 20 * day}, t0 + 21 * day), t0 + 110 * day);
    EXPECT_FALSE(bannedUntil(rule, {t0, t0 + 20 * day}, t0 + 111 * day)) << "the ban has run out";
    EXPECT_FALSE(bannedUntil(rule, {t0, t0 + 40 * day}, t0 + 41 * day)) << "40 days apart";
    // Out of order, and three where only the last two fall within 30 days: the ban runs from the third.
    EXPECT_EQ(bannedUntil(rule, {t0 + 70 * day, t0, t0 + 45 * day}, t0 + 71 * day), t0 + 160 * day);
}

TEST(AppointmentBundle, TheDemoHallTakesBookingsForSomeMatters) {
    auto b = ow::core::parseBundle(demo().dump());
    ASSERT_TRUE(b.ok()) << b.error();
    ASSERT_TRUE(b->appointments);
    const auto& r = *b->appointments;
    EXPECT_EQ(r.slotMinutes, 30);
    ASSERT_TRUE(r.matter("310118-DJ-001"));
    EXPECT_EQ(r.matter("310118-DJ-001")->theme, "registration");
    EXPECT_EQ(r.placesFor(*r.matter("310118-DJ-001")), 2);
    EXPECT_EQ(r.hours[0].size(), 2u);
    EXPECT_TRUE(r.hours[5].empty());
    EXPECT_FALSE(b->hallAddress.zh.empty());
    auto j = demo();
    j["content"].erase("appointments");
    auto without = ow::core::parseBundle(j.dump());
    ASSERT_TRUE(without.ok());
    EXPECT_FALSE(without->appointments) << "a hall without appointments books nothing";
}

TEST(AppointmentBundle, ABadCapacityIsRefusedWithTheFieldNamed) {
    const auto with = [](auto change) {
        json j = demo();
        change(j["content"]["appointments"]);
        return refusal(j);
    };
    EXPECT_EQ(with([](json& a) { a["matters"][0]["code"] = "310118-XX-999"; }),
              "content.appointments.matters[0].code: \"310118-XX-999\" is not a matter of the catalogue");
    EXPECT_EQ(with([](json& a) { a["matters"][1]["code"] = a["matters"][0]["code"]; }),
              "content.appointments.matters[1].code: lists 310118-SM-001 twice");
    EXPECT_EQ(with([](json& a) { a["hours"]["mon"] = json::parse(R"([["09:00","12:00"],["11:30","17:00"]])"); }),
              "content.appointments.hours.mon[1]: begins before the period before it ends (periods in order, not overlapping)");
    EXPECT_EQ(with([](json& a) { a["hours"]["mon"][0] = json::parse(R"(["12:00","09:00"])"); }),
              "content.appointments.hours.mon[0]: must end after it begins");
    EXPECT_EQ(with([](json& a) { a["hours"]["mon"][0][0] = "9:00"; }),
              "content.appointments.hours.mon[0][0]: must be a time of day like \"09:00\"");
    EXPECT_EQ(with([](json& a) { a["hours"]["monday"] = json::array(); }),
              "content.appointments.hours: unknown day \"monday\" (mon, tue, wed, thu, fri, sat, sun)");
    EXPECT_EQ(with([](json& a) { a["hours"] = json::object(); }), "content.appointments.hours: must open on at least one day");
    EXPECT_EQ(with([](json& a) { a["check_in"]["after_minutes"] = 31; }),
              "content.appointments.check_in.after_minutes: must be between 0 and 30");
    EXPECT_EQ(with([](json& a) { a["limits"]["per_week"] = 0; }), "content.appointments.limits.per_week: must be between 1 and 50");
    EXPECT_EQ(with([](json& a) { a["limits"] = json::parse(R"({"per_day": 3, "per_week": 2})"); }),
              "content.appointments.limits.per_week: cannot be less than per_day");
    EXPECT_EQ(with([](json& a) { a["matters"][2]["places"] = 4; }),
              "content.appointments.matters[2].places: cannot exceed the 3 places of its theme");
    EXPECT_EQ(with([](json& a) { a["places"]["permit"] = 0; }),
              "content.appointments.matters[4].code: 310118-XK-001's theme permit has no places in content.appointments.places");
    EXPECT_EQ(with([](json& a) { a["places"]["parking"] = 2; }), "content.appointments.places: unknown theme \"parking\"");
    EXPECT_EQ(with([](json& a) { a["slot_minutes"] = 241; }), "content.appointments.slot_minutes: must be between 5 and 240");
    EXPECT_EQ(with([](json& a) { a.erase("no_show"); }), "content.appointments: missing \"no_show\"");
    EXPECT_EQ(with([](json& a) { a["matters"] = json::array(); }),
              "content.appointments.matters: must name at least one matter that can be booked");
}

// A whole day's open slots at once are exactly those checkSlot allows one by one.
TEST(AppointmentSlots, TheOpenSlotsOfADayAreThoseEachCheckAllows) {
    WorkCalendar cal{{"2026-12-09"}, {"2026-12-13"}};
    for (const int64_t now : {utc("2026-12-07T07:10:00Z"), utc("2026-12-05T02:00:00Z"), utc("2026-12-11T08:45:00Z")})
        for (int64_t day = ow::protocol::dayIndex("2026-12-05"); day <= ow::protocol::dayIndex("2026-12-20"); ++day) {
            const std::string date = ow::protocol::dateOfDayIndex(day);
            std::vector<std::string> allowed, open;
            for (const auto& s : slotsOf(hall(), cal, date))
                if (checkSlot(hall(), cal, s.id, now) == SlotProblem::none) allowed.push_back(s.id);
            for (const auto& s : openSlotsOf(hall(), cal, date, now)) open.push_back(s.id);
            EXPECT_EQ(open, allowed) << date << " at " << now;
        }
}

// The hall gives numbers only while open: a working day's hours; a weekend day only with hours of its own (a 7×24
// hall), or worked in exchange (调休, Monday's hours); never on a holiday. The next opening is named.
TEST(Appointments, TheHallIsOpenWithinItsHoursAndNamesItsNextOpening) {
    AppointmentRules r;
    for (int d = 0; d < 5; ++d) r.hours[static_cast<size_t>(d)] = {{9 * 60, 12 * 60}, {13 * 60 + 30, 17 * 60}};
    WorkCalendar cal;
    const auto at = [](const char* slot) { return *slotStart(slot); };
    EXPECT_TRUE(hallOpen(r, cal, at("2026-12-04T09:00")));    // Friday
    EXPECT_FALSE(hallOpen(r, cal, at("2026-12-04T08:59")));
    EXPECT_FALSE(hallOpen(r, cal, at("2026-12-04T12:00"))) << "the lunch break";
    EXPECT_TRUE(hallOpen(r, cal, at("2026-12-04T16:59")));
    EXPECT_FALSE(hallOpen(r, cal, at("2026-12-05T10:00"))) << "Saturday, no hours of its own";
    EXPECT_EQ(nextOpening(r, cal, at("2026-12-04T12:00")), at("2026-12-04T13:30"));
    EXPECT_EQ(nextOpening(r, cal, at("2026-12-04T17:00")), at("2026-12-07T09:00")) << "Monday";
    cal.workdays = {"2026-12-05"};  // Saturday worked in exchange: Monday's hours
    EXPECT_TRUE(hallOpen(r, cal, at("2026-12-05T10:00")));
    r.hours[5] = {{0, 24 * 60}};  // Saturday's own hours
    cal = {};
    EXPECT_TRUE(hallOpen(r, cal, at("2026-12-05T23:59")));
    EXPECT_EQ(slotsOf(r, cal, "2026-12-05").size(), 48u) << "and its slots";
    cal.holidays = {"2026-12-05"};
    EXPECT_FALSE(hallOpen(r, cal, at("2026-12-05T10:00"))) << "a holiday closes it";
}
