// kiosk-central over HTTP on loopback: replies, JSON errors for everything, and a replay after kill -9.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "../kiosk/test_paths.h"

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
    httplib::Result post(const std::string& body, const std::string& kiosk = "k1") {
        httplib::Client c("127.0.0.1", port_);
        httplib::Headers h;
        if (!kiosk.empty()) h.emplace("X-Kiosk-Id", kiosk);
        return c.Post("/v1/events", h, body, "application/json");
    }

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
    {
        Central central(dir.file("c.db"), port);
        auto r = central.post(batch(1, 50));
        ASSERT_TRUE(r);
        ASSERT_EQ(r->status, 200) << r->body;
        EXPECT_EQ(json::parse(r->body)["results"][49]["result"], "accepted");
        central.kill9();  // power cut: no clean shutdown
    }
    Central again(dir.file("c.db"), port);
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
    auto r = central.post(batch(1, 1), "");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401);
    EXPECT_EQ(json::parse(r->body)["error"]["code"], "unauthenticated");
    r = central.post(std::string(2 << 20, 'x'));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
    EXPECT_EQ(json::parse(r->body)["error"]["code"], "too_large");
    r = central.post("{not json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400);
    EXPECT_EQ(json::parse(r->body)["error"]["code"], "bad_json");
}
