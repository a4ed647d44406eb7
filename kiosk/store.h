// The terminal's local store: one SQLite file in WAL mode, with versioned schema migrations.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/result.h"

struct sqlite3;

namespace ow::core {

/** The schema version this build writes; migrations take any older file up to it. */
constexpr int kSchemaVersion = 4;

/** A stored configuration bundle document. */
struct StoredBundle {
    int64_t version = 0;
    std::string body;
};

/** A print job in the journal. */
struct StoredPrintJob {
    int64_t id = 0;
    std::string printer, document, state;
    std::vector<uint8_t> data;
};

/** An event waiting in the outbox for central. */
struct OutboxEvent {
    int64_t seq = 0;  // strictly increasing per terminal
    std::string type;
    int64_t occurredAt = 0;
    std::string payload;  // decrypted JSON
};

/** The key the outbox encrypts payloads with (libsodium secretbox), derived from the terminal's secret. */
using OutboxKey = std::array<unsigned char, 32>;

/** Local SQLite store. One per process; used from the thread that opened it. */
class Store {
public:
    /** Opens (creating if needed) the file and migrates it up to `upTo` (tests pass older versions). */
    static Result<Store> open(const std::string& path, int upTo = kSchemaVersion);
    Store(Store&& other) noexcept;
    Store& operator=(Store&& other) noexcept;
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;
    ~Store();

    int schemaVersion() const;
    std::string journalMode() const;

    /** Makes this bundle the active one; the previous active one becomes the last good one. One transaction. */
    Status activateBundle(int64_t version, std::string_view body);
    std::optional<StoredBundle> activeBundle() const;
    std::optional<StoredBundle> lastGoodBundle() const;
    /**
     * The active bundle failed its health check: it is retired and the last good one becomes active
     * again, in one transaction. An error when there is no last good bundle to go back to.
     */
    Status rollbackBundle();
    /** The highest bundle version this terminal has held (active, last good or retired); 0 when none. */
    int64_t highestBundleVersion() const;

    Status setSetting(std::string_view key, std::string_view value);
    std::optional<std::string> setting(std::string_view key) const;

    /** Records a service-mode or configuration action (who, what) in the audit log. */
    Status audit(std::string_view actor, std::string_view action, std::string_view detail);
    int64_t auditCount() const;
    /** Jobs printed (done) on `printer` since the unix time `since`: the supplies count. */
    int64_t printedSince(std::string_view printer, int64_t since) const;

    /**
     * The print-job journal: a job is written (sealed with key: a receipt holds a name and a signature) before it
     * is sent, and kept until it is done or failed; then its bytes are dropped and only its kind, printer, time and
     * state stay (for service mode and the supplies count).
     */
    Result<int64_t> addPrintJob(std::string_view printer, std::string_view document, const std::vector<uint8_t>& data,
                                const OutboxKey& key);
    Status setPrintJobState(int64_t id, std::string_view state);  // queued, printing, held, done, failed
    /** Jobs not done or failed (after a restart they are printed again), oldest first; one that cannot be opened
        with key is marked failed. */
    std::vector<StoredPrintJob> unfinishedPrintJobs(std::string_view printer, const OutboxKey& key);

    /**
     * The outbox: an event is written (synchronous=FULL, so it survives power loss once this returns) with its
     * payload encrypted at rest, read back in seq order, and deleted once central acknowledged it.
     */
    Result<int64_t> enqueueOutbox(std::string_view type, int64_t occurredAt, std::string_view payload,
                                  const OutboxKey& key);
    /** An event to queue: its type, when it happened and its payload (JSON). */
    struct OutboxItem {
        std::string type;
        int64_t occurredAt = 0;
        std::string payload;
    };
    /**
     * Queues several events in one transaction: all of them or none (a submission and its pages). build gets
     * the seq the first of them will have, for numbers that must be known before they are written.
     */
    Result<int64_t> enqueueOutboxAll(const std::function<std::vector<OutboxItem>(int64_t firstSeq)>& build,
                                     const OutboxKey& key);
    Result<std::vector<OutboxEvent>> peekOutbox(size_t limit, const OutboxKey& key) const;
    Status ackOutbox(int64_t uptoSeq);
    /**
     * Re-seals, in one transaction, every queued event that opens with `from` and not with `to` (events an
     * earlier release sealed with another key); the number re-sealed. An event neither key opens is left as it is.
     */
    Result<int> resealOutbox(const OutboxKey& from, const OutboxKey& to);
    int64_t outboxDepth() const;
    /** When the oldest queued event happened (Unix seconds), 0 when the outbox is empty. */
    int64_t outboxOldestAt() const;
    /** The seq given to the newest event ever queued (0 when none): seqs are never reused. */
    int64_t outboxLastSeq() const;

    /** Runs SQL (no results) — for migrations and tests. */
    Status exec(const std::string& sql);
    sqlite3* handle() const { return db_; }

private:
    explicit Store(sqlite3* db) : db_(db) {}
    Status migrate(int upTo);
    std::optional<StoredBundle> bundleIn(const char* state) const;
    /** The first column of the first row of a query without parameters, 0 when there is none. */
    int64_t scalar(const char* sql) const;
    sqlite3* db_ = nullptr;
};

}  // namespace ow::core
