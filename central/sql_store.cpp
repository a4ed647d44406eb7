// The central store over the SQL layer: the same statements on SQLite and PostgreSQL.
#include <sodium.h>

#include <atomic>
#include <ctime>

#include "central/sql.h"
#include "central/store.h"
#include "kiosk/protocol/signing.h"

namespace ow::central {

const char* resultCode(EventResult::Kind kind) {
    switch (kind) {
        case EventResult::Kind::accepted: return "accepted";
        case EventResult::Kind::duplicate: return "duplicate";
        case EventResult::Kind::rejected: return "rejected";
    }
    return "?";
}

bool knownEventType(std::string_view type) {
    static const std::string_view kTypes[] = {"session.summary", "case.submitted", "rating.submitted",
                                              "report.submitted", "print.job", "device.state"};
    for (auto t : kTypes)
        if (t == type) return true;
    return false;
}

core::Result<EventResult> Store::applyEvent(std::string_view kioskId, const Event& event) {
    auto r = applyEvents(kioskId, {event});
    if (!r) return core::Error{r.error()};
    return r->front();
}

namespace {

using sql::Connection;
using sql::Value;

// Migrations, in order; {ID} is the dialect's auto-numbered key. Version 1 is the schema the first releases
// created with IF NOT EXISTS, so their databases migrate in place.
const char* const kMigrations[] = {
    R"(
    CREATE TABLE IF NOT EXISTS applied_event (
        kiosk_id TEXT NOT NULL, seq BIGINT NOT NULL, result TEXT NOT NULL, applied_at BIGINT NOT NULL,
        PRIMARY KEY (kiosk_id, seq));
    CREATE TABLE IF NOT EXISTS event (
        id {ID}, kiosk_id TEXT NOT NULL, seq BIGINT NOT NULL, type TEXT NOT NULL, occurred_at BIGINT NOT NULL,
        payload TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS quarantine (
        id {ID}, kiosk_id TEXT NOT NULL, seq BIGINT NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL,
        reason TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS enrol_token (
        token_hash TEXT PRIMARY KEY, hall TEXT NOT NULL, name TEXT NOT NULL, used_by TEXT);
    CREATE TABLE IF NOT EXISTS kiosk (
        id TEXT PRIMARY KEY, hall TEXT NOT NULL, name TEXT NOT NULL, secret TEXT NOT NULL,
        revoked BIGINT NOT NULL DEFAULT 0, last_seen BIGINT NOT NULL DEFAULT 0, heartbeat TEXT NOT NULL DEFAULT '');
    CREATE TABLE IF NOT EXISTS nonce (
        kiosk_id TEXT NOT NULL, nonce TEXT NOT NULL, ts BIGINT NOT NULL, PRIMARY KEY (kiosk_id, nonce));)",
    R"(
    CREATE INDEX event_by_kiosk ON event (kiosk_id, id);
    CREATE INDEX quarantine_by_kiosk ON quarantine (kiosk_id, id);
    CREATE INDEX nonce_by_time ON nonce (ts);
    CREATE TABLE admin_token (token_hash TEXT PRIMARY KEY, name TEXT NOT NULL, created_at BIGINT NOT NULL);
    CREATE TABLE published_bundle (
        version BIGINT PRIMARY KEY, body TEXT NOT NULL, scope TEXT NOT NULL, published_at BIGINT NOT NULL);)",
};

std::string sha256Hex(std::string_view text) {
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, d, sizeof d);
    return hex;
}

int64_t num(const std::optional<std::string>& v) { return v ? std::atoll(v->c_str()) : 0; }
std::string str(const std::optional<std::string>& v) { return v.value_or(""); }

class SqlStore : public Store {
public:
    explicit SqlStore(std::unique_ptr<sql::Pool> pool) : pool_(std::move(pool)) {}

    void migrate() {
        const bool pg = pool_->dialect() == sql::Dialect::postgresql;
        sql::transaction(*pool_, [&](Connection& c) {
            if (pg) c.query("SELECT pg_advisory_xact_lock(7340001)");  // one process migrates at a time
            c.script("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)");
            auto rows = c.query("SELECT max(version) FROM schema_version");
            int64_t at = rows.empty() ? 0 : num(rows[0][0]);
            for (int64_t v = at; v < static_cast<int64_t>(std::size(kMigrations)); ++v) {
                std::string text = kMigrations[v];
                for (size_t p; (p = text.find("{ID}")) != std::string::npos;)
                    text.replace(p, 4, pg ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY");
                c.script(text);
                c.query("INSERT INTO schema_version (version) VALUES ($1)", {v + 1});
            }
            return 0;
        });
    }

    core::Result<std::vector<EventResult>> applyEvents(std::string_view kioskId, const std::vector<Event>& events) override {
        return guarded([&] {
            return sql::transaction(*pool_, [&](Connection& c) {
                std::vector<EventResult> out;
                const int64_t now = std::time(nullptr);
                for (const auto& e : events) {
                    const bool known = knownEventType(e.type);
                    // Claim (kiosk, seq) first: a replay finds it taken and changes nothing.
                    auto claimed = c.query(
                        "INSERT INTO applied_event (kiosk_id, seq, result, applied_at) VALUES ($1, $2, $3, $4) "
                        "ON CONFLICT DO NOTHING RETURNING seq",
                        {std::string(kioskId), e.seq, std::string(known ? "accepted" : "rejected"), now});
                    if (claimed.empty()) {
                        out.push_back({EventResult::Kind::duplicate, ""});
                        continue;
                    }
                    if (known) {
                        c.query("INSERT INTO event (kiosk_id, seq, type, occurred_at, payload) VALUES ($1, $2, $3, $4, $5)",
                                {std::string(kioskId), e.seq, e.type, e.occurredAt, e.payload});
                        out.push_back({EventResult::Kind::accepted, ""});
                    } else {
                        EventResult r{EventResult::Kind::rejected, "unknown event type \"" + e.type + "\""};
                        c.query("INSERT INTO quarantine (kiosk_id, seq, type, payload, reason) VALUES ($1, $2, $3, $4, $5)",
                                {std::string(kioskId), e.seq, e.type, e.payload, r.reason});
                        out.push_back(std::move(r));
                    }
                }
                return out;
            });
        });
    }

    int64_t eventCount(std::string_view kioskId) override { return count("event", kioskId); }
    int64_t quarantineCount(std::string_view kioskId) override { return count("quarantine", kioskId); }

    std::vector<Event> events(std::string_view kioskId) override {
        std::vector<Event> out;
        for (auto& r : query("SELECT seq, type, occurred_at, payload FROM event WHERE kiosk_id = $1 ORDER BY id",
                             {std::string(kioskId)}))
            out.push_back({num(r[0]), str(r[1]), num(r[2]), str(r[3])});
        return out;
    }

    std::vector<QuarantineEntry> quarantine(std::string_view kioskId, int limit) override {
        std::vector<QuarantineEntry> out;
        for (auto& r : query("SELECT kiosk_id, seq, type, payload, reason FROM quarantine WHERE $1 = '' OR kiosk_id = $1 "
                             "ORDER BY id DESC LIMIT $2",
                             {std::string(kioskId), int64_t{limit}}))
            out.push_back({str(r[0]), num(r[1]), str(r[2]), str(r[3]), str(r[4])});
        return out;
    }

    core::Result<std::string> createEnrolToken(std::string_view hall, std::string_view name) override {
        const std::string token = protocol::randomHex(16);
        return guarded([&] {
            query("INSERT INTO enrol_token (token_hash, hall, name) VALUES ($1, $2, $3)",
                  {sha256Hex(token), std::string(hall), std::string(name)});
            return token;
        });
    }

    core::Result<std::pair<std::string, std::string>> enroll(std::string_view token) override {
        auto r = guarded([&] {
            return sql::transaction(*pool_, [&](Connection& c) -> std::optional<std::pair<std::string, std::string>> {
                const std::string id = "k-" + protocol::randomHex(8), secret = protocol::randomHex(32);
                // Spending the token and creating the terminal are one step: two terminals can't share a token.
                auto rows = c.query("UPDATE enrol_token SET used_by = $1 WHERE token_hash = $2 AND used_by IS NULL "
                                    "RETURNING hall, name",
                                    {id, sha256Hex(token)});
                if (rows.empty()) return std::nullopt;
                c.query("INSERT INTO kiosk (id, hall, name, secret) VALUES ($1, $2, $3, $4)",
                        {id, str(rows[0][0]), str(rows[0][1]), secret});
                return std::make_pair(id, secret);
            });
        });
        if (!r) return core::Error{r.error()};
        if (!*r) return core::Error{"the enrolment token is unknown or already used"};
        return **r;
    }

    std::optional<std::string> kioskSecret(std::string_view kioskId) override {
        auto rows = query("SELECT secret FROM kiosk WHERE id = $1 AND revoked = 0", {std::string(kioskId)});
        if (rows.empty()) return std::nullopt;
        return str(rows[0][0]);
    }

    core::Status revoke(std::string_view kioskId) override {
        auto r = guarded([&] { return query("UPDATE kiosk SET revoked = 1 WHERE id = $1 RETURNING id", {std::string(kioskId)}); });
        if (!r) return core::Error{r.error()};
        if (r->empty()) return core::Error{"no terminal " + std::string(kioskId)};
        return core::okStatus();
    }

    core::Status recordHeartbeat(std::string_view kioskId, std::string_view body, int64_t nowS) override {
        auto r = guarded([&] {
            return query("UPDATE kiosk SET last_seen = $1, heartbeat = $2 WHERE id = $3",
                         {nowS, std::string(body), std::string(kioskId)});
        });
        if (!r) return core::Error{r.error()};
        return core::okStatus();
    }

    std::vector<FleetEntry> fleet() override { return fleetWhere("", ""); }
    std::optional<FleetEntry> kiosk(std::string_view kioskId) override {
        auto all = fleetWhere("WHERE id = $1", kioskId);
        if (all.empty()) return std::nullopt;
        return all.front();
    }

    bool rememberNonce(std::string_view kioskId, std::string_view nonce, int64_t timestamp) override {
        // Nonces older than the signing window can never come back; forget them now and then.
        if (++nonceCalls_ % 1024 == 0) query("DELETE FROM nonce WHERE ts < $1", {int64_t{std::time(nullptr)} - 900});
        auto r = guarded([&] {
            return query("INSERT INTO nonce (kiosk_id, nonce, ts) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING ts",
                         {std::string(kioskId), std::string(nonce), timestamp});
        });
        return r && !r->empty();
    }

    core::Result<std::string> createAdminToken(std::string_view name) override {
        const std::string token = "adm-" + protocol::randomHex(24);
        return guarded([&] {
            query("INSERT INTO admin_token (token_hash, name, created_at) VALUES ($1, $2, $3)",
                  {sha256Hex(token), std::string(name), int64_t{std::time(nullptr)}});
            return token;
        });
    }

    std::optional<std::string> adminName(std::string_view token) override {
        if (token.empty()) return std::nullopt;
        auto rows = query("SELECT name FROM admin_token WHERE token_hash = $1", {sha256Hex(token)});
        if (rows.empty()) return std::nullopt;
        return str(rows[0][0]);
    }

    core::Status publishBundle(const PublishedBundle& b) override {
        auto r = guarded([&] {
            return sql::transaction(*pool_, [&](Connection& c) -> std::string {
                auto rows = c.query("SELECT body FROM published_bundle WHERE version = $1", {b.version});
                if (rows.empty()) {
                    c.query("INSERT INTO published_bundle (version, body, scope, published_at) VALUES ($1, $2, $3, $4)",
                            {b.version, b.body, b.scope, b.publishedAt});
                    return "";
                }
                if (str(rows[0][0]) != b.body)
                    return "version " + std::to_string(b.version) + " was already published with a different document";
                c.query("UPDATE published_bundle SET scope = $1, published_at = $2 WHERE version = $3",
                        {b.scope, b.publishedAt, b.version});
                return "";
            });
        });
        if (!r) return core::Error{r.error()};
        if (!r->empty()) return core::Error{*r};
        return core::okStatus();
    }

    std::vector<PublishedBundle> bundlesNewerThan(int64_t version) override {
        std::vector<PublishedBundle> out;
        for (auto& r : query("SELECT version, body, scope, published_at FROM published_bundle WHERE version > $1 "
                             "ORDER BY version DESC LIMIT 50",
                             {version}))
            out.push_back({num(r[0]), str(r[1]), str(r[2]), num(r[3])});
        return out;
    }

private:
    // Reads that fail (database gone) answer empty; writes report the failure through guarded().
    sql::Rows query(const std::string& text, const std::vector<Value>& params) {
        sql::Rows rows;
        try {
            pool_->with([&](Connection& c) { rows = c.query(text, params); });
        } catch (const sql::Failure&) {
        }
        return rows;
    }
    template <typename F>
    auto guarded(F&& fn) -> core::Result<decltype(fn())> {
        try {
            return fn();
        } catch (const sql::Failure& e) {
            return core::Error{std::string("the central store failed: ") + e.what()};
        }
    }
    int64_t count(const char* table, std::string_view kioskId) {
        auto rows = query(std::string("SELECT count(*) FROM ") + table + " WHERE kiosk_id = $1", {std::string(kioskId)});
        return rows.empty() ? -1 : num(rows[0][0]);
    }
    std::vector<FleetEntry> fleetWhere(const char* where, std::string_view id) {
        std::vector<FleetEntry> out;
        std::vector<Value> params;
        if (*where) params.emplace_back(std::string(id));
        for (auto& r : query(std::string("SELECT id, hall, name, revoked, last_seen, heartbeat FROM kiosk ") + where +
                                 " ORDER BY hall, name",
                             params))
            out.push_back({str(r[0]), str(r[1]), str(r[2]), str(r[5]), num(r[3]) != 0, num(r[4])});
        return out;
    }
    std::unique_ptr<sql::Pool> pool_;
    std::atomic<uint64_t> nonceCalls_{0};
};

}  // namespace

core::Result<std::unique_ptr<Store>> openStore(const std::string& url) {
    try {
        auto store = std::make_unique<SqlStore>(sql::openPool(url));
        store->migrate();
        return std::unique_ptr<Store>(std::move(store));
    } catch (const sql::Failure& e) {
        return core::Error{std::string("cannot open the central store: ") + e.what()};
    }
}

}  // namespace ow::central
