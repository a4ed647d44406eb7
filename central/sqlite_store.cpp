// The central store on SQLite (WAL, synchronous=FULL), exactly-once per (kiosk_id, seq).
#include <sqlite3.h>

#include "central/store.h"

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
    PRAGMA user_version = 1;)";

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
