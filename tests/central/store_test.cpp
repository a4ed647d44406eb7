// The central store and the endpoints' handling, on SQLite and on PostgreSQL alike: each event applied once,
// bad requests store nothing, tokens, publish scopes.
#include <gtest/gtest.h>

#include <regex>
#include <sodium.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "../kiosk/test_paths.h"
#include "central/api.h"
#include "central/sql.h"
#include "central/store.h"
#include "kiosk/bundle_signing.h"
#include "kiosk/config_boot.h"
#include "kiosk/services/presubmit/presubmission.h"
#include "kiosk/protocol/submission.h"
#include "tests/support/demo_submission.h"
#include "tests/support/test_db.h"

using namespace ow::central;
using nlohmann::json;

namespace {

std::string batch(std::initializer_list<std::pair<int, const char*>> events) {
    json list = json::array();
    for (auto [seq, type] : events)
        list.push_back({{"seq", seq}, {"type", type}, {"occurred_at", 1795334400}, {"payload", {{"n", seq}}}});
    return json{{"events", list}}.dump();
}

class StoreTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        ASSERT_GE(sodium_init(), 0);
        url_ = ow::test::newStoreUrl(GetParam(), dir_.path());
        reopen();
    }
    void reopen() {
        store.reset();
        auto s = openStore(url_, 8, &secretsKey_);
        ASSERT_TRUE(s.ok()) << s.error();
        store = std::move(*s);
    }
    // What the database holds in a column, read past the store.
    std::vector<std::string> column(const std::string& query) {
        auto pool = ow::central::sql::openPool(url_, 1);
        ow::central::sql::Rows rows;
        pool->read([&](ow::central::sql::Connection& c) { rows = c.query(query); });
        std::vector<std::string> out;
        for (auto& r : rows) out.push_back(r[0].value_or(""));
        return out;
    }
    ow::test::TempDir dir_;
    std::string url_;
    SecretsKey secretsKey_{5, 5, 5, 5, 5};
    std::unique_ptr<Store> store;
};

}  // namespace

TEST_P(StoreTest, AnEventIsAppliedOnceAndAReplayIsADuplicate) {
    Event e{1, "session.summary", 1795334400, "{}"};
    EXPECT_EQ(store->applyEvent("k1", e)->kind, EventResult::Kind::accepted);
    EXPECT_EQ(store->applyEvent("k1", e)->kind, EventResult::Kind::duplicate);
    EXPECT_EQ(store->applyEvent("k2", e)->kind, EventResult::Kind::accepted) << "seq is per terminal";
    EXPECT_EQ(store->eventCount("k1"), 1);
    reopen();  // forever: the record survives a restart
    EXPECT_EQ(store->applyEvent("k1", e)->kind, EventResult::Kind::duplicate);
    EXPECT_EQ(store->eventCount("k1"), 1);
}

TEST_P(StoreTest, UnknownTypesAreQuarantinedNotDropped) {
    auto r = store->applyEvent("k1", {5, "teleport", 0, "{\"a\":1}"});
    EXPECT_EQ(r->kind, EventResult::Kind::rejected);
    EXPECT_EQ(r->reason, "unknown event type \"teleport\"");
    EXPECT_EQ(store->quarantineCount("k1"), 1);
    EXPECT_EQ(store->applyEvent("k1", {5, "teleport", 0, "{}"})->kind, EventResult::Kind::duplicate);
    EXPECT_EQ(store->quarantineCount("k1"), 1);
    // Admins see it with its payload and reason.
    const json q = json::parse(handleQuarantine(*store, "").body)["quarantine"];
    ASSERT_EQ(q.size(), 1u);
    EXPECT_EQ(q[0]["kiosk_id"], "k1");
    EXPECT_EQ(q[0]["payload"]["a"], 1);
    EXPECT_EQ(q[0]["reason"], "unknown event type \"teleport\"");
}

TEST_P(StoreTest, ConcurrentReplaysOfTheSameBatchApplyEachEventOnce) {
    std::vector<Event> events;
    for (int s = 1; s <= 50; ++s) events.push_back({s, "session.summary", 1795334400, "{\"s\":" + std::to_string(s) + "}"});
    std::vector<std::thread> threads;
    std::atomic<int> accepted{0};
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&] {
            auto r = store->applyEvents("k1", events);
            if (r)
                for (const auto& e : *r) accepted += e.kind == EventResult::Kind::accepted;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(accepted, 50);
    EXPECT_EQ(store->eventCount("k1"), 50);
    const auto stored = store->events("k1");
    for (size_t i = 0; i < stored.size(); ++i) EXPECT_EQ(stored[i].seq, static_cast<int64_t>(i + 1));
}

TEST_P(StoreTest, EventResultsComeBackInOrder) {
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

TEST_P(StoreTest, MalformedBatchesAreRefusedWithAReasonAndStoreNothing) {
    struct Case {
        std::string body;
        int status;
        const char* code;
        const char* message;
    } cases[] = {
        {"{\"events\": [", 400, "bad_json", "the body is not JSON"},
        {"\xFF\xFE", 400, "bad_encoding", "the body is not UTF-8"},
        {"[]", 400, "bad_request", "the body must be a JSON object"},
        {"{}", 400, "bad_request", "expected {\"events\": [...]}"},
        {"{\"events\": []}", 400, "bad_request", "a batch holds 1 to 500 events"},
        {R"({"events": [{"seq": "1", "type": "x", "occurred_at": 0, "payload": {}}]})", 400, "bad_request",
         "events[0].seq must be a whole number from 1"},
        {R"({"events": [{"seq": 1, "type": "'; DROP TABLE event; --", "occurred_at": 0, "payload": {}}]})", 400,
         "bad_request", "events[0].type must be 1 to 64 of a-z 0-9 . _ -"},
        {R"({"events": [{"seq": 1, "type": "session.summary", "occurred_at": 0, "payload": {}},
                         {"seq": 2, "type": "session.summary", "occurred_at": "x", "payload": {}}]})",
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

TEST_P(StoreTest, TextIsStoredExactlyAsSentWhateverItContains) {
    // SQL metacharacters, quotes, NUL-free control characters and CJK in a payload are data, nothing else.
    const std::string tricky = R"({"note":"'); DROP TABLE event; -- \"x\" \\ 青浦 \u0001"})";
    const Reply r = handleEvents(*store, "k1", R"({"events":[{"seq":1,"type":"session.summary","occurred_at":1,"payload":)" + tricky + "}]}");
    ASSERT_EQ(r.status, 200) << r.body;
    const auto stored = store->events("k1");
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(json::parse(stored[0].payload), json::parse(tricky));
}

TEST_P(StoreTest, EnrolmentTokensAreSpentOnceAndRevocationIsImmediate) {
    auto token = store->createEnrolToken("qingpu", "t1");
    ASSERT_TRUE(token.ok());
    auto kiosk = store->enroll(*token);
    ASSERT_TRUE(kiosk.ok()) << kiosk.error();
    EXPECT_FALSE(store->enroll(*token).ok());
    EXPECT_EQ(*store->kioskSecret(kiosk->first), kiosk->second);
    EXPECT_EQ(store->kiosk(kiosk->first)->hall, "qingpu");
    ASSERT_TRUE(store->revoke(kiosk->first).ok());
    EXPECT_FALSE(store->kioskSecret(kiosk->first)->has_value());
    EXPECT_FALSE(store->revoke("k-nobody").ok());
}

TEST_P(StoreTest, ANonceIsTakenOnceAndOnlyFromAnEnrolledTerminal) {
    auto k1 = store->enroll(*store->createEnrolToken("qingpu", "a"));
    auto k2 = store->enroll(*store->createEnrolToken("qingpu", "b"));
    EXPECT_TRUE(store->rememberNonce(k1->first, "0123456789abcdef", 100).ok());
    EXPECT_EQ(store->rememberNonce(k1->first, "0123456789abcdef", 100).error(), kReplayed);
    EXPECT_TRUE(store->rememberNonce(k2->first, "0123456789abcdef", 100).ok()) << "nonces are per terminal";
    EXPECT_EQ(store->rememberNonce("k-nobody", "0123456789abcdef", 100).error(), kRevoked);
    // Revoked while its secret is remembered: its next write is refused all the same.
    ASSERT_TRUE(store->kioskSecret(k2->first)->has_value());
    ASSERT_TRUE(store->revoke(k2->first).ok());
    EXPECT_EQ(store->rememberNonce(k2->first, "fedcba9876543210", 101).error(), kRevoked);
    const Nonce fresh{"aaaaaaaaaaaaaaaa", 102};
    EXPECT_EQ(store->applyEvents(k2->first, {{1, "session.summary", 0, "{}"}}, &fresh).error(), kRevoked);
    EXPECT_EQ(store->eventCount(k2->first), 0);
}

// A copy of the database alone (a backup, a dump) holds no terminal's secret: each is sealed with central's secrets
// key, which lives in a file of its own, and bound to its terminal.
TEST_P(StoreTest, TerminalSecretsAreSealedAtRestAndOnlyCentralsKeyOpensThem) {
    auto a = store->enroll(*store->createEnrolToken("qingpu", "a"));
    auto b = store->enroll(*store->createEnrolToken("qingpu", "b"));
    ASSERT_TRUE(a.ok() && b.ok());
    const auto stored = column("SELECT secret FROM kiosk ORDER BY name");
    ASSERT_EQ(stored.size(), 2u);
    for (const auto& s : stored) {
        EXPECT_EQ(s.rfind("sealed1:", 0), 0u) << s;
        for (const auto& secret : {a->second, b->second})
            for (size_t at = 0; at + 16 <= secret.size(); at += 8)
                EXPECT_EQ(s.find(secret.substr(at, 16)), std::string::npos) << "a terminal's secret lies in the database";
    }
    reopen();  // from the database, not from memory
    EXPECT_EQ(*store->kioskSecret(a->first), a->second);

    SecretsKey other = secretsKey_;
    other[0] ^= 1;
    auto wrong = openStore(url_, 8, &other);
    ASSERT_FALSE(wrong.ok()) << "a central given another key would refuse every terminal";
    EXPECT_NE(wrong.error().find("secrets key"), std::string::npos) << wrong.error();
    auto keyless = openStore(url_, 8);
    ASSERT_TRUE(keyless.ok()) << "kioskctl works without the key: " << keyless.error();
    EXPECT_FALSE((*keyless)->kioskSecret(a->first).ok());
    EXPECT_FALSE((*keyless)->enroll(*(*keyless)->createEnrolToken("qingpu", "c")).ok());

    // A's sealed secret copied into b's row opens for nobody.
    auto pool = ow::central::sql::openPool(url_, 1);
    pool->write([&](ow::central::sql::Connection& c) {
        c.query("UPDATE kiosk SET secret = $1 WHERE id = $2", {stored[0], b->first});
    });
    reopen();
    EXPECT_FALSE(store->kioskSecret(b->first).ok());
    EXPECT_EQ(*store->kioskSecret(a->first), a->second);
}

// A database from a release that kept secrets in clear: sealed when central first opens it with its key, and its
// terminals go on being verified.
TEST_P(StoreTest, SecretsAnEarlierReleaseKeptInClearAreSealedOnUpgrade) {
    const std::string clear(64, 'c');
    auto pool = ow::central::sql::openPool(url_, 1);
    pool->write([&](ow::central::sql::Connection& c) {
        c.query("INSERT INTO kiosk (id, hall, name, secret) VALUES ('k-old', 'qingpu', 'old', $1)", {clear});
        c.query("DELETE FROM central_meta");
    });
    store.reset();
    auto fresh = SecretsKey{9};
    auto s = openStore(url_, 8, &fresh);
    ASSERT_TRUE(s.ok()) << s.error();
    EXPECT_EQ(column("SELECT secret FROM kiosk WHERE id = 'k-old'")[0].rfind("sealed1:", 0), 0u);
    EXPECT_EQ(column("SELECT count(*) FROM kiosk WHERE secret LIKE '%cccccccc%'")[0], "0");
    EXPECT_EQ(*(*s)->kioskSecret("k-old"), clear);
}

TEST_P(StoreTest, AdminTokensAreKeptHashed) {
    auto token = store->createAdminToken("ops");
    ASSERT_TRUE(token.ok());
    EXPECT_EQ(store->adminName(*token), "ops");
    EXPECT_FALSE(store->adminName(token->substr(0, token->size() - 1)).has_value());
    EXPECT_FALSE(store->adminName("").has_value());
    // What the database holds: a 256-bit digest, never the token or any part of it a leak could use.
    auto pool = ow::central::sql::openPool(url_, 1);
    ow::central::sql::Rows rows;
    pool->read([&](ow::central::sql::Connection& c) { rows = c.query("SELECT token_hash, name FROM admin_token"); });
    ASSERT_EQ(rows.size(), 1u);
    const std::string stored = rows[0][0].value_or("");
    EXPECT_TRUE(std::regex_match(stored, std::regex("[0-9a-f]{64}"))) << stored;
    const std::string secret = token->substr(token->find('-') + 1);
    EXPECT_EQ(stored.find(secret.substr(0, 16)), std::string::npos) << "the token lies in the database";
    EXPECT_EQ(stored.find(*token), std::string::npos);
}

TEST_P(StoreTest, PublishedBundlesReachOnlyTheirScope) {
    auto text = ow::core::readFile(ow::test::assetsDir() + "/bundles/demo.json");
    ASSERT_TRUE(text.ok());
    json doc = json::parse(*text);
    doc["version"] = 5;
    const auto keys = ow::core::generateKeyPair();
    auto signedDoc = ow::core::signBundle(doc.dump(), "test", *ow::core::decodeSecretKey(keys.secretKey));
    ASSERT_TRUE(signedDoc.ok()) << signedDoc.error();
    auto a = store->enroll(*store->createEnrolToken("qingpu", "a"));
    auto b = store->enroll(*store->createEnrolToken("songjiang", "b"));

    auto prepared = preparePublish(*signedDoc, R"({"halls":["qingpu"]})", 1000);
    ASSERT_TRUE(prepared.ok()) << prepared.error();
    ASSERT_TRUE(store->publishBundle(*prepared).ok());
    EXPECT_EQ(handleBundle(*store, a->first, R"({"have": 1})").status, 200);
    EXPECT_EQ(handleBundle(*store, a->first, R"({"have": 5})").status, 204) << "nothing newer than what it has";
    EXPECT_EQ(handleBundle(*store, b->first, R"({"have": 1})").status, 204) << "another hall";
    EXPECT_EQ(json::parse(handleBundle(*store, a->first, R"({"have": 1})").body), json::parse(*signedDoc));

    // Widening the scope of the same version is allowed; a different document under it is not.
    ASSERT_TRUE(store->publishBundle(*preparePublish(*signedDoc, R"({"all":true})", 1001)).ok());
    EXPECT_EQ(handleBundle(*store, b->first, R"({"have": 1})").status, 200);
    doc["content"]["hall"]["service_phone"] = "021-99999";
    auto other = ow::core::signBundle(doc.dump(), "test", *ow::core::decodeSecretKey(keys.secretKey));
    const auto st = store->publishBundle(*preparePublish(*other, R"({"all":true})", 1002));
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error(), "version 5 was already published with a different document");

    // Central keeps only well-formed signed bundles and scopes.
    EXPECT_FALSE(preparePublish(doc.dump(), R"({"all":true})", 0).ok()) << "unsigned";
    EXPECT_FALSE(preparePublish(*signedDoc, R"({"percent":0})", 0).ok());
    EXPECT_FALSE(preparePublish(*signedDoc, R"({"halls":[]})", 0).ok());
    EXPECT_FALSE(preparePublish(*signedDoc, R"({"all":true,"halls":["x"]})", 0).ok());
}

// Once a bundle with the year's holidays is published, central counts a case's deadline in them: 5 working
// days from Tuesday 30 September 2025 are 9, 10, 11 (a Saturday worked), 13 and 14 October.
TEST_P(StoreTest, DeadlinesCountTheHolidaysOfThePublishedCalendar) {
    Store::NewCase n{"SC-001", "食品经营许可", "市场监管局", "张三", "11010519491231002X", "13800138000", "综合窗口", false, 5, ""};
    auto text = ow::core::readFile(ow::test::assetsDir() + "/bundles/demo.json");
    ASSERT_TRUE(text.ok());
    json doc = json::parse(*text);
    doc["version"] = 7;
    doc["content"]["calendar"] = {{"holidays", {"2025-10-01", "2025-10-02", "2025-10-03", "2025-10-04", "2025-10-05",
                                                "2025-10-06", "2025-10-07", "2025-10-08"}},
                                  {"workdays", {"2025-09-28", "2025-10-11"}}};
    const int64_t eve = 1759197600;  // 2025-09-30 10:00 北京时间
    EXPECT_EQ(store->createCase(n, eve)->deadline, "2025-10-07") << "Monday to Friday before any calendar";
    const auto keys = ow::core::generateKeyPair();
    auto signedDoc = ow::core::signBundle(doc.dump(), "test", *ow::core::decodeSecretKey(keys.secretKey));
    ASSERT_TRUE(signedDoc.ok()) << signedDoc.error();
    ASSERT_TRUE(store->publishBundle(*preparePublish(*signedDoc, R"({"all":true})", eve)).ok());
    EXPECT_EQ(store->createCase(n, eve)->deadline, "2025-10-14");
}

// A case as a department moves it: numbered per day, its promised deadline in working days, every step kept
// with its time; a move the lifecycle does not allow changes nothing and says why.
TEST_P(StoreTest, CasesMoveOnlyAlongTheirLifecycle) {
    using ow::protocol::CaseStatus;
    const int64_t monday = 1795399200;  // 2026-11-23 10:00 北京时间
    Store::NewCase n{"SC-001", "食品经营许可", "市场监管局", "张三", "11010519491231002X", "13800138000", "综合窗口", false, 5, ""};
    auto c = store->createCase(n, monday);
    ASSERT_TRUE(c.ok()) << c.error();
    EXPECT_EQ(c->caseNo, "OW20261123000001");
    EXPECT_EQ(c->deadline, "2026-11-30");  // 5 working days: the weekend does not count
    auto second = store->createCase(n, monday + 60);
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(second->caseNo, "OW20261123000002");

    auto jump = store->advanceCase(c->caseNo, {CaseStatus::collected}, monday + 100);
    ASSERT_FALSE(jump.ok());
    EXPECT_NE(jump.error().find("cannot become collected"), std::string::npos) << jump.error();
    ow::protocol::CaseMove supplement{CaseStatus::supplement, "", {"营业执照副本", "健康证明"}, "2026-11-27", "", "市场监管局"};
    auto moved = store->advanceCase(c->caseNo, supplement, monday + 200);
    ASSERT_TRUE(moved.ok()) << moved.error();
    for (auto to : {CaseStatus::accepted, CaseStatus::review, CaseStatus::approved, CaseStatus::ready})
        ASSERT_TRUE(store->advanceCase(c->caseNo, {to}, monday + 300).ok()) << ow::protocol::caseStatusCode(to);
    ASSERT_TRUE(store->advanceCase(c->caseNo, {CaseStatus::mailed, "", {}, "", "EMS1234567890"}, monday + 400).ok());

    reopen();
    auto back = store->caseByNumber(c->caseNo);
    ASSERT_TRUE(back.ok() && back->has_value());
    const auto& kept = **back;
    EXPECT_EQ(kept.status, CaseStatus::mailed);
    ASSERT_EQ(kept.steps.size(), 7u);
    EXPECT_EQ(kept.steps[0].by, "综合窗口");
    EXPECT_EQ(kept.steps[1].missing, (std::vector<std::string>{"营业执照副本", "健康证明"}));
    EXPECT_EQ(kept.steps[1].supplementBy, "2026-11-27");
    EXPECT_EQ(kept.steps[6].trackingNo, "EMS1234567890");
    EXPECT_EQ(kept.steps[6].at, monday + 400);
    EXPECT_FALSE(store->advanceCase(c->caseNo, {CaseStatus::collected}, monday + 500).ok());  // closed
    auto unknown = store->advanceCase("OW20261123999999", {CaseStatus::accepted}, monday);
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().rfind(kNoSuchCase, 0), 0u);

    auto mine = store->casesOfHolder("11010519491231002X");
    ASSERT_TRUE(mine.ok());
    ASSERT_EQ(mine->size(), 2u);
    EXPECT_EQ((*mine)[0].caseNo, "OW20261123000002");  // newest first
    EXPECT_TRUE(store->casesOfHolder("44030419850512003X")->empty());
}

// Two departments moving the same case at the same moment: exactly one move is recorded.
TEST_P(StoreTest, ConcurrentMovesOfOneCaseRecordOne) {
    using ow::protocol::CaseStatus;
    Store::NewCase n{"SC-001", "食品经营许可", "市场监管局", "张三", "11010519491231002X", "13800138000", "", false, 5, ""};
    for (int round = 0; round < 5; ++round) {
        auto c = store->createCase(n, 1795399200);
        ASSERT_TRUE(c.ok()) << c.error();
        std::atomic<int> won{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 6; ++t)
            threads.emplace_back([&, t] {
                const ow::protocol::CaseMove move = t % 2 ? ow::protocol::CaseMove{CaseStatus::accepted}
                                                          : ow::protocol::CaseMove{CaseStatus::notAccepted, "不属于本部门职责"};
                if (store->advanceCase(c->caseNo, move, 1795399300).ok()) ++won;
            });
        for (auto& th : threads) th.join();
        EXPECT_EQ(won, 1);
        EXPECT_EQ((*store->caseByNumber(c->caseNo))->steps.size(), 2u);
    }
}

// A terminal's pre-submission: its pages and then the submission, applied once, open one case in "received" dated
// when the person submitted, with its pages and form; a replay opens nothing more; bad ones are quarantined.
TEST_P(StoreTest, ATerminalsSubmissionOpensOneCaseWithItsPages) {
    auto kiosk = store->enroll(*store->createEnrolToken("qingpu", "terminal-1"));
    ASSERT_TRUE(kiosk.ok());
    const std::string id = kiosk->first;
    const int64_t monday = 1795399200;  // 2026-11-23 10:00 北京时间
    const auto sub = ow::test::demoSubmission(id, 1, monday);
    const std::string jpeg("\xFF\xD8\xFF\xE0page\xFF\xD9", 10);
    std::vector<Event> events;
    for (auto [m, p] : {std::pair{0, 1}, {1, 1}, {1, 2}})
        events.push_back({static_cast<int64_t>(events.size()) + 1, "case.material", monday,
                          ow::protocol::pageToJson({sub.receiptNo, m, p, jpeg + std::to_string(m) + std::to_string(p)})});
    events.push_back({4, "case.submitted", monday, ow::protocol::submissionToJson(sub)});
    auto r = store->applyEvents(id, events);
    ASSERT_TRUE(r.ok()) << r.error();
    for (const auto& e : *r) EXPECT_EQ(e.kind, EventResult::Kind::accepted) << e.reason;
    auto again = store->applyEvents(id, events);  // the terminal did not hear the answer and sends it all again
    ASSERT_TRUE(again.ok());
    for (const auto& e : *again) EXPECT_EQ(e.kind, EventResult::Kind::duplicate);

    reopen();
    auto mine = store->casesOfHolder("310118199003070016");
    ASSERT_TRUE(mine.ok());
    ASSERT_EQ(mine->size(), 1u) << "one case, however often it was sent";
    const auto& c = mine->front();
    EXPECT_EQ(c.status, ow::protocol::CaseStatus::received);
    EXPECT_EQ(c.caseNo, "OW20261123000001") << "dated the day it was submitted";
    EXPECT_EQ(c.deadline, "2026-11-24");
    EXPECT_EQ(c.steps.at(0).by, "自助终端 qingpu terminal-1");
    auto held = store->submittedCase(c.caseNo);
    ASSERT_TRUE(held.ok() && held->has_value());
    EXPECT_EQ((*held)->receiptNo, sub.receiptNo);
    EXPECT_EQ((*held)->kioskId, id);
    ASSERT_EQ((*held)->pages.size(), 3u);
    EXPECT_EQ((*held)->pages[2].material, 1);
    EXPECT_EQ((*held)->pages[2].page, 2);
    EXPECT_NE((*held)->submission.find("张三小吃店"), std::string::npos);
    auto byReceipt = store->caseByReceipt(sub.receiptNo);
    ASSERT_TRUE(byReceipt.ok() && byReceipt->has_value());
    EXPECT_EQ((*byReceipt)->first.caseNo, c.caseNo);
    EXPECT_EQ(c.receiptNo, sub.receiptNo) << "the receipt number travels with the case to the terminals";
    EXPECT_EQ((*byReceipt)->second, sub.receiptKey);
    EXPECT_FALSE(store->submittedCase("OW20261123999999")->has_value());

    // Another terminal's receipt number, a key material missing, a page that is not an image: refused, kept in
    // the quarantine with the reason, and no case opened.
    auto other = sub;
    other.receiptNo = ow::protocol::receiptNumber("k-0000000000000001", 9);
    auto keyMissing = sub;
    keyMissing.receiptNo = ow::protocol::receiptNumber(id, 6);
    keyMissing.materials[0] = {"申请人居民身份证", true, 0, true};
    auto bad = store->applyEvents(id, {{5, "case.submitted", monday, ow::protocol::submissionToJson(other)},
                                       {6, "case.submitted", monday, ow::protocol::submissionToJson(keyMissing)},
                                       {7, "case.material", monday, R"({"receipt_no":")" + sub.receiptNo + R"(","material":0,"page":3,"jpeg":"iVBORw0K"})"}});
    ASSERT_TRUE(bad.ok()) << bad.error();
    EXPECT_NE((*bad)[0].reason.find("not this terminal's"), std::string::npos) << (*bad)[0].reason;
    EXPECT_NE((*bad)[1].reason.find("key material"), std::string::npos) << (*bad)[1].reason;
    EXPECT_NE((*bad)[2].reason.find("JPEG"), std::string::npos) << (*bad)[2].reason;
    for (const auto& e : *bad) EXPECT_EQ(e.kind, EventResult::Kind::rejected);
    EXPECT_EQ(store->quarantineCount(id), 3);
    EXPECT_EQ(store->casesOfHolder("310118199003070016")->size(), 1u);
    EXPECT_EQ((*store->submittedCase(c.caseNo))->pages.size(), 3u);
}

// A terminal's receipt QR opens its case at central, checked against the key that came with the case; the same
// number signed with any other key, or a number central has no case for, opens nothing.
TEST_P(StoreTest, ATerminalsReceiptCodeIsVerifiedWithTheKeyThatCameWithItsCase) {
    auto kiosk = store->enroll(*store->createEnrolToken("qingpu", "terminal-1"));
    ASSERT_TRUE(kiosk.ok());
    auto signer = ow::core::loadOrCreateReceiptSigner(dir_.path() + "/receipt-key.json", kiosk->first);
    auto impostor = ow::core::loadOrCreateReceiptSigner(dir_.path() + "/other-key.json", kiosk->first);
    ASSERT_TRUE(signer.ok() && impostor.ok());
    auto sub = ow::test::demoSubmission(kiosk->first, 1, std::time(nullptr));
    sub.receiptKey = signer->publicKey;
    ASSERT_TRUE(store->applyEvents(kiosk->first, {{1, "case.material", sub.submittedAt, ow::protocol::pageToJson({sub.receiptNo, 0, 1, "\xFF\xD8\xFF\xD9"})},
                                                  {2, "case.submitted", sub.submittedAt, ow::protocol::submissionToJson(sub)}})
                    .ok());
    const auto ask = [&](const std::string& code) { return handleCaseQuery(*store, json{{"receipt_code", code}}.dump(), {}); };
    auto found = ask(ow::core::receiptCode(*signer, sub.receiptNo));
    ASSERT_EQ(found.status, 200) << found.body;
    const auto cases = json::parse(found.body)["cases"];
    ASSERT_EQ(cases.size(), 1u);
    EXPECT_EQ(cases[0]["matter_name"], "个体工商户设立登记");
    EXPECT_EQ(cases[0]["status"], "received");
    EXPECT_EQ(ask(ow::core::receiptCode(*impostor, sub.receiptNo)).status, 400) << "signed with another key";
    EXPECT_EQ(ask(ow::core::receiptCode(*signer, ow::protocol::receiptNumber(kiosk->first, 7))).status, 400) << "no such receipt";
    // The back office sees what was submitted and which pages it holds.
    auto shown = handleGetCase(*store, cases[0]["case_no"].get<std::string>());
    ASSERT_EQ(shown.status, 200);
    const auto j = json::parse(shown.body);
    EXPECT_EQ(j["submission"]["receipt_no"], sub.receiptNo);
    EXPECT_EQ(j["submission"]["pages"].size(), 1u);
    EXPECT_FALSE(j["submission"]["form"].contains("receipt_key"));
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreTest, ::testing::ValuesIn(ow::test::storeEngines()),
                         [](const auto& info) { return info.param; });

TEST(PublishScope, APercentageRolloutIsStableAndGrows) {
    int in10 = 0, in50 = 0, kept = 0;
    for (int i = 0; i < 1000; ++i) {
        Store::FleetEntry k{"k-" + std::to_string(i), "h", "n", "", false, 0};
        const bool a = publishScopeCovers(R"({"percent":10})", k, 7), b = publishScopeCovers(R"({"percent":50})", k, 7);
        in10 += a;
        in50 += b;
        kept += a && b;
        EXPECT_EQ(a, publishScopeCovers(R"({"percent":10})", k, 7)) << "the same draw every time";
    }
    EXPECT_NEAR(in10, 100, 35);
    EXPECT_NEAR(in50, 500, 60);
    EXPECT_EQ(kept, in10) << "terminals of the first 10 % stay in when it widens";
}

// The SQL layer's group commit: many writers at once share commits, and one that fails is undone alone.
TEST(SqlitePool, AFailingWriteAmongManyIsUndoneAloneAndTheOthersCommit) {
    ow::test::TempDir dir;
    auto pool = ow::central::sql::openSqlite(dir.file("g.db"));
    pool->write([](ow::central::sql::Connection& c) { c.script("CREATE TABLE t (k INTEGER PRIMARY KEY); INSERT INTO t VALUES (1000);"); });
    std::vector<std::thread> threads;
    std::atomic<int> failed{0};
    for (int i = 0; i < 40; ++i)
        threads.emplace_back([&, i] {
            try {
                pool->write([&](ow::central::sql::Connection& c) {
                    c.query("INSERT INTO t (k) VALUES ($1)", {int64_t{i}});
                    if (i == 13) c.query("INSERT INTO t (k) VALUES ($1)", {int64_t{1000}});  // a duplicate key
                });
            } catch (const ow::central::sql::Failure&) {
                ++failed;
            }
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(failed, 1);
    ow::central::sql::Rows rows;
    pool->read([&](ow::central::sql::Connection& c) { rows = c.query("SELECT count(*), sum(k = 13) FROM t WHERE k < 1000"); });
    EXPECT_EQ(rows[0][0], "39") << "every write but the failing one";
    EXPECT_EQ(rows[0][1], "0") << "nothing of the failing write remains";
}
