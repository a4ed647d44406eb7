// The central store and the events endpoint's handling: each event applied once, bad batches store nothing.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../kiosk/test_paths.h"
#include "central/api.h"
#include "central/store.h"

using namespace ow::central;
using nlohmann::json;

namespace {
std::unique_ptr<Store> openIn(const ow::test::TempDir& dir) {
    auto s = openSqliteStore(dir.file("central.db"));
    EXPECT_TRUE(s.ok()) << s.error();
    return std::move(*s);
}
std::string batch(std::initializer_list<std::pair<int, const char*>> events) {
    json list = json::array();
    for (auto [seq, type] : events)
        list.push_back({{"seq", seq}, {"type", type}, {"occurred_at", 1795334400}, {"payload", {{"n", seq}}}});
    return json{{"events", list}}.dump();
}
}  // namespace

TEST(CentralStore, AnEventIsAppliedOnceAndAReplayIsADuplicate) {
    ow::test::TempDir dir;
    auto store = openIn(dir);
    Event e{1, "session.summary", 1795334400, "{}"};
    EXPECT_EQ(store->applyEvent("k1", e)->kind, EventResult::Kind::accepted);
    EXPECT_EQ(store->applyEvent("k1", e)->kind, EventResult::Kind::duplicate);
    EXPECT_EQ(store->applyEvent("k2", e)->kind, EventResult::Kind::accepted) << "seq is per terminal";
    EXPECT_EQ(store->eventCount("k1"), 1);
    store.reset();
    store = openIn(dir);  // forever: the record survives a restart
    EXPECT_EQ(store->applyEvent("k1", e)->kind, EventResult::Kind::duplicate);
    EXPECT_EQ(store->eventCount("k1"), 1);
}

TEST(CentralStore, UnknownTypesAreQuarantinedNotDropped) {
    ow::test::TempDir dir;
    auto store = openIn(dir);
    auto r = store->applyEvent("k1", {5, "teleport", 0, "{}"});
    EXPECT_EQ(r->kind, EventResult::Kind::rejected);
    EXPECT_EQ(r->reason, "unknown event type \"teleport\"");
    EXPECT_EQ(store->quarantineCount("k1"), 1);
    EXPECT_EQ(store->applyEvent("k1", {5, "teleport", 0, "{}"})->kind, EventResult::Kind::duplicate);
    EXPECT_EQ(store->quarantineCount("k1"), 1);
}

TEST(EventsEndpoint, ResultsComeBackInOrder) {
    ow::test::TempDir dir;
    auto store = openIn(dir);
    Reply r = handleEvents(*store, "k1", batch({{1, "session.summary"}, {2, "teleport"}}));
    ASSERT_EQ(r.status, 200) << r.body;
    json j = json::parse(r.body);
    EXPECT_EQ(j["results"][0]["result"], "accepted");
    EXPECT_EQ(j["results"][1]["result"], "rejected");
    r = handleEvents(*store, "k1", batch({{1, "session.summary"}, {3, "rating.submitted"}}));
    j = json::parse(r.body);
    EXPECT_EQ(j["results"][0]["result"], "duplicate");
    EXPECT_EQ(j["results"][1]["result"], "accepted");
    EXPECT_EQ(store->eventCount("k1"), 2);
}

TEST(EventsEndpoint, MalformedBatchesAreRefusedWithAReasonAndStoreNothing) {
    ow::test::TempDir dir;
    auto store = openIn(dir);
    struct Case {
        std::string body;
        int status;
        const char* code;
        const char* message;
    } cases[] = {
        {"{\"events\": [", 400, "bad_json", "the body is not JSON"},
        {"\xFF\xFE", 400, "bad_encoding", "the body is not UTF-8"},
        {"[]", 400, "bad_request", "expected {\"events\": [...]}"},
        {"{\"events\": []}", 400, "bad_request", "a batch holds 1 to 500 events"},
        {R"({"events": [{"seq": "1", "type": "x", "occurred_at": 0, "payload": {}}]})", 400, "bad_request",
         "events[0].seq must be a whole number from 1"},
        {R"({"events": [{"seq": 1, "type": "session.summary", "occurred_at": 0, "payload": {}},
                         {"seq": 2, "type": "'; DROP TABLE event; --", "occurred_at": "x", "payload": {}}]})",
         400, "bad_request", "events[1].occurred_at must be Unix seconds"},
        {R"({"events": [{"seq": 2, "type": "a", "occurred_at": 0, "payload": {}},
                         {"seq": 2, "type": "a", "occurred_at": 0, "payload": {}}]})",
         400, "bad_request", "events[1].seq must be higher than the one before"},
        {std::string(kMaxBodyBytes + 1, ' '), 413, "too_large", "the batch is over 1 MiB; send fewer events"},
    };
    for (const auto& c : cases) {
        const Reply r = handleEvents(*store, "k1", c.body);
        EXPECT_EQ(r.status, c.status) << c.message;
        const json j = json::parse(r.body);
        EXPECT_EQ(j["error"]["code"], c.code);
        EXPECT_EQ(j["error"]["message"], c.message);
    }
    EXPECT_EQ(store->eventCount("k1"), 0);
    EXPECT_EQ(store->quarantineCount("k1"), 0);
}
