// kiosk-central under load on loopback, beside a bare cpp-httplib server that answers a constant, in the same
// run on the same machine: requests per second and latency (p50, p99) at 64 keep-alive connections for the
// events endpoint (batches of 10), the heartbeat endpoint and queue numbers (取号: each connection a terminal of a
// hall of its own, open every hour, taking numbers of its four themes in turn), on SQLite and on PostgreSQL; then how
// long 10,000 queued events take to drain from a terminal's outbox.
//   ow_bench_central KIOSK_CENTRAL KIOSKCTL PG_SOCKET_DIR|- [SECONDS]
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
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "central/http_server.h"
#include "kiosk/config_boot.h"
#include "kiosk/protocol/signing.h"
#include "kiosk/store.h"
#include "kiosk/sync/sync_client.h"
#include "tests/support/process.h"

using ow::test::capture;
using ow::test::spawn;

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kConnections = 64;
constexpr int kBatch = 10;

int runBare(int port) {
    httplib::Server server;
    ow::central::tuneServer(server, 2 * kConnections);  // as kiosk-central's default
    const auto reply = [](const httplib::Request&, httplib::Response& res) { res.set_content("{\"ok\":true}", "application/json"); };
    server.Post("/v1/events", reply);
    server.Post("/v1/heartbeat", reply);
    if (ow::central::bindServer(server, "127.0.0.1", port) < 0) return 1;
    return server.listen_after_bind() ? 0 : 1;
}

void waitForPort(int port) {
    for (int i = 0; i < 400; ++i) {
        httplib::Client c("127.0.0.1", port);
        if (c.Get("/")) return;
        usleep(25000);
    }
}

// CPU seconds a process has used (user + system).
double cpuSeconds(pid_t pid) {
    std::FILE* f = std::fopen(("/proc/" + std::to_string(pid) + "/stat").c_str(), "r");
    if (!f) return 0;
    char buf[1024];
    const size_t n = std::fread(buf, 1, sizeof buf - 1, f);
    std::fclose(f);
    buf[n] = 0;
    const char* p = std::strrchr(buf, ')');
    unsigned long utime = 0, stime = 0;
    // Fields after the command: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime.
    if (p) std::sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime);
    return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

struct Terminal {
    std::string id, secret;
};

struct Result {
    double rps = 0, p50 = 0, p99 = 0, serverCpuUs = 0, clientCpuUs = 0;
    long errors = 0;
};

// 64 connections, each as its own terminal, sending signed requests for `seconds`.
Result load(int port, const std::vector<Terminal>& terminals, const std::string& path, double seconds, pid_t server) {
    const double cpu0 = cpuSeconds(server), client0 = cpuSeconds(getpid());
    std::atomic<bool> stop{false};
    std::vector<std::vector<float>> latencies(kConnections);
    std::atomic<long> errors{0};
    std::vector<std::thread> threads;
    const auto start = Clock::now();
    const std::string heartbeat =
        json{{"software", "bench"}, {"config_version", 1}, {"outbox_depth", 0},
             {"devices", {{{"device", "receipt"}, {"state", "online"}, {"action", "none"}, {"detail", ""}}}}}
            .dump();
    for (int t = 0; t < kConnections; ++t)
        threads.emplace_back([&, t] {
            httplib::Client c("127.0.0.1", port);
            c.set_keep_alive(true);
            c.set_tcp_nodelay(true);
            const Terminal& k = terminals[static_cast<size_t>(t)];
            int64_t seq = 1;
            auto& lat = latencies[static_cast<size_t>(t)];
            lat.reserve(200000);
            while (!stop) {
                std::string body;
                if (path == "/v1/queue/take") {
                    static constexpr const char* kThemes[] = {"livelihood", "registration", "permit", "construction"};
                    body = json{{"key", "bench-" + std::to_string(t) + "-" + std::to_string(seq)}, {"theme", kThemes[seq % 4]}}.dump();
                    ++seq;
                } else if (path == "/v1/events") {
                    json list = json::array();
                    for (int i = 0; i < kBatch; ++i, ++seq)
                        list.push_back({{"seq", seq}, {"type", "session.summary"}, {"occurred_at", 1795334400},
                                        {"payload", {{"reason", "finished"}, {"duration_s", 42}}}});
                    body = json{{"events", list}}.dump();
                } else {
                    body = heartbeat;
                }
                const auto sig = ow::protocol::sign(k.id, k.secret, "POST", path, body, std::time(nullptr));
                const auto t0 = Clock::now();
                auto r = c.Post(path.c_str(),
                                {{"X-OW-Kiosk", sig.kioskId}, {"X-OW-Timestamp", sig.timestamp}, {"X-OW-Nonce", sig.nonce},
                                 {"X-OW-Signature", sig.hmac}},
                                body, "application/json");
                const auto us = std::chrono::duration<float, std::micro>(Clock::now() - t0).count();
                if (!r || r->status != 200) {
                    if (++errors <= 3)
                        std::fprintf(stderr, "failure at %.3f s after %.1f ms: %s\n",
                                     std::chrono::duration<double>(Clock::now() - start).count(), us / 1000.0,
                                     r ? (std::to_string(r->status) + " " + r->body).c_str() : httplib::to_string(r.error()).c_str());
                }
                else lat.push_back(us);
            }
        });
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    for (auto& th : threads) th.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    std::vector<float> all;
    for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    std::sort(all.begin(), all.end());
    Result r;
    r.errors = errors;
    if (all.empty()) return r;
    r.rps = static_cast<double>(all.size()) / elapsed;
    r.p50 = all[all.size() / 2] / 1000.0;
    r.p99 = all[all.size() * 99 / 100] / 1000.0;
    r.serverCpuUs = (cpuSeconds(server) - cpu0) * 1e6 / static_cast<double>(all.size());
    r.clientCpuUs = (cpuSeconds(getpid()) - client0) * 1e6 / static_cast<double>(all.size());
    return r;
}

void print(const char* what, const Result& r, const Result* bare) {
    std::printf("%-34s %7.0f req/s  p50 %6.2f ms  p99 %6.2f ms  CPU/req server %4.0f us, client %4.0f us", what, r.rps, r.p50,
                r.p99, r.serverCpuUs, r.clientCpuUs);
    if (bare && bare->rps > 0) std::printf("  %5.1f %% of bare", 100.0 * r.rps / bare->rps);
    if (r.errors) std::printf("  (%ld failed)", r.errors);
    std::printf("\n");
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 3 && std::string(argv[1]) == "--bare") return runBare(std::atoi(argv[2]));
    if (argc < 4 || sodium_init() < 0) {
        std::fputs("usage: ow_bench_central KIOSK_CENTRAL KIOSKCTL PG_SOCKET_DIR|- [SECONDS]\n", stderr);
        return 2;
    }
    const std::string centralBin = argv[1], ctl = argv[2], pgSocket = argv[3];
    const double seconds = argc > 4 ? std::atof(argv[4]) : 10;
    const std::string tmp = std::filesystem::temp_directory_path() / ("ow-bench-central-" + std::to_string(getpid()));
    std::filesystem::create_directories(tmp);
    const int basePort = 23000 + getpid() % 5000;
    std::printf("%d keep-alive connections, %.0f s per run, events in batches of %d, on %u cores\n", kConnections, seconds,
                kBatch, std::thread::hardware_concurrency());

    // The bare server: same library, same thread pool, a constant answer. It stays up, idle, and is measured
    // again right before each kiosk-central run, so both see the machine in the same state.
    const std::string self = std::filesystem::read_symlink("/proc/self/exe");
    const pid_t bare = spawn({self, "--bare", std::to_string(basePort)});
    waitForPort(basePort);
    const std::vector<Terminal> fake(kConnections, Terminal{"k-bench", std::string(64, 'a')});

    std::vector<std::pair<std::string, std::string>> engines{{"sqlite", "sqlite:" + tmp + "/central.db"}};
    if (pgSocket != "-") {
        const std::string name = "bench" + std::to_string(getpid());
        pqxx::connection admin("postgresql:///postgres?host=" + pgSocket + "&user=postgres");
        pqxx::nontransaction(admin).exec("CREATE DATABASE " + name);
        engines.emplace_back("postgresql", "postgresql:///" + name + "?host=" + pgSocket + "&user=postgres");
    }
    int port = basePort + 1;
    for (const auto& [engine, db] : engines) {
        // 64 terminals enrolled, one per connection.
        std::vector<Terminal> terminals;
        const pid_t central = spawn({centralBin, "--listen", "127.0.0.1:" + std::to_string(port), "--db", db,
                                     "--secrets-key", tmp + "/central-secrets-" + engine + ".key"});
        // On a failure the servers are stopped too: the bare one shares this process's output.
        const auto stopAll = [&](const std::string& why) {
            std::fprintf(stderr, "%s\n", why.c_str());
            for (const pid_t p : {central, bare}) {
                kill(p, SIGKILL);
                waitpid(p, nullptr, 0);
            }
            return 1;
        };
        waitForPort(port);
        for (int i = 0; i < kConnections; ++i) {
            const std::string token =
                capture(ctl + " enroll --db '" + db + "' --hall bench-" + std::to_string(i) + " --name t" + std::to_string(i), true);
            httplib::Client c("127.0.0.1", port);
            auto r = c.Post("/v1/enroll", json{{"token", token}}.dump(), "application/json");
            if (!r || r->status != 200) return stopAll("enrolment failed");
            const json j = json::parse(r->body);
            terminals.push_back({j["kiosk_id"], j["secret"]});
        }
        const Result bareEvents = load(basePort, fake, "/v1/events", seconds, bare);
        const Result events = load(port, terminals, "/v1/events", seconds, central);
        const Result bareBeat = load(basePort, fake, "/v1/heartbeat", seconds, bare);
        const Result beat = load(port, terminals, "/v1/heartbeat", seconds, central);
        print("bare httplib, events-sized request", bareEvents, nullptr);
        print(("kiosk-central " + engine + ", events").c_str(), events, &bareEvents);
        std::printf("%-34s %7.0f events/s\n", "", events.rps * kBatch);
        print("bare httplib, heartbeat-sized", bareBeat, nullptr);
        print(("kiosk-central " + engine + ", heartbeat").c_str(), beat, &bareBeat);
        // Queue numbers: the demo hall's queue, open every hour, published to the 64 halls.
        {
            std::string scope = "halls:";
            for (int i = 0; i < kConnections; ++i) scope += (i ? ",bench-" : "bench-") + std::to_string(i);
            json doc = json::parse(*ow::core::readFile(std::string(OW_SOURCE_DIR) + "/assets/bundles/demo.json"));
            for (const char* day : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
                doc["content"]["appointments"]["hours"][day] = json::array({json::array({"00:00", "24:00"})});
            for (auto& [theme, q] : doc["content"]["queue"]["themes"].items()) q["daily_cap"] = 999;
            std::ofstream(tmp + "/queue-bundle.json") << doc.dump();
            capture(ctl + " keygen --key-id bench --out " + tmp + "/admin-" + engine + ".key", true);
            capture(ctl + " sign " + tmp + "/queue-bundle.json --key " + tmp + "/admin-" + engine + ".key --out " + tmp + "/queue-bundle.signed", true);
            capture(ctl + " publish " + tmp + "/queue-bundle.signed --db '" + db + "' --scope " + scope, true);
        }
        const Result numbers = load(port, terminals, "/v1/queue/take", seconds, central);
        print(("kiosk-central " + engine + ", numbers (取号)").c_str(), numbers, &bareBeat);

        // One terminal with 10,000 events queued while offline, drained by its sync worker.
        const std::string token = capture(ctl + " enroll --db '" + db + "' --hall bench --name drain", true);
        auto creds = ow::core::enroll({"http://127.0.0.1:" + std::to_string(port), ""}, token);
        if (!creds) return stopAll(creds.error());
        const std::string kioskDb = tmp + "/kiosk-" + engine + ".db";
        {
            auto store = ow::core::Store::open(kioskDb);
            const auto key = ow::core::outboxKey(ow::core::OutboxKey{7});
            for (int i = 0; i < 10000; ++i)
                store->enqueueOutbox("session.summary", 1795334400 + i, "{\"reason\":\"finished\",\"duration_s\":42}", key);
        }
        ow::core::SyncWorker sync({kioskDb, {"http://127.0.0.1:" + std::to_string(port), ""}, *creds, ow::core::outboxKey(ow::core::OutboxKey{7}), {}, 60, 300, {}});
        const auto t0 = Clock::now();
        auto sent = sync.drainOnce();
        const double drainS = std::chrono::duration<double>(Clock::now() - t0).count();
        std::printf("%-34s %9d events in %.2f s (%s)\n", ("10,000 queued events drained, " + engine).c_str(),
                    sent ? *sent : -1, drainS, sent ? "ok" : sent.error().c_str());
        kill(central, SIGTERM);
        waitpid(central, nullptr, 0);
        ++port;
    }
    kill(bare, SIGKILL);
    waitpid(bare, nullptr, 0);
    std::filesystem::remove_all(tmp);
    return 0;
}
