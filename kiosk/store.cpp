// Local SQLite store with versioned migrations (PRAGMA user_version holds the schema version).
#include "kiosk/store.h"

#include <sodium.h>
#include <sqlite3.h>

#include <ctime>

#include "kiosk/crash_point.h"

namespace ow::core {

namespace {

// Each entry takes the schema from version i to i+1. Never edit a released step: append a new one.
const char* const kMigrations[] = {
    // 1: configuration bundles and terminal settings.
    R"(CREATE TABLE bundle (
           version     INTEGER PRIMARY KEY,
           body        TEXT NOT NULL,
           state       TEXT NOT NULL CHECK (state IN ('active', 'last_good', 'retired')),
           applied_at  INTEGER NOT NULL);
       CREATE UNIQUE INDEX bundle_one_active ON bundle(state) WHERE state = 'active';
       CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);)",
    // 2: the outbox of events for central, and the audit log of service-mode actions.
    R"(CREATE TABLE outbox (
           seq          INTEGER PRIMARY KEY AUTOINCREMENT,
           type         TEXT NOT NULL,
           occurred_at  INTEGER NOT NULL,
           payload      BLOB NOT NULL);
       CREATE TABLE audit_log (
           id      INTEGER PRIMARY KEY,
           at      INTEGER NOT NULL,
           actor   TEXT NOT NULL,
           action  TEXT NOT NULL,
           detail  TEXT NOT NULL);)",
    // 3: device event log and the print-job journal.
    R"(CREATE TABLE device_event (
           id      INTEGER PRIMARY KEY,
           at      INTEGER NOT NULL,
           device  TEXT NOT NULL,
           state   TEXT NOT NULL,
           detail  TEXT NOT NULL);
       CREATE TABLE print_job (
           id          INTEGER PRIMARY KEY,
           created_at  INTEGER NOT NULL,
           printer     TEXT NOT NULL,
           document    TEXT NOT NULL,
           state       TEXT NOT NULL CHECK (state IN ('queued', 'printing', 'held', 'done', 'failed')),
           data        BLOB NOT NULL);)",
    // 4: the print journal's bytes are sealed from now on; what earlier releases kept in clear of jobs already
    // printed is dropped (an unfinished one cannot be opened with the data key: it is marked failed on reading).
    R"(UPDATE print_job SET data = X'' WHERE state IN ('done', 'failed');)",
};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == kSchemaVersion);

// nonce ‖ secretbox(bytes): personal data never lies in the file in clear (the outbox, the print journal).
std::vector<uint8_t> seal(const uint8_t* bytes, size_t size, const OutboxKey& key) {
    std::vector<uint8_t> sealed(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + size);
    randombytes_buf(sealed.data(), crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(sealed.data() + crypto_secretbox_NONCEBYTES, bytes, size, sealed.data(), key.data());
    return sealed;
}
std::optional<std::vector<uint8_t>> unseal(const std::vector<uint8_t>& sealed, const OutboxKey& key) {
    if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return std::nullopt;
    std::vector<uint8_t> plain(sealed.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES);
    if (crypto_secretbox_open_easy(plain.data(), sealed.data() + crypto_secretbox_NONCEBYTES,
                                   sealed.size() - crypto_secretbox_NONCEBYTES, sealed.data(), key.data()) != 0)
        return std::nullopt;
    return plain;
}

// A prepared statement that finalizes itself.
class Statement {
public:
    Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    bool ok() const { return stmt_ != nullptr; }
    void bind(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
    void bind(int i, const std::vector<uint8_t>& v) {
        sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    }
    std::vector<uint8_t> blob(int col) {
        const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(stmt_, col));
        return p ? std::vector<uint8_t>(p, p + sqlite3_column_bytes(stmt_, col)) : std::vector<uint8_t>{};
    }
    void bind(int i, std::string_view v) {
        sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    }
    int step() { return sqlite3_step(stmt_); }
    int64_t integer(int col) { return sqlite3_column_int64(stmt_, col); }
    std::string text(int col) {
        const auto* p = sqlite3_column_text(stmt_, col);
        return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, col)) : "";
    }

private:
    sqlite3_stmt* stmt_ = nullptr;
};

Error sqlError(sqlite3* db, const std::string& what) { return Error{what + ": " + sqlite3_errmsg(db)}; }

}  // namespace

Result<Store> Store::open(const std::string& path, int upTo) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
        Error e = sqlError(db, "cannot open the local store " + path);
        sqlite3_close(db);
        return e;
    }
    Store store(db);
    sqlite3_busy_timeout(db, 5000);
    // WAL keeps readers and the writer apart; FULL makes a committed row survive power loss (outbox rule).
    if (auto st = store.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;"); !st)
        return Error{st.error()};
    if (store.journalMode() != "wal") return Error{"the local store " + path + " cannot use WAL mode"};
    if (auto st = store.migrate(upTo); !st) return Error{st.error()};
    return store;
}

Store::Store(Store&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }

Store& Store::operator=(Store&& other) noexcept {
    if (this != &other) {
        sqlite3_close(db_);
        db_ = other.db_;
        other.db_ = nullptr;
    }
    return *this;
}

Store::~Store() { sqlite3_close(db_); }

Status Store::exec(const std::string& sql) {
    char* msg = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
        Error e{std::string("store: ") + (msg ? msg : "unknown error")};
        sqlite3_free(msg);
        return e;
    }
    return okStatus();
}

int Store::schemaVersion() const {
    Statement s(db_, "PRAGMA user_version");
    return s.step() == SQLITE_ROW ? static_cast<int>(s.integer(0)) : -1;
}

std::string Store::journalMode() const {
    Statement s(db_, "PRAGMA journal_mode");
    return s.step() == SQLITE_ROW ? s.text(0) : "";
}

Status Store::migrate(int upTo) {
    const int from = schemaVersion();
    if (from > kSchemaVersion)
        return Error{"the local store has schema version " + std::to_string(from) + ", newer than this software (" +
                     std::to_string(kSchemaVersion) + "); install the newer software or restore a backup"};
    for (int v = from; v < upTo; ++v) {
        // Each step and its version bump commit together, so a crash leaves the file at a whole version.
        const std::string sql = std::string("BEGIN IMMEDIATE;") + kMigrations[v] +
                                "; PRAGMA user_version=" + std::to_string(v + 1) + "; COMMIT;";
        if (auto st = exec(sql); !st) {
            exec("ROLLBACK");
            return Error{"migrating the local store to version " + std::to_string(v + 1) + " failed: " + st.error()};
        }
    }
    return okStatus();
}

Status Store::activateBundle(int64_t version, std::string_view body) {
    if (auto st = exec("BEGIN IMMEDIATE"); !st) return st;
    auto rollback = [&](Error e) {
        exec("ROLLBACK");
        return e;
    };
    if (auto st = exec("DELETE FROM bundle WHERE state = 'last_good'; "
                       "UPDATE bundle SET state = 'last_good' WHERE state = 'active';");
        !st)
        return rollback(Error{st.error()});
    crashPoint("bundle.activating");  // inside the transaction: the old bundle has moved, the new one is not in
    Statement ins(db_, "INSERT OR REPLACE INTO bundle (version, body, state, applied_at) VALUES (?, ?, 'active', ?)");
    ins.bind(1, version);
    ins.bind(2, body);
    ins.bind(3, static_cast<int64_t>(std::time(nullptr)));
    if (ins.step() != SQLITE_DONE) return rollback(sqlError(db_, "storing bundle"));
    if (auto st = exec("COMMIT"); !st) return rollback(Error{st.error()});
    return okStatus();
}

std::optional<StoredBundle> Store::bundleIn(const char* state) const {
    Statement s(db_, "SELECT version, body FROM bundle WHERE state = ? ORDER BY version DESC LIMIT 1");
    s.bind(1, std::string_view(state));
    if (s.step() != SQLITE_ROW) return std::nullopt;
    return StoredBundle{s.integer(0), s.text(1)};
}

Status Store::rollbackBundle() {
    if (!lastGoodBundle()) return Error{"there is no last good bundle to go back to"};
    if (auto st = exec("BEGIN IMMEDIATE"); !st) return st;
    if (auto st = exec("UPDATE bundle SET state = 'retired' WHERE state = 'active'; "
                       "UPDATE bundle SET state = 'active' WHERE state = 'last_good';");
        !st) {
        exec("ROLLBACK");
        return st;
    }
    return exec("COMMIT");
}

int64_t Store::highestBundleVersion() const { return scalar("SELECT coalesce(max(version), 0) FROM bundle"); }

std::optional<StoredBundle> Store::activeBundle() const { return bundleIn("active"); }
std::optional<StoredBundle> Store::lastGoodBundle() const { return bundleIn("last_good"); }

Status Store::setSetting(std::string_view key, std::string_view value) {
    Statement s(db_, "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    s.bind(1, key);
    s.bind(2, value);
    if (s.step() != SQLITE_DONE) return sqlError(db_, "saving setting");
    return okStatus();
}

std::optional<std::string> Store::setting(std::string_view key) const {
    Statement s(db_, "SELECT value FROM setting WHERE key = ?");
    s.bind(1, key);
    if (s.step() != SQLITE_ROW) return std::nullopt;
    return s.text(0);
}

Status Store::audit(std::string_view actor, std::string_view action, std::string_view detail) {
    Statement s(db_, "INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)");
    s.bind(1, static_cast<int64_t>(std::time(nullptr)));
    s.bind(2, actor);
    s.bind(3, action);
    s.bind(4, detail);
    if (s.step() != SQLITE_DONE) return sqlError(db_, "writing audit log");
    return okStatus();
}

Result<int64_t> Store::addPrintJob(std::string_view printer, std::string_view document,
                                   const std::vector<uint8_t>& data, const OutboxKey& key) {
    Statement s(db_, "INSERT INTO print_job (created_at, printer, document, state, data) VALUES (?, ?, ?, 'queued', ?)");
    s.bind(1, static_cast<int64_t>(std::time(nullptr)));
    s.bind(2, printer);
    s.bind(3, document);
    s.bind(4, seal(data.data(), data.size(), key));
    if (s.step() != SQLITE_DONE) return sqlError(db_, "journalling a print job");
    return static_cast<int64_t>(sqlite3_last_insert_rowid(db_));
}

Status Store::setPrintJobState(int64_t id, std::string_view state) {
    // Printed (or given up): the document's bytes are no longer needed, so they are not kept.
    const bool over = state == "done" || state == "failed";
    Statement s(db_, over ? "UPDATE print_job SET state = ?, data = X'' WHERE id = ?" : "UPDATE print_job SET state = ? WHERE id = ?");
    s.bind(1, state);
    s.bind(2, id);
    if (s.step() != SQLITE_DONE) return sqlError(db_, "updating a print job");
    if (sqlite3_changes(db_) != 1) return Error{"no print job " + std::to_string(id)};
    return okStatus();
}

std::vector<StoredPrintJob> Store::unfinishedPrintJobs(std::string_view printer, const OutboxKey& key) {
    std::vector<StoredPrintJob> out;
    std::vector<int64_t> unreadable;
    {
        Statement s(db_, "SELECT id, printer, document, state, data FROM print_job WHERE printer = ? AND state NOT IN "
                         "('done', 'failed') ORDER BY id");
        s.bind(1, printer);
        while (s.step() == SQLITE_ROW) {
            auto plain = unseal(s.blob(4), key);
            if (!plain) unreadable.push_back(s.integer(0));
            else out.push_back({s.integer(0), s.text(1), s.text(2), s.text(3), std::move(*plain)});
        }
    }
    for (int64_t id : unreadable) setPrintJobState(id, "failed");  // another key's (a restored file): not printable
    return out;
}

Result<int64_t> Store::enqueueOutbox(std::string_view type, int64_t occurredAt, std::string_view payload,
                                     const OutboxKey& key) {
    const std::vector<uint8_t> sealed = seal(reinterpret_cast<const uint8_t*>(payload.data()), payload.size(), key);
    Statement s(db_, "INSERT INTO outbox (type, occurred_at, payload) VALUES (?, ?, ?)");
    s.bind(1, type);
    s.bind(2, occurredAt);
    s.bind(3, sealed);
    if (s.step() != SQLITE_DONE) return sqlError(db_, "writing to the outbox");
    return static_cast<int64_t>(sqlite3_last_insert_rowid(db_));
}

Result<int64_t> Store::enqueueOutboxAll(const std::function<std::vector<OutboxItem>(int64_t firstSeq)>& build,
                                        const OutboxKey& key) {
    if (auto st = exec("BEGIN IMMEDIATE"); !st) return Error{st.error()};
    const int64_t first = outboxLastSeq() + 1;
    auto items = build(first);
    // The payloads in clear (a person's form and papers) are zeroed once sealed into the file.
    const auto wipe = [&] {
        for (auto& item : items) sodium_memzero(item.payload.data(), item.payload.size());
    };
    for (const auto& item : items) {
        if (auto seq = enqueueOutbox(item.type, item.occurredAt, item.payload, key); !seq) {
            exec("ROLLBACK");
            wipe();
            return Error{seq.error()};
        }
    }
    wipe();
    if (auto st = exec("COMMIT"); !st) {
        exec("ROLLBACK");
        return Error{st.error()};
    }
    return first;
}

Result<std::vector<OutboxEvent>> Store::peekOutbox(size_t limit, const OutboxKey& key) const {
    Statement s(db_, "SELECT seq, type, occurred_at, payload FROM outbox ORDER BY seq LIMIT ?");
    s.bind(1, static_cast<int64_t>(limit));
    std::vector<OutboxEvent> out;
    while (s.step() == SQLITE_ROW) {
        auto plain = unseal(s.blob(3), key);
        if (!plain)
            return Error{"outbox event " + std::to_string(s.integer(0)) + " is damaged or cannot be decrypted with this terminal's key"};
        out.push_back({s.integer(0), s.text(1), s.integer(2), std::string(plain->begin(), plain->end())});
    }
    return out;
}

Result<int> Store::resealOutbox(const OutboxKey& from, const OutboxKey& to) {
    if (auto st = exec("BEGIN IMMEDIATE"); !st) return Error{st.error()};
    int resealed = 0;
    bool failed = false;
    {
        Statement rows(db_, "SELECT seq, payload FROM outbox ORDER BY seq");
        while (!failed && rows.step() == SQLITE_ROW) {
            const std::vector<uint8_t> sealed = rows.blob(1);
            if (unseal(sealed, to)) continue;
            auto plain = unseal(sealed, from);
            if (!plain) continue;
            Statement update(db_, "UPDATE outbox SET payload = ? WHERE seq = ?");
            update.bind(1, seal(plain->data(), plain->size(), to));
            update.bind(2, rows.integer(0));
            sodium_memzero(plain->data(), plain->size());
            failed = update.step() != SQLITE_DONE;
            if (!failed) ++resealed;
        }
    }
    if (failed) {
        Error e = sqlError(db_, "re-sealing the outbox");
        exec("ROLLBACK");
        return e;
    }
    if (auto st = exec("COMMIT"); !st) {
        exec("ROLLBACK");
        return Error{st.error()};
    }
    return resealed;
}

Status Store::ackOutbox(int64_t uptoSeq) {
    Statement s(db_, "DELETE FROM outbox WHERE seq <= ?");
    s.bind(1, uptoSeq);
    if (s.step() != SQLITE_DONE) return sqlError(db_, "clearing acknowledged events");
    return okStatus();
}

int64_t Store::scalar(const char* sql) const {
    Statement s(db_, sql);
    return s.step() == SQLITE_ROW ? s.integer(0) : 0;
}

int64_t Store::outboxDepth() const { return scalar("SELECT count(*) FROM outbox"); }
int64_t Store::outboxOldestAt() const { return scalar("SELECT occurred_at FROM outbox ORDER BY seq LIMIT 1"); }
int64_t Store::outboxLastSeq() const {
    return scalar("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0)");
}
int64_t Store::auditCount() const { return scalar("SELECT count(*) FROM audit_log"); }

int64_t Store::printedSince(std::string_view printer, int64_t since) const {
    Statement s(db_, "SELECT count(*) FROM print_job WHERE printer = ? AND state = 'done' AND created_at >= ?");
    s.bind(1, printer);
    s.bind(2, since);
    return s.step() == SQLITE_ROW ? s.integer(0) : 0;
}

}  // namespace ow::core
