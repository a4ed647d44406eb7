// The queue's rules: appointments by slot time and the green channel first, never starving the others (a steady
// stream of priority tickets still lets each ordinary one through within the bound); numbers as called; the bundle's
// content.queue read and refused with the field named.
#include "kiosk/protocol/queue.h"

#include <gtest/gtest.h>

#include <deque>
#include <random>
#include <nlohmann/json.hpp>

#include "kiosk/bundle.h"
#include "kiosk/config_boot.h"
#include "test_paths.h"

using namespace ow::protocol;
using nlohmann::json;

namespace {
QueueRules rule(int run) {
    QueueRules r;
    r.priorityRun = run;
    return r;
}
}  // namespace

TEST(Queue, AppointmentsBySlotThenTheGreenChannelThenEveryoneByTheirWait) {
    const std::vector<WaitingTicket> waiting = {
        {TicketClass::ordinary, 100, 0},    {TicketClass::priority, 300, 0},   {TicketClass::appointment, 500, 9000},
        {TicketClass::appointment, 600, 8000}, {TicketClass::priority, 200, 0}, {TicketClass::ordinary, 50, 0}};
    EXPECT_EQ(nextToCall(waiting, 0, rule(2)), 3) << "the earliest slot";
    std::vector<WaitingTicket> noAppointments = {waiting[0], waiting[1], waiting[4], waiting[5]};
    EXPECT_EQ(nextToCall(noAppointments, 0, rule(2)), 2) << "the green channel's longest wait";
    std::vector<WaitingTicket> onlyOrdinary = {waiting[0], waiting[5]};
    EXPECT_EQ(nextToCall(onlyOrdinary, 0, rule(2)), 1) << "the longest wait";
    EXPECT_EQ(nextToCall({}, 0, rule(2)), -1);
    // After two priority calls in a row, the ordinary ticket that has waited longest.
    EXPECT_EQ(nextToCall(waiting, 2, rule(2)), 5);
    EXPECT_EQ(nextToCall({waiting[1], waiting[2]}, 5, rule(2)), 1) << "with no ordinary ticket waiting, priority goes on";
}

// A steady stream of green-channel tickets (one arrives with every call) while ten ordinary tickets wait: the k-th
// ordinary one is called within k × (priorityRun + 1) calls. Without the bound (strict priority) they would wait for ever.
TEST(Queue, ASteadyStreamOfPriorityTicketsNeverStarvesTheOthers) {
    for (int bound : {1, 2, 3}) {
        std::vector<WaitingTicket> waiting;
        for (int i = 0; i < 10; ++i) waiting.push_back({TicketClass::ordinary, 1000 + i, 0});
        int64_t clock = 2000, run = 0, calls = 0, ordinaryCalled = 0;
        while (ordinaryCalled < 10 && calls < 1000) {
            waiting.push_back({TicketClass::priority, clock++, 0});  // the stream
            const int i = nextToCall(waiting, static_cast<int>(run), rule(bound));
            ASSERT_GE(i, 0);
            ++calls;
            if (waiting[static_cast<size_t>(i)].cls == TicketClass::ordinary) {
                ++ordinaryCalled;
                EXPECT_LE(calls, ordinaryCalled * (bound + 1)) << "bound " << bound << ": ordinary ticket " << ordinaryCalled;
                run = 0;
            } else {
                ++run;
            }
            waiting.erase(waiting.begin() + i);
        }
        EXPECT_EQ(ordinaryCalled, 10) << "bound " << bound;
    }
    // Strict priority, for contrast: not one ordinary ticket in a thousand calls.
    std::vector<WaitingTicket> waiting{{TicketClass::ordinary, 1, 0}};
    int ordinary = 0;
    for (int c = 0; c < 1000; ++c) {
        waiting.push_back({TicketClass::priority, 10 + c, 0});
        const int i = nextToCall(waiting, 0, rule(1000));
        ordinary += waiting[static_cast<size_t>(i)].cls == TicketClass::ordinary;
        waiting.erase(waiting.begin() + i);
    }
    EXPECT_EQ(ordinary, 0);
}

TEST(Queue, NumbersAreThePrefixAndThreeDigits) {
    EXPECT_EQ(ticketNumber('A', 12), "A012");
    EXPECT_EQ(ticketNumber('D', 999), "D999");
}

namespace {
json demo() { return json::parse(*ow::core::readFile(ow::test::assetsDir() + "/bundles/demo.json")); }
std::string refusal(const json& j) {
    auto r = ow::core::parseBundle(j.dump());
    return r.ok() ? std::string("accepted") : r.error();
}
}  // namespace

TEST(QueueBundle, TheDemoHallNumbersFourThemesAtFourWindows) {
    auto b = ow::core::parseBundle(demo().dump());
    ASSERT_TRUE(b.ok()) << b.error();
    ASSERT_TRUE(b->queue);
    EXPECT_EQ(b->queue->themes.size(), 4u);
    ASSERT_TRUE(b->queue->theme("registration"));
    EXPECT_EQ(b->queue->theme("registration")->prefix, 'B');
    ASSERT_TRUE(b->queue->window("3"));
    EXPECT_EQ(b->queue->window("3")->themes, (std::vector<std::string>{"registration", "permit"}));
    EXPECT_EQ(b->queue->priorityRun, 2);
}

TEST(QueueBundle, ABadQueueIsRefusedWithTheFieldNamed) {
    const auto with = [](auto change) {
        json j = demo();
        change(j["content"]["queue"]);
        return refusal(j);
    };
    EXPECT_EQ(with([](json& q) { q["themes"]["permit"]["prefix"] = "A"; }),
              "content.queue.themes.permit.prefix: \"A\" is another theme's prefix too");
    EXPECT_EQ(with([](json& q) { q["themes"]["permit"]["prefix"] = "a"; }), "content.queue.themes.permit.prefix: must be one letter A to Z");
    EXPECT_EQ(with([](json& q) { q["themes"]["parking"] = {{"prefix", "P"}, {"daily_cap", 10}}; }),
              "content.queue.themes: unknown theme \"parking\"");
    EXPECT_EQ(with([](json& q) { q["windows"][0]["id"] = "100"; }), "content.queue.windows[0].id: must be the window's number, 1 to 99");
    EXPECT_EQ(with([](json& q) { q["windows"][1]["id"] = "1"; }), "content.queue.windows[1].id: window 1 is listed twice");
    EXPECT_EQ(with([](json& q) { q["windows"][3]["themes"] = json::array({"permit"}); }),
              "content.queue.windows: no window serves construction: its numbers would never be called");
    EXPECT_EQ(with([](json& q) { q["themes"].erase("construction"); }),
              "content.queue.windows[3].themes: \"construction\" has no numbers in content.queue.themes");
    EXPECT_EQ(with([](json& q) { q["priority_run"] = 0; }), "content.queue.priority_run: must be between 1 and 10");
    EXPECT_EQ(with([](json& q) { q["themes"]["livelihood"]["daily_cap"] = 1000; }),
              "content.queue.themes.livelihood.daily_cap: must be between 1 and 999");
}

// A ticket's place is where it comes in the order the fair rule calls them: an ordinary ticket behind two green ones
// (bound 2) is third; behind three, the run lets it in third too.
TEST(Queue, CallOrderIsThePlaceTheFairRuleGivesEachTicket) {
    const std::vector<WaitingTicket> waiting = {{TicketClass::ordinary, 100, 0},
                                                {TicketClass::priority, 200, 0},
                                                {TicketClass::priority, 300, 0},
                                                {TicketClass::priority, 400, 0},
                                                {TicketClass::appointment, 500, 7000}};
    EXPECT_EQ(callOrder(waiting, 0, rule(2)), (std::vector<int>{4, 1, 0, 2, 3}));
    EXPECT_EQ(callOrder(waiting, 2, rule(2)), (std::vector<int>{0, 4, 1, 2, 3})) << "a window's run already at the bound";
    EXPECT_TRUE(callOrder({}, 0, rule(2)).empty());
}

// The printed wait: those ahead shared among the windows serving the theme, at the median of today's service times,
// or the bundle's minutes before any was measured; rounded up to the minute.
TEST(Queue, TheWaitIsMeasuredFromTodaysServiceTimes) {
    QueueRules r;
    r.serviceMinutes = 10;
    EXPECT_EQ(estimatedWaitMinutes(0, 2, {}, r), 0);
    EXPECT_EQ(estimatedWaitMinutes(3, 1, {}, r), 30) << "nothing measured yet: the bundle's 10 minutes each";
    EXPECT_EQ(estimatedWaitMinutes(3, 2, {}, r), 15);
    EXPECT_EQ(estimatedWaitMinutes(4, 2, {240, 60, 300, 6000, 180}, r), 8) << "median 240 s (the 6000 s outlier ignored)";
    EXPECT_EQ(estimatedWaitMinutes(1, 1, {10}, r), 1) << "at least a minute a person";
    EXPECT_EQ(estimatedWaitMinutes(5, 0, {}, r), 50) << "no window serves it: counted as one";
}

TEST(Queue, NumbersCodesAndTheSpokenCall) {
    EXPECT_EQ(ticketNumber('A', 12), "A012");
    EXPECT_EQ(parseTicketNumber("A012"), (std::pair<char, int>{'A', 12}));
    EXPECT_EQ(parseTicketNumber("B7"), (std::pair<char, int>{'B', 7}));
    for (const char* bad : {"", "A", "a012", "A0", "A01x", "AB12", "A12345", "012"}) EXPECT_FALSE(parseTicketNumber(bad)) << bad;
    const std::string id = "0123456789abcdef01234567";
    EXPECT_EQ(ticketCode(id), "OW1.Q." + id);
    EXPECT_EQ(ticketIdOfCode(ticketCode(id)), id);
    for (const char* bad : {"OW1.Q.", "OW1.Q.0123456789ABCDEF01234567", "OW1.C.0123456789abcdef01234567",
                            "OW1.Q.0123456789abcdef0123456", "OW1.Q.0123456789abcdef01234567'"})
        EXPECT_EQ(ticketIdOfCode(bad), "") << bad;
    EXPECT_EQ(spokenCall("A012", "3"), "请 A 零一二 号，到 3 号窗口");
}

// The calling order is the fair rule applied call after call: on random waiting lists (ties in waits and slots
// included, every bound, every run), callOrder gives what nextToCall gives one ticket at a time.
TEST(Queue, CallOrderIsNextToCallOneAfterAnother) {
    std::mt19937 rng(20261205);
    for (int round = 0; round < 500; ++round) {
        std::vector<WaitingTicket> waiting(rng() % 40);
        for (auto& w : waiting)
            w = {static_cast<TicketClass>(rng() % 3), static_cast<int64_t>(rng() % 20), static_cast<int64_t>(rng() % 5)};
        const QueueRules r = rule(1 + static_cast<int>(rng() % 3));
        const int run = static_cast<int>(rng() % 4);
        std::vector<int> expected, index(waiting.size());
        for (size_t i = 0; i < index.size(); ++i) index[i] = static_cast<int>(i);
        auto left = waiting;
        for (int k = run; !left.empty();) {
            const auto pick = static_cast<size_t>(nextToCall(left, k, r));
            expected.push_back(index[pick]);
            k = left[pick].cls == TicketClass::ordinary ? 0 : k + 1;
            left.erase(left.begin() + static_cast<std::ptrdiff_t>(pick));
            index.erase(index.begin() + static_cast<std::ptrdiff_t>(pick));
        }
        ASSERT_EQ(callOrder(waiting, run, r), expected) << "round " << round;
    }
}
