// kiosk-central over HTTP on loopback: replies, JSON errors for everything, and a replay after kill -9.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sodium.h>
#include <sys/stat.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "../kiosk/test_paths.h"
#include "central/store.h"
#include "kiosk/protocol/signing.h"
#include "kiosk/store.h"
#include "kiosk/sync/sync_client.h"

using nlohmann::json;

namespace {

class Central {
public:
    Central(const std::string& db, int port) : port_(port) {
        pid_ = fork();
        if (pid_ == 0) {
            const std::string listen = "127.0.0.1:" + std::to_string(port), dbArg = "sqlite:" + db;
            execl(OW_CENTRAL_BIN, OW_CENTRAL_BIN, "--listen", listen.c_str(), "--db", dbArg.c_str(), nullptr);
            _exit(127);
        }
        httplib::Client c("127.0.0.1", port);
        for (int i = 0; i < 100 && !c.Get("/"); ++i) usleep(20000);
    }
    ~Central() { kill9(); }
    void kill9() {
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
            pid_ = -1;
        }
    }
    /** Enrols a terminal with a token from kioskctl; keeps its id and secret for signed requests. */
    bool enroll(const std::string& db) {
        std::string token;
        FILE* p = popen((std::string(OW_KIOSKCTL_BIN) + " enroll --db sqlite:" + db + " --hall qingpu --name t1").c_str(), "r");
        char buf[128];
        while (p && fgets(buf, sizeof buf, p)) token += buf;
        if (p) pclose(p);
        while (!token.empty() && token.back() == '\n') token.pop_back();
        token_ = token;
        auto r = raw("/v1/enroll", json{{"token", token}}.dump(), {});
        if (!r || r->status != 200) return false;
        const json j = json::parse(r->body);
        id_ = j["kiosk_id"], secret_ = j["secret"];
        return true;
    }
    httplib::Result raw(const std::string& path, const std::string& body, const httplib::Headers& h) {
        httplib::Client c("127.0.0.1", port_);
        return c.Post(path, h, body, "application/json");
    }
    static httplib::Headers headers(const ow::protocol::Signature& s) {
        return {{"X-OW-Kiosk", s.kioskId}, {"X-OW-Timestamp", s.timestamp}, {"X-OW-Nonce", s.nonce},
                {"X-OW-Signature", s.hmac}};
    }
    /** A request signed as the terminal would sign it (now, a fresh nonce). */
    httplib::Result post(const std::string& body) {
        return raw("/v1/events", body, headers(ow::protocol::sign(id_, secret_, "POST", "/v1/events", body, std::time(nullptr))));
    }
    std::string id_, secret_, token_;

private:
    pid_t pid_ = -1;
    int port_;
};

int freePort() { return 20000 + getpid() % 20000; }

std::string batch(int from, int to) {
    json list = json::array();
    for (int s = from; s <= to; ++s)
        list.push_back({{"seq", s}, {"type", "session.summary"}, {"occurred_at", 1795334400}, {"payload", json::object()}});
    return json{{"events", list}}.dump();
}

}  // namespace

TEST(CentralServer, EventsAcceptedOnceEvenAcrossAKill) {
    ow::test::TempDir dir;
    const int port = freePort();
    std::string id, secret;
    {
        Central central(dir.file("c.db"), port);
        ASSERT_TRUE(central.enroll(dir.file("c.db")));
        id = central.id_, secret = central.secret_;
        auto r = central.post(batch(1, 50));
        ASSERT_TRUE(r);
        ASSERT_EQ(r->status, 200) << r->body;
        EXPECT_EQ(json::parse(r->body)["results"][49]["result"], "accepted");
        central.kill9();  // power cut: no clean shutdown
    }
    Central again(dir.file("c.db"), port);
    again.id_ = id, again.secret_ = secret;
    auto r = again.post(batch(40, 60));
    ASSERT_TRUE(r);
    const json j = json::parse(r->body);
    EXPECT_EQ(j["results"][0]["result"], "duplicate");   // seq 40 was stored before the kill
    EXPECT_EQ(j["results"][10]["result"], "duplicate");  // seq 50
    EXPECT_EQ(j["results"][11]["result"], "accepted");   // seq 51
}

TEST(CentralServer, ErrorsAreJsonWithTheRightStatus) {
    ow::test::TempDir dir;
    Central central(dir.file("c.db"), freePort() + 1);
    ASSERT_TRUE(central.enroll(dir.file("c.db")));
    auto r = central.post(std::string(2 << 20, 'x'));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
    EXPECT_EQ(json::parse(r->body)["error"]["code"], "too_large");
    r = central.post("{not json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400);
    EXPECT_EQ(json::parse(r->body)["error"]["code"], "bad_json");
}

TEST(CentralServer, OnlySignedFreshRequestsOfEnrolledTerminalsAreTaken) {
    ow::test::TempDir dir;
    Central central(dir.file("c.db"), freePort() + 2);
    ASSERT_TRUE(central.enroll(dir.file("c.db")));
    const std::string body = batch(1, 1);
    auto reason = [](const httplib::Result& r) { return r ? json::parse(r->body)["error"]["message"].get<std::string>() : "no answer"; };

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

    auto good = ow::protocol::sign(central.id_, central.secret_, "POST", "/v1/events", body, std::time(nullptr));
    r = central.raw("/v1/events", body, Central::headers(good));
    EXPECT_EQ(r->status, 200) << r->body;
    r = central.raw("/v1/events", body, Central::headers(good));  // the same request again
    EXPECT_EQ(reason(r), "the request was replayed");

    // The token was spent; a revoked terminal is refused on its next request.
    r = central.raw("/v1/enroll", json{{"token", central.token_}}.dump(), {});
    EXPECT_EQ(r->status, 401);
    EXPECT_EQ(reason(r), "the enrolment token is unknown or already used");
    ASSERT_EQ(std::system((std::string(OW_KIOSKCTL_BIN) + " revoke --db sqlite:" + dir.file("c.db") + " " + central.id_ + " >/dev/null").c_str()), 0);
    r = central.post(batch(2, 2));
    EXPECT_EQ(reason(r), "unknown or revoked terminal");
}

// The terminal's sync client against kiosk-central: enrol, queue, send; nothing lost while central is down.
TEST(SyncClient, OutboxDrainsToCentralExactlyOnceAcrossAnOutage) {
    ASSERT_GE(sodium_init(), 0);
    ow::test::TempDir dir;
    const int port = freePort() + 3;
    const std::string url = "http://127.0.0.1:" + std::to_string(port);
    std::string token;
    {
        FILE* p = popen((std::string(OW_KIOSKCTL_BIN) + " enroll --db sqlite:" + dir.file("c.db") + " --hall qingpu --name t1").c_str(), "r");
        char buf[128];
        while (p && fgets(buf, sizeof buf, p)) token += buf;
        if (p) pclose(p);
        token.pop_back();
    }
    auto central = std::make_unique<Central>(dir.file("c.db"), port);
    auto creds = ow::core::enroll(url, token);
    ASSERT_TRUE(creds.ok()) << creds.error();
    ASSERT_TRUE(ow::core::saveCredentials(dir.file("credentials.json"), *creds).ok());
    struct stat st {};
    ASSERT_EQ(stat(dir.file("credentials.json").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u) << "the secret is readable by the kiosk user only";
    EXPECT_EQ(ow::core::loadCredentials(dir.file("credentials.json"))->secret, creds->secret);
    EXPECT_FALSE(ow::core::enroll(url, token).ok()) << "a token enrols one terminal";

    const auto key = ow::core::outboxKey(*creds);
    {
        auto kiosk = ow::core::Store::open(dir.file("kiosk.db"));
        for (int i = 0; i < 250; ++i)
            ASSERT_TRUE(kiosk->enqueueOutbox("session.summary", 1795334400 + i, "{\"i\":" + std::to_string(i) + "}", key).ok());
    }
    ow::core::SyncWorker sync(dir.file("kiosk.db"), url, *creds);
    auto sent = sync.drainOnce();
    ASSERT_TRUE(sent.ok()) << sent.error();
    EXPECT_EQ(*sent, 250);

    central.reset();  // central goes away
    {
        auto kiosk = ow::core::Store::open(dir.file("kiosk.db"));
        for (int i = 0; i < 30; ++i) ASSERT_TRUE(kiosk->enqueueOutbox("rating.submitted", 1795334400, "{}", key).ok());
    }
    auto down = sync.drainOnce();
    EXPECT_FALSE(down.ok());
    EXPECT_EQ(ow::core::Store::open(dir.file("kiosk.db"))->outboxDepth(), 30) << "nothing lost while central is down";

    central = std::make_unique<Central>(dir.file("c.db"), port);
    sent = sync.drainOnce();
    ASSERT_TRUE(sent.ok()) << sent.error();
    EXPECT_EQ(*sent, 30);
    EXPECT_EQ(ow::core::Store::open(dir.file("kiosk.db"))->outboxDepth(), 0);
    central.reset();
    auto centralStore = ow::central::openSqliteStore(dir.file("c.db"));
    EXPECT_EQ((*centralStore)->eventCount(creds->kioskId), 280) << "each event once";
}

TEST(CentralServer, HeartbeatsFeedTheFleetView) {
    ow::test::TempDir dir;
    const int port = freePort() + 4;
    Central central(dir.file("c.db"), port);
    ASSERT_TRUE(central.enroll(dir.file("c.db")));
    const std::string hb = json{{"software", "onewindow-kiosk 0.1.0"}, {"config_version", 7}, {"outbox_depth", 3},
                                {"devices", {{{"device", "receipt"}, {"state", "userError"}, {"action", "clear"},
                                              {"detail", "out of paper"}},
                                             {{"device", "idcard"}, {"state", "online"}, {"action", "none"}, {"detail", ""}}}},
                                {"errors", json::array()}}.dump();
    auto r = central.raw("/v1/heartbeat", hb, Central::headers(ow::protocol::sign(central.id_, central.secret_, "POST",
                                                                                  "/v1/heartbeat", hb, std::time(nullptr))));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << r->body;
    r = central.raw("/v1/heartbeat", "{\"software\": 1}", Central::headers(ow::protocol::sign(
                                                              central.id_, central.secret_, "POST", "/v1/heartbeat",
                                                              "{\"software\": 1}", std::time(nullptr))));
    EXPECT_EQ(r->status, 400);
    EXPECT_EQ(json::parse(r->body)["error"]["message"], "software must be text");
    std::string out;
    FILE* p = popen((std::string(OW_KIOSKCTL_BIN) + " fleet --db sqlite:" + dir.file("c.db")).c_str(), "r");
    char buf[512];
    while (p && fgets(buf, sizeof buf, p)) out += buf;
    if (p) pclose(p);
    EXPECT_NE(out.find("online"), std::string::npos) << out;
    EXPECT_NE(out.find("receipt (clear: out of paper)"), std::string::npos) << out;
    EXPECT_EQ(out.find("idcard ("), std::string::npos) << "devices that need nothing are not listed";
}

TEST(SyncClient, ABatchTooLargeForCentralIsSplitNotDropped) {
    ASSERT_GE(sodium_init(), 0);
    ow::test::TempDir dir;
    const int port = freePort() + 5;
    Central central(dir.file("c.db"), port);
    ASSERT_TRUE(central.enroll(dir.file("c.db")));
    const ow::core::Credentials creds{central.id_, central.secret_};
    const auto key = ow::core::outboxKey(creds);
    {
        auto kiosk = ow::core::Store::open(dir.file("kiosk.db"));
        const std::string big = "{\"scan\":\"" + std::string(300 * 1024, 'A') + "\"}";  // a captured page, say
        for (int i = 0; i < 6; ++i) ASSERT_TRUE(kiosk->enqueueOutbox("case.submitted", 1795334400, big, key).ok());
    }
    ow::core::SyncWorker sync(dir.file("kiosk.db"), "http://127.0.0.1:" + std::to_string(port), creds);
    auto sent = sync.drainOnce();
    ASSERT_TRUE(sent.ok()) << sent.error();
    EXPECT_EQ(*sent, 6);
    EXPECT_EQ(ow::core::Store::open(dir.file("kiosk.db"))->outboxDepth(), 0);
}
