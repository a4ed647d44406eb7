// The terminal's side of sync.
#include "kiosk/sync/sync_client.h"

#include <httplib.h>
#include <sodium.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "kiosk/log.h"
#include "kiosk/protocol/signing.h"

namespace ow::core {

using nlohmann::json;

namespace {
// "http://127.0.0.1:8080" → a client for it.
std::unique_ptr<httplib::Client> client(const std::string& url) {
    auto c = std::make_unique<httplib::Client>(url);
    c->set_connection_timeout(5, 0);
    c->set_read_timeout(15, 0);
    c->set_write_timeout(15, 0);
    return c;
}
}  // namespace

Result<Credentials> loadCredentials(const std::string& path) {
    std::ifstream in(path);
    if (!in) return Error{"this terminal is not enrolled (no " + path + ")"};
    std::stringstream buf;
    buf << in.rdbuf();
    const json j = json::parse(buf.str(), nullptr, false);
    if (!j.is_object() || !j.contains("kiosk_id") || !j.contains("secret") || !j["kiosk_id"].is_string() ||
        !j["secret"].is_string())
        return Error{path + " is damaged: enrol the terminal again"};
    return Credentials{j["kiosk_id"], j["secret"]};
}

Status saveCredentials(const std::string& path, const Credentials& c) {
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        if (!out) return Error{"cannot write " + tmp};
        chmod(tmp.c_str(), 0600);  // the secret is readable by the kiosk user only
        out << json{{"kiosk_id", c.kioskId}, {"secret", c.secret}}.dump() << "\n";
        if (!out.flush()) return Error{"cannot write " + tmp};
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) return Error{"cannot replace " + path};
    return okStatus();
}

Result<Credentials> enroll(const std::string& centralUrl, const std::string& token) {
    auto c = client(centralUrl);
    auto r = c->Post("/v1/enroll", json{{"token", token}}.dump(), "application/json");
    if (!r) return Error{"central at " + centralUrl + " cannot be reached"};
    const json j = json::parse(r->body, nullptr, false);
    if (r->status != 200)
        return Error{"central refused the enrolment: " +
                     (j.is_object() && j.contains("error") ? j["error"].value("message", "") : r->body)};
    if (!j.is_object() || !j.contains("kiosk_id") || !j.contains("secret")) return Error{"central's answer is malformed"};
    return Credentials{j["kiosk_id"], j["secret"]};
}

OutboxKey outboxKey(const Credentials& creds) {
    OutboxKey master{}, key{};
    crypto_generichash(master.data(), master.size(), reinterpret_cast<const unsigned char*>(creds.secret.data()),
                       creds.secret.size(), nullptr, 0);
    crypto_kdf_derive_from_key(key.data(), key.size(), 1, "outbox__", master.data());
    sodium_memzero(master.data(), master.size());
    return key;
}

SyncWorker::SyncWorker(std::string dbPath, std::string centralUrl, Credentials creds)
    : dbPath_(std::move(dbPath)), url_(std::move(centralUrl)), creds_(std::move(creds)) {}

SyncWorker::~SyncWorker() { stop(); }

void SyncWorker::start() {
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
}

void SyncWorker::stop() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void SyncWorker::nudge() {
    {
        std::lock_guard lock(mutex_);
        nudged_ = true;
    }
    cv_.notify_all();
}

Result<int> SyncWorker::drainOnce() {
    auto store = Store::open(dbPath_);
    if (!store) return Error{store.error()};
    const OutboxKey key = outboxKey(creds_);
    auto c = client(url_);
    int sent = 0;
    size_t limit = 100;
    for (;;) {
        auto events = store->peekOutbox(limit, key);
        if (!events) return Error{events.error()};
        if (events->empty()) return sent;
        json list = json::array();
        for (const auto& e : *events) {
            json payload = json::parse(e.payload, nullptr, false);
            if (!payload.is_object()) payload = json{{"text", e.payload}};
            list.push_back({{"seq", e.seq}, {"type", e.type}, {"occurred_at", e.occurredAt}, {"payload", payload}});
        }
        const std::string body = json{{"events", list}}.dump();
        const auto sig = protocol::sign(creds_.kioskId, creds_.secret, "POST", "/v1/events", body, std::time(nullptr));
        auto r = c->Post("/v1/events",
                         {{"X-OW-Kiosk", sig.kioskId}, {"X-OW-Timestamp", sig.timestamp}, {"X-OW-Nonce", sig.nonce},
                          {"X-OW-Signature", sig.hmac}},
                         body, "application/json");
        if (!r) return Error{"central cannot be reached"};
        if (r->status == 413) {
            // Too large for central: split the batch, never drop it.
            if (limit == 1)
                return Error{"event " + std::to_string(events->front().seq) + " alone is too large for central"};
            limit = std::max<size_t>(1, limit / 2);
            continue;
        }
        if (r->status != 200) return Error{"central answered " + std::to_string(r->status) + ": " + r->body};
        const json j = json::parse(r->body, nullptr, false);
        if (!j.is_object() || !j.contains("results") || !j["results"].is_array() || j["results"].empty())
            return Error{"central's answer is malformed"};
        // Every event up to the last one with a result has been taken care of at central.
        const int64_t upto = j["results"].back().value("seq", int64_t{0});
        for (const auto& res : j["results"])
            if (res.value("result", "") == "rejected")
                log(Level::warning, "sync.rejected", {{"seq", std::to_string(res.value("seq", 0))}, {"reason", res.value("reason", "")}});
        if (auto st = store->ackOutbox(upto); !st) return Error{st.error()};
        sent += static_cast<int>(j["results"].size());
    }
}

void SyncWorker::setState(std::string software, int64_t configVersion, std::string devicesJson) {
    std::lock_guard lock(mutex_);
    software_ = std::move(software);
    configVersion_ = configVersion;
    devices_ = std::move(devicesJson);
}

Status SyncWorker::heartbeatOnce() {
    int64_t depth = 0;
    if (auto store = Store::open(dbPath_)) depth = store->outboxDepth();
    json body;
    {
        std::lock_guard lock(mutex_);
        json devices = json::parse(devices_, nullptr, false);
        body = {{"software", software_}, {"config_version", configVersion_}, {"outbox_depth", depth},
                {"devices", devices.is_array() ? devices : json::array()}, {"errors", json::array()}};
    }
    const std::string text = body.dump();
    const auto sig = protocol::sign(creds_.kioskId, creds_.secret, "POST", "/v1/heartbeat", text, std::time(nullptr));
    auto r = client(url_)->Post("/v1/heartbeat",
                                {{"X-OW-Kiosk", sig.kioskId}, {"X-OW-Timestamp", sig.timestamp},
                                 {"X-OW-Nonce", sig.nonce}, {"X-OW-Signature", sig.hmac}},
                                text, "application/json");
    if (!r) return Error{"central cannot be reached"};
    if (r->status != 200) return Error{"central answered " + std::to_string(r->status) + ": " + r->body};
    return okStatus();
}

void SyncWorker::run() {
    std::mt19937 rng(std::random_device{}());
    int backoffMs = 1000;
    auto lastBeat = std::chrono::steady_clock::time_point{};
    for (;;) {
        if (std::chrono::steady_clock::now() - lastBeat >= std::chrono::seconds(heartbeatS_)) {
            if (auto st = heartbeatOnce(); !st) log(Level::warning, "heartbeat.failed", {{"reason", st.error()}});
            lastBeat = std::chrono::steady_clock::now();
        }
        auto r = drainOnce();
        int waitMs = std::min(30000, heartbeatS_ * 1000);
        if (!r) {
            log(Level::warning, "sync.failed", {{"reason", r.error()}});
            waitMs = backoffMs + static_cast<int>(rng() % static_cast<unsigned>(backoffMs / 2 + 1));  // jitter
            backoffMs = std::min(backoffMs * 2, 60000);
        } else {
            backoffMs = 1000;
        }
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, std::chrono::milliseconds(waitMs), [this] { return stop_ || nudged_; });
        if (stop_) return;
        nudged_ = false;
    }
}

}  // namespace ow::core
