// The central store on SQLite (WAL, synchronous=FULL), exactly-once per (kiosk_id, seq).
#include <sodium.h>
#include <sqlite3.h>

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

namespace {

const char* const kSchema = R"(
    CREATE TABLE IF NOT EXISTS applied_event (
        kiosk_id     TEXT NOT NULL,
        seq          INTEGER NOT NULL,
        result       TEXT NOT NULL,
        applied_at   INTEGER NOT NULL,
        PRIMARY KEY (kiosk_id, seq));
    CREATE TABLE IF NOT EXISTS event (
        id           INTEGER PRIMARY KEY,
        kiosk_id     TEXT NOT NULL,
        seq          INTEGER NOT NULL,
        type         TEXT NOT NULL,
        occurred_at  INTEGER NOT NULL,
        payload      TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS quarantine (
        id           INTEGER PRIMARY KEY,
        kiosk_id     TEXT NOT NULL,
        seq          INTEGER NOT NULL,
        type         TEXT NOT NULL,
        payload      TEXT NOT NULL,
        reason       TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS enrol_token (
        token_hash   TEXT PRIMARY KEY,
        hall         TEXT NOT NULL,
        name         TEXT NOT NULL,
        used_by      TEXT);
    CREATE TABLE IF NOT EXISTS kiosk (
        id           TEXT PRIMARY KEY,
        hall         TEXT NOT NULL,
        name         TEXT NOT NULL,
        secret       TEXT NOT NULL,
        revoked      INTEGER NOT NULL DEFAULT 0,
        last_seen    INTEGER NOT NULL DEFAULT 0,
        heartbeat    TEXT NOT NULL DEFAULT '');
    CREATE TABLE IF NOT EXISTS nonce (
        kiosk_id     TEXT NOT NULL,
        nonce        TEXT NOT NULL,
        ts           INTEGER NOT NULL,
        PRIMARY KEY (kiosk_id, nonce));
    PRAGMA user_version = 1;)";

std::string sha256Hex(std::string_view text) {
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, d, sizeof d);
    return hex;
}

class SqliteStore : public Store {
public:
    explicit SqliteStore(sqlite3* db) : db_(db) {}
    ~SqliteStore() override { sqlite3_close(db_); }

    core::Result<EventResult> applyEvent(std::string_view kioskId, const Event& e) override {
        if (!exec("BEGIN IMMEDIATE")) return core::Error{sqlite3_errmsg(db_)};
        auto fail = [&]() -> core::Result<EventResult> {
            core::Error err{sqlite3_errmsg(db_)};
            exec("ROLLBACK");
            return err;
        };
        // Claim (kiosk, seq) first: a replay finds it taken and changes nothing.
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db_, "INSERT OR IGNORE INTO applied_event (kiosk_id, seq, result, applied_at) "
                                "VALUES (?, ?, ?, strftime('%s','now'))", -1, &s, nullptr);
        const bool known = knownEventType(e.type);
        bind(s, 1, kioskId);
        sqlite3_bind_int64(s, 2, e.seq);
        bind(s, 3, known ? "accepted" : "rejected");
        const int r = sqlite3_step(s);
        sqlite3_finalize(s);
        if (r != SQLITE_DONE) return fail();
        if (sqlite3_changes(db_) == 0) {
            exec("ROLLBACK");
            return EventResult{EventResult::Kind::duplicate, ""};
        }
        EventResult result{EventResult::Kind::accepted, ""};
        if (known) {
            sqlite3_prepare_v2(db_, "INSERT INTO event (kiosk_id, seq, type, occurred_at, payload) VALUES (?, ?, ?, ?, ?)",
                               -1, &s, nullptr);
            bind(s, 1, kioskId);
            sqlite3_bind_int64(s, 2, e.seq);
            bind(s, 3, e.type);
            sqlite3_bind_int64(s, 4, e.occurredAt);
            bind(s, 5, e.payload);
        } else {
            result = {EventResult::Kind::rejected, "unknown event type \"" + e.type + "\""};
            sqlite3_prepare_v2(db_, "INSERT INTO quarantine (kiosk_id, seq, type, payload, reason) VALUES (?, ?, ?, ?, ?)",
                               -1, &s, nullptr);
            bind(s, 1, kioskId);
            sqlite3_bind_int64(s, 2, e.seq);
            bind(s, 3, e.type);
            bind(s, 4, e.payload);
            bind(s, 5, result.reason);
        }
        const int r2 = sqlite3_step(s);
        sqlite3_finalize(s);
        if (r2 != SQLITE_DONE) return fail();
        if (!exec("COMMIT")) return fail();
        return result;
    }

    int64_t eventCount(std::string_view kioskId) override { return count("event", kioskId); }

    core::Result<std::string> createEnrolToken(std::string_view hall, std::string_view name) override {
        const std::string token = protocol::randomHex(16);
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db_, "INSERT INTO enrol_token (token_hash, hall, name) VALUES (?, ?, ?)", -1, &s, nullptr);
        bind(s, 1, sha256Hex(token));
        bind(s, 2, hall);
        bind(s, 3, name);
        const int r = sqlite3_step(s);
        sqlite3_finalize(s);
        if (r != SQLITE_DONE) return core::Error{sqlite3_errmsg(db_)};
        return token;
    }

    core::Result<std::pair<std::string, std::string>> enroll(std::string_view token) override {
        if (!exec("BEGIN IMMEDIATE")) return core::Error{sqlite3_errmsg(db_)};
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db_, "SELECT hall, name FROM enrol_token WHERE token_hash = ? AND used_by IS NULL", -1, &s,
                           nullptr);
        bind(s, 1, sha256Hex(token));
        if (sqlite3_step(s) != SQLITE_ROW) {
            sqlite3_finalize(s);
            exec("ROLLBACK");
            return core::Error{"the enrolment token is unknown or already used"};
        }
        const std::string hall = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
        const std::string name = reinterpret_cast<const char*>(sqlite3_column_text(s, 1));
        sqlite3_finalize(s);
        const std::string id = "k-" + protocol::randomHex(8), secret = protocol::randomHex(32);
        sqlite3_prepare_v2(db_, "INSERT INTO kiosk (id, hall, name, secret) VALUES (?, ?, ?, ?)", -1, &s, nullptr);
        bind(s, 1, id);
        bind(s, 2, hall);
        bind(s, 3, name);
        bind(s, 4, secret);
        int r = sqlite3_step(s);
        sqlite3_finalize(s);
        sqlite3_prepare_v2(db_, "UPDATE enrol_token SET used_by = ? WHERE token_hash = ?", -1, &s, nullptr);
        bind(s, 1, id);
        bind(s, 2, sha256Hex(token));
        if (r == SQLITE_DONE) r = sqlite3_step(s);
        sqlite3_finalize(s);
        if (r != SQLITE_DONE || !exec("COMMIT")) {
            core::Error e{sqlite3_errmsg(db_)};
            exec("ROLLBACK");
            return e;
        }
        return std::make_pair(id, secret);
    }

    std::optional<std::string> kioskSecret(std::string_view kioskId) override {
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db_, "SELECT secret FROM kiosk WHERE id = ? AND revoked = 0", -1, &s, nullptr);
        bind(s, 1, kioskId);
        std::optional<std::string> out;
        if (sqlite3_step(s) == SQLITE_ROW) out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
        sqlite3_finalize(s);
        return out;
    }

    core::Status revoke(std::string_view kioskId) override {
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db_, "UPDATE kiosk SET revoked = 1 WHERE id = ?", -1, &s, nullptr);
        bind(s, 1, kioskId);
        const int r = sqlite3_step(s);
        sqlite3_finalize(s);
        if (r != SQLITE_DONE || sqlite3_changes(db_) != 1) return core::Error{"no terminal " + std::string(kioskId)};
        return core::okStatus();
    }

    core::Status recordHeartbeat(std::string_view kioskId, std::string_view body, int64_t nowS) override {
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db_, "UPDATE kiosk SET last_seen = ?, heartbeat = ? WHERE id = ?", -1, &s, nullptr);
        sqlite3_bind_int64(s, 1, nowS);
        bind(s, 2, body);
        bind(s, 3, kioskId);
        const int r = sqlite3_step(s);
        sqlite3_finalize(s);
        if (r != SQLITE_DONE) return core::Error{sqlite3_errmsg(db_)};
        return core::okStatus();
    }

    std::vector<FleetEntry> fleet() override {
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db_, "SELECT id, hall, name, revoked, last_seen, heartbeat FROM kiosk ORDER BY hall, name", -1,
                           &s, nullptr);
        std::vector<FleetEntry> out;
        auto text = [&](int c) { return std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, c))); };
        while (sqlite3_step(s) == SQLITE_ROW)
            out.push_back({text(0), text(1), text(2), text(5), sqlite3_column_int(s, 3) != 0, sqlite3_column_int64(s, 4)});
        sqlite3_finalize(s);
        return out;
    }

    bool rememberNonce(std::string_view kioskId, std::string_view nonce, int64_t timestamp) override {
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db_, "INSERT OR IGNORE INTO nonce (kiosk_id, nonce, ts) VALUES (?, ?, ?)", -1, &s, nullptr);
        bind(s, 1, kioskId);
        bind(s, 2, nonce);
        sqlite3_bind_int64(s, 3, timestamp);
        const bool fresh = sqlite3_step(s) == SQLITE_DONE && sqlite3_changes(db_) == 1;
        sqlite3_finalize(s);
        return fresh;
    }
    int64_t quarantineCount(std::string_view kioskId) override { return count("quarantine", kioskId); }

private:
    static void bind(sqlite3_stmt* s, int i, std::string_view v) {
        sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    }
    bool exec(const char* sql) { return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == SQLITE_OK; }
    int64_t count(const char* table, std::string_view kioskId) {
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db_, (std::string("SELECT count(*) FROM ") + table + " WHERE kiosk_id = ?").c_str(), -1, &s,
                           nullptr);
        bind(s, 1, kioskId);
        const int64_t n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
        sqlite3_finalize(s);
        return n;
    }
    sqlite3* db_;
};

}  // namespace

core::Result<std::unique_ptr<Store>> openSqliteStore(const std::string& path) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
        core::Error e{std::string("cannot open the central store ") + path + ": " + sqlite3_errmsg(db)};
        sqlite3_close(db);
        return e;
    }
    sqlite3_busy_timeout(db, 5000);
    char* msg = nullptr;
    if (sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", nullptr, nullptr, &msg) != SQLITE_OK ||
        sqlite3_exec(db, kSchema, nullptr, nullptr, &msg) != SQLITE_OK) {
        core::Error e{std::string("cannot prepare the central store: ") + (msg ? msg : "")};
        sqlite3_free(msg);
        sqlite3_close(db);
        return e;
    }
    return std::unique_ptr<Store>(std::make_unique<SqliteStore>(db));
}

}  // namespace ow::central
