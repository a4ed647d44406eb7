// The SQL layer on SQLite: one connection (WAL, synchronous=FULL) shared behind a mutex; SQLite has one
// writer at a time anyway.
#include <sqlite3.h>

#include <cstdio>
#include <mutex>

#include "central/sql.h"

namespace ow::central::sql {

namespace {

class SqliteConnection : public Connection {
public:
    explicit SqliteConnection(sqlite3* db) : db_(db) {}
    ~SqliteConnection() override { sqlite3_close(db_); }

    Rows query(const std::string& sql, const std::vector<Value>& params) override {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &s, nullptr) != SQLITE_OK) fail();
        std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> guard(s, sqlite3_finalize);
        for (size_t i = 0; i < params.size(); ++i) {
            char name[24];
            std::snprintf(name, sizeof name, "$%zu", i + 1);
            const int at = sqlite3_bind_parameter_index(s, name);
            if (at == 0) continue;
            if (const auto* n = std::get_if<int64_t>(&params[i]))
                sqlite3_bind_int64(s, at, *n);
            else {
                const auto& t = std::get<std::string>(params[i]);
                sqlite3_bind_text(s, at, t.data(), static_cast<int>(t.size()), SQLITE_TRANSIENT);
            }
        }
        Rows rows;
        for (;;) {
            const int r = sqlite3_step(s);
            if (r == SQLITE_DONE) break;
            if (r != SQLITE_ROW) fail();
            Row row;
            for (int c = 0; c < sqlite3_column_count(s); ++c) {
                const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, c));
                if (text)
                    row.emplace_back(std::string(text, static_cast<size_t>(sqlite3_column_bytes(s, c))));
                else
                    row.emplace_back(std::nullopt);
            }
            rows.push_back(std::move(row));
        }
        return rows;
    }
    void script(const std::string& sql) override {
        char* msg = nullptr;
        if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
            const std::string why = msg ? msg : "unknown error";
            sqlite3_free(msg);
            throw Failure(why);
        }
    }
    void begin() override { script("BEGIN IMMEDIATE"); }
    void commit() override { script("COMMIT"); }
    void rollback() override { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }

private:
    [[noreturn]] void fail() { throw Failure(sqlite3_errmsg(db_)); }
    sqlite3* db_;
};

class SqlitePool : public Pool {
public:
    explicit SqlitePool(std::unique_ptr<SqliteConnection> c) : conn_(std::move(c)) {}
    Dialect dialect() const override { return Dialect::sqlite; }
    void with(const std::function<void(Connection&)>& fn) override {
        std::lock_guard lock(mutex_);
        fn(*conn_);
    }

private:
    std::mutex mutex_;
    std::unique_ptr<SqliteConnection> conn_;
};

}  // namespace

std::unique_ptr<Pool> openSqlite(const std::string& path) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
        const std::string why = "cannot open the central store " + path + ": " + sqlite3_errmsg(db);
        sqlite3_close(db);
        throw Failure(why);
    }
    sqlite3_busy_timeout(db, 5000);
    auto conn = std::make_unique<SqliteConnection>(db);
    conn->script("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
    return std::make_unique<SqlitePool>(std::move(conn));
}

std::unique_ptr<Pool> openPool(const std::string& url) {
    if (url.rfind("sqlite:", 0) == 0) return openSqlite(url.substr(7));
    if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) return openPostgres(url);
    throw Failure("the database must be sqlite:PATH or postgresql://…, not \"" + url + "\"");
}

}  // namespace ow::central::sql
