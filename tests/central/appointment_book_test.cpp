// Appointments at central, on SQLite and on PostgreSQL alike: a slot never holds more than its places (the
// database refuses a seat beyond them), a retried request books once, the person's limits and the no-show ban, a
// move that keeps the old appointment when the new slot is full, the person's cut-off and the hall's 8 hours.
#include <gtest/gtest.h>
#include <sodium.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <map>
#include <thread>

#include "../kiosk/test_paths.h"
#include "central/api.h"
#include "central/appointments.h"
#include "central/sql.h"
#include "central/store.h"
#include "kiosk/bundle_signing.h"
#include "kiosk/config_boot.h"
#include "kiosk/protocol/id_number.h"
#include "tests/support/test_db.h"

using namespace ow::central;
using nlohmann::json;

namespace {

// Friday 4 December 2026, 10:00 北京时间. Bookable: that afternoon, and Monday 7 to Friday 11.
constexpr int64_t kFriday10 = 1796349600;
constexpr int64_t kMinute = 60, kHour = 3600, kDay = 86400;
const std::string kKiosk = "k-00000000000000aa";

// A valid ID number for person n (GB 11643 check character computed by the standard's own rule).
std::string idOf(int n) {
    char first17[18];
    const unsigned u = static_cast<unsigned>(n);
    std::snprintf(first17, sizeof first17, "110105198001%02u%03u", 1 + u / 1000 % 28, u % 1000);
    return std::string(first17) + ow::protocol::idCheckDigit(first17);
}

Person person(int n) { return {"张" + std::to_string(n), idOf(n), "1380013" + std::to_string(8000 + n)}; }

class AppointmentBookTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        ASSERT_GE(sodium_init(), 0);
        url_ = ow::test::newStoreUrl(GetParam(), dir_.path());
        auto s = openStore(url_, 8, &secretsKey_);
        ASSERT_TRUE(s.ok()) << s.error();
        store_ = std::move(*s);
        publish(demo());
    }
    static json demo() { return json::parse(*ow::core::readFile(ow::test::assetsDir() + "/bundles/demo.json")); }
    void publish(json doc, const char* scope = R"({"halls":["qingpu"]})") {
        doc["version"] = ++version_;
        const auto keys = ow::core::generateKeyPair();
        auto signedDoc = ow::core::signBundle(doc.dump(), "test", *ow::core::decodeSecretKey(keys.secretKey));
        ASSERT_TRUE(signedDoc.ok()) << signedDoc.error();
        auto prepared = preparePublish(*signedDoc, scope, kFriday10 - kDay);
        ASSERT_TRUE(prepared.ok()) << prepared.error();
        ASSERT_TRUE(store_->publishBundle(*prepared).ok());
    }
    AppointmentBook& book() { return store_->appointments(); }
    Outcome booking(int who, const std::string& slot, const std::string& matter = "310118-DJ-001", int64_t now = kFriday10,
                    std::string key = "") {
        if (key.empty()) key = "key-" + std::to_string(++keys_);
        auto r = book().book({kKiosk, key, "qingpu", matter, slot, "cmVjZWlwdC1rZXk=", person(who)}, now);
        EXPECT_TRUE(r.ok()) << r.error();
        return r.ok() ? *r : Outcome{Refusal{"store", r.error(), 0, {}, ""}};
    }
    static std::string code(const Outcome& o) {
        return std::holds_alternative<Appointment>(o) ? "booked" : std::get<Refusal>(o).code;
    }
    static const Appointment& booked(const Outcome& o) { return std::get<Appointment>(o); }
    int64_t count(const std::string& query) {
        auto pool = sql::openPool(url_, 1);
        int64_t n = -1;
        pool->read([&](sql::Connection& c) { n = std::atoll(c.query(query).at(0)[0].value_or("-1").c_str()); });
        return n;
    }
    ow::test::TempDir dir_;
    std::string url_;
    SecretsKey secretsKey_{9, 9, 9};
    std::unique_ptr<Store> store_;
    int version_ = 0, keys_ = 0;
};

}  // namespace

TEST_P(AppointmentBookTest, ASlotHoldsNoMoreThanItsPlacesAndTheNearestFreeSlotsAreOffered) {
    // 个体工商户设立登记 has 2 places a slot of its own, within the 3 of its theme (registration).
    EXPECT_EQ(code(booking(1, "2026-12-08T09:00")), "booked");
    EXPECT_EQ(code(booking(2, "2026-12-08T09:00")), "booked");
    const auto full = booking(3, "2026-12-08T09:00");
    ASSERT_EQ(code(full), "slot_taken");
    EXPECT_EQ(std::get<Refusal>(full).nearest, (std::vector<std::string>{"2026-12-08T09:30", "2026-12-08T10:00", "2026-12-08T10:30"}));
    // The theme's third place is still there for another matter of it; then the theme is full too.
    EXPECT_EQ(code(booking(3, "2026-12-08T09:00", "310118-DJ-003")), "booked");
    EXPECT_EQ(code(booking(4, "2026-12-08T09:00", "310118-DJ-003")), "slot_taken");
    EXPECT_EQ(code(booking(4, "2026-12-08T09:00", "310118-DJ-002")), "not_bookable") << "not among the bookable matters";
    // What the terminal is shown: places left per slot and per day.
    auto slots = book().slots("qingpu", "310118-DJ-001", "2026-12-08", kFriday10);
    ASSERT_TRUE(slots.ok());
    const auto& list = std::get<std::vector<SlotLeft>>(*slots);
    ASSERT_EQ(list.size(), 13u);
    EXPECT_EQ(list[0].slot, "2026-12-08T09:00");
    EXPECT_EQ(list[0].left, 0);
    EXPECT_EQ(list[1].left, 2);
    auto days = book().days("qingpu", "310118-DJ-001", kFriday10);
    ASSERT_TRUE(days.ok());
    const auto& d = std::get<0>(*days);
    ASSERT_EQ(d.size(), 6u) << "Friday afternoon and the five working days after it";
    EXPECT_EQ(d[0].first, "2026-12-04");
    EXPECT_EQ(d[0].second, 2 * 9) << "Friday 11:00 and 11:30 (an hour ahead or more) and 13:30 to 16:30, two places each";
    EXPECT_EQ(d[2], (std::pair<std::string, int>{"2026-12-08", 2 * 12}));
    EXPECT_EQ(d[5].first, "2026-12-11");
    // Slots the rules do not allow.
    EXPECT_EQ(code(booking(5, "2026-12-04T10:30")), "too_soon");
    EXPECT_EQ(code(booking(5, "2026-12-14T09:00")), "beyond_horizon");
    EXPECT_EQ(code(booking(5, "2026-12-05T09:00")), "closed_day");
    EXPECT_EQ(code(booking(5, "2026-12-08T12:00")), "not_a_slot");
}

TEST_P(AppointmentBookTest, TheDatabaseItselfRefusesASeatBeyondTheSlotsPlaces) {
    const auto a = booking(1, "2026-12-08T09:00");
    ASSERT_EQ(code(a), "booked");
    auto pool = sql::openPool(url_, 1);
    const auto insert = [&](int64_t place, int64_t capacity) {
        try {
            pool->write([&](sql::Connection& c) {
                c.query("INSERT INTO appointment_seat (hall, pool, slot, place, capacity, appt_no) VALUES "
                        "('qingpu', 'theme:registration', '2026-12-08T09:00', $1, $2, $3)",
                        {place, capacity, booked(a).no});
            });
            return std::string("stored");
        } catch (const sql::Failure&) {
            return std::string("refused");
        }
    };
    EXPECT_EQ(insert(1, 3), "refused") << "place 1 of the slot is held";
    EXPECT_EQ(insert(4, 3), "refused") << "there is no fourth place";
    EXPECT_EQ(insert(0, 3), "refused");
    EXPECT_EQ(insert(3, 3), "stored");
}

TEST_P(AppointmentBookTest, ARetriedRequestBooksOnceAndGetsTheSameAnswer) {
    const auto first = booking(1, "2026-12-08T09:00", "310118-DJ-001", kFriday10, "retry-key-1");
    ASSERT_EQ(code(first), "booked");
    const auto again = booking(1, "2026-12-08T09:00", "310118-DJ-001", kFriday10 + 5, "retry-key-1");
    ASSERT_EQ(code(again), "booked");
    EXPECT_EQ(booked(again).no, booked(first).no);
    EXPECT_EQ(count("SELECT count(*) FROM appointment"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM appointment_seat"), 2) << "its theme's seat and its matter's";
    // A refusal is remembered too: the same request again is told the same, though a place has freed meanwhile.
    ASSERT_EQ(code(booking(2, "2026-12-08T09:00")), "booked");
    const auto taken = booking(3, "2026-12-08T09:00", "310118-DJ-001", kFriday10, "retry-key-3");
    ASSERT_EQ(code(taken), "slot_taken");
    ASSERT_EQ(code(*book().cancel(kKiosk, "cancel-key-1", booked(first).no, idOf(1), kFriday10)), "booked");
    EXPECT_EQ(code(booking(3, "2026-12-08T09:00", "310118-DJ-001", kFriday10, "retry-key-3")), "slot_taken");
    EXPECT_EQ(code(booking(3, "2026-12-08T09:00", "310118-DJ-001", kFriday10, "retry-key-4")), "booked") << "a new request";
    // The same key from another terminal is another request.
    auto other = book().book({"k-00000000000000bb", "retry-key-1", "qingpu", "310118-SM-001", "2026-12-09T09:00",
                              "cmVjZWlwdC1rZXk=", person(1)},
                             kFriday10);
    ASSERT_TRUE(other.ok());
    EXPECT_EQ(code(*other), "booked");
}

TEST_P(AppointmentBookTest, APersonsLimitsOnePerMatterOneADayThreeAWeek) {
    const auto first = booking(1, "2026-12-07T09:00");
    ASSERT_EQ(code(first), "booked");
    const auto again = booking(1, "2026-12-08T09:00");
    ASSERT_EQ(code(again), "limit_matter");
    EXPECT_EQ(std::get<Refusal>(again).appointment, booked(first).no);
    EXPECT_EQ(code(booking(1, "2026-12-07T14:00", "310118-SM-001")), "limit_day");
    EXPECT_EQ(code(booking(1, "2026-12-08T09:00", "310118-SM-001")), "booked");
    EXPECT_EQ(code(booking(1, "2026-12-09T09:00", "310118-XK-001")), "booked");
    EXPECT_EQ(code(booking(1, "2026-12-10T09:00", "310118-TZ-002")), "limit_week");
    EXPECT_EQ(code(booking(2, "2026-12-10T09:00", "310118-TZ-002")), "booked") << "another person";
    auto lower = book().ofPerson(idOf(1), kFriday10);
    ASSERT_TRUE(lower.ok());
    EXPECT_EQ(lower->size(), 3u);
}

TEST_P(AppointmentBookTest, TwoMissedAppointmentsWithinThirtyDaysBarBookingForNinetyDays) {
    const auto a = booking(1, "2026-12-07T09:00");
    ASSERT_EQ(code(a), "booked");
    // Monday 09:31: the check-in window closed at 09:30 without the person.
    const int64_t monday0931 = *ow::protocol::slotStart("2026-12-07T09:31");
    auto mine = book().ofPerson(idOf(1), monday0931);
    ASSERT_TRUE(mine.ok());
    ASSERT_EQ(mine->size(), 1u);
    EXPECT_EQ(mine->front().state, "no_show");
    EXPECT_EQ(count("SELECT count(*) FROM appointment_seat"), 0) << "the missed appointment's seats are free";
    // One miss is not yet a ban; a second within 30 days is.
    const auto b = booking(1, "2026-12-08T09:00", "310118-DJ-001", monday0931);
    ASSERT_EQ(code(b), "booked");
    const int64_t tuesday1000 = *ow::protocol::slotStart("2026-12-08T10:00");
    const auto refused = booking(1, "2026-12-10T09:00", "310118-SM-001", tuesday1000);
    ASSERT_EQ(code(refused), "banned");
    EXPECT_EQ(std::get<Refusal>(refused).until, *ow::protocol::slotStart("2026-12-08T09:00") + 90 * kDay);
    EXPECT_EQ(code(booking(2, "2026-12-10T09:00", "310118-SM-001", tuesday1000)), "booked") << "others are not barred";
}

TEST_P(AppointmentBookTest, AMoveKeepsTheOldAppointmentWhenTheNewSlotIsFull) {
    const auto mine = booking(1, "2026-12-08T09:00");
    ASSERT_EQ(code(booking(2, "2026-12-09T09:00")), "booked");
    ASSERT_EQ(code(booking(3, "2026-12-09T09:00")), "booked");
    const auto no = booked(mine).no;
    auto full = book().move(kKiosk, "move-1", no, idOf(1), "2026-12-09T09:00", kFriday10);
    ASSERT_TRUE(full.ok());
    ASSERT_EQ(code(*full), "slot_taken");
    auto still = book().byNumber(no);
    ASSERT_TRUE(still.ok() && *still);
    EXPECT_EQ((*still)->slot, "2026-12-08T09:00");
    EXPECT_EQ((*still)->state, "booked");
    EXPECT_EQ(count("SELECT count(*) FROM appointment_seat WHERE appt_no = '" + no + "' AND slot = '2026-12-08T09:00'"), 2);
    auto moved = book().move(kKiosk, "move-2", no, idOf(1), "2026-12-09T10:00", kFriday10);
    ASSERT_TRUE(moved.ok());
    ASSERT_EQ(code(*moved), "booked");
    EXPECT_EQ(booked(*moved).slot, "2026-12-09T10:00");
    EXPECT_EQ(booked(*moved).no, no) << "the same appointment, its slip still good";
    EXPECT_EQ(count("SELECT count(*) FROM appointment_seat WHERE slot = '2026-12-08T09:00'"), 0) << "the old place is free";
    auto notMine = book().move(kKiosk, "move-3", no, idOf(2), "2026-12-09T11:00", kFriday10);
    ASSERT_TRUE(notMine.ok());
    EXPECT_EQ(code(*notMine), "no_such_appointment") << "another person's appointment";
    auto steps = book().steps(no);
    ASSERT_TRUE(steps.ok());
    ASSERT_EQ(steps->size(), 2u);
    EXPECT_EQ((*steps)[1].action, "moved");
    EXPECT_EQ((*steps)[1].reason, "from 2026-12-08T09:00");
}

TEST_P(AppointmentBookTest, ThePersonCancelsUpToTheCutOffAndTheHallOnlyWithEightHoursNotice) {
    const auto a = booking(1, "2026-12-08T09:00");
    const auto no = booked(a).no;
    const int64_t start = *ow::protocol::slotStart("2026-12-08T09:00");
    auto late = book().cancel(kKiosk, "c-1", no, idOf(1), start - 119 * kMinute);
    ASSERT_TRUE(late.ok());
    EXPECT_EQ(code(*late), "cut_off");
    // The hall: refused within 8 hours, unless forced; the reason and who acted are kept.
    auto hall = book().hallCancel(no, "窗口设备故障", "王科长", false, start - 7 * kHour);
    ASSERT_TRUE(hall.ok());
    EXPECT_EQ(code(*hall), "hall_notice");
    hall = book().hallCancel(no, "窗口设备故障", "王科长", true, start - 7 * kHour);
    ASSERT_TRUE(hall.ok());
    ASSERT_EQ(code(*hall), "booked");
    EXPECT_EQ(booked(*hall).state, "cancelled");
    EXPECT_EQ(booked(*hall).hallChange, "cancelled");
    EXPECT_EQ(booked(*hall).reason, "窗口设备故障");
    auto steps = book().steps(no);
    ASSERT_TRUE(steps.ok());
    EXPECT_EQ(steps->back().action, "hall_cancelled_forced");
    EXPECT_EQ(steps->back().by, "王科长");
    // A hall's move with notice: the person sees it when they next ask.
    const auto b = booking(2, "2026-12-09T09:00");
    auto move = book().hallMove(booked(b).no, "2026-12-10T14:00", "该时段窗口调整", "王科长", false, kFriday10);
    ASSERT_TRUE(move.ok());
    ASSERT_EQ(code(*move), "booked");
    auto mine = book().ofPerson(idOf(2), kFriday10);
    ASSERT_TRUE(mine.ok());
    EXPECT_EQ(mine->front().slot, "2026-12-10T14:00");
    EXPECT_EQ(mine->front().hallChange, "moved");
    // The person's own cancel in time frees the place.
    const auto c = booking(3, "2026-12-11T09:00");
    auto cancelled = book().cancel(kKiosk, "c-2", booked(c).no, idOf(3), kFriday10);
    ASSERT_TRUE(cancelled.ok());
    EXPECT_EQ(booked(*cancelled).state, "cancelled");
    EXPECT_EQ(count("SELECT count(*) FROM appointment_seat WHERE slot = '2026-12-11T09:00'"), 0);
}

TEST_P(AppointmentBookTest, CentralUsesTheNewestBundlePublishedToTheHall) {
    auto doc = demo();
    doc["content"]["appointments"]["matters"] = json::parse(R"([{"code": "310118-SM-001"}])");
    publish(doc);
    EXPECT_EQ(code(booking(1, "2026-12-08T09:00")), "not_bookable") << "no longer bookable at this hall";
    EXPECT_EQ(code(booking(1, "2026-12-08T09:00", "310118-SM-001")), "booked");
    auto other = demo();
    other["content"]["appointments"]["matters"] = json::parse(R"([{"code": "310118-XK-001"}])");
    publish(other, R"({"halls":["songjiang"]})");
    EXPECT_EQ(code(booking(2, "2026-12-08T09:00", "310118-SM-001")), "booked") << "another hall's bundle changes nothing here";
    auto none = demo();
    none["content"].erase("appointments");
    publish(none);
    EXPECT_EQ(code(booking(3, "2026-12-08T09:00", "310118-SM-001")), "not_bookable");
}

TEST_P(AppointmentBookTest, NothingOfThePersonLiesInTheDatabaseInClearButTheName) {
    ASSERT_EQ(code(booking(1, "2026-12-08T09:00")), "booked");
    auto pool = sql::openPool(url_, 1);
    std::string all;
    pool->read([&](sql::Connection& c) {
        for (const auto& r : c.query("SELECT person, holder_name, holder_id_masked, phone_sealed, phone_masked FROM appointment"))
            for (const auto& v : r) all += v.value_or("") + "|";
    });
    EXPECT_EQ(all.find(idOf(1)), std::string::npos);
    EXPECT_EQ(all.find(idOf(1).substr(6, 8)), std::string::npos) << "the birth date";
    EXPECT_EQ(all.find(person(1).phone), std::string::npos);
    EXPECT_NE(all.find("张1"), std::string::npos) << "the hall's list names who is coming";
}

INSTANTIATE_TEST_SUITE_P(Engines, AppointmentBookTest, ::testing::ValuesIn(ow::test::storeEngines()),
                         [](const auto& info) { return info.param; });

// Many requests for the last place at the same moment, each on a connection of its own: one gets it. On
// PostgreSQL the seats' table is held by another transaction until every connection's request has looked for a free
// place and waits to take it, so all of them find the same place free and try it at once: the database lets one in.
TEST_P(AppointmentBookTest, ConcurrentRequestsForTheLastPlaceBookItOnce) {
    constexpr int kConnections = 16, kRequests = 40;
    auto s = openStore(url_, kConnections, &secretsKey_);
    ASSERT_TRUE(s.ok()) << s.error();
    ASSERT_EQ(code(booking(999, "2026-12-08T09:00")), "booked");
    std::atomic<int> ready{0}, booked{0}, taken{0}, failed{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < kRequests; ++i)
        threads.emplace_back([&, i] {
            ++ready;
            while (!go) std::this_thread::yield();
            auto r = (*s)->appointments().book(
                {kKiosk, "race-key-" + std::to_string(i), "qingpu", "310118-DJ-001", "2026-12-08T09:00", "cmVjZWlwdC1rZXk=", person(i)},
                kFriday10);
            if (!r.ok()) ++failed;
            else if (std::holds_alternative<Appointment>(*r)) ++booked;
            else if (std::get<Refusal>(*r).code == "slot_taken") ++taken;
        });
    while (ready < kRequests) std::this_thread::yield();
    if (GetParam() == "postgresql") {
        auto holder = sql::openPool(url_, 1), watcher = sql::openPool(url_, 1);
        holder->write([&](sql::Connection& c) {
            c.query("LOCK TABLE appointment_seat IN EXCLUSIVE MODE");
            go = true;
            int64_t waiting = 0;
            for (int i = 0; i < 2000 && waiting < kConnections; ++i) {
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
                watcher->read([&](sql::Connection& w) {
                    waiting = std::atoll(w.query("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = "
                                                 "'appointment_seat'::regclass")
                                             .at(0)[0]
                                             .value_or("0")
                                             .c_str());
                });
            }
            EXPECT_EQ(waiting, kConnections) << "every connection's request waits to take the same place";
        });
    }
    go = true;
    for (auto& t : threads) t.join();
    EXPECT_EQ(failed, 0);
    EXPECT_EQ(booked, 1);
    EXPECT_EQ(taken, kRequests - 1);
    EXPECT_EQ(count("SELECT count(*) FROM appointment WHERE state = 'booked'"), 2);
    EXPECT_EQ(count("SELECT count(*) FROM appointment_seat"), 4);
}

// Notices to the person: the confirmation at once and the reminder the day before; a cancel withdraws the
// reminder; a person without a phone gets none (kept as no_phone); a notice the gateway refuses is tried again
// and delivered once, with the phone opened only to send it and the name masked in its words.
TEST_P(AppointmentBookTest, NoticesAreQueuedWithTheirReminderAndDeliveredOnceEachAfterFailures) {
    const auto a = booking(1, "2026-12-08T09:00");
    ASSERT_EQ(code(a), "booked");
    auto list = book().notifications(10);
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list->size(), 2u);
    std::map<std::string, AppointmentBook::Notification> byKind;
    for (const auto& n : *list) byKind[n.kind] = n;
    EXPECT_EQ(byKind["booked"].state, "pending");
    EXPECT_EQ(byKind["booked"].dueAt, kFriday10);
    EXPECT_EQ(byKind["reminder"].dueAt, *ow::protocol::slotStart("2026-12-08T09:00") - 1440 * kMinute);
    EXPECT_NE(byKind["booked"].text.find("张*"), std::string::npos) << byKind["booked"].text;
    EXPECT_NE(byKind["booked"].text.find("2026-12-08 09:00"), std::string::npos) << byKind["booked"].text;
    EXPECT_EQ(byKind["booked"].text.find(idOf(1)), std::string::npos);
    EXPECT_EQ(byKind["booked"].phoneMasked, "138****8001");

    // The gateway refuses twice, then takes it: delivered once; the reminder is not due yet.
    int calls = 0;
    std::vector<std::string> sent;
    const auto gateway = [&](const AppointmentBook::Notification& n) -> std::string {
        ++calls;
        if (calls <= 2) return "the gateway answered 503";
        sent.push_back(n.id + " " + n.kind + " " + n.phone);
        return "";
    };
    EXPECT_EQ(*book().deliverDue(kFriday10, gateway), 0);
    EXPECT_EQ(*book().deliverDue(kFriday10 + 1, gateway), 0) << "not before its backoff (2 s)";
    EXPECT_EQ(*book().deliverDue(kFriday10 + 3, gateway), 0);
    EXPECT_EQ(*book().deliverDue(kFriday10 + 10, gateway), 1);
    EXPECT_EQ(*book().deliverDue(kFriday10 + 700, gateway), 0) << "delivered once";
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0], byKind["booked"].id + " booked " + person(1).phone);
    // The day before, the reminder.
    const int64_t dayBefore = *ow::protocol::slotStart("2026-12-07T09:00");
    EXPECT_EQ(*book().deliverDue(dayBefore, gateway), 1);
    EXPECT_EQ(sent.back(), byKind["reminder"].id + " reminder " + person(1).phone);

    // A cancel: its notice, and the reminder of that appointment withdrawn.
    const auto b = booking(2, "2026-12-09T09:00");
    ASSERT_TRUE(book().cancel(kKiosk, "cancel-n-1", std::get<Appointment>(b).no, idOf(2), kFriday10).ok());
    list = book().notifications(20);
    std::map<std::string, std::string> states;
    for (const auto& n : *list)
        if (n.appointment == std::get<Appointment>(b).no) states[n.kind] = n.state;
    EXPECT_EQ(states["booked"], "pending");
    EXPECT_EQ(states["cancelled"], "pending");
    EXPECT_EQ(states["reminder"], "withdrawn");
    // Without a phone: kept, never sent.
    auto noPhone = book().book({kKiosk, "no-phone-1", "qingpu", "310118-SM-001", "2026-12-10T09:00", "cmVjZWlwdC1rZXk=",
                                {"李四", idOf(3), ""}},
                               kFriday10);
    ASSERT_TRUE(noPhone.ok());
    auto all = book().notifications(30);
    ASSERT_TRUE(all.ok());
    for (const auto& n : *all)
        if (n.appointment == std::get<Appointment>(*noPhone).no) {
            EXPECT_EQ(n.state, "no_phone") << n.kind;
        }
}
