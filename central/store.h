// The central store: what terminals sent, applied exactly once per (terminal, seq). One interface; SQLite
// now, PostgreSQL for deployments that outgrow one machine.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>
#include <string>
#include <string_view>

#include "kiosk/result.h"

namespace ow::central {

/** One event a terminal sends up (DESIGN.md "Sync protocol"). */
struct Event {
    int64_t seq = 0;
    std::string type;
    int64_t occurredAt = 0;  // Unix seconds, the terminal's clock
    std::string payload;     // JSON text
};

/** What became of an event: applied now, applied before (a replay), or refused with a reason (quarantined). */
struct EventResult {
    enum class Kind { accepted, duplicate, rejected } kind = Kind::accepted;
    std::string reason;
};
const char* resultCode(EventResult::Kind kind);

class Store {
public:
    virtual ~Store() = default;
    /** Applies the event and records (kiosk, seq) in one transaction, so a replay is never applied twice. */
    virtual core::Result<EventResult> applyEvent(std::string_view kioskId, const Event& event) = 0;
    virtual int64_t eventCount(std::string_view kioskId) = 0;

    /** A one-time enrolment token for a terminal of a hall (kept only as its hash). */
    virtual core::Result<std::string> createEnrolToken(std::string_view hall, std::string_view name) = 0;
    /** Spends a token: a new terminal id and secret, or an error when the token is unknown or spent. */
    virtual core::Result<std::pair<std::string, std::string>> enroll(std::string_view token) = 0;
    /** The secret of an enrolled, not revoked terminal. */
    virtual std::optional<std::string> kioskSecret(std::string_view kioskId) = 0;
    virtual core::Status revoke(std::string_view kioskId) = 0;
    /** Stores a terminal's latest heartbeat (JSON) and when it came. */
    virtual core::Status recordHeartbeat(std::string_view kioskId, std::string_view json, int64_t nowS) = 0;
    /** Every enrolled terminal: id, hall, name, revoked, last heartbeat time (0 = never) and body. */
    struct FleetEntry {
        std::string id, hall, name, heartbeat;
        bool revoked = false;
        int64_t lastSeen = 0;
    };
    virtual std::vector<FleetEntry> fleet() = 0;
    /** Records a request nonce; false when the terminal used it before (a replayed request). */
    virtual bool rememberNonce(std::string_view kioskId, std::string_view nonce, int64_t timestamp) = 0;
    virtual int64_t quarantineCount(std::string_view kioskId) = 0;
};

/** Opens (creating and migrating) a SQLite central store. */
core::Result<std::unique_ptr<Store>> openSqliteStore(const std::string& path);

/** Event types central knows; anything else is quarantined, not dropped. */
bool knownEventType(std::string_view type);

}  // namespace ow::central
