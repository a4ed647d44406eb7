// The outbox is sealed with a key derived from the terminal's own data key, which never leaves it, so nothing
// central holds (the terminal's secret included) opens what a terminal keeps queued; events an earlier release
// sealed with the secret-derived key are sealed again on the upgrade.
#include "kiosk/sync/sync_client.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include "kiosk/store.h"
#include "test_paths.h"

using namespace ow::core;

namespace {

const Credentials kCreds{"k-0011223344556677", std::string(64, 'a'), "qingpu"};

OutboxKey dataKey(unsigned char fill) {
    OutboxKey k{};
    k.fill(fill);
    return k;
}

}  // namespace

TEST(OutboxKey, NothingCentralHoldsOpensTheOutbox) {
    ASSERT_GE(sodium_init(), 0);
    ow::test::TempDir dir;
    auto store = Store::open(dir.file("kiosk.db"));
    ASSERT_TRUE(store.ok()) << store.error();
    const OutboxKey key = outboxKey(dataKey(1));
    ASSERT_TRUE(store->enqueueOutbox("session.summary", 1, R"({"reason":"finished"})", key).ok());
    EXPECT_FALSE(store->peekOutbox(10, legacyOutboxKey(kCreds)).ok()) << "the secret central holds opens the outbox";
    EXPECT_FALSE(store->peekOutbox(10, outboxKey(dataKey(2))).ok()) << "another terminal's data key opens it";
    auto events = store->peekOutbox(10, key);
    ASSERT_TRUE(events.ok()) << events.error();
    EXPECT_EQ(events->at(0).payload, R"({"reason":"finished"})");
}

TEST(OutboxKey, EventsAnEarlierReleaseQueuedAreSealedAgainWithTheTerminalsOwnKey) {
    ASSERT_GE(sodium_init(), 0);
    ow::test::TempDir dir;
    auto store = Store::open(dir.file("kiosk.db"));
    ASSERT_TRUE(store.ok()) << store.error();
    const OutboxKey legacy = legacyOutboxKey(kCreds), key = outboxKey(dataKey(1));
    ASSERT_TRUE(store->enqueueOutbox("case.submitted", 1, R"({"n":1})", legacy).ok());
    ASSERT_TRUE(store->enqueueOutbox("case.material", 2, R"({"n":2})", legacy).ok());
    ASSERT_TRUE(store->enqueueOutbox("session.summary", 3, R"({"n":3})", key).ok());  // queued after the upgrade

    auto resealed = store->resealOutbox(legacy, key);
    ASSERT_TRUE(resealed.ok()) << resealed.error();
    EXPECT_EQ(*resealed, 2);
    auto events = store->peekOutbox(10, key);
    ASSERT_TRUE(events.ok()) << events.error();
    ASSERT_EQ(events->size(), 3u) << "nothing queued is lost on the upgrade";
    EXPECT_EQ(events->at(0).payload, R"({"n":1})");
    EXPECT_EQ(events->at(0).type, "case.submitted");
    EXPECT_EQ(events->at(1).payload, R"({"n":2})");
    EXPECT_EQ(events->at(2).payload, R"({"n":3})");
    EXPECT_FALSE(store->peekOutbox(1, legacy).ok()) << "the secret-derived key still opens the first event";
    EXPECT_EQ(*store->resealOutbox(legacy, key), 0) << "a second start re-seals nothing";
}
