// The SQL layer on PostgreSQL (libpqxx): a pool of at most N connections, opened on demand, a broken one
// dropped and replaced.
#include <pqxx/pqxx>

#include <condition_variable>
#include <algorithm>
#include <mutex>
#include <unordered_map>

#include "central/sql.h"

namespace ow::central::sql {

namespace {

class PgConnection : public Connection {
public:
    explicit PgConnection(const std::string& url) : conn_(url) {}

    Rows query(const std::string& sql, const std::vector<Value>& params) override {
        try {
            const pqxx::result r = run(sql, params);
            Rows rows;
            rows.reserve(r.size());
            for (const auto& row : r) {
                Row out;
                for (const auto& field : row)
                    out.emplace_back(field.is_null() ? std::nullopt : std::optional<std::string>(field.c_str()));
                rows.push_back(std::move(out));
            }
            return rows;
        } catch (const std::exception& e) {
            throw Failure(e.what());
        }
    }
    int64_t execute(const std::string& sql, const std::vector<Value>& params) override {
        try {
            return run(sql, params).affected_rows();
        } catch (const std::exception& e) {
            throw Failure(e.what());
        }
    }
    void script(const std::string& sql) override {
        try {
            if (tx_)
                tx_->exec(sql);
            else
                pqxx::nontransaction(conn_).exec(sql);
        } catch (const std::exception& e) {
            throw Failure(e.what());
        }
    }
    void begin() override {
        try {
            tx_ = std::make_unique<pqxx::work>(conn_);
        } catch (const std::exception& e) {
            throw Failure(e.what());
        }
    }
    void commit() override {
        try {
            auto tx = std::move(tx_);
            tx->commit();
        } catch (const std::exception& e) {
            throw Failure(e.what());
        }
    }
    void rollback() override {
        try {
            if (tx_) tx_->abort();
        } catch (...) {
        }
        tx_.reset();
    }
    bool usable() const { return conn_.is_open(); }

private:
    // Runs a statement, prepared once per connection: the server plans it once, not per request.
    pqxx::result run(const std::string& sql, const std::vector<Value>& params) {
        std::vector<std::string> text;
        text.reserve(params.size());
        for (const auto& p : params)
            text.push_back(std::holds_alternative<int64_t>(p) ? std::to_string(std::get<int64_t>(p)) : std::get<std::string>(p));
        auto it = prepared_.find(sql);
        if (it == prepared_.end()) {
            if (prepared_.size() >= 256) {
                for (const auto& [statement, name] : prepared_) conn_.unprepare(name);
                prepared_.clear();
            }
            std::string name = std::to_string(++counter_);
            name.insert(name.begin(), 's');
            conn_.prepare(name, sql);
            it = prepared_.emplace(sql, name).first;
        }
        if (tx_) return tx_->exec_prepared(it->second, pqxx::prepare::make_dynamic_params(text));
        pqxx::nontransaction n(conn_);
        return n.exec_prepared(it->second, pqxx::prepare::make_dynamic_params(text));
    }
    pqxx::connection conn_;
    std::unique_ptr<pqxx::work> tx_;
    std::unordered_map<std::string, std::string> prepared_;
    uint64_t counter_ = 0;
};

class PgPool : public Pool {
public:
    PgPool(std::string url, int connections) : url_(std::move(url)), maxOpen_(static_cast<size_t>(std::max(1, connections))) {
        give(take());  // fail now if unreachable
    }
    Dialect dialect() const override { return Dialect::postgresql; }
    void read(const std::function<void(Connection&)>& fn) override { with(fn); }
    void write(const std::function<void(Connection&)>& fn) override {
        with([&](Connection& c) {
            c.begin();
            try {
                fn(c);
                c.commit();
            } catch (...) {
                c.rollback();
                throw;
            }
        });
    }

private:
    void with(const std::function<void(Connection&)>& fn) {
        auto c = take();
        try {
            fn(*c);
        } catch (...) {
            if (c->usable()) give(std::move(c));
            else give(nullptr);
            throw;
        }
        give(std::move(c));
    }

    // At most maxOpen_ connections at once: requests beyond that wait for one, since more server processes
    // than the machine has cores only take turns.
    std::unique_ptr<PgConnection> take() {
        {
            std::unique_lock lock(mutex_);
            freed_.wait(lock, [this] { return !idle_.empty() || open_ < maxOpen_; });
            if (!idle_.empty()) {
                auto c = std::move(idle_.back());
                idle_.pop_back();
                return c;
            }
            ++open_;
        }
        try {
            return std::make_unique<PgConnection>(url_);
        } catch (const std::exception& e) {
            std::lock_guard lock(mutex_);
            --open_;
            freed_.notify_one();
            throw Failure(std::string("cannot connect to PostgreSQL: ") + e.what());
        }
    }
    void give(std::unique_ptr<PgConnection> c) {
        std::lock_guard lock(mutex_);
        if (c) idle_.push_back(std::move(c));
        else --open_;  // a broken connection is dropped
        freed_.notify_one();
    }
    std::string url_;
    std::mutex mutex_;
    std::condition_variable freed_;
    std::vector<std::unique_ptr<PgConnection>> idle_;
    size_t open_ = 0;
    size_t maxOpen_;
};

}  // namespace

std::unique_ptr<Pool> openPostgres(const std::string& url, int connections) {
    return std::make_unique<PgPool>(url, connections);
}

}  // namespace ow::central::sql
