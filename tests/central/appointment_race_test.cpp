// The race for the last place: 50 enrolled terminals, real kiosk-central processes and real signed requests, all
// asking at once for the last place of one slot. Exactly one books it; the 49 others are told it is taken, with the
// nearest free slots; a retried request books nothing more. On SQLite (one process) and on PostgreSQL (two
// kiosk-central processes sharing the database, the terminals split between them).
#include <gtest/gtest.h>
#include <sodium.h>

#include <atomic>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <ctime>
#include <nlohmann/json.hpp>
#include <thread>

#include "../kiosk/test_paths.h"
#include "central/api.h"
#include "central/appointments.h"
#include "central/queue.h"
#include "central/store.h"
#include "kiosk/bundle.h"
#include "kiosk/bundle_signing.h"
#include "kiosk/config_boot.h"
#include "kiosk/protocol/id_number.h"
#include "kiosk/protocol/queue.h"
#include "tests/central/central_process.h"
#include "tests/support/at_once.h"
#include "tests/support/test_db.h"

using nlohmann::json;
using ow::test::Central;

namespace {

constexpr int kTerminals = 50;
const std::string kMatter = "310118-DJ-001";  // 2 places a slot of its own

std::string idOf(int n) {
    char first17[18];
    const unsigned u = static_cast<unsigned>(n);
    std::snprintf(first17, sizeof first17, "310118199001%02u%03u", 1 + u / 1000 % 28, u % 1000);
    return std::string(first17) + ow::protocol::idCheckDigit(first17);
}

// The terminals' receipt key (one for all: what central keeps with each appointment to verify its slip).
const std::string& receiptKey() {
    static const std::string key = ow::core::generateKeyPair().publicKey;
    return key;
}

std::string bookBody(int who, const std::string& slot, const std::string& key) {
    return json{{"key", key},
                {"matter", kMatter},
                {"slot", slot},
                {"receipt_key", receiptKey()},
                {"person", {{"name", "李" + std::to_string(who)}, {"id_number", idOf(who)}, {"phone", "13900139000"}}}}
        .dump();
}

struct Terminal {
    std::string id, secret;
    Central* central = nullptr;
};

httplib::Result post(const Terminal& t, const std::string& path, const std::string& body) {
    httplib::Client c("127.0.0.1", t.central->port());
    c.set_read_timeout(30, 0);
    return c.Post(path, Central::headers(ow::protocol::sign(t.id, t.secret, "POST", path, body, std::time(nullptr))), body,
                  "application/json");
}

class AppointmentRace : public ::testing::TestWithParam<std::string> {};


// 50 terminals of the hall, enrolled over HTTP with tokens from the store (as kioskctl makes them); with a second
// kiosk-central process, half at each.
std::vector<Terminal> enrolTerminals(ow::central::Store& store, Central& a, Central* b) {
    std::vector<Terminal> terminals(kTerminals);
    for (int i = 0; i < kTerminals; ++i) {
        std::string name = "t";
        name += std::to_string(i);
        auto token = store.createEnrolToken("qingpu", name);
        EXPECT_TRUE(token.ok());
        terminals[i].central = b && i % 2 ? b : &a;
        auto r = terminals[i].central->raw("/v1/enroll", json{{"token", *token}}.dump(), {});
        if (!r || r->status != 200) {
            ADD_FAILURE() << (r ? r->body : "no answer");
            return {};
        }
        const auto j = json::parse(r->body);
        terminals[i].id = j["kiosk_id"], terminals[i].secret = j["secret"];
    }
    return terminals;
}

ow::core::Bundle demoBundle() { return *ow::core::parseBundle(*ow::core::readFile(ow::test::assetsDir() + "/bundles/demo.json")); }

// Publishes the demo bundle (signed) to the hall qingpu; the second date open for booking now. allHours: the hall
// open every hour of every day (numbers are given only while it is open, and this runs at any time).
std::string publishDemo(ow::central::Store& store, bool allHours = false) {
    json doc = json::parse(*ow::core::readFile(ow::test::assetsDir() + "/bundles/demo.json"));
    doc["version"] = 3;
    if (allHours) {
        for (const char* day : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
            doc["content"]["appointments"]["hours"][day] = json::array({json::array({"00:00", "24:00"})});
        for (int w = 11; w <= 20; ++w)  // ten windows more for livelihood, to call at once
            doc["content"]["queue"]["windows"].push_back({{"id", std::to_string(w)}, {"themes", {"livelihood"}}});
    }
    const auto keys = ow::core::generateKeyPair();
    auto signedDoc = ow::core::signBundle(doc.dump(), "test", *ow::core::decodeSecretKey(keys.secretKey));
    EXPECT_TRUE(signedDoc.ok()) << signedDoc.error();
    EXPECT_TRUE(store.publishBundle(*ow::central::preparePublish(*signedDoc, R"({"halls":["qingpu"]})", std::time(nullptr))).ok());
    const auto b = demoBundle();
    const auto dates = ow::protocol::bookableDates(*b.appointments, b.calendar, std::time(nullptr));
    if (dates.size() < 2) ADD_FAILURE() << "fewer than two days open for booking";
    return dates.size() < 2 ? "" : dates[1];
}

// A fresh database with kiosk-central on it (on PostgreSQL two processes sharing it) and a store, the demo hall's
// bundle published open every hour (numbers are given only while the hall is open, and these run at any time).
class OpenHall {
public:
    explicit OpenHall(const std::string& engine)
        : db_(ow::test::newStoreUrl(engine, dir_.path())), a_(db_),
          b_(engine == "postgresql" ? std::make_unique<Central>(db_) : nullptr) {
        auto s = ow::central::openStore(db_);
        if (!s.ok()) {
            ADD_FAILURE() << s.error();
            return;
        }
        store_ = std::move(*s);
        publishDemo(*store_, true);
    }
    bool ok() const { return store_ != nullptr; }
    auto parts() { return std::tie(db_, a_, b_, store_); }

private:
    ow::test::TempDir dir_;
    std::string db_;
    Central a_;
    std::unique_ptr<Central> b_;
    std::unique_ptr<ow::central::Store> store_;
};

std::vector<ow::protocol::Slot> slotsOn(const std::string& date) {
    const auto b = demoBundle();
    return ow::protocol::slotsOf(*b.appointments, b.calendar, date);
}

}  // namespace

TEST_P(AppointmentRace, FiftyTerminalsAskingForTheLastPlaceBookItOnce) {
    ASSERT_GE(sodium_init(), 0);
    ow::test::TempDir dir;
    const std::string db = ow::test::newStoreUrl(GetParam(), dir.path());
    const bool pg = GetParam() == "postgresql";
    Central a(db);
    std::unique_ptr<Central> b = pg ? std::make_unique<Central>(db) : nullptr;

    // The hall's bundle, signed and published; the slot: the first of the second day open for booking.
    auto store = ow::central::openStore(db);
    ASSERT_TRUE(store.ok()) << store.error();
    std::string date;
    ASSERT_NO_FATAL_FAILURE(date = publishDemo(**store));
    const std::string slot = slotsOn(date).front().id;
    const std::vector<std::string> dates{"", date};

    std::vector<Terminal> terminals;
    ASSERT_NO_FATAL_FAILURE(terminals = enrolTerminals(**store, a, b.get()));
    // One of the two places is booked already.
    auto first = post(terminals[0], "/v1/appointments/book", bookBody(1000, slot, "first-booking"));
    ASSERT_TRUE(first);
    ASSERT_EQ(first->status, 200) << first->body;

    // All at once.
    std::vector<std::pair<int, std::string>> answers(kTerminals);
    ow::test::atOnce(kTerminals, [&](int i, const std::function<void()>& together) {
        const std::string body = bookBody(i, slot, "race-key-" + std::to_string(i));
        together();
        auto r = post(terminals[i], "/v1/appointments/book", body);
        answers[i] = r ? std::make_pair(r->status, r->body) : std::make_pair(0, std::string("no answer"));
    });

    int booked = 0, taken = 0, winner = -1;
    for (int i = 0; i < kTerminals; ++i) {
        const auto& [status, body] = answers[i];
        const json j = json::parse(body, nullptr, false);
        if (status == 200 && j.contains("appointment")) {
            ++booked, winner = i;
            EXPECT_EQ(j["appointment"]["slot"], slot);
        } else if (status == 409 && j.contains("refused") && j["refused"]["code"] == "slot_taken") {
            ++taken;
            EXPECT_FALSE(j["refused"]["nearest"].empty()) << "the nearest free slots are offered";
            for (const auto& s : j["refused"]["nearest"]) EXPECT_NE(s, slot);
        } else {
            ADD_FAILURE() << "terminal " << i << ": " << status << " " << body;
        }
    }
    EXPECT_EQ(booked, 1);
    EXPECT_EQ(taken, kTerminals - 1);
    ASSERT_GE(winner, 0);

    // A retry (the answer was lost on the way) gets the same appointment and books nothing more; a loser's retry
    // is told the same.
    const std::string no = json::parse(answers[winner].second)["appointment"]["no"];
    auto again = post(terminals[winner], "/v1/appointments/book", bookBody(winner, slot, "race-key-" + std::to_string(winner)));
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 200);
    EXPECT_EQ(json::parse(again->body)["appointment"]["no"], no);
    const int loser = winner == 0 ? 1 : 0;
    auto loserAgain = post(terminals[loser], "/v1/appointments/book", bookBody(loser, slot, "race-key-" + std::to_string(loser)));
    ASSERT_TRUE(loserAgain);
    EXPECT_EQ(loserAgain->status, 409);
    auto day = (*store)->appointments().ofDay("qingpu", dates[1]);
    ASSERT_TRUE(day.ok()) << day.error();
    int inSlot = 0;
    for (const auto& ap : *day) inSlot += ap.slot == slot && ap.state == "booked";
    EXPECT_EQ(inSlot, 2) << "the slot's two places, no more";
    EXPECT_EQ(day->size(), 2u) << "nothing half-booked left behind";
}

INSTANTIATE_TEST_SUITE_P(Engines, AppointmentRace, ::testing::ValuesIn(ow::test::storeEngines()),
                         [](const auto& info) { return info.param; });

// The hall's side with kioskctl: the day's list names who is coming; a cancel needs a reason; the person is told
// at the next terminal they ask at.
TEST_P(AppointmentRace, TheHallListsAndCancelsWithKioskctlAndThePersonIsTold) {
    ASSERT_GE(sodium_init(), 0);
    ow::test::TempDir dir;
    const std::string db = ow::test::newStoreUrl(GetParam(), dir.path());
    Central central(db);
    ASSERT_TRUE(central.enroll("qingpu"));
    auto store = ow::central::openStore(db);
    ASSERT_TRUE(store.ok()) << store.error();
    std::string date;
    ASSERT_NO_FATAL_FAILURE(date = publishDemo(**store));
    const auto slots = slotsOn(date);
    const std::vector<std::string> dates{"", date};
    const Terminal t{central.id_, central.secret_, &central};
    auto r = post(t, "/v1/appointments/book", bookBody(7, slots[0].id, "hall-side-1"));
    ASSERT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
    const std::string no = json::parse(r->body)["appointment"]["no"];
    r = post(t, "/v1/appointments/book", bookBody(8, slots[1].id, "hall-side-2"));
    ASSERT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
    const std::string other = json::parse(r->body)["appointment"]["no"];

    const std::string list = ow::test::kioskctl(db, "appointments list --hall qingpu --day " + dates[1]);
    EXPECT_NE(list.find(no), std::string::npos) << list;
    EXPECT_NE(list.find("李7"), std::string::npos) << "the hall's list names the person";
    EXPECT_NE(list.find("个体工商户设立登记"), std::string::npos);
    EXPECT_EQ(list.find(idOf(7)), std::string::npos) << "but not their whole ID number";
    EXPECT_NE(ow::test::capture(std::string(OW_KIOSKCTL_BIN) + " appointments cancel " + no + " --db '" + db + "' 2>&1", true)
                  .find("reason must not be empty"),
              std::string::npos)
        << "never without cause";
    const std::string cancelled = ow::test::kioskctl(db, "appointments cancel " + no + " --reason 窗口设备故障 --by 王科长");
    EXPECT_NE(cancelled.find("cancelled"), std::string::npos) << cancelled;
    const std::string moved =
        ow::test::kioskctl(db, "appointments move " + other + " --to " + slots[3].id + " --reason 时段调整 --by 王科长");
    EXPECT_NE(moved.find(slots[3].id), std::string::npos) << moved;
    const std::string shown = ow::test::kioskctl(db, "appointments show " + no);
    EXPECT_NE(shown.find("hall_cancelled"), std::string::npos) << shown;
    EXPECT_NE(shown.find("by 王科长"), std::string::npos) << shown;

    r = post(t, "/v1/appointments/mine", json{{"id_number", idOf(7)}}.dump());
    ASSERT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
    const json mine = json::parse(r->body)["appointments"];
    ASSERT_EQ(mine.size(), 1u);
    EXPECT_EQ(mine[0]["state"], "cancelled");
    EXPECT_EQ(mine[0]["hall_change"]["what"], "cancelled");
    EXPECT_EQ(mine[0]["hall_change"]["reason"], "窗口设备故障");
    EXPECT_EQ(mine[0]["name"], "李*") << "a terminal is sent the name masked";
}

// The hall's SMS gateway, a local receiver that refuses the first tries: every notice reaches it once, signed with
// the shared secret, by its id; the words name the person masked and hold no ID number.
TEST_P(AppointmentRace, TheSmsGatewayGetsEachNoticeOnceThoughItFailsTheFirstTries) {
    ASSERT_GE(sodium_init(), 0);
    ow::test::TempDir dir;
    const std::string db = ow::test::newStoreUrl(GetParam(), dir.path());
    const std::string secret = "gateway-shared-secret-42";
    std::ofstream(dir.file("gateway.secret")) << secret << "\n";
    std::mutex mutex;
    std::map<std::string, int> accepted;
    std::vector<json> bodies;
    int refused = 0, badSignature = 0;
    httplib::Server gateway;
    gateway.Post("/sms", [&](const httplib::Request& req, httplib::Response& res) {
        unsigned char mac[crypto_auth_hmacsha256_BYTES];
        crypto_auth_hmacsha256_state st;
        crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
        crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(req.body.data()), req.body.size());
        crypto_auth_hmacsha256_final(&st, mac);
        char hex[sizeof mac * 2 + 1];
        sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
        std::lock_guard lock(mutex);
        if (req.get_header_value("X-OW-Signature") != hex) {
            ++badSignature;
            res.status = 401;
            return;
        }
        if (refused < 3) {  // the gateway is down for the first tries
            ++refused;
            res.status = 503;
            return;
        }
        const json body = json::parse(req.body);
        if (accepted[req.get_header_value("X-OW-Notification")]++ == 0) bodies.push_back(body);
        res.status = 200;
    });
    const int port = gateway.bind_to_any_port("127.0.0.1");
    std::thread serving([&] { gateway.listen_after_bind(); });
    Central central(db, {"--notify-url", "http://127.0.0.1:" + std::to_string(port) + "/sms", "--notify-secret", dir.file("gateway.secret")});
    ASSERT_TRUE(central.enroll("qingpu"));
    auto store = ow::central::openStore(db);
    ASSERT_TRUE(store.ok()) << store.error();
    std::string date;
    ASSERT_NO_FATAL_FAILURE(date = publishDemo(**store));
    const Terminal t{central.id_, central.secret_, &central};
    auto r = post(t, "/v1/appointments/book", bookBody(5, slotsOn(date)[2].id, "notice-book-1"));
    ASSERT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
    const std::string no = json::parse(r->body)["appointment"]["no"];
    r = post(t, "/v1/appointments/cancel", json{{"key", "notice-cancel-1"}, {"no", no}, {"id_number", idOf(5)}}.dump());
    ASSERT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
    for (int i = 0; i < 300; ++i) {
        {
            std::lock_guard lock(mutex);
            if (accepted.size() >= 2) break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::this_thread::sleep_for(std::chrono::seconds(2));  // nothing more comes
    gateway.stop();
    serving.join();
    std::lock_guard lock(mutex);
    EXPECT_EQ(badSignature, 0);
    EXPECT_EQ(refused, 3);
    ASSERT_EQ(accepted.size(), 2u) << "the confirmation and the cancellation (the reminder was withdrawn)";
    for (const auto& [id, times] : accepted) EXPECT_EQ(times, 1) << id << " delivered more than once";
    std::set<std::string> kinds;
    for (const auto& b : bodies) {
        kinds.insert(b["kind"].get<std::string>());
        EXPECT_EQ(b["phone"], "13900139000");
        EXPECT_EQ(b["appointment"], no);
        const std::string text = b["text"];
        EXPECT_NE(text.find("李*"), std::string::npos) << text;
        EXPECT_EQ(text.find(idOf(5)), std::string::npos) << text;
        EXPECT_NE(text.find("【青浦区政务服务中心（演示）】"), std::string::npos) << text;
    }
    EXPECT_EQ(kinds, (std::set<std::string>{"booked", "cancelled"}));
    const std::string listed = ow::test::kioskctl(db, "notifications");
    EXPECT_NE(listed.find("delivered"), std::string::npos) << listed;
    EXPECT_NE(listed.find("withdrawn"), std::string::npos) << listed;
    EXPECT_EQ(listed.find("13900139000"), std::string::npos) << "kioskctl shows the phone masked";
}

// Numbers (取号): 50 terminals take a number of one theme at once — 50 distinct numbers, A001 to A050; a retry gets
// its own again; after central is killed and started again the count goes on. On PostgreSQL across two processes.
TEST_P(AppointmentRace, FiftyTerminalsTakingNumbersAtOnceGetFiftyDistinctOnes) {
    ASSERT_GE(sodium_init(), 0);
    OpenHall hall(GetParam());
    ASSERT_TRUE(hall.ok());
    auto [db, a, b, store] = hall.parts();
    std::vector<Terminal> terminals;
    ASSERT_NO_FATAL_FAILURE(terminals = enrolTerminals(*store, a, b.get()));
    std::vector<std::string> numbers(kTerminals);
    ow::test::atOnce(kTerminals, [&](int i, const std::function<void()>& together) {
        std::string key = "number-";
        key += std::to_string(i);
        const std::string body = json{{"key", key}, {"theme", "livelihood"}}.dump();
        together();
        auto r = post(terminals[i], "/v1/queue/take", body);
        if (r && r->status == 200) numbers[i] = json::parse(r->body)["ticket"]["number"];
    });
    std::set<std::string> distinct(numbers.begin(), numbers.end());
    EXPECT_EQ(distinct.size(), static_cast<size_t>(kTerminals));
    std::set<std::string> expected;
    for (int n = 1; n <= kTerminals; ++n) expected.insert(ow::protocol::ticketNumber('A', n));
    EXPECT_EQ(distinct, expected);
    auto r = post(terminals[7], "/v1/queue/take", json{{"key", "number-7"}, {"theme", "livelihood"}}.dump());
    ASSERT_TRUE(r && r->status == 200);
    EXPECT_EQ(json::parse(r->body)["ticket"]["number"], numbers[7]) << "a retry: the same ticket";
    a.kill9();
    a.start();
    r = post(terminals[0], "/v1/queue/take", json{{"key", "after-restart"}, {"theme", "livelihood"}}.dump());
    ASSERT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
    EXPECT_EQ(json::parse(r->body)["ticket"]["number"], "A051") << "never a number given before the restart";
}

// "Call next" from ten windows at once, twenty times, over twenty waiting tickets: each ticket called once, every call
// answered with one. On PostgreSQL the calls go to two kiosk-central processes sharing the database.
TEST_P(AppointmentRace, TwentyCallsFromTenWindowsAtOnceCallEachTicketOnce) {
    ASSERT_GE(sodium_init(), 0);
    OpenHall hall(GetParam());
    ASSERT_TRUE(hall.ok());
    auto [db, a, b, store] = hall.parts();
    for (int i = 0; i < 20; ++i) {
        auto t = store->queue().take({"desk", "desk-" + std::to_string(i), "qingpu", "livelihood"}, std::time(nullptr));
        ASSERT_TRUE(t.ok() && std::holds_alternative<ow::central::Ticket>(*t));
    }
    const std::string admin = ow::test::kioskctl(db, "admin-token --name ops");
    std::vector<std::string> called(20);
    ow::test::atOnce(20, [&](int i, const std::function<void()>& together) {
        Central& to = b && i % 2 ? *b : a;
        httplib::Client c("127.0.0.1", to.port());
        c.set_read_timeout(30, 0);
        const std::string body = json{{"hall", "qingpu"}, {"window", std::to_string(11 + i % 10)}}.dump();
        together();
        auto r = c.Post("/v1/admin/queue/call", {{"Authorization", "Bearer " + admin}}, body, "application/json");
        if (r && r->status == 200) called[static_cast<size_t>(i)] = json::parse(r->body)["ticket"]["number"];
    });
    const std::set<std::string> distinct(called.begin(), called.end());
    EXPECT_EQ(distinct.size(), 20u);
    EXPECT_EQ(distinct.count(""), 0u) << "every call got a ticket";
}
