// A simulated fleet at a morning peak against one kiosk-central on loopback: N enrolled terminals, each sending a
// heartbeat a minute, 3 events a minute, a slot query every 10 s and a booking a minute (11 signed requests a
// minute), arriving at their scheduled times whether or not earlier ones were answered (open loop: a request's
// latency counts from when it was due, so a server falling behind is seen). For each N, the p99 of every endpoint;
// the largest N held is the largest with every p99 ≤ 50 ms and nothing failed. The load client runs on the same
// cores as the server.
//   ow_bench_fleet KIOSK_CENTRAL PG_SOCKET_DIR|- [SECONDS] [N ...]
#include <httplib.h>
#include <signal.h>
#include <sodium.h>
#include <sys/wait.h>
#include <unistd.h>

#include <pqxx/pqxx>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "central/api.h"
#include "central/store.h"
#include "kiosk/bundle.h"
#include "kiosk/bundle_signing.h"
#include "kiosk/config_boot.h"
#include "kiosk/protocol/appointments.h"
#include "kiosk/protocol/id_number.h"
#include "kiosk/protocol/signing.h"
#include "tests/support/process.h"

using nlohmann::json;
using Clock = std::chrono::steady_clock;
using ow::test::spawn;

namespace {

constexpr int kConnections = 64;
constexpr double kP99LimitMs = 50;
enum Kind { kHeartbeat, kEvents, kSlots, kBook, kKinds };
const char* const kNames[kKinds] = {"heartbeat", "events", "slots", "book"};
const char* const kPaths[kKinds] = {"/v1/heartbeat", "/v1/events", "/v1/appointments/slots", "/v1/appointments/book"};
// Of every 11 requests a terminal sends in a minute: 1 heartbeat, 3 events, 6 slot queries, 1 booking.
constexpr int kShare[kKinds] = {1, 3, 6, 1};

struct Terminal {
    std::string id, secret;
    std::atomic<int64_t> seq{0};
};

// The hall's bundle for the peak: the demo catalogue with room for a morning's bookings (500 places a slot per theme,
// 10-minute slots from 08:00 to 18:00, ten working days ahead).
std::string benchBundle(const std::string& assets) {
    json doc = json::parse(*ow::core::readFile(assets + "/bundles/demo.json"));
    auto& a = doc["content"]["appointments"];
    a["slot_minutes"] = 10;
    for (const char* d : {"mon", "tue", "wed", "thu", "fri"}) a["hours"][d] = json::parse(R"([["08:00", "18:00"]])");
    a["places"] = {{"livelihood", 500}, {"registration", 500}, {"permit", 500}, {"construction", 500}};
    a["horizon_working_days"] = 10;
    a["lead_minutes"] = 0;
    a["matters"] = json::array();
    for (const char* m : {"310118-SM-001", "310118-SM-002", "310118-DJ-001", "310118-DJ-003", "310118-XK-001", "310118-TZ-002"})
        a["matters"].push_back({{"code", m}});
    return doc.dump();
}

// A valid ID number for person n: a birth date from 1950 on, a sequence of 1000 a day, its check character.
std::string idOf(int64_t n) {
    std::string birth = ow::protocol::dateOfDayIndex(ow::protocol::dayIndex("1950-01-01") + n / 1000);
    birth.erase(std::remove(birth.begin(), birth.end(), '-'), birth.end());
    const std::string seq = std::to_string(1000 + n % 1000).substr(1);
    const std::string first17 = "310118" + birth + seq;
    return first17 + ow::protocol::idCheckDigit(first17);
}

void waitForPort(int port) {
    for (int i = 0; i < 400; ++i) {
        httplib::Client c("127.0.0.1", port);
        if (c.Get("/")) return;
        usleep(25000);
    }
}

struct Outcome {
    std::vector<float> latencyMs[kKinds];
    long failed[kKinds] = {};
    std::string firstFailure;
    double offered = 0, seconds = 0;
};

// N terminals' traffic for `seconds` (the first 2 s not counted: connections opening, caches filling).
Outcome run(int port, std::vector<Terminal>& terminals, size_t n, double seconds, const std::vector<std::string>& slots,
            std::atomic<int64_t>& people) {
    const double rate = static_cast<double>(n) * 11.0 / 60.0;  // requests a second
    const int64_t total = static_cast<int64_t>(rate * seconds);
    const std::string beat = json{{"software", "bench"}, {"config_version", 1}, {"outbox_depth", 0},
                                  {"devices", {{{"device", "receipt"}, {"state", "online"}, {"action", "none"}, {"detail", ""}}}}}
                                 .dump();
    static const char* const kMatters[] = {"310118-SM-001", "310118-SM-002", "310118-DJ-001", "310118-DJ-003", "310118-XK-001",
                                           "310118-TZ-002"};
    std::atomic<int64_t> next{0};
    Outcome out;
    std::mutex mutex;
    const auto start = Clock::now() + std::chrono::milliseconds(200);
    std::vector<std::thread> workers;
    for (int w = 0; w < kConnections; ++w)
        workers.emplace_back([&, w] {
            std::mt19937_64 rng(static_cast<uint64_t>(w) * 7919 + n);
            httplib::Client c("127.0.0.1", port);
            c.set_keep_alive(true);
            c.set_tcp_nodelay(true);
            c.set_read_timeout(30, 0);
            std::vector<float> lat[kKinds];
            long failed[kKinds] = {};
            std::string failure;
            for (int64_t i; (i = next++) < total;) {
                const auto due = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(i / rate));
                std::this_thread::sleep_until(due);
                int pick = static_cast<int>(rng() % 11), kind = 0;
                while (pick >= kShare[kind]) pick -= kShare[kind++];
                Terminal& t = terminals[rng() % n];
                std::string body;
                switch (kind) {
                    case kHeartbeat: body = beat; break;
                    case kEvents:
                        body = json{{"events", {{{"seq", ++t.seq}, {"type", "session.summary"}, {"occurred_at", std::time(nullptr)},
                                                 {"payload", {{"reason", "finished"}, {"duration_s", 42}}}}}}}
                                   .dump();
                        break;
                    case kSlots: {
                        const std::string& s = slots[rng() % slots.size()];
                        body = json{{"matter", kMatters[rng() % 6]}, {"date", s.substr(0, 10)}}.dump();
                        break;
                    }
                    case kBook: {
                        const int64_t who = people++;
                        char key[40];
                        std::snprintf(key, sizeof key, "fleet-%lld-%llu", static_cast<long long>(who),
                                      static_cast<unsigned long long>(rng() % 1000000));
                        body = json{{"key", key},
                                    {"matter", kMatters[rng() % 6]},
                                    {"slot", slots[rng() % slots.size()]},
                                    {"receipt_key", "KJk8gR3D5gk0e8dN2hY9mQ1xV7bZ4cT6wE2rU5iO3pA="},
                                    {"person", {{"name", "测试"}, {"id_number", idOf(who)}, {"phone", "13900139000"}}}}
                                   .dump();
                        break;
                    }
                }
                const auto sig = ow::protocol::sign(t.id, t.secret, "POST", kPaths[kind], body, std::time(nullptr));
                auto r = c.Post(kPaths[kind],
                                {{"X-OW-Kiosk", sig.kioskId}, {"X-OW-Timestamp", sig.timestamp}, {"X-OW-Nonce", sig.nonce},
                                 {"X-OW-Signature", sig.hmac}},
                                body, "application/json");
                const float ms = std::chrono::duration<float, std::milli>(Clock::now() - due).count();
                // A booking refused (a slot full, a limit) is an answer; only a failure of central counts as one.
                const bool ok = r && (r->status == 200 || (kind == kBook && r->status == 409));
                if (!ok) {
                    ++failed[kind];
                    if (failure.empty()) {
                        failure = kNames[kind];
                        failure += ": ";
                        if (r) failure += std::to_string(r->status) + " " + r->body.substr(0, 200);
                        else failure += httplib::to_string(r.error());
                    }
                }
                if (Clock::now() - start > std::chrono::seconds(2)) lat[kind].push_back(ms);
            }
            std::lock_guard lock(mutex);
            for (int k = 0; k < kKinds; ++k) {
                out.latencyMs[k].insert(out.latencyMs[k].end(), lat[k].begin(), lat[k].end());
                out.failed[k] += failed[k];
            }
            if (out.firstFailure.empty()) out.firstFailure = failure;
        });
    for (auto& t : workers) t.join();
    out.offered = rate;
    out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return out;
}

double p99(std::vector<float> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() * 99 / 100];
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3 || sodium_init() < 0) {
        std::fputs("usage: ow_bench_fleet KIOSK_CENTRAL PG_SOCKET_DIR|- [SECONDS] [N ...]\n", stderr);
        return 2;
    }
    const std::string centralBin = argv[1], pgSocket = argv[2];
    const double seconds = argc > 3 ? std::atof(argv[3]) : 15;
    std::vector<size_t> sizes;
    for (int i = 4; i < argc; ++i) sizes.push_back(static_cast<size_t>(std::atol(argv[i])));
    if (sizes.empty()) sizes = {5000, 10000, 20000, 30000, 40000};
    const size_t most = *std::max_element(sizes.begin(), sizes.end());
    const std::string assets = OW_SOURCE_DIR "/assets";
    const std::string tmp = std::filesystem::temp_directory_path() / ("ow-bench-fleet-" + std::to_string(getpid()));
    std::filesystem::create_directories(tmp);
    std::printf("fleet at a morning peak: 11 signed requests a terminal a minute (heartbeat 1, events 3, slot queries 6, "
                "bookings 1), open loop over %d connections, %.0f s each, on %u cores; held: every p99 <= %.0f ms, none failed\n",
                kConnections, seconds, std::thread::hardware_concurrency(), kP99LimitMs);

    std::vector<std::pair<std::string, std::string>> engines;
    if (!std::getenv("OW_FLEET_SKIP_SQLITE")) engines.emplace_back("sqlite", "sqlite:" + tmp + "/central.db");
    if (pgSocket != "-") {
        const std::string name = "fleet" + std::to_string(getpid());
        pqxx::connection admin("postgresql:///postgres?host=" + pgSocket + "&user=postgres");
        pqxx::nontransaction(admin).exec("CREATE DATABASE " + name);
        engines.emplace_back("postgresql", "postgresql:///" + name + "?host=" + pgSocket + "&user=postgres");
    }
    int port = 27000 + getpid() % 3000;
    for (const auto& [engine, db] : engines) {
        const std::string keyFile = tmp + "/secrets-" + engine + ".key";
        auto key = ow::central::loadOrCreateSecretsKey(keyFile);
        auto store = ow::central::openStore(db, 16, &*key);
        if (!store) return std::fprintf(stderr, "%s\n", store.error().c_str()), 1;
        // The hall's bundle, signed and published.
        const auto admin = ow::core::generateKeyPair();
        const std::string bundle = benchBundle(assets);
        auto signedDoc = ow::core::signBundle(bundle, "bench", *ow::core::decodeSecretKey(admin.secretKey));
        if (!signedDoc) return std::fprintf(stderr, "%s\n", signedDoc.error().c_str()), 1;
        (*store)->publishBundle(*ow::central::preparePublish(*signedDoc, R"({"halls":["bench"]})", std::time(nullptr)));
        // The terminals, enrolled with the store's own calls (many at once: SQLite group-commits them).
        std::vector<Terminal> terminals(most);
        const auto t0 = Clock::now();
        std::atomic<size_t> nextEnrol{0};
        std::vector<std::thread> enrolling;
        for (int w = 0; w < 16; ++w)
            enrolling.emplace_back([&] {
                for (size_t i; (i = nextEnrol++) < most;) {
                    std::string name = std::to_string(i);
                    name.insert(name.begin(), 't');
                    auto token = (*store)->createEnrolToken("bench", name);
                    auto creds = token ? (*store)->enroll(*token) : ow::core::Result<std::pair<std::string, std::string>>(ow::core::Error{token.error()});
                    if (!creds) {
                        std::fprintf(stderr, "enrolment failed: %s\n", creds.error().c_str());
                        std::exit(1);
                    }
                    terminals[i].id = creds->first, terminals[i].secret = creds->second;
                }
            });
        for (auto& t : enrolling) t.join();
        std::printf("%s: %zu terminals enrolled in %.0f s\n", engine.c_str(), most,
                    std::chrono::duration<double>(Clock::now() - t0).count());
        store->reset();
        // The slots open now, for queries and bookings.
        const auto parsed = ow::core::parseBundle(bundle);
        std::vector<std::string> open;
        for (const auto& d : ow::protocol::bookableDates(*parsed->appointments, parsed->calendar, std::time(nullptr)))
            for (const auto& s : ow::protocol::slotsOf(*parsed->appointments, parsed->calendar, d))
                if (ow::protocol::checkSlot(*parsed->appointments, parsed->calendar, s.id, std::time(nullptr) + 120) ==
                    ow::protocol::SlotProblem::none)
                    open.push_back(s.id);
        std::vector<std::string> args{centralBin, "--listen", "127.0.0.1:" + std::to_string(port), "--db", db, "--secrets-key", keyFile};
        if (const char* c = std::getenv("OW_FLEET_DB_CONNECTIONS")) args.insert(args.end(), {"--db-connections", c});
        const pid_t central = spawn(args);
        waitForPort(port);
        std::atomic<int64_t> people{1};
        size_t held = 0;
        for (size_t n : sizes) {
            const Outcome o = run(port, terminals, n, seconds, open, people);
            bool ok = true;
            std::printf("  N = %6zu: offered %6.0f req/s;", n, o.offered);
            for (int k = 0; k < kKinds; ++k) {
                const double p = p99(o.latencyMs[k]);
                ok = ok && p <= kP99LimitMs && o.failed[k] == 0;
                std::printf(" %s p99 %.1f ms", kNames[k], p);
                if (o.failed[k]) std::printf(" (%ld failed)", o.failed[k]);
                std::printf(";");
            }
            std::printf(" %s\n", ok ? "held" : "NOT held");
            if (!o.firstFailure.empty()) std::printf("    first failure: %s\n", o.firstFailure.c_str());
            std::fflush(stdout);
            if (!ok) break;
            held = n;
        }
        std::printf("%s: largest N held: %zu\n", engine.c_str(), held);
        std::fflush(stdout);
        kill(central, SIGTERM);
        waitpid(central, nullptr, 0);
        ++port;
    }
    std::filesystem::remove_all(tmp);
    return 0;
}
