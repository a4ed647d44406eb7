// Queue numbers at central, on SQLite and on PostgreSQL: by theme with its prefix, counted from 1 each day in
// 北京时间 (not UTC: a day starts at 16:00 UTC), never given twice, the same key the same ticket, the daily cap.
#include <gtest/gtest.h>
#include <sodium.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "../kiosk/test_paths.h"
#include "central/api.h"
#include "central/queue.h"
#include "central/store.h"
#include "kiosk/bundle_signing.h"
#include "kiosk/config_boot.h"
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
        json doc = json::parse(*ow::core::readFile(ow::test::assetsDir() + "/bundles/demo.json"));
        doc["content"]["queue"]["themes"]["construction"]["daily_cap"] = 3;
        for (int w = 11; w <= 20; ++w)  // ten more windows for livelihood, to call at once
            doc["content"]["queue"]["windows"].push_back({{"id", std::to_string(w)}, {"themes", {"livelihood"}}});
        const auto keys = ow::core::generateKeyPair();
        auto signedDoc = ow::core::signBundle(doc.dump(), "test", *ow::core::decodeSecretKey(keys.secretKey));
        ASSERT_TRUE(store_->publishBundle(*preparePublish(*signedDoc, R"({"halls":["qingpu"]})", 1796000000)).ok());
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
    int n_ = 0;
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
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    std::vector<std::string> called(20);
    std::vector<std::thread> threads;
    for (int i = 0; i < 20; ++i)
        threads.emplace_back([&, i] {
            ++ready;
            while (!go) std::this_thread::yield();
            auto r = (*s)->queue().callNext("qingpu", std::to_string(11 + i % 10), kMorning + 100);
            if (r.ok())
                if (const auto* t = std::get_if<Ticket>(&*r)) called[static_cast<size_t>(i)] = t->number;
        });
    while (ready < 20) std::this_thread::yield();
    go = true;
    for (auto& t : threads) t.join();
    std::set<std::string> distinct(called.begin(), called.end());
    EXPECT_EQ(distinct.size(), 20u);
    EXPECT_EQ(distinct.count(""), 0u) << "every call got a ticket";
    EXPECT_EQ(std::get<NoTicket>(*store_->queue().callNext("qingpu", "11", kMorning + 200)).code, "none_waiting");
}

INSTANTIATE_TEST_SUITE_P(Engines, QueueBookTest, ::testing::ValuesIn(ow::test::storeEngines()),
                         [](const auto& info) { return info.param; });
