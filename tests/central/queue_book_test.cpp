// Queue numbers at central, on SQLite and on PostgreSQL: by theme with its prefix, counted from 1 each day in
// 北京时间 (not UTC: a day starts at 16:00 UTC), never given twice, the same key the same ticket, the daily cap.
#include <gtest/gtest.h>
#include <sodium.h>

#include <nlohmann/json.hpp>

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
        auto s = openStore(ow::test::newStoreUrl(GetParam(), dir_.path()), 8, &key_);
        ASSERT_TRUE(s.ok()) << s.error();
        store_ = std::move(*s);
        json doc = json::parse(*ow::core::readFile(ow::test::assetsDir() + "/bundles/demo.json"));
        doc["content"]["queue"]["themes"]["construction"]["daily_cap"] = 3;
        const auto keys = ow::core::generateKeyPair();
        auto signedDoc = ow::core::signBundle(doc.dump(), "test", *ow::core::decodeSecretKey(keys.secretKey));
        ASSERT_TRUE(store_->publishBundle(*preparePublish(*signedDoc, R"({"halls":["qingpu"]})", 1796000000)).ok());
    }
    std::string take(const std::string& theme, int64_t now, std::string key = "") {
        if (key.empty()) key = "number-key-" + std::to_string(++n_);
        auto r = store_->queue().take({"k-00000000000000aa", key, "qingpu", theme, ow::protocol::TicketClass::ordinary}, now);
        EXPECT_TRUE(r.ok()) << r.error();
        if (!r.ok()) return "error";
        if (const auto* no = std::get_if<NoTicket>(&*r)) return no->code;
        return std::get<Ticket>(*r).number;
    }
    ow::test::TempDir dir_;
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

INSTANTIATE_TEST_SUITE_P(Engines, QueueBookTest, ::testing::ValuesIn(ow::test::storeEngines()),
                         [](const auto& info) { return info.param; });
