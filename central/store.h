// The central store: what terminals sent, applied exactly once per (terminal, seq), the fleet, admin tokens
// and published configuration bundles. One implementation over the SQL layer (central/sql.h), so the same
// code and the same tests run on SQLite and on PostgreSQL. Every method is safe to call from many threads.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kiosk/protocol/case_status.h"
#include "kiosk/result.h"

namespace ow::central {

class AppointmentBook;
class QueueBook;
class StaffBook;
class RatingBook;
class CollectionBook;
struct ServiceFigures;
class ReportBook;

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

/** An event central refused, kept for service staff and admins to see. */
struct QuarantineEntry {
    std::string kioskId;
    int64_t seq = 0;
    std::string type, payload, reason;
};

/** A signed bundle as published: its version, the signed document, and where central serves it. */
struct PublishedBundle {
    int64_t version = 0;
    std::string body;   // the signed bundle document, byte for byte as kioskctl sign wrote it
    std::string scope;  // JSON: {"all":true} | {"halls":[…]} | {"terminals":[…]} | {"percent":N}
    int64_t publishedAt = 0;
};

/** A signed request's nonce: recorded in the same transaction as the request's effects. */
struct Nonce {
    std::string value;
    int64_t timestamp = 0;
};
/** The error of a write whose nonce was used before: the whole request is a replay and changed nothing. */
constexpr const char* kReplayed = "the request was replayed";
/** The error of a write by a terminal that is not enrolled or was revoked: it changed nothing. */
constexpr const char* kRevoked = "unknown or revoked terminal";

class Store {
public:
    virtual ~Store() = default;
    /**
     * Applies the events and records each (kiosk, seq) in one transaction, so a replay is never applied twice;
     * with a nonce, the nonce is recorded in the same transaction (error kReplayed when it was used before).
     */
    virtual core::Result<std::vector<EventResult>> applyEvents(std::string_view kioskId, const std::vector<Event>& events,
                                                               const Nonce* nonce = nullptr) = 0;
    core::Result<EventResult> applyEvent(std::string_view kioskId, const Event& event);
    virtual int64_t eventCount(std::string_view kioskId) = 0;
    /** A terminal's applied events in the order central applied them. */
    virtual std::vector<Event> events(std::string_view kioskId) = 0;

    /** A one-time enrolment token for a terminal of a hall (kept only as its hash). */
    virtual core::Result<std::string> createEnrolToken(std::string_view hall, std::string_view name) = 0;
    /** Spends a token: a new terminal id and secret, or an error when the token is unknown or spent. */
    virtual core::Result<std::pair<std::string, std::string>> enroll(std::string_view token) = 0;
    /**
     * The secret of an enrolled, not revoked terminal (kept in memory once read: a secret never changes);
     * nullopt for an unknown or revoked one, an error when the store cannot be read.
     * Revocation still takes effect on the terminal's next request: every write checks it in its transaction.
     */
    virtual core::Result<std::optional<std::string>> kioskSecret(std::string_view kioskId) = 0;
    virtual core::Status revoke(std::string_view kioskId) = 0;
    /** Stores a terminal's latest heartbeat (JSON) and when it came. */
    virtual core::Status recordHeartbeat(std::string_view kioskId, std::string_view json, int64_t nowS,
                                         const Nonce* nonce = nullptr) = 0;
    /** Every enrolled terminal: id, hall, name, revoked, last heartbeat time (0 = never) and body. */
    struct FleetEntry {
        std::string id, hall, name, heartbeat;
        bool revoked = false;
        int64_t lastSeen = 0;
    };
    virtual std::vector<FleetEntry> fleet() = 0;
    virtual std::optional<FleetEntry> kiosk(std::string_view kioskId) = 0;
    /** The hall of an enrolled terminal (kept in memory: it never changes). */
    virtual std::optional<std::string> kioskHall(std::string_view kioskId) = 0;
    /** Records a request's nonce: an error kReplayed when the terminal used it before, kRevoked when revoked. */
    virtual core::Status rememberNonce(std::string_view kioskId, std::string_view nonce, int64_t timestamp) = 0;
    virtual int64_t quarantineCount(std::string_view kioskId) = 0;
    /** The newest quarantined events first ("" = every terminal). */
    virtual std::vector<QuarantineEntry> quarantine(std::string_view kioskId, int limit) = 0;

    /** A new admin token (printed once; only its hash is kept). */
    virtual core::Result<std::string> createAdminToken(std::string_view name) = 0;
    /** The name of the admin a token belongs to, if it is one. */
    virtual std::optional<std::string> adminName(std::string_view token) = 0;

    /**
     * Publishes a signed bundle for the given scope. Publishing the same version again with the same document
     * changes only its scope (widening a percentage rollout); a different document under a published version is
     * refused.
     */
    virtual core::Status publishBundle(const PublishedBundle& bundle) = 0;
    /**
     * Published bundles newer than a version, newest first, without their documents (body is empty). With
     * recent, an answer up to 5 s old will do (asked on every heartbeat; publishing is rare).
     */
    virtual std::vector<PublishedBundle> bundlesNewerThan(int64_t version, bool recent = false) = 0;
    /** The signed document of a published version. */
    virtual std::optional<std::string> bundleBody(int64_t version) = 0;

    /** A case as the back office (or a terminal's submission) opens it: it starts as received. */
    struct NewCase {
        std::string matterCode, matterName, department, holderName, holderId, phone, by;
        bool instant = false;
        int promisedDays = 0;
        std::string hall;  // the hall it belongs to ("" when not given)
    };
    /** Opens a case with the next case number of the day (OWyyyymmddNNNNNN) and its promised deadline. */
    virtual core::Result<protocol::CaseRecord> createCase(const NewCase& c, int64_t nowS) = 0;
    /**
     * Moves a case one step (protocol::checkMove), recording the step with its time; an error kNoSuchCase, or
     * the reason the move is not allowed. Two departments moving the same case at once: one wins, the other is
     * told the case changed.
     */
    virtual core::Result<protocol::CaseRecord> advanceCase(std::string_view caseNo, const protocol::CaseMove& move,
                                                           int64_t nowS) = 0;
    virtual core::Result<std::optional<protocol::CaseRecord>> caseByNumber(std::string_view caseNo) = 0;
    /** A case a terminal's pre-submission opened: its receipt number, terminal, receipt key, what was submitted
        (the case.submitted payload) and the pages photographed (JPEG, base64). */
    struct SubmittedCase {
        protocol::CaseRecord record;
        std::string receiptNo, kioskId, receiptKey, submission;
        struct Page {
            int material = 0, page = 0;
            std::string jpegBase64;
        };
        std::vector<Page> pages;
    };
    /** The submission behind a case; nullopt for a case the back office opened, or none. */
    virtual core::Result<std::optional<SubmittedCase>> submittedCase(std::string_view caseNo) = 0;
    /** The case a terminal's receipt number belongs to, with the key that receipt's QR code is signed with. */
    virtual core::Result<std::optional<std::pair<protocol::CaseRecord, std::string>>> caseByReceipt(std::string_view receiptNo) = 0;
    /** Every case of a holder (ID number), newest first. */
    virtual core::Result<std::vector<protocol::CaseRecord>> casesOfHolder(std::string_view idNumber) = 0;

    /** Appointments (central/appointments.h), in the same database. */
    virtual AppointmentBook& appointments() = 0;
    /** Queue numbers (central/queue.h), in the same database. */
    virtual QueueBook& queue() = 0;
    /** Hall staff, their sessions and the hall's audit (central/staff.h), in the same database. */
    virtual StaffBook& staff() = 0;
    /** Work orders of reports of what could not be done (central/reports.h), in the same database. */
    virtual ReportBook& reports() = 0;
    virtual RatingBook& ratings() = 0;
    virtual CollectionBook& collections() = 0;
    /** The hall's figures of its services for a period (hall_figures.h). */
    virtual core::Result<ServiceFigures> serviceFigures(std::string_view hall, std::string_view from, std::string_view to,
                                                        std::string_view onDay) = 0;
};
/** The error of a move on a case number central does not have. */
constexpr const char* kNoSuchCase = "no such case";

/**
 * The key terminal secrets are sealed with in the database (XChaCha20-Poly1305, each bound to its terminal's id).
 * HMAC needs the secret itself to verify a request, so central must be able to read it; the key lives in a file
 * of its own (never in the database), so a copy of the database alone opens nothing.
 */
using SecretsKey = std::array<unsigned char, 32>;
/** Seals a secret with the secrets key, bound to what it belongs to (it opens only with the same boundTo). */
std::string sealWithSecretsKey(const SecretsKey& key, std::string_view boundTo, std::string_view secret);
std::optional<std::string> openWithSecretsKey(const SecretsKey& key, std::string_view boundTo, std::string_view sealed);
/** Reads the key file, or makes one (mode 0600; never replacing a file another process made first). */
core::Result<SecretsKey> loadOrCreateSecretsKey(const std::string& path);

/**
 * Opens (creating and migrating) a store: "sqlite:PATH" or "postgresql://…"; connections: the most
 * PostgreSQL connections this process holds at once. With the secrets key, terminals can enrol and be verified
 * (secrets an earlier release kept in clear are sealed now); a key other than the one the database's secrets were
 * sealed with is refused. Without it (kioskctl), enrolment and verification are errors.
 */
core::Result<std::unique_ptr<Store>> openStore(const std::string& url, int connections = 8,
                                               const SecretsKey* secretsKey = nullptr);

/** Event types central knows; anything else is quarantined, not dropped. */
bool knownEventType(std::string_view type);

}  // namespace ow::central
