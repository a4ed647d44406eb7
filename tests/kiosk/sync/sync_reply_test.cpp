// The sync worker checks central's word before it deletes anything: a reply that does not answer, one for one and in
// order, the events it was sent deletes nothing and is reported, against a lying server on loopback.
#include "kiosk/sync/sync_client.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <sodium.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <algorithm>
#include <map>
#include <mutex>
#include <vector>
#include <future>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "kiosk/store.h"
#include "test_paths.h"

using namespace ow::core;
using nlohmann::json;

namespace {

// A central that answers /v1/events with whatever `reply` makes of the batch it was sent.
class LyingCentral {
public:
    explicit LyingCentral(std::function<std::string(const json& batch)> reply) : reply_(std::move(reply)) {
        server_.Post("/v1/events", [this](const httplib::Request& req, httplib::Response& res) {
            const std::string body = reply_(json::parse(req.body));
            if (body == R"({"status":413})") res.status = 413;  // "too large", as central says it
            if (body == R"({"status":503})") res.status = 503;  // central's store is away
            res.set_content(body, "application/json");
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ~LyingCentral() {
        server_.stop();
        thread_.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
    std::function<std::string(const json&)> reply_;
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
};

// Three events in the outbox, the first two large enough that a batch holds only the first; or n small ones.
struct Outbox {
    ow::test::TempDir dir;
    Credentials creds{"k-3f9a21c0d41b7e22", "secret-of-the-test-terminal-000000000000", "qingpu"};
    explicit Outbox(int small = 0) {
        auto store = Store::open(dir.file("kiosk.db"));
        EXPECT_TRUE(store.ok()) << store.error();
        const std::string big = "{\"text\":\"" + std::string(400 * 1024, 'a') + "\"}";
        std::vector<std::string> payloads{big, big, "{}"};
        if (small) payloads.assign(static_cast<size_t>(small), R"({"reason":"finished","duration_s":30})");
        for (const std::string& payload : payloads)
            EXPECT_TRUE(store->enqueueOutbox("session.summary", 1795334400, payload, outboxKey(OutboxKey{7})).ok());
    }
    int64_t depth() { return Store::open(dir.file("kiosk.db"))->outboxDepth(); }
    // drainOnce against `url`; a drain that does not end within 10 s fails the test (and the run: it cannot be
    // stopped from outside).
    Result<int> drain(const std::string& url) {
        SyncWorker worker(SyncOptions{dir.file("kiosk.db"), CentralEndpoint{url, ""}, creds, outboxKey(OutboxKey{7}), {}, 60, 300, {}});
        auto done = std::async(std::launch::async, [&] { return worker.drainOnce(); });
        if (done.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
            std::fprintf(stderr, "drainOnce never ended: it loops on central's reply\n");
            std::_Exit(1);
        }
        return done.get();
    }
};

json resultsFor(const json& batch, const std::function<void(json&, size_t)>& change = {}) {
    json results = json::array();
    for (size_t i = 0; i < batch["events"].size(); ++i) {
        json r{{"seq", batch["events"][i]["seq"]}, {"result", "accepted"}};
        if (change) change(r, i);
        results.push_back(r);
    }
    return results;
}

}  // namespace

TEST(SyncReply, AnHonestReplyDeletesWhatWasAnswered) {
    Outbox o;
    LyingCentral central([](const json& batch) { return json{{"results", resultsFor(batch)}}.dump(); });
    auto sent = o.drain(central.url());
    ASSERT_TRUE(sent.ok()) << sent.error();
    EXPECT_EQ(*sent, 3);
    EXPECT_EQ(o.depth(), 0);
}

TEST(SyncReply, AReplyForSeqZeroDeletesNothingAndIsReported) {
    Outbox o;
    LyingCentral central([](const json& batch) {
        return json{{"results", resultsFor(batch, [](json& r, size_t) { r["seq"] = 0; })}}.dump();
    });
    auto sent = o.drain(central.url());
    EXPECT_FALSE(sent.ok());
    EXPECT_EQ(o.depth(), 3);
}

// The batch held only the first event (the second is too large to go with it); central claims both.
TEST(SyncReply, AReplyForEventsNotSentDeletesNothing) {
    Outbox o;
    LyingCentral central([](const json& batch) {
        json results = resultsFor(batch);
        results.push_back({{"seq", batch["events"].back()["seq"].get<int64_t>() + 1}, {"result", "accepted"}});
        return json{{"results", results}}.dump();
    });
    auto sent = o.drain(central.url());
    EXPECT_FALSE(sent.ok());
    EXPECT_NE(sent.error().find("were sent"), std::string::npos) << sent.error();
    EXPECT_EQ(o.depth(), 3) << "an event central never received was deleted";
}

TEST(SyncReply, RepliesOutOfOrderOrOfAnUnknownKindOrShapeDeleteNothing) {
    const std::function<std::string(const json&)> lies[] = {
        [](const json& b) { return json{{"results", resultsFor(b, [](json& r, size_t) { r["seq"] = r["seq"].get<int64_t>() + 1; })}}.dump(); },
        [](const json& b) { return json{{"results", resultsFor(b, [](json& r, size_t) { r["result"] = "stored"; })}}.dump(); },
        [](const json& b) { return json{{"results", resultsFor(b, [](json& r, size_t) { r["seq"] = "1"; })}}.dump(); },
        [](const json& b) { return json{{"results", resultsFor(b, [](json& r, size_t) { r.erase("result"); })}}.dump(); },
        [](const json&) { return std::string(R"({"results":[7]})"); },
        [](const json&) { return std::string("not json"); },
    };
    for (const auto& lie : lies) {
        Outbox o;
        LyingCentral central(lie);
        auto sent = o.drain(central.url());
        EXPECT_FALSE(sent.ok());
        EXPECT_EQ(o.depth(), 3);
    }
}

// Central finds a batch of more than 10 events too large: the worker halves its batches until central takes them
// (100, 50, 25, 12, 6), and every event arrives once, none dropped.
TEST(SyncReply, ABatchCentralFindsTooLargeIsHalvedUntilItIsTakenAndNothingIsDropped) {
    Outbox o(30);
    std::vector<size_t> batches;
    std::map<int64_t, int> received;
    LyingCentral central([&](const json& batch) -> std::string {
        batches.push_back(batch["events"].size());
        if (batch["events"].size() > 10) return R"({"status":413})";  // answered below with the status
        for (const auto& e : batch["events"]) ++received[e["seq"].get<int64_t>()];
        return json{{"results", resultsFor(batch)}}.dump();
    });
    auto sent = o.drain(central.url());
    ASSERT_TRUE(sent.ok()) << sent.error();
    EXPECT_EQ(*sent, 30);
    EXPECT_EQ(o.depth(), 0);
    ASSERT_GE(batches.size(), 5u);
    EXPECT_EQ(std::vector<size_t>(batches.begin(), batches.begin() + 5), (std::vector<size_t>{30, 30, 25, 12, 6}))
        << "30 waiting: a batch of 30, again (limit 50), then 25, 12 and 6";
    EXPECT_EQ(received.size(), 30u);
    for (const auto& [seq, times] : received) EXPECT_EQ(times, 1) << "event " << seq;
}

// A single event central will not take at any size is kept, and the worker says which one.
TEST(SyncReply, AnEventTooLargeAloneIsKeptAndNamed) {
    Outbox o(3);
    LyingCentral central([](const json&) { return std::string(R"({"status":413})"); });
    auto sent = o.drain(central.url());
    ASSERT_FALSE(sent.ok());
    EXPECT_EQ(sent.error(), "event 1 alone is too large for central");
    EXPECT_EQ(o.depth(), 3);
}

// Backoff while central is away: 1 s doubling to a 60 s cap, plus up to 50 % jitter (so a hall's terminals do not
// all come back in the same second).
TEST(SyncBackoff, WaitsDoubleToACapWithJitter) {
    std::vector<int> firsts;
    for (int i = 0; i < 200; ++i) firsts.push_back(Backoff().nextMs());
    const auto [lo, hi] = std::minmax_element(firsts.begin(), firsts.end());
    EXPECT_GE(*lo, 1000);
    EXPECT_LE(*hi, 1500);
    EXPECT_GT(*hi - *lo, 200) << "no jitter: every terminal would retry at the same moment";
    Backoff b;
    int previous = 0;
    for (int i = 0; i < 12; ++i) {
        const int base = std::min(1000 << i, 60000), wait = b.nextMs();
        EXPECT_GE(wait, base) << "attempt " << i;
        EXPECT_LE(wait, base + base / 2) << "attempt " << i;
        previous = wait;
    }
    EXPECT_GE(previous, 60000);
    EXPECT_LE(previous, 90000);
}

// The worker's own loop backs off: against a central that answers 503, its attempts come about 1 s, then about 2 s,
// then about 4 s apart (each with up to 50 % more).
TEST(SyncBackoff, TheWorkersLoopBacksOffWhileCentralIsAway) {
    Outbox o(1);
    std::mutex mutex;
    std::vector<std::chrono::steady_clock::time_point> attempts;
    LyingCentral central([&](const json&) {
        std::lock_guard lock(mutex);
        attempts.push_back(std::chrono::steady_clock::now());
        return std::string(R"({"status":503})");
    });
    SyncWorker worker(SyncOptions{o.dir.file("kiosk.db"), CentralEndpoint{central.url(), ""}, o.creds, outboxKey(OutboxKey{7}), {}, 60, 300, {}});
    worker.start();
    std::this_thread::sleep_for(std::chrono::milliseconds(8500));
    worker.stop();
    std::lock_guard lock(mutex);
    ASSERT_GE(attempts.size(), 3u);
    EXPECT_LE(attempts.size(), 5u) << "it retried without waiting";
    const auto gap = [&](size_t i) { return std::chrono::duration<double>(attempts[i + 1] - attempts[i]).count(); };
    EXPECT_GE(gap(0), 0.95);
    EXPECT_LE(gap(0), 1.5 + 0.5);
    EXPECT_GE(gap(1), 1.95);
    EXPECT_LE(gap(1), 3.0 + 0.5);
    EXPECT_EQ(o.depth(), 1) << "nothing was deleted while central was away";
}
