// A small SQL layer under the central store, so one Store implementation runs on SQLite (embedded, one
// file) and on PostgreSQL (several kiosk-central processes sharing one database). Queries use $1, $2 …
// placeholders, which both engines accept; values travel as text or 64-bit integers, results come back as text.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "kiosk/result.h"

namespace ow::central::sql {

/** Any failure of the database: connection lost, constraint, disk full. Carries the engine's message. */
struct Failure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

using Value = std::variant<int64_t, std::string>;
using Row = std::vector<std::optional<std::string>>;  // nullopt = SQL NULL
using Rows = std::vector<Row>;

enum class Dialect { sqlite, postgresql };

/** One connection, used by one thread at a time. */
class Connection {
public:
    virtual ~Connection() = default;
    virtual Rows query(const std::string& sql, const std::vector<Value>& params = {}) = 0;
    /** A statement that returns no rows (INSERT, UPDATE, DELETE): how many rows it changed. */
    virtual int64_t execute(const std::string& sql, const std::vector<Value>& params = {}) = 0;
    /** Several statements without parameters (schema). */
    virtual void script(const std::string& sql) = 0;
    virtual void begin() = 0;  // a write transaction
    virtual void commit() = 0;
    virtual void rollback() = 0;  // never throws
};

/**
 * Hands out connections. Reads run on any connection, outside a transaction (SQLite: read-only connections
 * beside the writer, which WAL allows; PostgreSQL: the pool). Writes run inside a write transaction that is
 * committed when fn returns and undone alone when fn throws; on SQLite concurrent writes are group-committed
 * (the writing request that finds the connection free runs everything waiting in one transaction and commits
 * once; if one of them fails, each runs again alone), because one fsync per request would cap the whole service
 * at the disk's fsync rate.
 */
class Pool {
public:
    virtual ~Pool() = default;
    virtual Dialect dialect() const = 0;
    virtual void read(const std::function<void(Connection&)>& fn) = 0;
    virtual void write(const std::function<void(Connection&)>& fn) = 0;
};

/**
 * "sqlite:PATH" or "postgresql://…" (also "postgres://…"); throws Failure with a plain reason. connections:
 * the most PostgreSQL connections open at once (requests beyond that wait for one).
 */
std::unique_ptr<Pool> openPool(const std::string& url, int connections = 8);

std::unique_ptr<Pool> openSqlite(const std::string& path);
std::unique_ptr<Pool> openPostgres(const std::string& url, int connections);

/** A column's value as a number (0 when NULL) or as text ("" when NULL). */
inline int64_t num(const std::optional<std::string>& v) { return v ? std::atoll(v->c_str()) : 0; }
inline std::string str(const std::optional<std::string>& v) { return v.value_or(""); }

/**
 * A terminal's request with its idempotency key, in the caller's transaction: the first answer under that key
 * (decode(the reply remembered)), or fn's, remembered (encode) in the same transaction. A request with the same key
 * under way in another transaction waits for it (PostgreSQL: the key's row lock).
 */
template <typename F, typename Encode, typename Decode>
auto requestOnce(Connection& c, const std::string& kioskId, const std::string& key, int64_t nowS, F&& fn, Encode&& encode,
                 Decode&& decode) -> decltype(fn()) {
    if (c.execute("INSERT INTO request_once (kiosk_id, request_key, reply, at) VALUES ($1, $2, '', $3) ON CONFLICT DO NOTHING",
                  {kioskId, key, nowS}) == 0)
        return decode(str(c.query("SELECT reply FROM request_once WHERE kiosk_id = $1 AND request_key = $2", {kioskId, key}).at(0)[0]));
    auto out = fn();
    c.query("UPDATE request_once SET reply = $1 WHERE kiosk_id = $2 AND request_key = $3", {encode(out), kioskId, key});
    return out;
}

/** Runs fn in a write transaction (Pool::write) and returns what it returned. */
template <typename F>
auto transaction(Pool& pool, F&& fn) {
    using R = decltype(fn(std::declval<Connection&>()));
    std::optional<R> out;
    pool.write([&](Connection& c) { out.emplace(fn(c)); });
    return std::move(*out);
}

/** fn's result, or the failure of the database as an error (for a store's methods that answer a Result). */
template <typename F>
auto guarded(F&& fn) -> core::Result<decltype(fn())> {
    try {
        return fn();
    } catch (const Failure& e) {
        return core::Error{std::string("the central store failed: ") + e.what()};
    }
}

}  // namespace ow::central::sql
