// The SQL layer on SQLite: one writer connection, group-committing every write that is waiting (the request that
// finds it free runs the group); read-only connections beside it (WAL lets readers and the writer run at once).
// Statements are prepared once per connection and reused.
#include <sqlite3.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <future>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "central/sql.h"

namespace ow::central::sql {

namespace {

class SqliteConnection : public Connection {
public:
    explicit SqliteConnection(sqlite3* db) : db_(db) {}
    ~SqliteConnection() override {
        for (auto& [sql, p] : cache_) sqlite3_finalize(p.stmt);
        sqlite3_close(db_);
    }

    Rows query(const std::string& sql, const std::vector<Value>& params) override {
        Bound b(*this, sql, params);
        Rows rows;
        for (;;) {
            const int r = sqlite3_step(b.s);
            if (r == SQLITE_DONE) break;
            if (r != SQLITE_ROW) fail();
            Row row;
            for (int c = 0; c < sqlite3_column_count(b.s); ++c) {
                const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(b.s, c));
                if (text)
                    row.emplace_back(std::string(text, static_cast<size_t>(sqlite3_column_bytes(b.s, c))));
                else
                    row.emplace_back(std::nullopt);
            }
            rows.push_back(std::move(row));
        }
        return rows;
    }
    int64_t execute(const std::string& sql, const std::vector<Value>& params) override {
        Bound b(*this, sql, params);
        for (int r; (r = sqlite3_step(b.s)) != SQLITE_DONE;)
            if (r != SQLITE_ROW) fail();
        return sqlite3_changes64(db_);
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
    // A cached statement with the parameters bound, reset and unbound when the use ends.
    struct Bound {
        sqlite3_stmt* s;
        Bound(SqliteConnection& c, const std::string& sql, const std::vector<Value>& params) {
            const Prepared& prepared = c.statement(sql);
            s = prepared.stmt;
            for (size_t i = 0; i < params.size() && i < prepared.slots.size(); ++i) {
                const int at = prepared.slots[i];
                if (at == 0) continue;
                if (const auto* n = std::get_if<int64_t>(&params[i]))
                    sqlite3_bind_int64(s, at, *n);
                else {
                    const auto& t = std::get<std::string>(params[i]);
                    sqlite3_bind_text(s, at, t.data(), static_cast<int>(t.size()), SQLITE_STATIC);
                }
            }
        }
        ~Bound() {
            sqlite3_reset(s);
            sqlite3_clear_bindings(s);
        }
        Bound(const Bound&) = delete;
        Bound& operator=(const Bound&) = delete;
    };
    // A statement prepared once, with the bind slot of each $N worked out once.
    struct Prepared {
        sqlite3_stmt* stmt = nullptr;
        std::vector<int> slots;  // slots[N-1]: where $N binds (0 = not used)
    };
    const Prepared& statement(const std::string& sql) {
        if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
        if (cache_.size() >= 256) {  // batch inserts of every size: keep the cache bounded
            for (auto& [text, p] : cache_) sqlite3_finalize(p.stmt);
            cache_.clear();
        }
        Prepared p;
        if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &p.stmt,
                               nullptr) != SQLITE_OK)
            fail();
        for (int i = 1; i <= sqlite3_bind_parameter_count(p.stmt); ++i) {
            char name[24];
            std::snprintf(name, sizeof name, "$%d", i);
            p.slots.push_back(sqlite3_bind_parameter_index(p.stmt, name));
        }
        return cache_.emplace(sql, std::move(p)).first->second;
    }
    [[noreturn]] void fail() { throw Failure(sqlite3_errmsg(db_)); }
    sqlite3* db_;
    std::unordered_map<std::string, Prepared> cache_;
};

std::unique_ptr<SqliteConnection> connect(const std::string& path, bool readOnly) {
    sqlite3* db = nullptr;
    const int flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
        const std::string why = "cannot open the central store " + path + ": " + sqlite3_errmsg(db);
        sqlite3_close(db);
        throw Failure(why);
    }
    sqlite3_busy_timeout(db, 5000);
    auto conn = std::make_unique<SqliteConnection>(db);
    // 32 MiB of page cache per connection: the hot pages of the tables written on every request stay in memory.
    conn->script("PRAGMA cache_size=-32768;");
    // The WAL is checkpointed every 64 MiB rather than every 4 MiB: pages written again and again (the newest
    // leaf of each terminal's events) are copied into the database once per checkpoint, not once per 4 MiB.
    // The writer syncs the WAL itself after each group commit, once it has handed the connection on (see
    // SqlitePool::write), so the commit does not wait for the disk: synchronous=NORMAL. No write is answered before
    // its sync; a reader may see a commit a moment before it is durable.
    if (!readOnly)
        conn->script("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                     "PRAGMA wal_autocheckpoint=16384; PRAGMA journal_size_limit=67108864;");
    return conn;
}

class SqlitePool : public Pool {
public:
    explicit SqlitePool(std::string path) : path_(std::move(path)), writer_(connect(path_, false)) {}
    Dialect dialect() const override { return Dialect::sqlite; }

    void read(const std::function<void(Connection&)>& fn) override {
        std::unique_ptr<SqliteConnection> c;
        {
            std::lock_guard lock(readMutex_);
            if (!readers_.empty()) {
                c = std::move(readers_.back());
                readers_.pop_back();
            }
        }
        if (!c) c = connect(path_, true);
        struct Give {
            SqlitePool* pool;
            std::unique_ptr<SqliteConnection>& c;
            ~Give() {
                std::lock_guard lock(pool->readMutex_);
                if (pool->readers_.size() < 256) pool->readers_.push_back(std::move(c));
            }
        } give{this, c};
        fn(*c);
    }

    // Group commit without a writer thread of its own. The request that finds the writer connection free leads:
    // it runs everything waiting, its own write first, in one transaction with one commit, hands the connection to
    // the oldest request that came meanwhile, which leads the next group, and then syncs the WAL once for its
    // group (the disk's latency no longer holds up the next group; measured: the CPU went idle mostly while the
    // commit waited in fdatasync). A write returns only after that sync. (A thread that does
    // nothing but write is runnable all the time, and under load the scheduler made it wait: measured runnable but
    // not running 54 % of the time, while every request waited on it. A request's thread has slept in between.)
    // Should a write fail (rare: a constraint, a full disk), the group is rolled back and each write runs again in
    // a transaction of its own, so one failing request never takes the others with it.
    void write(const std::function<void(Connection&)>& fn) override {
        Job own{&fn, {}};
        {
            std::unique_lock lock(mutex_);
            if (writing_) {
                queue_.push_back(&own);
                lock.unlock();
                const Turn turn = own.turn.get_future().get();
                if (!turn.lead) {
                    if (turn.error) std::rethrow_exception(turn.error);
                    return;
                }
            } else {
                writing_ = true;
            }
        }
        std::vector<Job*> group{&own};
        {
            std::lock_guard lock(mutex_);
            group.insert(group.end(), queue_.begin(), queue_.end());
            queue_.clear();
        }
        std::vector<std::exception_ptr> errors(group.size());
        if (group.size() == 1 || !runTogether(group))
            for (size_t i = 0; i < group.size(); ++i) errors[i] = runAlone(*group[i]);
        Job* next = nullptr;
        {
            std::lock_guard lock(mutex_);
            if (queue_.empty()) {
                writing_ = false;
            } else {
                next = queue_.front();
                queue_.erase(queue_.begin());
            }
        }
        if (next) next->turn.set_value({true, nullptr});
        // The next group runs while this one's WAL frames go to the disk; no write is answered before they are there.
        std::exception_ptr unsynced;
        try {
            syncWal();
        } catch (...) {
            unsynced = std::current_exception();
        }
        for (size_t i = 1; i < group.size(); ++i) group[i]->turn.set_value({false, errors[i] ? errors[i] : unsynced});
        if (errors[0]) std::rethrow_exception(errors[0]);
        if (unsynced) std::rethrow_exception(unsynced);
    }

private:
    // The WAL, opened again should SQLite ever have replaced the file (it does so only when the last connection
    // closes, and the writer stays open).
    struct WalFile {
        explicit WalFile(int f) : fd(f) {}
        ~WalFile() { ::close(fd); }
        WalFile(const WalFile&) = delete;
        WalFile& operator=(const WalFile&) = delete;
        const int fd;
    };
    std::shared_ptr<const WalFile> walFile() {
        const std::string path = path_ + "-wal";
        struct stat now {};
        if (::stat(path.c_str(), &now) != 0) throw Failure("cannot find the central store's log " + path + ": " + std::strerror(errno));
        std::lock_guard lock(walMutex_);
        struct stat held {};
        if (wal_ && ::fstat(wal_->fd, &held) == 0 && held.st_dev == now.st_dev && held.st_ino == now.st_ino) return wal_;
        const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
        if (fd < 0) throw Failure("cannot open the central store's log " + path + ": " + std::strerror(errno));
        wal_ = std::make_shared<const WalFile>(fd);
        return wal_;
    }
    // Everything committed so far reaches the disk (SQLite itself, at synchronous=NORMAL, syncs the WAL only when
    // it checkpoints).
    void syncWal() {
        const auto wal = walFile();
        if (::fdatasync(wal->fd) != 0) throw Failure(std::string("the central store could not be written to disk: ") + std::strerror(errno));
    }

    // What a waiting write is told: it was done (with its error, if any), or it leads the next group.
    struct Turn {
        bool lead = false;
        std::exception_ptr error;
    };
    struct Job {
        const std::function<void(Connection&)>* fn;
        std::promise<Turn> turn;
    };

    bool runTogether(const std::vector<Job*>& group) {
        try {
            writer_->begin();
            for (auto* job : group) (*job->fn)(*writer_);
            writer_->commit();
        } catch (...) {
            writer_->rollback();
            return false;
        }
        return true;
    }

    std::exception_ptr runAlone(Job& job) {
        try {
            writer_->begin();
            (*job.fn)(*writer_);
            writer_->commit();
            return nullptr;
        } catch (...) {
            writer_->rollback();
            return std::current_exception();
        }
    }

    std::string path_;
    std::unique_ptr<SqliteConnection> writer_;
    std::mutex mutex_;     // guards writing_ and queue_
    bool writing_ = false;  // a request leads a group now
    std::vector<Job*> queue_;  // writes waiting for the next group, oldest first
    std::mutex readMutex_;
    std::vector<std::unique_ptr<SqliteConnection>> readers_;
    std::mutex walMutex_;  // guards wal_
    std::shared_ptr<const WalFile> wal_;
};

}  // namespace

std::unique_ptr<Pool> openSqlite(const std::string& path) { return std::make_unique<SqlitePool>(path); }

std::unique_ptr<Pool> openPool(const std::string& url, int connections) {
    if (url.rfind("sqlite:", 0) == 0) return openSqlite(url.substr(7));
    if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) return openPostgres(url, connections);
    throw Failure("the database must be sqlite:PATH or postgresql://…, not \"" + url + "\"");
}

}  // namespace ow::central::sql
