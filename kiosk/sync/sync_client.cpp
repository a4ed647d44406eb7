// The terminal's side of sync.
#include "kiosk/sync/sync_client.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netdb.h>
#include <poll.h>
#include <sodium.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "kiosk/bundle_update.h"
#include "kiosk/config_boot.h"
#include "kiosk/log.h"
#include "kiosk/protocol/signing.h"

namespace ow::core {

using nlohmann::json;

namespace {
// A client for central; for HTTPS with a pinned CA only that CA is trusted.
std::unique_ptr<httplib::Client> client(const CentralEndpoint& central) {
    auto c = std::make_unique<httplib::Client>(central.url);
    c->set_connection_timeout(5, 0);
    c->set_read_timeout(15, 0);
    c->set_write_timeout(15, 0);
    c->set_tcp_nodelay(true);
    if (central.url.rfind("https://", 0) == 0) {
        if (!central.caPath.empty()) c->set_ca_cert_path(central.caPath.c_str());
        c->enable_server_certificate_verification(true);
    }
    return c;
}

std::string errorMessage(const httplib::Response& r) {
    const json j = json::parse(r.body, nullptr, false);
    if (j.is_object() && j.contains("error") && j["error"].is_object()) return j["error"].value("message", r.body);
    return r.body;
}

// A signed POST as the terminal.
httplib::Result signedPost(httplib::Client& c, const Credentials& creds, const std::string& path, const std::string& body) {
    const auto sig = protocol::sign(creds.kioskId, creds.secret, "POST", path, body, std::time(nullptr));
    return c.Post(path.c_str(),
                  {{"X-OW-Kiosk", sig.kioskId}, {"X-OW-Timestamp", sig.timestamp}, {"X-OW-Nonce", sig.nonce},
                   {"X-OW-Signature", sig.hmac}},
                  body, "application/json");
}

std::string answered(const httplib::Response& r) {
    return "central answered " + std::to_string(r.status) + ": " + errorMessage(r);
}

std::string unreachable(const CentralEndpoint& central, const httplib::Result& r) {
    return "central at " + central.url + " cannot be reached (" + httplib::to_string(r.error()) + ")";
}
}  // namespace

namespace {
int64_t msSince(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t).count();
}
}  // namespace

std::vector<NetworkStep> checkNetwork(const CentralEndpoint& central, const std::optional<Credentials>& creds) {
    using R = NetworkStep::Outcome;
    std::vector<NetworkStep> steps{{"dns", R::notTried, "", 0}, {"tcp", R::notTried, "", 0}, {"tls", R::notTried, "", 0},
                                   {"signed", R::notTried, "", 0}};
    // scheme://host[:port][/…]
    const bool https = central.url.rfind("https://", 0) == 0;
    if (!https && central.url.rfind("http://", 0) != 0) {
        steps[0].outcome = R::fail;
        steps[0].detail = "no central configured (--central http(s)://HOST:PORT)";
        return steps;
    }
    std::string rest = central.url.substr(https ? 8 : 7);
    rest = rest.substr(0, rest.find('/'));
    std::string host = rest, port = https ? "443" : "80";
    if (!rest.empty() && rest.front() == '[') {  // [v6]:port
        const auto close = rest.find(']');
        host = rest.substr(1, close == std::string::npos ? std::string::npos : close - 1);
        if (close != std::string::npos && close + 1 < rest.size() && rest[close + 1] == ':') port = rest.substr(close + 2);
    } else if (const auto colon = rest.rfind(':'); colon != std::string::npos) {
        host = rest.substr(0, colon), port = rest.substr(colon + 1);
    }
    auto t0 = std::chrono::steady_clock::now();
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (const int rc = getaddrinfo(host.c_str(), port.c_str(), &hints, &found); rc != 0 || !found) {
        steps[0] = {"dns", R::fail, host + ": " + gai_strerror(rc), msSince(t0)};
        return steps;
    }
    char text[INET6_ADDRSTRLEN] = "?";
    const void* where = found->ai_family == AF_INET6 ? static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(found->ai_addr)->sin6_addr)
                                                      : static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(found->ai_addr)->sin_addr);
    inet_ntop(found->ai_family, where, text, sizeof text);
    steps[0] = {"dns", R::pass, host + " → " + text, msSince(t0)};
    // TCP: a connection within 5 s to the first address.
    t0 = std::chrono::steady_clock::now();
    std::string tcpProblem;
    const int fd = socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        tcpProblem = strerror(errno);
    } else {
        if (connect(fd, found->ai_addr, found->ai_addrlen) != 0 && errno != EINPROGRESS) {
            tcpProblem = strerror(errno);
        } else {
            pollfd p{fd, POLLOUT, 0};
            int err = 0;
            socklen_t len = sizeof err;
            if (poll(&p, 1, 5000) != 1) tcpProblem = "no answer in 5 s";
            else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err != 0) tcpProblem = strerror(err);
        }
        close(fd);
    }
    freeaddrinfo(found);
    const std::string target = std::string(text) + ":" + port;
    if (!tcpProblem.empty()) {
        steps[1] = {"tcp", R::fail, target + ": " + tcpProblem, msSince(t0)};
        return steps;
    }
    steps[1] = {"tcp", R::pass, target, msSince(t0)};
    // TLS, and then the signed request, through the same client the terminal syncs with.
    auto c = client(central);
    if (!https) {
        steps[2] = {"tls", R::notUsed, "http:// (only for a closed hall network)", 0};
    } else {
        t0 = std::chrono::steady_clock::now();
        auto r = c->Get("/v1/none");  // any answer at all means the handshake succeeded
        if (!r) {
            std::string why = httplib::to_string(r.error());
            if (r.error() == httplib::Error::SSLServerVerification)
                why = "central's certificate is not signed by the pinned CA" + (central.caPath.empty() ? std::string() : " (" + central.caPath + ")");
            steps[2] = {"tls", R::fail, why, msSince(t0)};
            return steps;
        }
        steps[2] = {"tls", R::pass, central.caPath.empty() ? "the system's CAs" : "pinned CA " + central.caPath, msSince(t0)};
    }
    if (!creds) {
        steps[3] = {"signed", R::fail, "this terminal is not enrolled", 0};
        return steps;
    }
    t0 = std::chrono::steady_clock::now();
    auto r = signedPost(*c, *creds, "/v1/bundle", json{{"have", int64_t{1} << 53}}.dump());
    if (!r) steps[3] = {"signed", R::fail, unreachable(central, r), msSince(t0)};
    else if (r->status == 200 || r->status == 204) steps[3] = {"signed", R::pass, "terminal " + creds->kioskId, msSince(t0)};
    else steps[3] = {"signed", R::fail, answered(*r), msSince(t0)};
    return steps;
}

Result<Credentials> loadCredentials(const std::string& path) {
    std::ifstream in(path);
    if (!in) return Error{"this terminal is not enrolled (no " + path + ")"};
    std::stringstream buf;
    buf << in.rdbuf();
    const json j = json::parse(buf.str(), nullptr, false);
    if (!j.is_object() || !j.contains("kiosk_id") || !j.contains("secret") || !j["kiosk_id"].is_string() ||
        !j["secret"].is_string())
        return Error{path + " is damaged: enrol the terminal again"};
    return Credentials{j["kiosk_id"], j["secret"], j.value("hall", "")};
}

Status saveCredentials(const std::string& path, const Credentials& c) {
    // The secret is readable by the kiosk user only.
    return writePrivateFile(path, json{{"kiosk_id", c.kioskId}, {"secret", c.secret}, {"hall", c.hall}}.dump() + "\n");
}

Result<Credentials> enroll(const CentralEndpoint& central, const std::string& token) {
    auto c = client(central);
    auto r = c->Post("/v1/enroll", json{{"token", token}}.dump(), "application/json");
    if (!r) return Error{unreachable(central, r)};
    if (r->status != 200) return Error{"central refused the enrolment: " + errorMessage(*r)};
    const json j = json::parse(r->body, nullptr, false);
    if (!j.is_object() || !j.contains("kiosk_id") || !j["kiosk_id"].is_string() || !j.contains("secret") ||
        !j["secret"].is_string())
        return Error{"central's answer is malformed"};
    return Credentials{j["kiosk_id"], j["secret"], j.value("hall", "")};
}

OutboxKey outboxKey(const OutboxKey& dataKey) {
    OutboxKey key{};
    crypto_kdf_derive_from_key(key.data(), key.size(), 1, "outbox__", dataKey.data());
    return key;
}

OutboxKey legacyOutboxKey(const Credentials& creds) {
    OutboxKey master{}, key{};
    crypto_generichash(master.data(), master.size(), reinterpret_cast<const unsigned char*>(creds.secret.data()),
                       creds.secret.size(), nullptr, 0);
    crypto_kdf_derive_from_key(key.data(), key.size(), 1, "outbox__", master.data());
    sodium_memzero(master.data(), master.size());
    return key;
}

int Backoff::nextMs() {
    const int wait = baseMs_ + static_cast<int>(rng_() % static_cast<unsigned>(baseMs_ / 2 + 1));
    baseMs_ = std::min(baseMs_ * 2, 60000);
    return wait;
}

SyncWorker::SyncWorker(SyncOptions options) : opt_(std::move(options)) {}

Result<Store*> SyncWorker::localStore() {
    if (!store_) {
        auto opened = Store::open(opt_.dbPath);
        if (!opened) return Error{opened.error()};
        store_ = std::move(*opened);
    }
    return &*store_;
}

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

void SyncWorker::heartbeatSoon() {
    {
        std::lock_guard lock(mutex_);
        beatSoon_ = nudged_ = true;
    }
    cv_.notify_all();
}

void SyncWorker::noteError(const std::string& what) {
    log(Level::warning, "sync.failed", {{"reason", what}});
    std::lock_guard lock(mutex_);
    errors_.push_back(what);
    while (errors_.size() > 5) errors_.pop_front();
}

constexpr size_t kBatchBytes = 700 * 1024;

Result<int> SyncWorker::drainOnce() {
    auto store = localStore();
    if (!store) return Error{store.error()};
    const OutboxKey& key = opt_.outboxKey;
    auto c = client(opt_.central);
    int sent = 0;
    size_t limit = 100;
    for (;;) {
        auto events = (*store)->peekOutbox(limit, key);
        if (!events) return Error{events.error()};
        if (events->empty()) return sent;
        json list = json::array();
        size_t bytes = 0;
        for (const auto& e : *events) {
            // A batch stays well under central's 1 MiB (a submission's pages are large); the rest go next.
            if (!list.empty() && bytes + e.payload.size() > kBatchBytes) break;
            bytes += e.payload.size();
            json payload = json::parse(e.payload, nullptr, false);
            if (!payload.is_object()) payload = json{{"text", e.payload}};
            list.push_back({{"seq", e.seq}, {"type", e.type}, {"occurred_at", e.occurredAt}, {"payload", payload}});
        }
        auto r = signedPost(*c, opt_.creds, "/v1/events", json{{"events", list}}.dump());
        reachable_ = static_cast<bool>(r);
        if (!r) return Error{unreachable(opt_.central, r)};
        if (r->status == 413) {
            // Too large for central: split the batch, never drop it.
            if (limit == 1)
                return Error{"event " + std::to_string(events->front().seq) + " alone is too large for central"};
            limit = std::max<size_t>(1, limit / 2);
            continue;
        }
        if (r->status != 200) return Error{answered(*r)};
        const json j = json::parse(r->body, nullptr, false);
        if (!j.is_object() || !j.contains("results") || !j["results"].is_array() || j["results"].empty())
            return Error{"central's answer is malformed"};
        // Central's word is checked before anything is deleted: one result for each event sent, in the order sent
        // (a prefix of the batch), each accepted, a duplicate or rejected. Anything else deletes nothing.
        const json& results = j["results"];
        if (results.size() > list.size())
            return Error{"central answered for " + std::to_string(results.size()) + " events, " + std::to_string(list.size()) +
                         " were sent"};
        for (size_t i = 0; i < results.size(); ++i) {
            const json& res = results[i];
            const bool seqOk = res.is_object() && res.contains("seq") && res["seq"].is_number_integer() &&
                               res["seq"].get<int64_t>() == list[i]["seq"].get<int64_t>();
            const std::string kind = seqOk && res.contains("result") && res["result"].is_string() ? res["result"].get<std::string>() : "";
            if (kind != "accepted" && kind != "duplicate" && kind != "rejected")
                return Error{"central's answer does not match the events sent (result " + std::to_string(i + 1) + ")"};
            if (kind == "rejected")
                log(Level::warning, "sync.rejected",
                    {{"seq", std::to_string(res["seq"].get<int64_t>())},
                     {"reason", res.contains("reason") && res["reason"].is_string() ? res["reason"].get<std::string>() : ""}});
        }
        // Every event up to the last one with a result has been taken care of at central.
        const int64_t upto = results.back()["seq"].get<int64_t>();
        if (auto st = (*store)->ackOutbox(upto); !st) return Error{st.error()};
        sent += static_cast<int>(j["results"].size());
    }
}

void SyncWorker::setState(std::string software, int64_t configVersion, std::string devicesJson) {
    std::lock_guard lock(mutex_);
    software_ = std::move(software);
    configVersion_ = configVersion;
    devices_ = std::move(devicesJson);
}

std::string SyncWorker::heartbeatBody() {
    int64_t depth = 0, oldestAge = 0, bundleHave = 0;
    json refusals = json::array();
    if (auto opened = localStore()) {
        Store& store = **opened;
        depth = store.outboxDepth();
        if (const int64_t oldest = store.outboxOldestAt(); oldest > 0)
            oldestAge = std::max<int64_t>(0, std::time(nullptr) - oldest);
        refusals = json::parse(bundleRefusalsJson(store), nullptr, false);
        bundleHave = store.highestBundleVersion();
    }
    std::lock_guard lock(mutex_);
    json devices = json::parse(devices_, nullptr, false);
    return json{{"software", software_},
                {"config_version", configVersion_},
                {"bundle_have", bundleHave},
                {"outbox_depth", depth},
                {"oldest_event_age_s", oldestAge},
                {"devices", devices.is_array() ? devices : json::array()},
                {"errors", json(std::vector<std::string>(errors_.begin(), errors_.end()))},
                {"rejected_bundles", refusals.is_array() ? refusals : json::array()}}
        .dump();
}

CaseAnswer queryCases(const CentralEndpoint& central, const Credentials& creds, const CaseQuestion& question) {
    auto c = client(central);
    c->set_read_timeout(8, 0);  // a person is waiting at the screen
    std::string body = question.body();
    auto r = signedPost(*c, creds, "/v1/cases/query", body);
    sodium_memzero(body.data(), body.size());
    CaseAnswer a;
    if (!r) {
        a.detail = unreachable(central, r);
        return a;
    }
    if (r->status >= 500 || r->status == 401) {  // 401: a clock or enrolment problem, not the person's mistake
        a.detail = answered(*r);
        return a;
    }
    if (r->status != 200) {
        a.outcome = CaseAnswer::Outcome::refused;
        a.detail = answered(*r);
        return a;
    }
    a = parseCaseAnswer(r->body);
    sodium_memzero(r->body.data(), r->body.size());
    return a;
}

namespace {
// A question a person waits for at the screen (a short read timeout), signed; the body is zeroed once sent, the reply
// once read. offline: the answer when central cannot be reached.
template <class Answer, class Parse>
Answer askForPerson(const CentralEndpoint& central, const Credentials& creds, const std::string& path, std::string body,
                    Answer offline, Parse&& parse) {
    auto c = client(central);
    c->set_read_timeout(8, 0);
    auto r = signedPost(*c, creds, path, body);
    sodium_memzero(body.data(), body.size());
    if (!r) {
        offline.detail = unreachable(central, r);
        return offline;
    }
    Answer a = parse(r->status, r->body);
    sodium_memzero(r->body.data(), r->body.size());
    return a;
}
}  // namespace

AppointmentAnswer askAppointments(const CentralEndpoint& central, const Credentials& creds, const AppointmentQuestion& question,
                                  const std::string& receiptKey) {
    AppointmentAnswer offline;
    offline.op = question.op;
    return askForPerson(central, creds, question.path(), question.body(receiptKey), std::move(offline),
                        [&](int status, const std::string& body) { return parseAppointmentAnswer(question.op, status, body); });
}

HelpAnswer askHelp(const CentralEndpoint& central, const Credentials& creds, const HelpQuestion& question) {
    HelpAnswer offline;
    offline.op = question.op;
    return askForPerson(central, creds, question.path(), question.body(), std::move(offline),
                        [&](int status, const std::string& body) { return parseHelpAnswer(question.op, status, body); });
}

CentralReply askCentral(const CentralEndpoint& central, const Credentials& creds, const CentralAsk& question) {
    CentralReply offline;
    offline.op = question.op;
    return askForPerson(central, creds, question.path, question.body, std::move(offline),
                        [&](int status, const std::string& body) { return readCentralReply(question.op, status, body); });
}

QueueAnswer askQueue(const CentralEndpoint& central, const Credentials& creds, const QueueQuestion& question) {
    QueueAnswer offline;
    offline.op = question.op;
    return askForPerson(central, creds, question.path(), question.body(), std::move(offline),
                        [&](int status, const std::string& body) { return parseQueueAnswer(question.op, status, body); });
}

Result<int64_t> SyncWorker::heartbeatOnce() {
    auto r = signedPost(*client(opt_.central), opt_.creds, "/v1/heartbeat", heartbeatBody());
    reachable_ = static_cast<bool>(r);
    if (!r) return Error{unreachable(opt_.central, r)};
    if (r->status != 200) return Error{answered(*r)};
    const json j = json::parse(r->body, nullptr, false);
    if (j.is_object() && j.contains("bundle_available") && j["bundle_available"].is_number_integer())
        return j["bundle_available"].get<int64_t>();
    return int64_t{0};
}

Result<bool> SyncWorker::pollBundleOnce() {
    auto store = localStore();
    if (!store) return Error{store.error()};
    auto r = signedPost(*client(opt_.central), opt_.creds, "/v1/bundle",
                        json{{"have", (*store)->highestBundleVersion()}}.dump());
    if (!r) return Error{unreachable(opt_.central, r)};
    if (r->status == 204) return false;
    if (r->status != 200) return Error{answered(*r)};
    const auto verdict = receiveBundle(**store, r->body, opt_.bundleKeys, opt_.creds.kioskId, opt_.creds.hall,
                                       std::time(nullptr));
    if (verdict.refusal != BundleRefusal::none) {
        refusedVersion_ = verdict.version;  // recorded; reported in the next heartbeat
        return false;
    }
    if (opt_.onBundle) opt_.onBundle(verdict.version);
    return true;
}

void SyncWorker::run() {
    Backoff backoff;
    const auto never = std::chrono::steady_clock::time_point{};
    auto lastBeat = never, lastPoll = never;
    for (;;) {
        const auto now = std::chrono::steady_clock::now();
        {
            std::lock_guard lock(mutex_);
            if (beatSoon_) lastBeat = never;
            beatSoon_ = false;
        }
        bool poll = lastPoll == never || now - lastPoll >= std::chrono::seconds(opt_.bundlePollS);
        if (lastBeat == never || now - lastBeat >= std::chrono::seconds(opt_.heartbeatS)) {
            auto beat = heartbeatOnce();
            if (!beat) noteError("heartbeat: " + beat.error());
            // Central says a newer bundle is waiting: fetch it now rather than at the next poll.
            else if (*beat > 0 && *beat != refusedVersion_) poll = true;
            lastBeat = now;
        }
        if (poll) {
            if (auto got = pollBundleOnce(); !got) noteError("bundle: " + got.error());
            lastPoll = now;
        }
        auto r = drainOnce();
        int waitMs = std::min(30000, opt_.heartbeatS * 1000);
        if (!r) {
            noteError("events: " + r.error());
            waitMs = backoff.nextMs();
        } else {
            backoff.reset();
        }
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, std::chrono::milliseconds(waitMs), [this] { return stop_ || nudged_; });
        if (stop_) return;
        nudged_ = false;
    }
}

}  // namespace ow::core
