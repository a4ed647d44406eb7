// kiosk-central over HTTP(S) on loopback, on SQLite and on PostgreSQL: replies, JSON errors for everything,
// signed requests, a replay after kill -9, the sync client, heartbeats, admin endpoints and signed bundles.
#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "../kiosk/test_paths.h"
#include "central/store.h"
#include "kiosk/bundle_signing.h"
#include "kiosk/bundle_update.h"
#include "kiosk/config_boot.h"
#include "kiosk/protocol/case_status.h"
#include "kiosk/protocol/submission.h"
#include "kiosk/store.h"
#include "kiosk/sync/sync_client.h"
#include "tests/central/central_process.h"
#include "tests/support/test_db.h"

using nlohmann::json;
using ow::test::Central;
using ow::test::kioskctl;

namespace {

std::string batch(int from, int to) {
    json list = json::array();
    for (int s = from; s <= to; ++s)
        list.push_back({{"seq", s}, {"type", "session.summary"}, {"occurred_at", 1795334400}, {"payload", json::object()}});
    return json{{"events", list}}.dump();
}

std::string reason(const httplib::Result& r) {
    if (!r) return "no answer";
    const json j = json::parse(r->body, nullptr, false);
    return j.is_object() && j.contains("error") ? j["error"]["message"].get<std::string>() : r->body;
}

class ServerTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        ASSERT_GE(sodium_init(), 0);
        db_ = ow::test::newStoreUrl(GetParam(), dir_.path());
    }
    ow::core::SyncOptions syncOptions(const Central& c, const ow::core::Credentials& creds) const {
        return {dir_.file("kiosk.db"), {c.url(), ""}, creds, outboxKey_, {}, 60, 300, {}};
    }
    ow::test::TempDir dir_;
    std::string db_;
    const ow::core::OutboxKey outboxKey_ = ow::core::outboxKey(ow::core::OutboxKey{7});
};

}  // namespace

TEST_P(ServerTest, EventsAcceptedOnceEvenAcrossAKill) {
    std::string id, secret;
    {
        Central central(db_);
        ASSERT_TRUE(central.enroll());
        id = central.id_, secret = central.secret_;
        auto r = central.post(batch(1, 50));
        ASSERT_TRUE(r);
        ASSERT_EQ(r->status, 200) << r->body;
        EXPECT_EQ(json::parse(r->body)["results"][49]["result"], "accepted");
        central.kill9();  // power cut: no clean shutdown
    }
    Central again(db_);
    again.id_ = id, again.secret_ = secret;
    auto r = again.post(batch(40, 60));
    ASSERT_TRUE(r);
    const json j = json::parse(r->body);
    EXPECT_EQ(j["results"][0]["result"], "duplicate");   // seq 40 was stored before the kill
    EXPECT_EQ(j["results"][10]["result"], "duplicate");  // seq 50
    EXPECT_EQ(j["results"][11]["result"], "accepted");   // seq 51
}

TEST_P(ServerTest, ErrorsAreJsonWithTheRightStatus) {
    Central central(db_);
    ASSERT_TRUE(central.enroll());
    auto r = central.post(std::string(2 << 20, 'x'));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
    EXPECT_EQ(json::parse(r->body)["error"]["code"], "too_large");
    r = central.post("{not json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400);
    EXPECT_EQ(json::parse(r->body)["error"]["code"], "bad_json");
    httplib::Client c("127.0.0.1", central.port());
    auto g = c.Get("/v1/nothing");
    ASSERT_TRUE(g);
    EXPECT_EQ(g->status, 404);
    EXPECT_EQ(json::parse(g->body)["error"]["code"], "not_found");
}

TEST_P(ServerTest, OnlySignedFreshRequestsOfEnrolledTerminalsAreTaken) {
    Central central(db_);
    ASSERT_TRUE(central.enroll());
    const std::string body = batch(1, 1);

    auto r = central.raw("/v1/events", body, {});
    EXPECT_EQ(r->status, 401);
    EXPECT_EQ(reason(r), "unknown or revoked terminal");

    auto wrong = ow::protocol::sign(central.id_, std::string(64, 'a'), "POST", "/v1/events", body, std::time(nullptr));
    r = central.raw("/v1/events", body, Central::headers(wrong));
    EXPECT_EQ(reason(r), "the signature does not match");

    auto old = ow::protocol::sign(central.id_, central.secret_, "POST", "/v1/events", body, std::time(nullptr) - 600);
    r = central.raw("/v1/events", body, Central::headers(old));
    EXPECT_EQ(reason(r), "the timestamp is outside the allowed window");

    auto tampered = ow::protocol::sign(central.id_, central.secret_, "POST", "/v1/events", body, std::time(nullptr));
    r = central.raw("/v1/events", batch(1, 2), Central::headers(tampered));
    EXPECT_EQ(reason(r), "the signature does not match");

    // A signature for one endpoint is not good for another.
    auto elsewhere = ow::protocol::sign(central.id_, central.secret_, "POST", "/v1/heartbeat", body, std::time(nullptr));
    r = central.raw("/v1/events", body, Central::headers(elsewhere));
    EXPECT_EQ(reason(r), "the signature does not match");

    auto good = ow::protocol::sign(central.id_, central.secret_, "POST", "/v1/events", body, std::time(nullptr));
    r = central.raw("/v1/events", body, Central::headers(good));
    EXPECT_EQ(r->status, 200) << r->body;
    r = central.raw("/v1/events", body, Central::headers(good));  // the same request again
    EXPECT_EQ(reason(r), "the request was replayed");
    // A question's nonce is recorded on its own (one statement on PostgreSQL): the same question again is a replay.
    const std::string question = R"({"id_number":"11010519491231002X"})";
    const auto asked = ow::protocol::sign(central.id_, central.secret_, "POST", "/v1/cases/query", question, std::time(nullptr));
    r = central.raw("/v1/cases/query", question, Central::headers(asked));
    EXPECT_EQ(r->status, 200) << r->body;
    r = central.raw("/v1/cases/query", question, Central::headers(asked));
    EXPECT_EQ(reason(r), "the request was replayed");

    // The token was spent; a revoked terminal is refused on its next request.
    r = central.raw("/v1/enroll", json{{"token", central.token_}}.dump(), {});
    EXPECT_EQ(r->status, 401);
    EXPECT_EQ(reason(r), "the enrolment token is unknown or already used");
    EXPECT_EQ(kioskctl(db_, "revoke " + central.id_), "revoked " + central.id_);
    r = central.post(batch(2, 2));
    EXPECT_EQ(reason(r), "unknown or revoked terminal");
    r = central.post(question, "/v1/cases/query");
    EXPECT_EQ(reason(r), "unknown or revoked terminal");
}

// The terminal's sync client against kiosk-central: enrol, queue, send; nothing lost while central is down.
TEST_P(ServerTest, OutboxDrainsToCentralExactlyOnceAcrossAnOutage) {
    const std::string token = kioskctl(db_, "enroll --hall qingpu --name t1");
    auto central = std::make_unique<Central>(db_);
    const ow::core::CentralEndpoint endpoint{central->url(), ""};
    auto creds = ow::core::enroll(endpoint, token);
    ASSERT_TRUE(creds.ok()) << creds.error();
    EXPECT_EQ(creds->hall, "qingpu");
    ASSERT_TRUE(ow::core::saveCredentials(dir_.file("credentials.json"), *creds).ok());
    struct stat st {};
    ASSERT_EQ(stat(dir_.file("credentials.json").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u) << "the secret is readable by the kiosk user only";
    EXPECT_EQ(ow::core::loadCredentials(dir_.file("credentials.json"))->secret, creds->secret);
    EXPECT_FALSE(ow::core::enroll(endpoint, token).ok()) << "a token enrols one terminal";

    const auto key = outboxKey_;
    {
        auto kiosk = ow::core::Store::open(dir_.file("kiosk.db"));
        for (int i = 0; i < 250; ++i)
            ASSERT_TRUE(kiosk->enqueueOutbox("session.summary", 1795334400 + i, "{\"i\":" + std::to_string(i) + "}", key).ok());
    }
    ow::core::SyncWorker sync(syncOptions(*central, *creds));
    auto sent = sync.drainOnce();
    ASSERT_TRUE(sent.ok()) << sent.error();
    EXPECT_EQ(*sent, 250);

    central->kill9();  // central goes away
    {
        auto kiosk = ow::core::Store::open(dir_.file("kiosk.db"));
        for (int i = 0; i < 30; ++i) ASSERT_TRUE(kiosk->enqueueOutbox("rating.submitted", 1795334400, "{}", key).ok());
    }
    auto down = sync.drainOnce();
    EXPECT_FALSE(down.ok());
    EXPECT_EQ(ow::core::Store::open(dir_.file("kiosk.db"))->outboxDepth(), 30) << "nothing lost while central is down";

    central->start();
    sent = sync.drainOnce();
    ASSERT_TRUE(sent.ok()) << sent.error();
    EXPECT_EQ(*sent, 30);
    EXPECT_EQ(ow::core::Store::open(dir_.file("kiosk.db"))->outboxDepth(), 0);
    auto centralStore = ow::central::openStore(db_);
    EXPECT_EQ((*centralStore)->eventCount(creds->kioskId), 280) << "each event once";
}

TEST_P(ServerTest, HeartbeatsFeedTheFleetView) {
    Central central(db_);
    ASSERT_TRUE(central.enroll());
    const std::string hb = json{{"software", "onewindow-kiosk 0.1.0"}, {"config_version", 7}, {"outbox_depth", 3},
                                {"oldest_event_age_s", 42},
                                {"devices", {{{"device", "receipt"}, {"state", "userError"}, {"action", "clear"},
                                              {"detail", "out of paper"}},
                                             {{"device", "idcard"}, {"state", "online"}, {"action", "none"}, {"detail", ""}},
                                             {{"device", "a4"}, {"state", "online"}, {"action", "none"},
                                              {"detail", "paper near end"}}}},
                                {"errors", json::array()}}.dump();
    auto r = central.post(hb, "/v1/heartbeat");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << r->body;
    r = central.post("{\"software\": 1}", "/v1/heartbeat");
    EXPECT_EQ(r->status, 400);
    EXPECT_EQ(reason(r), "software must be text of up to 128 characters");
    const std::string out = ow::test::kioskctl(db_, "fleet");
    EXPECT_NE(out.find("online"), std::string::npos) << out;
    EXPECT_NE(out.find("receipt (clear: out of paper)"), std::string::npos) << out;
    EXPECT_EQ(out.find("idcard ("), std::string::npos) << "devices that need nothing are not listed";
    EXPECT_NE(out.find("a4 (paper near end)"), std::string::npos) << "supplies running low are: " << out;
}

// Six photographed pages of 300 KiB each (a 1 MiB request would be refused): the worker sends them in batches
// central takes, and central accepts every one (none quarantined). The halving after a 413 is tested against a
// server that answers 413 (tests/kiosk/sync/sync_reply_test.cpp).
TEST_P(ServerTest, LargeEventsGoInBatchesCentralTakesAndAreEachAccepted) {
    Central central(db_);
    ASSERT_TRUE(central.enroll());
    const ow::core::Credentials creds{central.id_, central.secret_, "qingpu"};
    const auto key = outboxKey_;
    {
        auto kiosk = ow::core::Store::open(dir_.file("kiosk.db"));
        for (int i = 0; i < 6; ++i) {
            ow::protocol::MaterialPage page;
            page.receiptNo = ow::protocol::receiptNumber(central.id_, 1);
            page.material = i / 3;
            page.page = i % 3 + 1;
            page.jpeg = "\xFF\xD8\xFF\xE0" + std::string(300 * 1024, 'A') + "\xFF\xD9";
            ASSERT_TRUE(kiosk->enqueueOutbox(ow::protocol::kPageEvent, 1795334400, ow::protocol::pageToJson(page), key).ok());
        }
    }
    ow::core::SyncWorker sync(syncOptions(central, creds));
    auto sent = sync.drainOnce();
    ASSERT_TRUE(sent.ok()) << sent.error();
    EXPECT_EQ(*sent, 6);
    EXPECT_EQ(ow::core::Store::open(dir_.file("kiosk.db"))->outboxDepth(), 0);
    auto centralStore = ow::central::openStore(db_);
    ASSERT_TRUE(centralStore.ok()) << centralStore.error();
    EXPECT_EQ((*centralStore)->eventCount(central.id_), 6) << "each page accepted, none quarantined";
}

TEST_P(ServerTest, AdminEndpointsNeedAnAdminToken) {
    Central central(db_);
    ASSERT_TRUE(central.enroll());
    ASSERT_EQ(central.post(R"({"events":[{"seq":1,"type":"teleport","occurred_at":1,"payload":{"x":1}}]})")->status, 200);
    httplib::Client c("127.0.0.1", central.port());
    auto r = c.Get("/v1/admin/fleet");
    EXPECT_EQ(r->status, 401);
    EXPECT_EQ(reason(r), "an admin token is needed (kioskctl admin-token)");
    EXPECT_EQ(c.Get("/v1/admin/fleet", {{"Authorization", "Bearer adm-wrong"}})->status, 401);
    const std::string token = kioskctl(db_, "admin-token --name ops");
    ASSERT_EQ(token.rfind("adm-", 0), 0u) << token;
    const httplib::Headers auth{{"Authorization", "Bearer " + token}};
    r = c.Get("/v1/admin/fleet", auth);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(json::parse(r->body)["terminals"][0]["kiosk_id"], central.id_);
    r = c.Get("/v1/admin/quarantine", auth);
    ASSERT_EQ(r->status, 200);
    EXPECT_EQ(json::parse(r->body)["quarantine"][0]["type"], "teleport");
    EXPECT_NE(ow::test::kioskctl(db_, "quarantine").find("unknown event type \"teleport\""), std::string::npos);
    // A terminal's signature is no admin credential.
    r = c.Post("/v1/admin/bundles", Central::headers(ow::protocol::sign(central.id_, central.secret_, "POST",
                                                                        "/v1/admin/bundles", "{}", std::time(nullptr))),
               "{}", "application/json");
    EXPECT_EQ(r->status, 401);
    r = c.Post("/v1/admin/bundles", auth, "{\"scope\": {\"all\": true}, \"bundle\": {}}", "application/json");
    EXPECT_EQ(r->status, 400);
    EXPECT_NE(reason(r).find("not a signed bundle"), std::string::npos) << reason(r);
}

// The back office opens and moves a case through the admin API; a terminal finds it by the holder's ID number,
// or by case number with the matching phone, and sees each step; a jump or an unknown case is refused.
TEST_P(ServerTest, CasesFromTheBackOfficeReachTheTerminalsQuery) {
    Central central(db_);
    ASSERT_TRUE(central.enroll());
    httplib::Client c("127.0.0.1", central.port());
    const httplib::Headers auth{{"Authorization", "Bearer " + kioskctl(db_, "admin-token --name 市场监管局")}};
    const json newCase{{"matter_code", "SC-001"}, {"matter_name", "食品经营许可"}, {"department", "市场监管局"},
                       {"holder", {{"name", "张三"}, {"id_number", "11010519491231002X"}, {"phone", "13800138000"}}},
                       {"promised_days", 20}, {"by", "综合窗口"}};
    EXPECT_EQ(c.Post("/v1/admin/cases", newCase.dump(), "application/json")->status, 401);
    auto r = c.Post("/v1/admin/cases", auth, newCase.dump(), "application/json");
    ASSERT_EQ(r->status, 201) << r->body;
    const std::string caseNo = json::parse(r->body)["case_no"];
    json wrongId = newCase;
    wrongId["holder"]["id_number"] = "110105194912310021";
    r = c.Post("/v1/admin/cases", auth, wrongId.dump(), "application/json");
    EXPECT_EQ(r->status, 400);
    EXPECT_NE(reason(r).find("should be X"), std::string::npos) << reason(r);

    r = c.Post("/v1/admin/cases/advance", auth, json{{"case_no", caseNo}, {"to", "collected"}}.dump(), "application/json");
    EXPECT_EQ(r->status, 409);
    EXPECT_NE(reason(r).find("cannot become collected"), std::string::npos) << reason(r);
    r = c.Post("/v1/admin/cases/advance", auth, json{{"case_no", "OW20991231000001"}, {"to", "accepted"}}.dump(), "application/json");
    EXPECT_EQ(r->status, 404);
    const std::string in3days = ow::protocol::addWorkingDays(ow::protocol::dateOf(std::time(nullptr)), 3);
    r = c.Post("/v1/admin/cases/advance", auth,
               json{{"case_no", caseNo}, {"to", "supplement"}, {"missing", {"营业执照副本"}}, {"supplement_by", in3days},
                    {"by", "市场监管局"}}
                   .dump(),
               "application/json");
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_NE(kioskctl(db_, "case show " + caseNo).find("missing: 营业执照副本"), std::string::npos);

    r = central.post(json{{"id_number", "11010519491231002X"}}.dump(), "/v1/cases/query");
    ASSERT_EQ(r->status, 200) << r->body;
    auto cases = json::parse(r->body)["cases"];
    ASSERT_EQ(cases.size(), 1u);
    EXPECT_EQ(cases[0]["status"], "supplement");
    EXPECT_EQ(cases[0]["steps"][1]["missing"][0], "营业执照副本");
    // The terminal gets only what its screen may show: who holds the case, masked.
    EXPECT_EQ(r->body.find("11010519491231002X"), std::string::npos) << r->body;
    EXPECT_EQ(r->body.find("13800138000"), std::string::npos) << r->body;
    EXPECT_EQ(r->body.find("张三"), std::string::npos) << r->body;
    EXPECT_EQ(cases[0]["holder_id"], "110105********002X");
    EXPECT_EQ(cases[0]["phone"], "138****8000");
    EXPECT_EQ(cases[0]["holder_name"], "张*");
    r = central.post(json{{"case_no", caseNo}, {"phone", "13800138000"}}.dump(), "/v1/cases/query");
    EXPECT_EQ(json::parse(r->body)["cases"].size(), 1u);
    r = central.post(json{{"case_no", caseNo}, {"phone", "13900139000"}}.dump(), "/v1/cases/query");
    EXPECT_TRUE(json::parse(r->body)["cases"].empty()) << "a case number alone shows no stranger's case";
    r = central.post(json{{"id_number", "11010519491231002"}}.dump(), "/v1/cases/query");
    EXPECT_EQ(r->status, 400);
    r = c.Post("/v1/cases/query", json{{"id_number", "11010519491231002X"}}.dump(), "application/json");
    EXPECT_EQ(r->status, 401) << "an unsigned query shows nothing";
}

// The whole path of a configuration change: keygen and sign offline, publish, the heartbeat reply says a
// newer bundle waits, the terminal fetches, verifies and activates it; a bad one is refused and reported.
TEST_P(ServerTest, ASignedBundleReachesTheTerminalAndABadOneIsReported) {
    Central central(db_);
    ASSERT_TRUE(central.enroll("qingpu"));
    const std::string key = dir_.file("admin.key");
    ASSERT_NE(ow::test::capture(std::string(OW_KIOSKCTL_BIN) + " keygen --key-id ops-2026 --out " + key).find("ops-2026"),
              std::string::npos);
    struct stat st {};
    ASSERT_EQ(stat(key.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u) << "the signing key is readable by its owner only";
    const std::string firstKey = *ow::core::readFile(key);
    EXPECT_NE(ow::test::capture(std::string(OW_KIOSKCTL_BIN) + " keygen --key-id other --out " + key + " 2>&1").find("already exists"),
              std::string::npos);
    EXPECT_EQ(*ow::core::readFile(key), firstKey) << "a signing key is never overwritten";
    auto trusted = ow::core::parseTrustedKeys(*ow::core::readFile(key + ".pub"));
    ASSERT_TRUE(trusted.ok()) << trusted.error();
    json bundle = json::parse(*ow::core::readFile(ow::test::assetsDir() + "/bundles/demo.json"));
    bundle["version"] = 2;
    bundle["content"]["hall"]["service_phone"] = "021-22222";
    std::ofstream(dir_.file("v2.json")) << bundle.dump(1);
    ow::test::capture(std::string(OW_KIOSKCTL_BIN) + " sign " + dir_.file("v2.json") + " --key " + key);
    EXPECT_EQ(kioskctl(db_, "publish " + dir_.file("v2.signed.json") + " --scope halls:qingpu"),
              "published bundle version 2 to {\"halls\":[\"qingpu\"]}");

    {
        auto kiosk = ow::core::Store::open(dir_.file("kiosk.db"));
        ASSERT_TRUE(kiosk->activateBundle(1, bundle.dump()).ok());  // the shipped bundle
    }
    auto opts = syncOptions(central, {central.id_, central.secret_, "qingpu"});
    opts.bundleKeys = *trusted;
    int64_t applied = 0;
    opts.onBundle = [&](int64_t v) { applied = v; };
    ow::core::SyncWorker sync(opts);
    sync.setState("test", 1, "[]");
    auto beat = sync.heartbeatOnce();
    ASSERT_TRUE(beat.ok()) << beat.error();
    EXPECT_EQ(*beat, 2) << "the heartbeat reply says version 2 waits";
    auto got = sync.pollBundleOnce();
    ASSERT_TRUE(got.ok()) << got.error();
    EXPECT_TRUE(*got);
    EXPECT_EQ(applied, 2);
    {
        auto kiosk = ow::core::Store::open(dir_.file("kiosk.db"));
        EXPECT_EQ(kiosk->activeBundle()->version, 2);
        EXPECT_EQ(json::parse(kiosk->activeBundle()->body)["content"]["hall"]["service_phone"], "021-22222");
        EXPECT_EQ(kiosk->lastGoodBundle()->version, 1);
    }
    EXPECT_EQ(*sync.heartbeatOnce(), 0) << "nothing newer waits";

    // Version 3, tampered after signing: central serves it (it cannot tell), the terminal refuses it.
    bundle["version"] = 3;
    std::ofstream(dir_.file("v3.json")) << bundle.dump(1);
    ow::test::capture(std::string(OW_KIOSKCTL_BIN) + " sign " + dir_.file("v3.json") + " --key " + key);
    json signed3 = json::parse(*ow::core::readFile(dir_.file("v3.signed.json")));
    signed3["bundle"] = std::string(signed3["bundle"]).replace(signed3["bundle"].get<std::string>().find("021-22222"), 9, "021-66666");
    std::ofstream(dir_.file("v3.tampered.json")) << signed3.dump();
    EXPECT_EQ(kioskctl(db_, "publish " + dir_.file("v3.tampered.json") + " --scope all"),
              "published bundle version 3 to {\"all\":true}");
    got = sync.pollBundleOnce();
    ASSERT_TRUE(got.ok()) << got.error();
    EXPECT_FALSE(*got);
    EXPECT_EQ(ow::core::Store::open(dir_.file("kiosk.db"))->activeBundle()->version, 2) << "the active config stays";
    ASSERT_TRUE(sync.heartbeatOnce().ok());
    const std::string fleet = kioskctl(db_, "fleet");
    EXPECT_NE(fleet.find("bundle 3 refused: bad_signature"), std::string::npos) << fleet;
}

// The engineer's network test (service mode): DNS, TCP, TLS with the pinned CA and a signed request each pass against
// a real central over HTTPS; each kind of trouble fails at its own step, and the steps after it are not tried.
TEST_P(ServerTest, TheEngineersNetworkTestPassesEachStepAndNamesTheOneThatFails) {
    using O = ow::core::NetworkStep::Outcome;
    const std::string ca = dir_.file("ca"), other = dir_.file("other"), cert = dir_.file("cert");
    ow::test::capture(std::string(OW_KIOSKCTL_BIN) + " ca create --out " + ca);
    ow::test::capture(std::string(OW_KIOSKCTL_BIN) + " ca create --out " + other);
    ow::test::capture(std::string(OW_KIOSKCTL_BIN) + " ca server-cert --ca " + ca + " --host localhost,127.0.0.1 --out " + cert);
    Central central(db_, {"--tls-cert", cert + "/server.pem", "--tls-key", cert + "/server.key"});
    const std::string url = "https://localhost:" + std::to_string(central.port());
    auto creds = ow::core::enroll({url, ca + "/ca.pem"}, kioskctl(db_, "enroll --hall qingpu --name t1"));
    ASSERT_TRUE(creds.ok()) << creds.error();
    const auto outcomes = [](const std::vector<ow::core::NetworkStep>& steps) {
        std::vector<O> out;
        for (const auto& s : steps) out.push_back(s.outcome);
        return out;
    };

    auto good = ow::core::checkNetwork({url, ca + "/ca.pem"}, *creds);
    ASSERT_EQ(good.size(), 4u);
    EXPECT_EQ(outcomes(good), (std::vector<O>{O::pass, O::pass, O::pass, O::pass}))
        << good[0].detail << " | " << good[1].detail << " | " << good[2].detail << " | " << good[3].detail;
    EXPECT_NE(good[0].detail.find("localhost → "), std::string::npos) << good[0].detail;

    auto foreign = ow::core::checkNetwork({url, other + "/ca.pem"}, *creds);
    EXPECT_EQ(outcomes(foreign), (std::vector<O>{O::pass, O::pass, O::fail, O::notTried}));
    EXPECT_NE(foreign[2].detail.find("not signed by the pinned CA"), std::string::npos) << foreign[2].detail;

    ow::core::Credentials forged = *creds;
    forged.secret = std::string(forged.secret.size(), 'A');
    auto refused = ow::core::checkNetwork({url, ca + "/ca.pem"}, forged);
    EXPECT_EQ(outcomes(refused), (std::vector<O>{O::pass, O::pass, O::pass, O::fail}));
    EXPECT_NE(refused[3].detail.find("401"), std::string::npos) << refused[3].detail;
    EXPECT_EQ(outcomes(ow::core::checkNetwork({url, ca + "/ca.pem"}, std::nullopt)), (std::vector<O>{O::pass, O::pass, O::pass, O::fail}))
        << "not enrolled";

    const int closed = central.port();
    central.kill9();
    auto down = ow::core::checkNetwork({"http://127.0.0.1:" + std::to_string(closed), ""}, *creds);
    EXPECT_EQ(outcomes(down), (std::vector<O>{O::pass, O::fail, O::notTried, O::notTried}));
    EXPECT_NE(down[1].detail.find("refused"), std::string::npos) << down[1].detail;
    auto unknown = ow::core::checkNetwork({"https://no-such-host.invalid:8443", ""}, *creds);
    EXPECT_EQ(unknown[0].outcome, O::fail);
    EXPECT_NE(unknown[0].detail.find("no-such-host.invalid"), std::string::npos) << unknown[0].detail;
}

TEST_P(ServerTest, OverHttpsTheTerminalTrustsOnlyThePinnedCa) {
    const std::string ca = dir_.file("ca"), other = dir_.file("other"), cert = dir_.file("cert");
    ASSERT_NE(ow::test::capture(std::string(OW_KIOSKCTL_BIN) + " ca create --out " + ca).find("ca.pem"), std::string::npos);
    ow::test::capture(std::string(OW_KIOSKCTL_BIN) + " ca create --out " + other);
    ow::test::capture(std::string(OW_KIOSKCTL_BIN) + " ca server-cert --ca " + ca + " --host localhost,127.0.0.1 --out " + cert);
    struct stat st {};
    ASSERT_EQ(stat((ca + "/ca.key").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    Central central(db_, {"--tls-cert", cert + "/server.pem", "--tls-key", cert + "/server.key"});
    const std::string token = kioskctl(db_, "enroll --hall qingpu --name t1");
    const std::string url = "https://127.0.0.1:" + std::to_string(central.port());

    auto refused = ow::core::enroll({url, other + "/ca.pem"}, token);
    ASSERT_FALSE(refused.ok()) << "a certificate from another CA is not trusted";
    EXPECT_NE(refused.error().find("cannot be reached"), std::string::npos) << refused.error();
    auto plain = ow::core::enroll({"http://127.0.0.1:" + std::to_string(central.port()), ""}, token);
    EXPECT_FALSE(plain.ok()) << "no plain HTTP on a TLS port";

    auto creds = ow::core::enroll({url, ca + "/ca.pem"}, token);
    ASSERT_TRUE(creds.ok()) << creds.error();
    {
        auto kiosk = ow::core::Store::open(dir_.file("kiosk.db"));
        ASSERT_TRUE(kiosk->enqueueOutbox("session.summary", 1795334400, "{}", outboxKey_).ok());
    }
    ow::core::SyncWorker sync({dir_.file("kiosk.db"), {url, ca + "/ca.pem"}, *creds, outboxKey_, {}, 60, 300, {}});
    auto sent = sync.drainOnce();
    ASSERT_TRUE(sent.ok()) << sent.error();
    EXPECT_EQ(*sent, 1);

    // The hall's pages over HTTPS: the staff session cookie is Secure (besides HttpOnly and SameSite=Strict).
    const std::string added = kioskctl(db_, "staff add --hall qingpu --name w1 --role window");
    std::string password = added.substr(added.rfind(' ') + 1);
    while (!password.empty() && password.back() == '\n') password.pop_back();
    httplib::SSLClient tls("127.0.0.1", central.port());
    tls.set_ca_cert_path((ca + "/ca.pem").c_str());
    tls.enable_server_certificate_verification(true);
    auto signedIn = tls.Post("/hall/api/sign-in", json{{"hall", "qingpu"}, {"name", "w1"}, {"password", password}}.dump(),
                             "application/json");
    ASSERT_TRUE(signedIn) << httplib::to_string(signedIn.error());
    ASSERT_EQ(signedIn->status, 200) << signedIn->body;
    const std::string cookie = signedIn->get_header_value("Set-Cookie");
    EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
}

INSTANTIATE_TEST_SUITE_P(Engines, ServerTest, ::testing::ValuesIn(ow::test::storeEngines()),
                         [](const auto& info) { return info.param; });

// PostgreSQL goes away under a running central: terminals hear "retry later" (503), not that they are unknown.
TEST(CentralServerOnPostgres, AnUnreachableStoreIsA503NotAnUnknownTerminal) {
    ASSERT_GE(sodium_init(), 0);
    ow::test::TempDir dir;
    const std::string db = ow::test::newStoreUrl("postgresql", dir.path());
    Central central(db);
    ASSERT_TRUE(central.enroll());
    // Cut central off its database: end its sessions and rename the database away.
    const std::string name = db.substr(db.find(":///") + 4, db.find('?') - db.find(":///") - 4);
    const std::string host = db.substr(db.find("host=") + 5, db.find('&') - db.find("host=") - 5);
    {
        pqxx::connection admin("postgresql:///postgres?host=" + host + "&user=postgres");
        pqxx::nontransaction tx(admin);
        tx.exec("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
        tx.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
    }
    auto r = central.post(R"({"events":[{"seq":1,"type":"session.summary","occurred_at":1,"payload":{}}]})");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 503) << r->body;
    EXPECT_EQ(json::parse(r->body)["error"]["code"], "store_unavailable");
    {
        pqxx::connection admin("postgresql:///postgres?host=" + host + "&user=postgres");
        pqxx::nontransaction(admin).exec("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
    }
    // Once the database is back, the same terminal is served again.
    r = central.post(R"({"events":[{"seq":1,"type":"session.summary","occurred_at":1,"payload":{}}]})");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << r->body;
}

// Two stateless kiosk-central processes on one PostgreSQL: a terminal may reach either; an event sent to both
// is applied once, a request replayed to the other process is refused, and a revocation made through one
// database holds at both.
TEST(CentralServerOnPostgres, TwoProcessesShareOneDatabaseAsOne) {
    ASSERT_GE(sodium_init(), 0);
    ow::test::TempDir dir;
    const std::string db = ow::test::newStoreUrl("postgresql", dir.path());
    Central a(db), b(db);
    ASSERT_TRUE(a.enroll());
    b.id_ = a.id_, b.secret_ = a.secret_;
    const std::string first = R"({"events":[{"seq":1,"type":"session.summary","occurred_at":1,"payload":{}}]})";
    auto r = a.post(first);
    ASSERT_TRUE(r);
    EXPECT_EQ(json::parse(r->body)["results"][0]["result"], "accepted");
    r = b.post(first);
    ASSERT_TRUE(r);
    EXPECT_EQ(json::parse(r->body)["results"][0]["result"], "duplicate") << "the other process knows seq 1";
    const std::string second = R"({"events":[{"seq":2,"type":"session.summary","occurred_at":2,"payload":{}}]})";
    const auto headers = Central::headers(ow::protocol::sign(a.id_, a.secret_, "POST", "/v1/events", second, std::time(nullptr)));
    EXPECT_EQ(a.raw("/v1/events", second, headers)->status, 200);
    r = b.raw("/v1/events", second, headers);
    EXPECT_EQ(r->status, 401);
    EXPECT_EQ(reason(r), "the request was replayed");
    EXPECT_EQ(kioskctl(db, "revoke " + a.id_), "revoked " + a.id_);
    for (Central* c : {&a, &b}) {
        r = c->post(R"({"events":[{"seq":3,"type":"session.summary","occurred_at":3,"payload":{}}]})");
        EXPECT_EQ(reason(r), "unknown or revoked terminal") << "at each process, though both remember its secret";
    }
    EXPECT_EQ((*ow::central::openStore(db))->eventCount(a.id_), 2);
}
