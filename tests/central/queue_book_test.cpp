// Queue numbers at central, on SQLite and on PostgreSQL: by theme with its prefix, counted from 1 each day in
// 北京时间 (not UTC: a day starts at 16:00 UTC), never given twice, the same key the same ticket, the daily cap.
#include <gtest/gtest.h>
#include <sodium.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "../kiosk/test_paths.h"
#include "central/api.h"
#include "central/collections.h"
#include "central/hall_figures.h"
#include "central/queue.h"
#include "central/ratings.h"
#include "central/reports.h"
#include "central/staff.h"
#include "central/sql.h"
#include "central/store.h"
#include "kiosk/bundle_signing.h"
#include "kiosk/config_boot.h"
#include "kiosk/protocol/id_number.h"
#include "tests/support/at_once.h"
#include "tests/support/test_db.h"

using namespace ow::central;
using nlohmann::json;

namespace {

class QueueBookTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        ASSERT_GE(sodium_init(), 0);
        url_ = ow::test::newStoreUrl(GetParam(), dir_.path());
        auto s = openStore(url_, 8, &key_);
        ASSERT_TRUE(s.ok()) << s.error();
        store_ = std::move(*s);
        json doc = demo();
        for (const char* day : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"})  // a hall open 7×24
            doc["content"]["appointments"]["hours"][day] = json::array({json::array({"00:00", "24:00"})});
        publish(doc);
    }
    static json demo() {
        json doc = json::parse(*ow::core::readFile(ow::test::assetsDir() + "/bundles/demo.json"));
        doc["content"]["queue"]["themes"]["construction"]["daily_cap"] = 3;
        for (int w = 11; w <= 20; ++w)  // ten more windows for livelihood, to call at once
            doc["content"]["queue"]["windows"].push_back({{"id", std::to_string(w)}, {"themes", {"livelihood"}}});
        return doc;
    }
    void publish(json doc) {
        doc["version"] = ++version_;
        const auto keys = ow::core::generateKeyPair();
        auto signedDoc = ow::core::signBundle(doc.dump(), "test", *ow::core::decodeSecretKey(keys.secretKey));
        ASSERT_TRUE(store_->publishBundle(*preparePublish(*signedDoc, R"({"halls":["qingpu"]})", 1796000000)).ok());
    }
    // A look into the database as it is stored.
    template <class F>
    void pool(F&& f) {
        auto p = sql::openPool(url_, 1);
        p->read(f);
    }
    std::string take(const std::string& theme, int64_t now, std::string key = "",
                     ow::protocol::TicketClass cls = ow::protocol::TicketClass::ordinary) {
        if (key.empty()) key = "number-key-" + std::to_string(++n_);
        auto r = store_->queue().take({"k-00000000000000aa", key, "qingpu", theme, cls}, now);
        EXPECT_TRUE(r.ok()) << r.error();
        if (!r.ok()) return "error";
        if (const auto* no = std::get_if<NoTicket>(&*r)) return no->code;
        return std::get<Ticket>(*r).number;
    }
    ow::test::TempDir dir_;
    std::string url_;
    SecretsKey key_{3, 3, 3};
    std::unique_ptr<Store> store_;
    int n_ = 0, version_ = 0;
};

constexpr int64_t kMorning = 1796349600;  // 2026-12-04 10:00 北京时间 (02:00 UTC)

}  // namespace

TEST_P(QueueBookTest, NumbersCountByThemeFromOneEachDayInBeijingTime) {
    EXPECT_EQ(take("livelihood", kMorning), "A001");
    EXPECT_EQ(take("livelihood", kMorning + 60), "A002");
    EXPECT_EQ(take("registration", kMorning + 120), "B001");
    // 23:59 北京时间 is still the same day; 00:00 (16:00 UTC) is the next: from 1 again.
    const int64_t lastMinute = kMorning + 14 * 3600 - 60, midnight = kMorning + 14 * 3600;
    EXPECT_EQ(take("livelihood", lastMinute), "A003");
    EXPECT_EQ(take("livelihood", midnight), "A001");
    EXPECT_EQ(take("livelihood", midnight + 60), "A002");
}

TEST_P(QueueBookTest, TheSameKeyGetsTheSameTicketAndTheCapIsKept) {
    EXPECT_EQ(take("construction", kMorning, "same-key-0001"), "D001");
    EXPECT_EQ(take("construction", kMorning + 5, "same-key-0001"), "D001") << "a retry: no second number";
    EXPECT_EQ(take("construction", kMorning + 10), "D002");
    EXPECT_EQ(take("construction", kMorning + 20), "D003");
    EXPECT_EQ(take("construction", kMorning + 30), "cap_reached");
    EXPECT_EQ(take("construction", kMorning + 40), "cap_reached");
    EXPECT_EQ(take("parking", kMorning), "unknown_theme");
    auto r = store_->queue().take({"k-00000000000000aa", "ahead-key-01", "qingpu", "livelihood", ow::protocol::TicketClass::ordinary},
                                  kMorning);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(std::get<Ticket>(*r).ahead, 0);
    r = store_->queue().take({"k-00000000000000aa", "ahead-key-02", "qingpu", "livelihood", ow::protocol::TicketClass::ordinary},
                             kMorning);
    EXPECT_EQ(std::get<Ticket>(*r).ahead, 1) << "one waits before it";
}

// "Call next": the green channel first, but after two of them in a row the ordinary ticket; a window's themes only.
TEST_P(QueueBookTest, CallNextFollowsTheFairRuleAndTheWindowsThemes) {
    using C = ow::protocol::TicketClass;
    EXPECT_EQ(take("livelihood", kMorning, "", C::ordinary), "A001");
    for (int i = 0; i < 3; ++i) take("livelihood", kMorning + 10 + i, "", C::priority);  // A002-A004
    EXPECT_EQ(take("construction", kMorning + 20), "D001");
    const auto call = [&](const char* window) {
        auto r = store_->queue().callNext("qingpu", window, kMorning + 60);
        EXPECT_TRUE(r.ok()) << r.error();
        if (const auto* no = std::get_if<NoTicket>(&*r)) return no->code;
        return std::get<Ticket>(*r).number;
    };
    EXPECT_EQ(call("1"), "A002");
    EXPECT_EQ(call("1"), "A003");
    EXPECT_EQ(call("1"), "A001") << "two priority calls in a row: the ordinary ticket that waits";
    EXPECT_EQ(call("1"), "A004");
    EXPECT_EQ(call("1"), "none_waiting") << "window 1 does not serve construction";
    EXPECT_EQ(call("4"), "D001");
    EXPECT_EQ(call("99"), "unknown_window");
}

// A window's ticket: recalled (twice, the demo hall's number), then a no-show; started and done; transferred to
// another theme keeping its waiting time (called there before those who came later); a given number out of turn.
TEST_P(QueueBookTest, RecallStartDoneTransferAndAGivenNumber) {
    using A = QueueBook::Action;
    auto& q = store_->queue();
    const auto act = [&](const char* window, A action, const std::string& arg = "") {
        auto r = q.act("qingpu", window, action, arg, kMorning + 300);
        EXPECT_TRUE(r.ok()) << r.error();
        if (const auto* no = std::get_if<NoTicket>(&*r)) return no->code;
        return std::get<Ticket>(*r).number + " " + std::get<Ticket>(*r).state;
    };
    const auto call = [&](const char* window) {
        auto r = q.callNext("qingpu", window, kMorning + 200);
        if (const auto* no = std::get_if<NoTicket>(&*r)) return no->code;
        return std::get<Ticket>(*r).number;
    };
    for (int i = 0; i < 4; ++i) take("livelihood", kMorning + i);  // A001-A004
    EXPECT_EQ(take("registration", kMorning + 50), "B001");
    EXPECT_EQ(act("1", A::recall), "no_current");
    EXPECT_EQ(call("1"), "A001");
    EXPECT_EQ(act("1", A::recall), "A001 called");
    EXPECT_EQ(act("1", A::recall), "A001 called");
    EXPECT_EQ(act("1", A::recall), "A001 no_show") << "called and recalled twice without the person";
    EXPECT_EQ(call("1"), "A002");
    EXPECT_EQ(act("1", A::start), "A002 serving");
    EXPECT_EQ(act("1", A::done), "A002 done");
    // A003 belongs at a registration window: transferred, it keeps its wait (since before B001) and comes first there.
    EXPECT_EQ(call("1"), "A003");
    EXPECT_EQ(act("1", A::transfer, "registration"), "A003 waiting");
    EXPECT_EQ(call("3"), "A003");
    EXPECT_EQ(call("3"), "B001");
    // Out of turn: A004 by its number; a number that does not wait is refused.
    EXPECT_EQ(act("2", A::callNumber, "A004"), "A004 called");
    EXPECT_EQ(act("2", A::callNumber, "A002"), "not_waiting");
    EXPECT_EQ(act("2", A::callNumber, "A099"), "unknown_number");
    EXPECT_EQ(act("1", A::transfer, "parking"), "no_current");
}

// Twenty "call next" from ten windows at once over twenty waiting tickets: each ticket called once.
TEST_P(QueueBookTest, WindowsCallingAtOnceNeverGetTheSameTicket) {
    for (int i = 0; i < 20; ++i) take("livelihood", kMorning + i);
    auto s = openStore(url_, 16, &key_);
    ASSERT_TRUE(s.ok());
    std::vector<std::string> called(20);
    ow::test::atOnce(20, [&](int i, const std::function<void()>& together) {
        together();
        auto r = (*s)->queue().callNext("qingpu", std::to_string(11 + i % 10), kMorning + 100);
        if (r.ok())
            if (const auto* t = std::get_if<Ticket>(&*r)) called[static_cast<size_t>(i)] = t->number;
    });
    std::set<std::string> distinct(called.begin(), called.end());
    EXPECT_EQ(distinct.size(), 20u);
    EXPECT_EQ(distinct.count(""), 0u) << "every call got a ticket";
    EXPECT_EQ(std::get<NoTicket>(*store_->queue().callNext("qingpu", "11", kMorning + 200)).code, "none_waiting");
}

namespace {
std::string idOf(int n) {
    char first17[18];
    std::snprintf(first17, sizeof first17, "110105195001%02d%03d", 1 + n / 1000 % 28, n % 1000);
    return std::string(first17) + ow::protocol::idCheckDigit(first17);
}
std::string outcome(ow::core::Result<std::variant<Ticket, NoTicket>> r) {
    if (!r.ok()) return "error: " + r.error();
    if (const auto* no = std::get_if<NoTicket>(&*r)) return no->code;
    return std::get<Ticket>(*r).number + " " + std::get<Ticket>(*r).cls;
}
}  // namespace

// Outside the hall's hours no number is given, and the refusal says when the hall opens.
TEST_P(QueueBookTest, AClosedHallGivesNoNumberAndSaysWhenItOpens) {
    publish(demo());  // the demo hall's own hours: 09:00-12:00 and 13:30-17:00 on working days
    auto r = store_->queue().take({"k-00000000000000aa", "closed-key-01", "qingpu", "livelihood"}, kMorning - 2 * 3600);  // 08:00
    ASSERT_TRUE(r.ok()) << r.error();
    ASSERT_TRUE(std::holds_alternative<NoTicket>(*r));
    EXPECT_EQ(std::get<NoTicket>(*r).code, "closed");
    EXPECT_EQ(std::get<NoTicket>(*r).until, kMorning - 3600) << "09:00 the same day";
    EXPECT_EQ(take("livelihood", kMorning), "A001") << "open at 10:00";
    EXPECT_EQ(take("livelihood", kMorning + 2 * 3600 + 60), "closed") << "12:01, the lunch break";
    EXPECT_EQ(take("livelihood", kMorning + 24 * 3600), "closed") << "Saturday";
}

// Check-in of an appointment (预约服务制度): from 30 minutes before the slot to 30 minutes after its start, a number
// with appointment priority, called before those who came earlier; checked in again, the same ticket; more than 30
// minutes late the appointment is forfeited (and counts as missed), and no number is given for it.
TEST_P(QueueBookTest, CheckInFromHalfAnHourBeforeToHalfAnHourAfterTheSlot) {
    auto& appts = store_->appointments();
    const auto book = [&](int who, const std::string& slot) {
        auto r = appts.book({"k-00000000000000aa", "book-" + std::to_string(who) + slot, "qingpu", "310118-DJ-001", slot,
                             "cmVjZWlwdC1rZXk=", {"李" + std::to_string(who), idOf(who), ""}},
                            kMorning - 86400);
        EXPECT_TRUE(r.ok() && std::holds_alternative<Appointment>(*r)) << (r.ok() ? std::get<Refusal>(*r).code : r.error());
        return std::get<Appointment>(*r).no;
    };
    const std::string early = book(1, "2026-12-04T10:30"), late = book(2, "2026-12-04T09:00");
    auto& q = store_->queue();
    const auto checkIn = [&](int who, int64_t at, const std::string& key) {
        return q.checkIn({"k-00000000000000aa", key, "qingpu", "", idOf(who)}, at);
    };
    const int64_t t1000 = kMorning;  // 10:00: slot 10:30's window opens at 10:00 sharp
    auto r = checkIn(1, t1000 - 1, "ci-1a");
    EXPECT_EQ(outcome(r), "too_early");
    EXPECT_EQ(std::get<NoTicket>(*r).until, t1000);
    EXPECT_EQ(std::get<NoTicket>(*r).appointment, early);
    EXPECT_EQ(take("registration", t1000 - 60), "B001") << "a walk-in who came earlier";
    r = checkIn(1, t1000, "ci-1b");
    EXPECT_EQ(outcome(r), "B002 appointment");
    EXPECT_EQ(std::get<Ticket>(*r).appointment, early);
    EXPECT_EQ(std::get<Ticket>(*r).ahead, 0) << "called before the walk-in";
    EXPECT_EQ(outcome(checkIn(1, t1000 + 300, "ci-1c")), "B002 appointment") << "the same ticket again, no second number";
    EXPECT_EQ((*appts.byNumber(early))->state, "checked_in");
    // Slot 09:00: 09:30 is the last minute; 09:30:01 is too late.
    EXPECT_EQ(outcome(checkIn(2, kMorning - 1800 + 1, "ci-2a")), "forfeited");
    EXPECT_EQ((*appts.byNumber(late))->state, "forfeited");
    EXPECT_EQ(outcome(checkIn(2, kMorning - 1800 + 60, "ci-2b")), "forfeited") << "said again, still no number";
    EXPECT_EQ(outcome(checkIn(3, kMorning, "ci-3")), "no_appointment");
    const auto steps = appts.steps(late);
    ASSERT_TRUE(steps.ok());
    EXPECT_EQ(steps->back().action, "forfeited");
}

TEST_P(QueueBookTest, TheCheckInWindowsLastSecondStillGivesANumber) {
    auto r = store_->appointments().book({"k-00000000000000aa", "book-edge", "qingpu", "310118-DJ-001", "2026-12-04T09:00",
                                          "cmVjZWlwdC1rZXk=", {"王五", idOf(5), ""}},
                                         kMorning - 86400);
    ASSERT_TRUE(r.ok() && std::holds_alternative<Appointment>(*r));
    EXPECT_EQ(outcome(store_->queue().checkIn({"k-00000000000000aa", "ci-edge", "qingpu", std::get<Appointment>(*r).no, ""},
                                              kMorning - 1800)),
              "B001 appointment")
        << "09:30:00, thirty minutes after the start, by the slip's appointment number";
}

// A ticket's place as its QR shows it at any terminal: how many before it, the wait, the windows; then called.
TEST_P(QueueBookTest, ATicketsPlaceFollowsTheCalls) {
    take("livelihood", kMorning);
    auto r = store_->queue().take({"k-00000000000000aa", "place-key-01", "qingpu", "livelihood"}, kMorning + 10);
    const std::string id = std::get<Ticket>(*r).id;
    auto t = store_->queue().status(id, kMorning + 20);
    ASSERT_TRUE(t.ok() && *t);
    EXPECT_EQ((*t)->ahead, 1);
    EXPECT_EQ((*t)->waitMinutes, 1) << "one ahead of the demo's 10 minutes, shared among twelve windows";
    EXPECT_EQ((*t)->windows, (std::vector<std::string>{"1", "2", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20"}));
    store_->queue().callNext("qingpu", "1", kMorning + 60);
    EXPECT_EQ((*store_->queue().status(id, kMorning + 70))->ahead, 0);
    store_->queue().callNext("qingpu", "2", kMorning + 80);
    t = store_->queue().status(id, kMorning + 90);
    EXPECT_EQ((*t)->state, "called");
    EXPECT_EQ((*t)->window, "2");
    EXPECT_FALSE(*store_->queue().status("0123456789abcdef01234567", kMorning));
}

// The green channel asked for (disabled, pregnant): an ordinary ticket until a staff member confirms it; then it is
// called first.
TEST_P(QueueBookTest, AGreenChannelAskedForCountsOnceAStaffMemberConfirmsIt) {
    EXPECT_EQ(take("livelihood", kMorning), "A001");
    auto r = store_->queue().take({"k-00000000000000aa", "asked-key-01", "qingpu", "livelihood", ow::protocol::TicketClass::ordinary,
                                   true},
                                  kMorning + 10);
    EXPECT_TRUE(std::get<Ticket>(*r).priorityAsked);
    EXPECT_EQ(std::get<Ticket>(*r).ahead, 1);
    EXPECT_EQ(outcome(store_->queue().act("qingpu", "1", QueueBook::Action::confirmPriority, "A002", kMorning + 20)), "A002 priority");
    EXPECT_EQ(outcome(store_->queue().callNext("qingpu", "1", kMorning + 30)), "A002 priority");
    EXPECT_EQ(outcome(store_->queue().act("qingpu", "1", QueueBook::Action::confirmPriority, "A001", kMorning + 40)), "A001 priority")
        << "a staff member may confirm a ticket that did not ask";
    EXPECT_EQ(outcome(store_->queue().act("qingpu", "1", QueueBook::Action::confirmPriority, "A002", kMorning + 40)), "not_waiting");
}

// The display's board: each change raises its sequence; calls (and recalls) are recorded in order with their window.
TEST_P(QueueBookTest, TheBoardRecordsEveryCallInOrder) {
    auto& q = store_->queue();
    EXPECT_EQ(*q.boardSeq("qingpu"), 0);
    take("livelihood", kMorning);
    take("registration", kMorning + 1);
    const int64_t afterTakes = *q.boardSeq("qingpu");
    EXPECT_EQ(afterTakes, 2);
    q.callNext("qingpu", "1", kMorning + 10);
    q.act("qingpu", "1", QueueBook::Action::recall, "", kMorning + 20);
    q.callNext("qingpu", "3", kMorning + 30);
    auto b = q.board("qingpu", kMorning + 40);
    ASSERT_TRUE(b.ok());
    ASSERT_EQ(b->calls.size(), 3u);
    EXPECT_EQ(b->calls[0].number, "B001");
    EXPECT_EQ(b->calls[0].window, "3");
    EXPECT_TRUE(b->calls[1].recall);
    EXPECT_EQ(b->calls[2].number, "A001");
    EXPECT_GT(b->calls[0].seq, b->calls[1].seq);
    EXPECT_GT(b->seq, afterTakes + 2);
    auto call = q.call("qingpu", b->calls[0].seq);
    ASSERT_TRUE(call.ok() && *call);
    EXPECT_EQ((*call)->number, "B001");
    EXPECT_EQ(b->windows[0].current->number, "A001");
    EXPECT_EQ(b->themes.front().second, 'A') << "themes by prefix";
}

// The day's figures: tickets, waits (issue to first call) and service times (call to done) as median and 90th
// percentile, no-shows, forfeited appointments; per theme, window and day.
TEST_P(QueueBookTest, StatisticsOfADay) {
    auto& q = store_->queue();
    for (int i = 0; i < 4; ++i) take("livelihood", kMorning + i * 60);  // A001-A004 at 10:00, 10:01, 10:02, 10:03
    q.callNext("qingpu", "1", kMorning + 300);                          // A001 waited 300 s
    q.act("qingpu", "1", QueueBook::Action::done, "", kMorning + 420);   // served 120 s
    q.callNext("qingpu", "2", kMorning + 660);                          // A002 waited 600 s
    q.act("qingpu", "2", QueueBook::Action::done, "", kMorning + 1260);  // served 600 s
    q.callNext("qingpu", "1", kMorning + 1320);                         // A003 waited 1200 s
    for (int i = 0; i < 3; ++i) q.act("qingpu", "1", QueueBook::Action::recall, "", kMorning + 1400 + i);  // no-show
    auto s = q.stats("qingpu", "2026-12-04", "2026-12-04");
    ASSERT_TRUE(s.ok()) << s.error();
    EXPECT_EQ(s->overall.tickets, 4);
    EXPECT_EQ(s->overall.called, 3);
    EXPECT_EQ(s->overall.done, 2);
    EXPECT_EQ(s->overall.noShows, 1);
    EXPECT_EQ(s->overall.waitMedian, 600);
    EXPECT_EQ(s->overall.waitP90, 1200);
    EXPECT_EQ(s->overall.serviceMedian, 120);
    EXPECT_EQ(s->overall.serviceP90, 600);
    ASSERT_EQ(s->byWindow.size(), 2u);
    EXPECT_EQ(s->byWindow[0].key, "1");
    EXPECT_EQ(s->byWindow[0].done, 1);
    EXPECT_EQ(s->byWindow[0].noShows, 1);
    ASSERT_EQ(s->byDay.size(), 1u);
    EXPECT_EQ(s->byDay[0].key, "2026-12-04");
    EXPECT_EQ(q.stats("qingpu", "2026-12-05", "2026-12-06")->overall.tickets, 0);
}

// Calls for staff (帮办): raised once per key, raised again when left untaken, a terminal waiting for the call to be
// taken hears it as soon as staff take it, only the terminal that raised it cancels it, and the day's figures.
TEST_P(QueueBookTest, ACallForStaffIsRaisedTakenAndCounted) {
    auto& q = store_->queue();
    const QueueBook::HelpRequest req{"k-00000000000000aa", "help-key-0001", "qingpu", "东侧1号机", "presubmit_form", "presubmit", true};
    auto raised = q.raiseHelp(req, kMorning);
    ASSERT_TRUE(raised.ok()) << raised.error();
    EXPECT_EQ(raised->state, "raised");
    EXPECT_TRUE(raised->elder);
    EXPECT_EQ(q.raiseHelp(req, kMorning + 5)->id, raised->id) << "the same key, the same call";
    EXPECT_EQ(q.openHelpCalls("qingpu", kMorning)->size(), 1u);
    const int64_t seq = *q.boardSeq("qingpu");
    // Untaken for 90 s: raised again (the hall's pages hear of it).
    auto again = q.helpStatus(req.kioskId, raised->id, "", 0, kMorning + 89);
    EXPECT_EQ((*again)->raisedAgain, 0);
    again = q.helpStatus(req.kioskId, raised->id, "", 0, kMorning + 90);
    EXPECT_EQ((*again)->raisedAgain, 1);
    EXPECT_GT(*q.boardSeq("qingpu"), seq);
    EXPECT_FALSE(*q.helpStatus("k-00000000000000bb", raised->id, "", 0, kMorning + 91)) << "another terminal's call";
    // The terminal waits (up to 3 s) for the call to change; staff take it 200 ms in.
    std::thread staff([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        q.helpAct("qingpu", false, raised->id, QueueBook::HelpAction::take, "王芳", kMorning + 100);
    });
    const auto t0 = std::chrono::steady_clock::now();
    auto taken = q.helpStatus(req.kioskId, raised->id, "raised", 3000, kMorning + 95);
    const auto waited = std::chrono::steady_clock::now() - t0;
    staff.join();
    ASSERT_TRUE(taken.ok() && *taken);
    EXPECT_EQ((*taken)->state, "taken");
    EXPECT_EQ((*taken)->takenBy, "王芳");
    EXPECT_LT(waited, std::chrono::milliseconds(2000)) << "heard when taken, not at the end of the wait";
    EXPECT_FALSE(*q.helpAct("k-00000000000000bb", true, raised->id, QueueBook::HelpAction::cancel, "", kMorning + 110));
    EXPECT_EQ((*q.helpAct("qingpu", false, raised->id, QueueBook::HelpAction::close, "王芳", kMorning + 300))->state, "closed");
    EXPECT_TRUE(q.openHelpCalls("qingpu", kMorning)->empty());
    // A second call, cancelled by the person.
    auto second = q.raiseHelp({"k-00000000000000aa", "help-key-0002", "qingpu", "", "home", "", false}, kMorning + 400);
    EXPECT_EQ((*q.helpAct("k-00000000000000aa", true, second->id, QueueBook::HelpAction::cancel, "", kMorning + 410))->state,
              "cancelled");
    const auto s = q.stats("qingpu", "2026-12-04", "2026-12-04");
    EXPECT_EQ(s->helpCalls, 2);
    EXPECT_EQ(s->helpTaken, 1);
    EXPECT_EQ(s->helpTakeMedian, 100);
}

// A report of what could not be done (办不成事) becomes a work order: the same key the same order, its deadline 15 working
// days of the hall's calendar on (past a weekend), found by the person's card, moved one step at a time with who
// acted, and overdue once its deadline has passed unresolved. The phone is kept sealed, the name for the lead office.
TEST_P(QueueBookTest, AReportBecomesAWorkOrderWithItsDeadlineAndSteps) {
    auto& r = store_->reports();
    const ReportBook::Filing f{"k-00000000000000aa", "report-key-01", "qingpu", "李四", idOf(4), "13900139000",
                               "区市场监督管理局", "材料要求不一致", "窗口说要再开证明"};
    auto filed = r.file(f, kMorning);  // Friday 2026-12-04
    ASSERT_TRUE(filed.ok()) << filed.error();
    EXPECT_EQ(filed->state, "received");
    EXPECT_EQ(filed->deadline, "2026-12-25") << "15 working days on: three weeks of Monday to Friday";
    EXPECT_EQ(filed->phoneMasked, "139****9000");
    EXPECT_EQ(filed->no.substr(0, 10), "GD20261204");
    EXPECT_EQ(r.file(f, kMorning + 60)->no, filed->no) << "a retry: the same work order";
    const auto mine = r.ofPerson(idOf(4), kMorning);
    ASSERT_EQ(mine->size(), 1u);
    EXPECT_EQ(mine->front().no, filed->no);
    EXPECT_TRUE(r.ofPerson(idOf(5), kMorning)->empty());
    // Its slip's code finds it at any terminal; a code of another finds nothing.
    ASSERT_EQ(filed->code.size(), 24u);
    EXPECT_EQ((*r.byCode(filed->code, kMorning))->no, filed->no);
    EXPECT_FALSE(*r.byCode(std::string(24, '0'), kMorning));
    EXPECT_FALSE(*r.byCode("", kMorning)) << "an old work order without a code is not found by an empty one";
    // One step at a time, with who acted.
    auto skip = r.advance(filed->no, "resolved", "企业服务科", "", kMorning + 3600);
    ASSERT_TRUE(std::holds_alternative<std::string>(*skip));
    EXPECT_EQ(std::get<std::string>(*skip), "from received the next step is classified");
    EXPECT_TRUE(std::holds_alternative<std::string>(*r.advance(filed->no, "classified", "", "", kMorning + 3600)))
        << "who acted is named";
    auto step = r.advance(filed->no, "classified", "企业服务科", "材料类", kMorning + 3600);
    ASSERT_TRUE(std::holds_alternative<WorkOrder>(*step));
    EXPECT_EQ(std::get<WorkOrder>(*step).steps.size(), 2u);
    EXPECT_EQ(std::get<WorkOrder>(*step).steps.back().by, "企业服务科");
    // Past its deadline unresolved: overdue, listed as such.
    const int64_t after = kMorning + 22 * 86400;  // 2026-12-26
    EXPECT_TRUE((*r.byNumber(filed->no, after))->overdue);
    EXPECT_EQ(r.ofHall("qingpu", true, after)->size(), 1u);
    EXPECT_TRUE(r.ofHall("qingpu", true, kMorning)->empty());
    for (const char* to : {"transferred", "resolved"}) r.advance(filed->no, to, "区市场监督管理局", "", kMorning + 7200);
    EXPECT_FALSE((*r.byNumber(filed->no, after))->overdue) << "resolved: no longer overdue";
    // The hall's bundle may set another deadline (content.reports.deadline_working_days).
    json doc = demo();
    doc["content"]["reports"] = {{"deadline_working_days", 5}};
    publish(doc);
    auto soon = r.file({"k-00000000000000aa", "report-key-02", "qingpu", "李四", idOf(4), "", "区公安分局", "其他", ""}, kMorning);
    ASSERT_TRUE(soon.ok()) << soon.error();
    EXPECT_EQ(soon->deadline, "2026-12-11") << "5 working days on";
    EXPECT_EQ(soon->phoneMasked, "") << "no phone given";
    // The phone is nowhere in clear in the database.
    auto pool = sql::openPool(url_, 1);
    pool->read([&](sql::Connection& c) {
        const auto row = c.query("SELECT phone_sealed, person FROM work_order WHERE no = $1", {filed->no}).at(0);
        EXPECT_EQ(row[0]->find("13900139000"), std::string::npos);
        EXPECT_EQ(row[1]->find(idOf(4)), std::string::npos);
    });
}

// Ratings (好差评): one per subject and stage (一事一评), only of the rater's own, bound to the case's matter and
// department or to the window and the member of staff who served; a bad one opens a follow-up with the 1-4-13
// deadlines in working days that turns overdue past them; an upheld appeal takes it out of the figures.
TEST_P(QueueBookTest, ABadRatingOpensAFollowUpWithTheOneFourThirteenDeadlines) {
    auto& ratings = store_->ratings();
    auto made = store_->createCase({"310118-DJ-001", "个体工商户设立登记", "区市场监督管理局", "李四", idOf(4), "13900139000", "综合窗口",
                                    false, 5, "qingpu"},
                                   kMorning);
    ASSERT_TRUE(made.ok()) << made.error();
    const std::string caseNo = made->caseNo;
    const auto rate = [&](const std::string& key, const std::string& stage, const std::string& subject, int who, int level,
                          const std::string& reasons, int64_t at = kMorning) {
        return ratings.rate({"k-00000000000000aa", key, "qingpu", stage, subject, idOf(who), "李" + std::to_string(who), reasons, "",
                             level},
                            at);
    };
    const auto refusal = [](auto r) { return r.ok() && std::holds_alternative<std::string>(*r) ? std::get<std::string>(*r) : std::string("rated"); };
    EXPECT_EQ(refusal(rate("rate-0", "case", caseNo, 5, 5, "")), "no_such_subject") << "someone else's case";
    EXPECT_EQ(refusal(rate("rate-1", "case", caseNo, 4, 1, "")), "reasons_needed") << "a bad rating says what went wrong";
    auto bad = rate("rate-2", "case", caseNo, 4, 1, "材料要求反复；等候时间长");  // Friday 2026-12-04
    ASSERT_TRUE(bad.ok() && std::holds_alternative<Rating>(*bad)) << refusal(bad);
    const Rating r = std::get<Rating>(*bad);
    EXPECT_EQ(r.what, "个体工商户设立登记");
    EXPECT_EQ(r.department, "区市场监督管理局");
    EXPECT_EQ(r.channel, "自助终端");
    EXPECT_EQ(r.nameMasked, "李*");
    ASSERT_TRUE(r.followUp);
    EXPECT_EQ(r.followUp->state, "opened");
    EXPECT_EQ(r.followUp->contactBy, "2026-12-07") << "1 working day: Monday";
    EXPECT_EQ(r.followUp->fixBy, "2026-12-10") << "4 working days: Thursday";
    EXPECT_EQ(r.followUp->complexBy, "2026-12-23") << "13 working days";
    EXPECT_EQ(refusal(rate("rate-3", "case", caseNo, 4, 5, "")), "already_rated") << "一事一评";
    EXPECT_EQ(refusal(rate("rate-2", "case", caseNo, 4, 1, "材料要求反复；等候时间长")), "rated") << "a retry: the same rating";
    // Overdue past each deadline as the days go by.
    const auto overdueOn = [&](const char* day) { return (*ratings.byId(r.id, day))->followUp->overdue; };
    EXPECT_FALSE(overdueOn("2026-12-07"));
    EXPECT_TRUE(overdueOn("2026-12-08")) << "not contacted within 1 working day";
    EXPECT_EQ(ratings.followUps("qingpu", true, "2026-12-08")->size(), 1u);
    auto step = ratings.advance(r.id, "checked", "督查科", "已电话联系", true, kMorning + 3600);
    ASSERT_TRUE(std::holds_alternative<Rating>(*step)) << std::get<std::string>(*step);
    EXPECT_TRUE(std::get<Rating>(*step).followUp->complex);
    EXPECT_FALSE(overdueOn("2026-12-11")) << "contacted, and a complex case has 13 working days";
    EXPECT_TRUE(overdueOn("2026-12-24")) << "not put right within 13";
    EXPECT_EQ(std::get<std::string>(*ratings.advance(r.id, "replied", "督查科", "", false, kMorning + 7200)),
              "from checked the next step is fixed");
    ratings.advance(r.id, "fixed", "区市场监督管理局", "材料清单已统一", false, kMorning + 7200);
    EXPECT_FALSE(overdueOn("2026-12-24")) << "put right";
    EXPECT_EQ(std::get<std::string>(*ratings.advance(r.id, "replied", "督查科", "", false, kMorning + 7300)),
              "the reply to the person is noted");
    // Deadlines count the hall's working days: with Monday 7 December a holiday (the bundle's calendar), a bad
    // rating of Friday is to be contacted by Tuesday and put right by Friday.
    json holiday = demo();
    holiday["content"]["calendar"] = {{"holidays", {"2026-12-07"}}};
    publish(holiday);
    const std::string other = store_->createCase({"310118-DJ-001", "个体工商户设立登记", "区市场监督管理局", "李八", idOf(8), "13900139000",
                                                  "综合窗口", false, 5, "qingpu"},
                                                 kMorning)->caseNo;
    auto overHoliday = rate("rate-9", "case", other, 8, 1, "其他问题");
    ASSERT_TRUE(std::holds_alternative<Rating>(*overHoliday)) << refusal(overHoliday);
    EXPECT_EQ(std::get<Rating>(*overHoliday).followUp->contactBy, "2026-12-08") << "Monday is a holiday: Tuesday";
    EXPECT_EQ(std::get<Rating>(*overHoliday).followUp->fixBy, "2026-12-11");
    // The figures: one rating, bad, put right on time.
    auto fig = ratings.figures("qingpu", "2026-12-01", "2026-12-31", "2026-12-24");
    ASSERT_TRUE(fig.ok()) << fig.error();
    EXPECT_EQ(fig->ratings, 2);
    EXPECT_EQ(fig->bad, 2);
    EXPECT_EQ(fig->fixedOnTime, 1) << "the second not yet put right";
    // An appeal upheld (the rating was made in error): out of the figures.
    EXPECT_TRUE(std::holds_alternative<Rating>(*ratings.advance(r.id, "requested", "区市场监督管理局", "评价对象错误", false, kMorning + 8000)));
    EXPECT_EQ(std::get<std::string>(*ratings.advance(r.id, "upheld", "督查科", "", false, kMorning + 9000)),
              "a decision on an appeal says why");
    auto upheld = ratings.advance(r.id, "upheld", "督查科", "评价人确认误评", false, kMorning + 9000);
    ASSERT_TRUE(std::holds_alternative<Rating>(*upheld));
    EXPECT_TRUE(std::get<Rating>(*upheld).voided);
    EXPECT_EQ(ratings.figures("qingpu", "2026-12-01", "2026-12-31", "2026-12-24")->ratings, 1) << "the upheld one no longer counts";
}

TEST_P(QueueBookTest, AVisitIsRatedWithItsWindowAndWhoServedAndAGoodRatingOpensNoFollowUp) {
    auto& q = store_->queue();
    take("livelihood", kMorning, "visit-key");
    auto called = q.callNext("qingpu", "1", kMorning + 60);
    ASSERT_TRUE(called.ok() && std::holds_alternative<Ticket>(*called));
    const std::string id = std::get<Ticket>(*called).id;
    ASSERT_TRUE(q.servedBy(id, "王芳").ok());
    auto& ratings = store_->ratings();
    const auto rateVisit = [&](const std::string& key) {
        return ratings.rate({"k-00000000000000aa", key, "qingpu", "visit", id, idOf(7), "李七", "", "", 5}, kMorning + 600);
    };
    auto early = rateVisit("visit-1");
    EXPECT_EQ(std::get<std::string>(*early), "no_such_subject") << "a visit is rated once it is done";
    q.act("qingpu", "1", QueueBook::Action::done, "", kMorning + 500);
    auto good = rateVisit("visit-2");
    ASSERT_TRUE(std::holds_alternative<Rating>(*good));
    EXPECT_EQ(std::get<Rating>(*good).window, "1");
    EXPECT_EQ(std::get<Rating>(*good).staff, "王芳");
    EXPECT_FALSE(std::get<Rating>(*good).followUp) << "非常满意: nothing to follow up";
    auto fig = ratings.figures("qingpu", "2026-12-04", "2026-12-04", "2026-12-04");
    EXPECT_EQ(fig->ratings, 1);
    EXPECT_EQ(fig->satisfied, 1);
    EXPECT_EQ(fig->levels[5], 1);
}

// The hall's figures of its services (002 第二十二条): each counted where it happened — the terminal and the day.
TEST_P(QueueBookTest, TheHallsFiguresCountRatingsCasesWorkOrdersAndCallsPerTerminalAndDay) {
    const std::string kiosk = "k-00000000000000aa";
    // A case of the hall decided within its promised limit, one decided late, and one of another hall.
    auto onTime = store_->createCase({"310118-DJ-001", "个体工商户设立登记", "区市场监督管理局", "李四", idOf(4), "13900139000", "综合窗口",
                                      false, 5, "qingpu"},
                                     kMorning - 10 * 86400);
    auto late = store_->createCase({"310118-DJ-001", "个体工商户设立登记", "区市场监督管理局", "李五", idOf(5), "13900139000", "综合窗口",
                                    false, 1, "qingpu"},
                                   kMorning - 10 * 86400);
    auto elsewhere = store_->createCase({"310118-DJ-001", "个体工商户设立登记", "区市场监督管理局", "李六", idOf(6), "13900139000",
                                         "综合窗口", false, 5, "other"},
                                        kMorning - 10 * 86400);
    ASSERT_TRUE(onTime.ok() && late.ok() && elsewhere.ok());
    for (const auto& c : {*onTime, *late, *elsewhere})
        for (auto to : {ow::protocol::CaseStatus::accepted, ow::protocol::CaseStatus::review, ow::protocol::CaseStatus::approved})
            ASSERT_TRUE(store_->advanceCase(c.caseNo, {to, "", {}, "", "", "区市场监督管理局"}, kMorning - 3 * 86400).ok());
    // Ratings: a good one of a visit, a bad one put right on time.
    take("livelihood", kMorning, "fig-ticket");
    auto called = store_->queue().callNext("qingpu", "1", kMorning + 60);
    const std::string ticket = std::get<Ticket>(*called).id;
    store_->queue().act("qingpu", "1", QueueBook::Action::done, "", kMorning + 300);
    auto& ratings = store_->ratings();
    ASSERT_TRUE(std::holds_alternative<Rating>(*ratings.rate({kiosk, "fig-r1", "qingpu", "visit", ticket, idOf(7), "李七", "", "", 5}, kMorning + 400)));
    auto bad = ratings.rate({kiosk, "fig-r2", "qingpu", "case", onTime->caseNo, idOf(4), "李四", "等候时间长", "", 2}, kMorning + 500);
    ASSERT_TRUE(std::holds_alternative<Rating>(*bad));
    const std::string badId = std::get<Rating>(*bad).id;
    ratings.advance(badId, "checked", "督查科", "", false, kMorning + 600);
    ratings.advance(badId, "fixed", "督查科", "", false, kMorning + 700);
    // A work order, resolved the same day; a call for staff taken after 45 s.
    auto order = store_->reports().file({kiosk, "fig-w1", "qingpu", "李四", idOf(4), "", "区公安分局", "其他", ""}, kMorning + 800);
    for (const char* to : {"classified", "transferred", "resolved"}) store_->reports().advance(order->no, to, "督查科", "", kMorning + 900);
    auto call = store_->queue().raiseHelp({kiosk, "fig-h1", "qingpu", "东侧1号机", "home", "", false}, kMorning + 1000);
    ASSERT_TRUE(call.ok()) << call.error();
    store_->queue().helpAct("qingpu", false, call->id, QueueBook::HelpAction::take, "王芳", kMorning + 1045);

    auto f = store_->serviceFigures("qingpu", "2026-12-01", "2026-12-04", "2026-12-04");
    ASSERT_TRUE(f.ok()) << f.error();
    const auto& o = f->overall;
    EXPECT_EQ(o.ratings, 2);
    EXPECT_EQ(o.satisfied, 1);
    EXPECT_EQ(o.satisfactionPercent(), 50);
    EXPECT_EQ(o.bad, 1);
    EXPECT_EQ(o.badFixedOnTime, 1);
    EXPECT_EQ(o.visitsDone, 1);
    EXPECT_EQ(o.casesDecided, 2) << "the other hall's case is not this hall's";
    EXPECT_EQ(o.casesOnTime, 1) << "the one promised in 1 working day was decided late";
    EXPECT_EQ(o.ratingRatePercent(), 66) << "2 ratings for 3 services done";
    EXPECT_EQ(o.workOrders, 1);
    EXPECT_EQ(o.workOrdersOnTime, 1);
    EXPECT_EQ(o.helpCalls, 1);
    EXPECT_EQ(o.helpTaken, 1);
    EXPECT_EQ(o.helpTakeMedianS, 45);
    ASSERT_EQ(f->byTerminal.size(), 1u);
    EXPECT_EQ(f->byTerminal[0].key, kiosk);
    EXPECT_EQ(f->byTerminal[0].ratings, 2);
    EXPECT_EQ(f->byTerminal[0].helpTakeMedianS, 45);
    ASSERT_FALSE(f->byDay.empty());
    EXPECT_EQ(f->byDay.back().key, "2026-12-04");
    EXPECT_EQ(f->byDay.back().ratings, 2);
    const std::string csv = serviceFiguresCsv(*f);
    EXPECT_NE(csv.find("\noverall,,2,1,66,50,1,1,0,1,2,1,0,1,1,1,0,1,1,45,45\n"), std::string::npos) << csv;
}

// Collecting results at central: documents attached by the back office (PDF only); the holder's ready cases with what
// the hall's bundle says of each (printable here, a delegate allowed); a delegate proves the case by number and the
// holder's phone (a wrong phone finds nothing), not where the matter allows no delegate; the collection recorded once
// (the case moves to collected), a delegate's only with the authorisation; postal delivery for the holder, mailed by
// the next working day, overdue past it, mailed when the tracking number is entered.
TEST_P(QueueBookTest, ResultsAreCollectedOnceByTheHolderOrADelegateOrPosted) {
    auto token = store_->createEnrolToken("qingpu", "t1");
    auto kiosk = store_->enroll(*token);
    ASSERT_TRUE(kiosk.ok()) << kiosk.error();
    const std::string k = kiosk->first;
    const auto open = [&](const char* code, const char* name, int who) {
        auto c = store_->createCase({code, name, "区市场监督管理局", "李" + std::to_string(who), idOf(who), "1390013900" + std::to_string(who),
                                     "综合窗口", false, 1, "qingpu"},
                                    kMorning - 5 * 86400);
        EXPECT_TRUE(c.ok());
        for (auto to : {ow::protocol::CaseStatus::accepted, ow::protocol::CaseStatus::review, ow::protocol::CaseStatus::approved,
                        ow::protocol::CaseStatus::ready})
            EXPECT_TRUE(store_->advanceCase(c->caseNo, {to, "", {}, "", "", "区市场监督管理局"}, kMorning - 3600).ok());
        return c->caseNo;
    };
    const std::string licence = open("310118-DJ-001", "个体工商户设立登记", 4), idCard = open("310118-SM-001", "居民身份证换领", 5),
                      posted = open("310118-DJ-001", "个体工商户设立登记", 6);
    const std::string pdfB64 = "JVBERi0xLjQgbGljZW5jZQ==";  // "%PDF-1.4 licence"
    EXPECT_EQ(handleAttachDocument(*store_, json{{"case_no", licence}, {"name", "营业执照"}, {"pdf", "bm90IGEgcGRm"}}.dump(), kMorning).status, 400)
        << "not a PDF";
    EXPECT_EQ(handleAttachDocument(*store_, json{{"case_no", licence}, {"name", "营业执照"}, {"pdf", pdfB64}}.dump(), kMorning).status, 201);
    const auto ask = [&](const char* op, json body) {
        auto r = handleCollect(*store_, k, op, body.dump(), {}, kMorning);
        return std::make_pair(r.status, json::parse(r.body, nullptr, false));
    };
    // The holder's ready cases, each with what can be done here.
    auto [st, ready] = ask("ready", {{"id_number", idOf(4)}});
    ASSERT_EQ(st, 200) << ready.dump();
    ASSERT_EQ(ready["cases"].size(), 1u);
    EXPECT_EQ(ready["cases"][0]["documents"][0]["name"], "营业执照");
    EXPECT_EQ(ready["cases"][0]["printable"], true);
    EXPECT_EQ(ask("ready", {{"id_number", idOf(5)}}).second["cases"][0]["delegate"], false) << "the bundle: only the applicant";
    // A delegate: by the case number and the holder's phone.
    EXPECT_EQ(ask("find", {{"case_no", licence}, {"phone", "13900139009"}}).first, 404) << "a wrong phone finds nothing";
    EXPECT_EQ(ask("find", {{"case_no", licence}, {"phone", "13900139004"}}).first, 200);
    EXPECT_EQ(ask("find", {{"case_no", idCard}, {"phone", "13900139005"}}).second["error"]["code"], "no_delegate");
    auto doc = ask("document", {{"case_no", licence}, {"phone", "13900139004"}, {"n", 1}});
    ASSERT_EQ(doc.first, 200);
    EXPECT_EQ(doc.second["pdf"], pdfB64);
    const json delegate = {{"key", "collect-key-1"}, {"case_no", licence}, {"phone", "13900139004"},
                           {"collector", {{"name", "王五"}, {"id_number", idOf(9)}}}, {"signature", "aW5r"}};
    EXPECT_EQ(ask("done", delegate).first, 400) << "a delegate's collection needs the authorisation";
    json withAuth = delegate;
    withAuth["authorisation"] = "/9j/2Q==";
    auto done = ask("done", withAuth);
    ASSERT_EQ(done.first, 200) << done.second.dump();
    EXPECT_EQ((*store_->caseByNumber(licence))->status, ow::protocol::CaseStatus::collected);
    EXPECT_EQ(ask("done", withAuth).first, 200) << "the same terminal asking again";
    auto other = store_->enroll(*store_->createEnrolToken("qingpu", "t2"));
    EXPECT_EQ(handleCollect(*store_, other->first, "done", withAuth.dump(), {}, kMorning).status, 409) << "collected once";
    auto rec = store_->collections().ofCase(licence);
    ASSERT_TRUE(rec.ok() && *rec);
    EXPECT_TRUE((*rec)->delegate);
    EXPECT_EQ((*rec)->collectorMasked, "王*");
    pool([&](sql::Connection& c) {
        const auto row = c.query("SELECT authorisation, signature, collector_person FROM collection WHERE case_no = $1", {licence}).at(0);
        EXPECT_EQ(row[0]->find("/9j/"), std::string::npos) << "the authorisation is sealed";
        EXPECT_EQ(row[2]->find(idOf(9)), std::string::npos);
    });
    // Posted: the holder's own request, mailed by the next working day (Friday → Monday).
    EXPECT_EQ(ask("post", {{"key", "post-key-01"}, {"case_no", posted}, {"phone", "13900139006"}, {"address", "上海市青浦区华新镇1号"}}).first, 409)
        << "not by a delegate";
    auto post = ask("post", {{"key", "post-key-02"}, {"case_no", posted}, {"id_number", idOf(6)}, {"address", "上海市青浦区华新镇1号"},
                             {"phone", "13900139006"}});
    ASSERT_EQ(post.first, 200) << post.second.dump();
    EXPECT_EQ(post.second["post"]["mail_by"], "2026-12-07");
    EXPECT_EQ(post.second["post"]["address"], "上海市青浦区…");
    EXPECT_TRUE(store_->collections().postal("qingpu", true, "2026-12-07")->empty());
    EXPECT_EQ(store_->collections().postal("qingpu", true, "2026-12-08")->size(), 1u) << "not mailed by Monday: overdue";
    EXPECT_EQ(handleAdvanceCase(*store_, json{{"case_no", posted}, {"to", "mailed"}, {"tracking_no", "EMS1234567890"}}.dump(), kMorning).status, 200);
    auto mailed = store_->collections().postal("qingpu", false, "2026-12-08");
    ASSERT_EQ(mailed->size(), 1u);
    EXPECT_EQ(mailed->front().tracking, "EMS1234567890");
    EXPECT_FALSE(mailed->front().overdue);
    pool([&](sql::Connection& c) {
        const auto row = c.query("SELECT address_sealed, phone_sealed FROM postal_request WHERE case_no = $1", {posted}).at(0);
        EXPECT_EQ(row[0]->find("华新镇"), std::string::npos) << "the address is sealed";
        EXPECT_EQ(row[1]->find("13900139006"), std::string::npos);
    });
}

// A terminal's service-mode attempts and actions reach the hall's audit at central (kioskctl audit) with the
// terminal's name; a malformed record is rejected and adds nothing.
TEST_P(QueueBookTest, ATerminalsServiceModeActionsReachTheHallsAudit) {
    auto kiosk = store_->enroll(*store_->createEnrolToken("qingpu", "东侧1号机"));
    ASSERT_TRUE(kiosk.ok()) << kiosk.error();
    auto ok = store_->applyEvent(kiosk->first, {1, "service.audit", kMorning, R"J({"actor":"陈工 (a1b2c3d4e5f60718)","action":"out_of_service","detail":""})J"});
    ASSERT_TRUE(ok.ok()) << ok.error();
    EXPECT_EQ(ok->kind, EventResult::Kind::accepted);
    auto bad = store_->applyEvent(kiosk->first, {2, "service.audit", kMorning, R"({"actor":"x"})"});
    ASSERT_TRUE(bad.ok());
    EXPECT_EQ(bad->kind, EventResult::Kind::rejected);
    auto log = store_->staff().auditLog("qingpu", 10);
    ASSERT_TRUE(log.ok());
    ASSERT_EQ(log->size(), 1u);
    EXPECT_EQ(log->front().action, "terminal_out_of_service");
    EXPECT_EQ(log->front().who, "东侧1号机 · 陈工 (a1b2c3d4e5f60718)");
}

INSTANTIATE_TEST_SUITE_P(Engines, QueueBookTest, ::testing::ValuesIn(ow::test::storeEngines()),
                         [](const auto& info) { return info.param; });
