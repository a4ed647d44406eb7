// The central store over the SQL layer: the same statements on SQLite and PostgreSQL.
#include <sodium.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <cstring>
#include <atomic>
#include <chrono>
#include <ctime>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <variant>

#include "central/appointments.h"
#include "central/queue.h"
#include "central/collections.h"
#include "central/hall_figures.h"
#include "central/ratings.h"
#include "central/reports.h"
#include "central/staff.h"
#include "central/sql.h"
#include "central/store.h"
#include "kiosk/bundle.h"
#include "kiosk/bundle_signing.h"
#include "kiosk/config_boot.h"
#include "kiosk/protocol/case_status.h"
#include "kiosk/protocol/signing.h"
#include "kiosk/protocol/submission.h"

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
    static const std::string_view kTypes[] = {"session.summary", protocol::kSubmittedEvent, protocol::kPageEvent, "rating.submitted",
                                              "report.submitted", "print.job", "device.state", "service.audit"};
    for (auto t : kTypes)
        if (t == type) return true;
    return false;
}

core::Result<EventResult> Store::applyEvent(std::string_view kioskId, const Event& event) {
    auto r = applyEvents(kioskId, {event});
    if (!r) return core::Error{r.error()};
    return r->front();
}

namespace {

using sql::Connection;
using sql::Value;

// Migrations, in order; {ID} is the dialect's auto-numbered key. Version 1 is the schema the first releases
// created with IF NOT EXISTS, so their databases migrate in place.
const char* const kMigrations[] = {
    R"(
    CREATE TABLE IF NOT EXISTS applied_event (
        kiosk_id TEXT NOT NULL, seq BIGINT NOT NULL, result TEXT NOT NULL, applied_at BIGINT NOT NULL,
        PRIMARY KEY (kiosk_id, seq));
    CREATE TABLE IF NOT EXISTS event (
        id {ID}, kiosk_id TEXT NOT NULL, seq BIGINT NOT NULL, type TEXT NOT NULL, occurred_at BIGINT NOT NULL,
        payload TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS quarantine (
        id {ID}, kiosk_id TEXT NOT NULL, seq BIGINT NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL,
        reason TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS enrol_token (
        token_hash TEXT PRIMARY KEY, hall TEXT NOT NULL, name TEXT NOT NULL, used_by TEXT);
    CREATE TABLE IF NOT EXISTS kiosk (
        id TEXT PRIMARY KEY, hall TEXT NOT NULL, name TEXT NOT NULL, secret TEXT NOT NULL,
        revoked BIGINT NOT NULL DEFAULT 0, last_seen BIGINT NOT NULL DEFAULT 0, heartbeat TEXT NOT NULL DEFAULT '');
    CREATE TABLE IF NOT EXISTS nonce (
        kiosk_id TEXT NOT NULL, nonce TEXT NOT NULL, ts BIGINT NOT NULL, PRIMARY KEY (kiosk_id, nonce));)",
    R"(
    CREATE INDEX event_by_kiosk ON event (kiosk_id, id);
    CREATE INDEX quarantine_by_kiosk ON quarantine (kiosk_id, id);
    CREATE INDEX nonce_by_time ON nonce (ts);
    CREATE TABLE admin_token (token_hash TEXT PRIMARY KEY, name TEXT NOT NULL, created_at BIGINT NOT NULL);
    CREATE TABLE published_bundle (
        version BIGINT PRIMARY KEY, body TEXT NOT NULL, scope TEXT NOT NULL, published_at BIGINT NOT NULL);)",
    // 3: the tables written on every request, made cheap to write. An event is one row keyed by (kiosk, seq),
    // clustered on that key: claiming the seq and storing the event are one insert; a refused event is the same
    // row with its result and reason (the quarantine). A nonce is keyed by its signed timestamp first, so inserts
    // append and old nonces go by a range delete (a replay repeats the signed timestamp exactly, so it still
    // collides).
    R"(
    CREATE TABLE nonce_v3 (
        ts BIGINT NOT NULL, kiosk_id TEXT NOT NULL, nonce TEXT NOT NULL, PRIMARY KEY (ts, kiosk_id, nonce)) {WITHOUT_ROWID};
    INSERT INTO nonce_v3 (ts, kiosk_id, nonce) SELECT ts, kiosk_id, nonce FROM nonce;
    DROP TABLE nonce;
    ALTER TABLE nonce_v3 RENAME TO nonce;
    CREATE TABLE event_v3 (
        kiosk_id TEXT NOT NULL, seq BIGINT NOT NULL, type TEXT NOT NULL, occurred_at BIGINT NOT NULL,
        payload TEXT NOT NULL, result TEXT NOT NULL, reason TEXT NOT NULL, applied_at BIGINT NOT NULL,
        PRIMARY KEY (kiosk_id, seq)) {WITHOUT_ROWID};
    INSERT INTO event_v3 SELECT e.kiosk_id, e.seq, e.type, e.occurred_at, e.payload, 'accepted', '', a.applied_at
        FROM event e JOIN applied_event a ON a.kiosk_id = e.kiosk_id AND a.seq = e.seq;
    INSERT INTO event_v3 SELECT q.kiosk_id, q.seq, q.type, 0, q.payload, 'rejected', q.reason, a.applied_at
        FROM quarantine q JOIN applied_event a ON a.kiosk_id = q.kiosk_id AND a.seq = q.seq;
    DROP TABLE event;
    DROP TABLE quarantine;
    DROP TABLE applied_event;
    ALTER TABLE event_v3 RENAME TO event;
    CREATE INDEX event_refused ON event (applied_at) WHERE result = 'rejected';)",
    // v4: cases (办件) and their steps; case numbers count up per day.
    R"(
    CREATE TABLE case_file (
        case_no TEXT PRIMARY KEY, matter_code TEXT NOT NULL, matter_name TEXT NOT NULL, department TEXT NOT NULL,
        holder_name TEXT NOT NULL, holder_id TEXT NOT NULL, phone TEXT NOT NULL, instant INTEGER NOT NULL,
        promised_days INTEGER NOT NULL, deadline TEXT NOT NULL, status TEXT NOT NULL, created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL);
    CREATE INDEX case_by_holder ON case_file (holder_id, created_at);
    CREATE TABLE case_step (
        case_no TEXT NOT NULL REFERENCES case_file (case_no), n INTEGER NOT NULL, status TEXT NOT NULL,
        at BIGINT NOT NULL, detail TEXT NOT NULL, PRIMARY KEY (case_no, n));
    CREATE TABLE case_counter (day TEXT PRIMARY KEY, n BIGINT NOT NULL);)",
    // v5: cases a terminal's pre-submission opened (its receipt number, the key its receipt's QR is signed with,
    // what was filled in and brought) and the pages photographed for them.
    R"(
    ALTER TABLE case_file ADD COLUMN receipt_no TEXT;
    ALTER TABLE case_file ADD COLUMN kiosk_id TEXT NOT NULL DEFAULT '';
    ALTER TABLE case_file ADD COLUMN receipt_key TEXT NOT NULL DEFAULT '';
    ALTER TABLE case_file ADD COLUMN submission TEXT NOT NULL DEFAULT '';
    CREATE UNIQUE INDEX case_by_receipt ON case_file (receipt_no);
    CREATE TABLE case_page (
        receipt_no TEXT NOT NULL, material INTEGER NOT NULL, page INTEGER NOT NULL, kiosk_id TEXT NOT NULL,
        jpeg TEXT NOT NULL, at BIGINT NOT NULL, PRIMARY KEY (receipt_no, material, page));)",
    // v6: facts about the database itself (which secrets key its terminal secrets are sealed with).
    R"(
    CREATE TABLE central_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);)",
    // v7: appointments (预约). A booked appointment holds a seat of its slot in its theme's pool, and one in its
    // matter's when the matter has places of its own: a seat is a place numbered 1 to the pool's capacity, unique
    // in its slot, so the database itself never lets a slot hold more than its places, whatever two central
    // processes do at once. One booked appointment per person and matter, by a partial unique index. The person is
    // a keyed hash of the ID number; the phone is sealed; the name is kept for the hall's list.
    R"(
    CREATE TABLE appointment (
        appt_no TEXT PRIMARY KEY, hall TEXT NOT NULL, matter_code TEXT NOT NULL, matter_name TEXT NOT NULL,
        theme TEXT NOT NULL, slot TEXT NOT NULL, slot_start BIGINT NOT NULL, slot_end BIGINT NOT NULL,
        person TEXT NOT NULL, holder_name TEXT NOT NULL, holder_id_masked TEXT NOT NULL, phone_sealed TEXT NOT NULL,
        phone_masked TEXT NOT NULL, state TEXT NOT NULL, kiosk_id TEXT NOT NULL, receipt_key TEXT NOT NULL,
        hall_change TEXT NOT NULL DEFAULT '', hall_change_seen BIGINT NOT NULL DEFAULT 1,
        created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
    CREATE UNIQUE INDEX appointment_one_per_matter ON appointment (person, matter_code) WHERE state = 'booked';
    CREATE INDEX appointment_by_person ON appointment (person, slot_start);
    CREATE INDEX appointment_by_slot ON appointment (hall, slot);
    CREATE TABLE appointment_seat (
        hall TEXT NOT NULL, pool TEXT NOT NULL, slot TEXT NOT NULL, place INTEGER NOT NULL, capacity INTEGER NOT NULL,
        appt_no TEXT NOT NULL REFERENCES appointment (appt_no),
        PRIMARY KEY (hall, pool, slot, place), CHECK (place >= 1 AND place <= capacity));
    CREATE INDEX appointment_seat_by_appt ON appointment_seat (appt_no);
    CREATE TABLE appointment_step (
        appt_no TEXT NOT NULL REFERENCES appointment (appt_no), n INTEGER NOT NULL, action TEXT NOT NULL,
        slot TEXT NOT NULL, at BIGINT NOT NULL, by_whom TEXT NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (appt_no, n));
    CREATE TABLE appointment_person (person TEXT PRIMARY KEY, touched BIGINT NOT NULL);
    CREATE TABLE request_once (
        kiosk_id TEXT NOT NULL, request_key TEXT NOT NULL, reply TEXT NOT NULL, at BIGINT NOT NULL,
        PRIMARY KEY (kiosk_id, request_key));)",
    // v8: notices to people (the notification outbox): a confirmation or a change at once, a reminder before the
    // slot; sent by kiosk-central's sender to the hall's SMS gateway, each once by its id; never dropped.
    R"(
    CREATE TABLE notification (
        id TEXT PRIMARY KEY, appt_no TEXT NOT NULL, kind TEXT NOT NULL, phone_sealed TEXT NOT NULL,
        phone_masked TEXT NOT NULL, text TEXT NOT NULL, due_at BIGINT NOT NULL, state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0, next_at BIGINT NOT NULL, delivered_at BIGINT NOT NULL DEFAULT 0,
        last_error TEXT NOT NULL DEFAULT '', created_at BIGINT NOT NULL);
    CREATE INDEX notification_due ON notification (next_at) WHERE state = 'pending';
    CREATE INDEX notification_by_appt ON notification (appt_no);)",
    // v9: queue numbers (取号). A number is counted per hall, prefix and day (北京时间) on a row of its own, raised
    // in the transaction that issues the ticket, and a ticket's (hall, day, prefix, n) is unique besides: no two
    // terminals, processes or restarts ever give the same number.
    R"(
    CREATE TABLE ticket_counter (
        hall TEXT NOT NULL, day TEXT NOT NULL, prefix TEXT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (hall, day, prefix));
    CREATE TABLE ticket (
        id TEXT PRIMARY KEY, hall TEXT NOT NULL, day TEXT NOT NULL, prefix TEXT NOT NULL, n BIGINT NOT NULL,
        theme TEXT NOT NULL, cls TEXT NOT NULL, appt_no TEXT NOT NULL DEFAULT '', slot_start BIGINT NOT NULL DEFAULT 0,
        kiosk_id TEXT NOT NULL, issued_at BIGINT NOT NULL, waiting_since BIGINT NOT NULL, state TEXT NOT NULL,
        window_id TEXT NOT NULL DEFAULT '', recalls INTEGER NOT NULL DEFAULT 0, called_at BIGINT NOT NULL DEFAULT 0,
        done_at BIGINT NOT NULL DEFAULT 0, UNIQUE (hall, day, prefix, n));
    CREATE INDEX ticket_waiting ON ticket (hall, theme, state);)",
    // v10: each window's run of calls that were not ordinary tickets (the fair rule's count), and its current call.
    R"(
    CREATE TABLE queue_window (
        hall TEXT NOT NULL, window_id TEXT NOT NULL, run INTEGER NOT NULL DEFAULT 0, current_ticket TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (hall, window_id));)",
    // v11: the hall's board: a sequence raised by every change to its queue (its row orders the hall's calls), the
    // calls as the display shows and says them, a ticket's first call (its wait) and a green channel asked for.
    R"(
    ALTER TABLE ticket ADD COLUMN first_called_at BIGINT NOT NULL DEFAULT 0;
    ALTER TABLE ticket ADD COLUMN asked INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX ticket_by_appt ON ticket (appt_no);
    CREATE INDEX ticket_by_day ON ticket (hall, day);
    CREATE TABLE hall_board (hall TEXT PRIMARY KEY, seq BIGINT NOT NULL);
    CREATE TABLE queue_call (
        hall TEXT NOT NULL, seq BIGINT NOT NULL, ticket_id TEXT NOT NULL, number TEXT NOT NULL, window_id TEXT NOT NULL,
        theme TEXT NOT NULL, recall INTEGER NOT NULL, at BIGINT NOT NULL, PRIMARY KEY (hall, seq));)",
    // v12: hall staff (the window's caller, the hall admin): passwords as argon2id strings (libsodium), failed
    // sign-ins counted for the lock-out, sessions by the hash of their cookie, and every action in the hall's audit.
    R"(
    CREATE TABLE staff (
        id TEXT PRIMARY KEY, hall TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL, password TEXT NOT NULL,
        failures INTEGER NOT NULL DEFAULT 0, locked_until BIGINT NOT NULL DEFAULT 0, created_at BIGINT NOT NULL,
        UNIQUE (hall, name));
    CREATE TABLE staff_session (
        token TEXT PRIMARY KEY, staff_id TEXT NOT NULL REFERENCES staff (id), csrf TEXT NOT NULL,
        window_id TEXT NOT NULL DEFAULT '', created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL);
    CREATE TABLE hall_audit (
        id {ID}, hall TEXT NOT NULL, at BIGINT NOT NULL, who TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL);
    CREATE INDEX hall_audit_by_hall ON hall_audit (hall, at);)",
    // v13: a first password (kioskctl staff add or reset) must be changed at the first sign-in.
    R"(
    ALTER TABLE staff ADD COLUMN must_change INTEGER NOT NULL DEFAULT 1;)",
    // v14: calls for staff from terminals (帮办): where, which screen, whether the person is 60 or more, and their times.
    R"(
    CREATE TABLE help_call (
        id TEXT PRIMARY KEY, hall TEXT NOT NULL, kiosk_id TEXT NOT NULL, kiosk_name TEXT NOT NULL, screen TEXT NOT NULL,
        service TEXT NOT NULL, elder INTEGER NOT NULL, state TEXT NOT NULL, raised_at BIGINT NOT NULL,
        last_raised_at BIGINT NOT NULL, raised_again INTEGER NOT NULL DEFAULT 0, taken_at BIGINT NOT NULL DEFAULT 0,
        taken_by TEXT NOT NULL DEFAULT '', closed_at BIGINT NOT NULL DEFAULT 0);
    CREATE INDEX help_call_open ON help_call (hall, state);
    CREATE INDEX help_call_by_day ON help_call (hall, raised_at);)",
    // v15: work orders of reports of what could not be done (办不成事, 督办工单), each step kept with who and when.
    R"(
    CREATE TABLE work_order (
        no TEXT PRIMARY KEY, hall TEXT NOT NULL, kiosk_id TEXT NOT NULL, person TEXT NOT NULL, name TEXT NOT NULL,
        phone_sealed TEXT NOT NULL, phone_masked TEXT NOT NULL, department TEXT NOT NULL, category TEXT NOT NULL,
        text TEXT NOT NULL, state TEXT NOT NULL, deadline TEXT NOT NULL, received_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
    CREATE INDEX work_order_by_person ON work_order (person, received_at);
    CREATE INDEX work_order_by_hall ON work_order (hall, deadline);
    CREATE TABLE work_order_step (
        no TEXT NOT NULL REFERENCES work_order (no), n INTEGER NOT NULL, state TEXT NOT NULL, by_whom TEXT NOT NULL,
        note TEXT NOT NULL, at BIGINT NOT NULL, PRIMARY KEY (no, n));)",
    // v16: a work order's code for its slip's QR (96 random bits): its state at any terminal.
    R"(
    ALTER TABLE work_order ADD COLUMN code TEXT NOT NULL DEFAULT '';
    CREATE INDEX work_order_by_code ON work_order (code);)",
    // v17: ratings of the service (好差评), one per subject and stage; the follow-ups of bad ones (1-4-13) with each
    // step; and who served a ticket (a rating of the visit names the window and them).
    R"(
    CREATE TABLE rating (
        id TEXT PRIMARY KEY, hall TEXT NOT NULL, kiosk_id TEXT NOT NULL, stage TEXT NOT NULL, subject TEXT NOT NULL,
        what TEXT NOT NULL, department TEXT NOT NULL, window_id TEXT NOT NULL, staff TEXT NOT NULL, person TEXT NOT NULL,
        name TEXT NOT NULL, level INTEGER NOT NULL, reasons TEXT NOT NULL, text TEXT NOT NULL, channel TEXT NOT NULL,
        created_at BIGINT NOT NULL, day TEXT NOT NULL, voided INTEGER NOT NULL DEFAULT 0, UNIQUE (stage, subject));
    CREATE INDEX rating_by_hall ON rating (hall, day);
    CREATE TABLE follow_up (
        rating_id TEXT PRIMARY KEY REFERENCES rating (id), hall TEXT NOT NULL, state TEXT NOT NULL,
        complex INTEGER NOT NULL DEFAULT 0, contact_by TEXT NOT NULL, fix_by TEXT NOT NULL, complex_by TEXT NOT NULL,
        appeal TEXT NOT NULL DEFAULT '', opened_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
        contacted_at BIGINT NOT NULL DEFAULT 0, fixed_at BIGINT NOT NULL DEFAULT 0);
    CREATE TABLE follow_up_step (
        rating_id TEXT NOT NULL REFERENCES rating (id), n INTEGER NOT NULL, state TEXT NOT NULL, by_whom TEXT NOT NULL,
        note TEXT NOT NULL, at BIGINT NOT NULL, PRIMARY KEY (rating_id, n));
    ALTER TABLE ticket ADD COLUMN served_by TEXT NOT NULL DEFAULT '';)",
    // v18: the hall a case belongs to (its terminal's, or given when a department opens it), for the hall's figures.
    R"(
    ALTER TABLE case_file ADD COLUMN hall TEXT NOT NULL DEFAULT '';
    UPDATE case_file SET hall = COALESCE((SELECT hall FROM kiosk WHERE kiosk.id = case_file.kiosk_id), '') WHERE kiosk_id != '';
    CREATE INDEX case_by_hall ON case_file (hall, created_at);)",
    // v19: collecting results (领取): the documents a department attaches to a case, each collection at a terminal
    // (who, for whom, the delegate's authorisation and the signature sealed), and requests to post the result.
    R"(
    CREATE TABLE case_document (
        case_no TEXT NOT NULL REFERENCES case_file (case_no), n INTEGER NOT NULL, name TEXT NOT NULL, pdf TEXT NOT NULL,
        bytes BIGINT NOT NULL, sha256 TEXT NOT NULL, added_by TEXT NOT NULL, added_at BIGINT NOT NULL, PRIMARY KEY (case_no, n));
    CREATE TABLE collection (
        case_no TEXT PRIMARY KEY REFERENCES case_file (case_no), hall TEXT NOT NULL, kiosk_id TEXT NOT NULL, way TEXT NOT NULL,
        collector_name TEXT NOT NULL, collector_person TEXT NOT NULL, delegate INTEGER NOT NULL, authorisation TEXT NOT NULL,
        signature TEXT NOT NULL, at BIGINT NOT NULL);
    CREATE TABLE postal_request (
        case_no TEXT PRIMARY KEY REFERENCES case_file (case_no), hall TEXT NOT NULL, kiosk_id TEXT NOT NULL,
        address_sealed TEXT NOT NULL, address_masked TEXT NOT NULL, phone_sealed TEXT NOT NULL, phone_masked TEXT NOT NULL,
        mail_by TEXT NOT NULL, requested_at BIGINT NOT NULL, mailed_at BIGINT NOT NULL DEFAULT 0, tracking TEXT NOT NULL DEFAULT '');
    CREATE INDEX postal_by_hall ON postal_request (hall, mail_by);)",
};

}  // namespace

namespace {
// A secret at rest (a terminal's secret bound to its id; a person's phone bound to their appointment):
// "sealed1:" base64(nonce ‖ XChaCha20-Poly1305(secret, ad = what it is bound to)), so a sealed secret cannot be
// moved to another terminal's (or appointment's) row either.
constexpr std::string_view kSealedPrefix = "sealed1:";
}  // namespace

std::string sealWithSecretsKey(const SecretsKey& key, std::string_view boundTo, std::string_view secret) {
    std::vector<unsigned char> box(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + secret.size() +
                                   crypto_aead_xchacha20poly1305_ietf_ABYTES);
    randombytes_buf(box.data(), crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    unsigned long long len = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(box.data() + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &len,
                                               reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
                                               reinterpret_cast<const unsigned char*>(boundTo.data()), boundTo.size(),
                                               nullptr, box.data(), key.data());
    std::string b64(sodium_base64_ENCODED_LEN(box.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(b64.data(), b64.size(), box.data(), box.size(), sodium_base64_VARIANT_ORIGINAL);
    b64.resize(std::strlen(b64.c_str()));
    return std::string(kSealedPrefix) + b64;
}

std::optional<std::string> openWithSecretsKey(const SecretsKey& key, std::string_view boundTo, std::string_view sealed) {
    if (sealed.substr(0, kSealedPrefix.size()) != kSealedPrefix) return std::nullopt;
    sealed.remove_prefix(kSealedPrefix.size());
    std::vector<unsigned char> box(sealed.size());
    size_t len = 0;
    if (sodium_base642bin(box.data(), box.size(), sealed.data(), sealed.size(), nullptr, &len, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        len < crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)
        return std::nullopt;
    std::string secret(len - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
    unsigned long long out = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(secret.data()), &out, nullptr,
                                                   box.data() + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                                   len - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                                   reinterpret_cast<const unsigned char*>(boundTo.data()), boundTo.size(),
                                                   box.data(), key.data()) != 0)
        return std::nullopt;
    return secret;
}

namespace {

// What the database records of its secrets key: a keyed hash of a fixed text, which tells a wrong key apart and
// reveals nothing of the key.
std::string secretsKeyCheck(const SecretsKey& key) {
    static constexpr std::string_view kText = "onewindow central secrets key";
    unsigned char d[16];
    crypto_generichash(d, sizeof d, reinterpret_cast<const unsigned char*>(kText.data()), kText.size(), key.data(), key.size());
    char hex[sizeof d * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, d, sizeof d);
    return hex;
}

std::string sha256Hex(std::string_view text) {
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, d, sizeof d);
    return hex;
}

using sql::num;
using sql::str;

// Records a request's nonce ($1 terminal, $2 nonce, $3 signed time) if the terminal is enrolled and not
// revoked: one row changed when recorded (PostgreSQL's one-statement paths add RETURNING). The same text on both
// engines (CAST, not ::).
const char* const kClaimNonce =
    "INSERT INTO nonce (ts, kiosk_id, nonce) SELECT CAST($3 AS BIGINT), $1, $2 "
    "WHERE EXISTS (SELECT 1 FROM kiosk WHERE id = $1 AND revoked = 0) ON CONFLICT DO NOTHING";
// An insert of n events' rows, kEventColumns values each; a row whose (kiosk, seq) is taken is left out.
constexpr size_t kEventColumns = 8;
std::string insertEvents(size_t n) {
    std::string sql = "INSERT INTO event (kiosk_id, seq, type, occurred_at, payload, result, reason, applied_at) VALUES ";
    sql.reserve(sql.size() + n * 48 + 24);
    for (size_t row = 0; row < n; ++row) {
        sql += row ? ", (" : "(";
        for (size_t k = 0; k < kEventColumns; ++k) {
            if (k) sql += ", ";
            sql += '$';
            sql += std::to_string(row * kEventColumns + k + 1);
        }
        sql += ')';
    }
    return sql + " ON CONFLICT DO NOTHING";
}
const char* const kEnrolled = "SELECT 1 FROM kiosk WHERE id = $1 AND revoked = 0";

// Events with an effect beyond being recorded: a pre-submission opens a case, its pages are kept with it.
bool effectful(const Event& e) {
    return e.type == protocol::kSubmittedEvent || e.type == protocol::kPageEvent || e.type == "service.audit";
}

// A terminal's service-mode attempt or action (who, what), for the hall's audit.
struct StaffAudit {
    std::string actor, action, detail;
};

// A pre-submission event's payload, read once: checked when its result is decided, applied once its (kiosk, seq)
// is claimed.
using Effect = std::variant<std::monostate, protocol::Submission, protocol::MaterialPage, StaffAudit>;

// Reads an event with an effect; why it cannot be applied ("" when it can): its payload, and a receipt number
// that is the sending terminal's own.
std::string readEffect(std::string_view kioskId, const Event& e, Effect& out) {
    std::string why, receiptNo;
    if (e.type == "service.audit") {
        const auto j = nlohmann::json::parse(e.payload, nullptr, false);
        const auto text = [&](const char* k, size_t max) {
            return j.is_object() && j.contains(k) && j[k].is_string() && j[k].get<std::string>().size() <= max ? j[k].get<std::string>()
                                                                                                            : std::string("\x01");
        };
        StaffAudit a{text("actor", 100), text("action", 40), text("detail", 300)};
        if (a.actor == "\x01" || a.action == "\x01" || a.detail == "\x01" || a.action.empty())
            return "the audit record is malformed";
        out = std::move(a);
        return "";
    }
    if (e.type == protocol::kSubmittedEvent) {
        auto s = protocol::submissionFromJson(e.payload, &why);
        if (!s) return "the submission is malformed: " + why;
        receiptNo = s->receiptNo;
        out = std::move(*s);
    } else {
        auto p = protocol::pageFromJson(e.payload, &why);
        if (!p) return "the page is malformed: " + why;
        receiptNo = p->receiptNo;
        out = std::move(*p);
    }
    std::string own = protocol::receiptNumber(kioskId, 0);
    if (own.size() < 20 || receiptNo.compare(0, 20, own, 0, 20) != 0) return "the receipt number " + receiptNo + " is not this terminal's";
    return "";
}

// What each event becomes if its (kiosk, seq) is new: accepted, or rejected when its type is unknown or its
// payload cannot be applied. With effects, the payloads read for that (one per event; empty for the others).
std::vector<EventResult> freshResults(std::string_view kioskId, const std::vector<Event>& events,
                                      std::vector<Effect>* effects = nullptr) {
    std::vector<EventResult> out;
    out.reserve(events.size());
    if (effects) effects->assign(events.size(), Effect{});
    for (size_t i = 0; i < events.size(); ++i) {
        const Event& e = events[i];
        Effect effect;
        if (!knownEventType(e.type)) {
            out.push_back({EventResult::Kind::rejected, "unknown event type \"" + e.type + "\""});
        } else if (const std::string why = effectful(e) ? readEffect(kioskId, e, effect) : ""; !why.empty()) {
            out.push_back({EventResult::Kind::rejected, why});
        } else {
            out.push_back({EventResult::Kind::accepted, ""});
            if (effects) (*effects)[i] = std::move(effect);
        }
    }
    return out;
}

// The results of a batch: the fresh result for each seq the insert claimed, "duplicate" for the others.
std::vector<EventResult> resultsFor(const std::vector<Event>& events, const std::vector<EventResult>& fresh,
                                    const std::vector<int64_t>& claimed) {
    std::vector<EventResult> out(events.size(), EventResult{EventResult::Kind::duplicate, ""});
    for (size_t i = 0; i < events.size(); ++i)
        if (std::find(claimed.begin(), claimed.end(), events[i].seq) != claimed.end()) out[i] = fresh[i];
    return out;
}

class SqlStore : public Store {
public:
    explicit SqlStore(std::unique_ptr<sql::Pool> pool) : pool_(std::move(pool)), appointments_(*pool_), queue_(*pool_, appointments_), staff_(*pool_),
                                                       reports_(*pool_, appointments_),
                                                       ratings_(*pool_, appointments_),
                                                       collections_(*pool_, appointments_) {}

    AppointmentBook& appointments() override { return appointments_; }
    QueueBook& queue() override { return queue_; }
    StaffBook& staff() override { return staff_; }
    ReportBook& reports() override { return reports_; }
    RatingBook& ratings() override { return ratings_; }
    CollectionBook& collections() override { return collections_; }
    core::Result<ServiceFigures> serviceFigures(std::string_view hall, std::string_view from, std::string_view to,
                                                std::string_view onDay) override {
        return central::serviceFigures(*pool_, hall, from, to, onDay);
    }

    // Takes the secrets key: refused when the database's secrets were sealed with another; seals the secrets an
    // earlier release kept in clear.
    std::string adoptSecretsKey(const SecretsKey& key) {
        const bool pg = pool_->dialect() == sql::Dialect::postgresql;
        const std::string check = secretsKeyCheck(key);
        const std::string refused = sql::transaction(*pool_, [&](Connection& c) -> std::string {
            if (pg) c.query("SELECT pg_advisory_xact_lock(7340002)");
            c.query("INSERT INTO central_meta (name, value) VALUES ('secrets_key', $1) ON CONFLICT DO NOTHING", {check});
            auto rows = c.query("SELECT value FROM central_meta WHERE name = 'secrets_key'");
            if (rows.empty() || str(rows[0][0]) != check)
                return "the secrets key is not the one this database's terminal secrets were sealed with (with another, "
                       "every terminal would have to enrol again): give central the key it was first started with";
            for (auto& r : c.query("SELECT id, secret FROM kiosk WHERE secret NOT LIKE 'sealed1:%'"))
                c.query("UPDATE kiosk SET secret = $1 WHERE id = $2 AND secret = $3",
                        {sealWithSecretsKey(key, str(r[0]), str(r[1])), str(r[0]), str(r[1])});
            return "";
        });
        if (refused.empty()) secretsKey_ = key, appointments_.setSecretsKey(key);
        return refused;
    }

    void migrate() {
        const bool pg = pool_->dialect() == sql::Dialect::postgresql;
        sql::transaction(*pool_, [&](Connection& c) {
            if (pg) c.query("SELECT pg_advisory_xact_lock(7340001)");  // one process migrates at a time
            c.script("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)");
            auto rows = c.query("SELECT max(version) FROM schema_version");
            int64_t at = rows.empty() ? 0 : num(rows[0][0]);
            for (int64_t v = at; v < static_cast<int64_t>(std::size(kMigrations)); ++v) {
                std::string text = kMigrations[v];
                for (size_t p; (p = text.find("{ID}")) != std::string::npos;)
                    text.replace(p, 4, pg ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY");
                for (size_t p; (p = text.find("{WITHOUT_ROWID}")) != std::string::npos;)
                    text.replace(p, 15, pg ? "" : "WITHOUT ROWID");
                c.script(text);
                c.query("INSERT INTO schema_version (version) VALUES ($1)", {v + 1});
            }
            return 0;
        });
    }

    core::Result<std::vector<EventResult>> applyEvents(std::string_view kioskId, const std::vector<Event>& events,
                                                       const Nonce* nonce) override {
        const bool anyEffect = std::any_of(events.begin(), events.end(), effectful);
        if (nonce && !anyEffect && pool_->dialect() == sql::Dialect::postgresql) return applyEventsInOneStatement(kioskId, events, *nonce);
        // Everything that does not need the database is done before the write, outside the writer's turn: what
        // each event becomes if its (kiosk, seq) is new, and the row it is stored as.
        const std::string kiosk(kioskId);
        const int64_t now = std::time(nullptr);
        std::vector<Effect> effects;
        const auto fresh = freshResults(kioskId, events, &effects);
        std::vector<Value> values;  // row after row of kEventColumns values
        values.reserve(events.size() * kEventColumns);
        for (size_t i = 0; i < events.size(); ++i) {
            const Event& e = events[i];
            values.insert(values.end(), {kiosk, e.seq, e.type, e.occurredAt, e.payload, std::string(resultCode(fresh[i].kind)),
                                         fresh[i].reason, now});
        }
        const std::string insertAll = insertEvents(events.size());
        auto r = sql::guarded([&] {
            return sql::transaction(*pool_, [&](Connection& c) -> core::Result<std::vector<EventResult>> {
                if (nonce)
                    if (const char* refused = claimNonce(c, kioskId, *nonce)) return core::Result<std::vector<EventResult>>(core::Error{refused});
                // The seqs of the batch already taken (a batch's seqs rise, so one range holds them): a replay, which
                // changes nothing. Usually there are none and one insert claims every (kiosk, seq) and stores the
                // events with their results.
                std::vector<int64_t> claimed;
                const auto taken = c.query("SELECT seq FROM event WHERE kiosk_id = $1 AND seq BETWEEN $2 AND $3",
                                           {kiosk, events.front().seq, events.back().seq});
                if (taken.empty()) {
                    // Another process may have stored some of them meanwhile (PostgreSQL): then which ones is not
                    // known here, so nothing is applied and the terminal sends the batch again.
                    if (c.execute(insertAll, values) != static_cast<int64_t>(events.size()))
                        throw sql::Failure("events of this batch were stored meanwhile; send it again");
                    for (const Event& e : events) claimed.push_back(e.seq);
                } else {
                    const std::string insertOne = insertEvents(1);
                    for (size_t i = 0; i < events.size(); ++i) {
                        const auto row = values.begin() + static_cast<std::ptrdiff_t>(i * kEventColumns);
                        if (c.execute(insertOne, std::vector<Value>(row, row + kEventColumns)) == 1) claimed.push_back(events[i].seq);
                    }
                }
                // The effects of the events claimed now, in the same transaction: applied once, or not at all.
                for (size_t i = 0; i < events.size(); ++i)
                    if (!std::holds_alternative<std::monostate>(effects[i]) &&
                        std::find(claimed.begin(), claimed.end(), events[i].seq) != claimed.end())
                        applyEffect(c, kiosk, events[i].payload, effects[i], now);
                return resultsFor(events, fresh, claimed);
            });
        });
        if (!r) return core::Error{r.error()};
        return std::move(*r);
    }

    // PostgreSQL: the nonce and the events in one statement (one round trip, its own transaction), since each
    // round trip to the server costs more than the statement itself.
    core::Result<std::vector<EventResult>> applyEventsInOneStatement(std::string_view kioskId, const std::vector<Event>& events,
                                                                     const Nonce& nonce) {
        const std::string kiosk(kioskId);
        const int64_t now = std::time(nullptr);
        const auto fresh = freshResults(kioskId, events);
        std::vector<Value> params{kiosk, nonce.value, nonce.timestamp};
        std::string values;
        for (size_t i = 0; i < events.size(); ++i) {
            const Event& e = events[i];
            const size_t at = params.size();
            params.insert(params.end(), {e.seq, e.type, e.occurredAt, e.payload, std::string(resultCode(fresh[i].kind)), fresh[i].reason});
            values += (i ? ", ($1, $" : "($1, $") + std::to_string(at + 1) + "::bigint, $" + std::to_string(at + 2) + ", $" +
                      std::to_string(at + 3) + "::bigint, $" + std::to_string(at + 4) + ", $" + std::to_string(at + 5) + ", $" +
                      std::to_string(at + 6) + ", " + std::to_string(now) + "::bigint)";
        }
        const std::string sql = std::string("WITH n AS (") + kClaimNonce + " RETURNING 1), " +
            "ins AS (INSERT INTO event (kiosk_id, seq, type, occurred_at, payload, result, reason, applied_at) "
            "SELECT v.* FROM (VALUES " + values + ") AS v WHERE EXISTS (SELECT 1 FROM n) ON CONFLICT DO NOTHING RETURNING seq) "
            "SELECT 0, count(*) FROM n UNION ALL SELECT 1, seq FROM ins";
        auto rows = sql::guarded([&] { return autocommit(sql, params); });
        if (!rows) return core::Error{rows.error()};
        bool nonceTaken = false;
        std::vector<int64_t> claimed;
        for (const auto& row : *rows) {
            if (num(row[0]) == 0) nonceTaken = num(row[1]) > 0;
            else claimed.push_back(num(row[1]));
        }
        if (!nonceTaken) return core::Error{whyNonceRefused(kiosk)};
        pruneNoncesNowAndThen();
        return resultsFor(events, fresh, claimed);
    }

    core::Result<protocol::CaseRecord> createCase(const NewCase& n, int64_t nowS) override {
        auto r = sql::guarded([&] { return sql::transaction(*pool_, [&](Connection& conn) { return openCase(conn, n, nowS); }); });
        if (!r) return core::Error{r.error()};
        return std::move(*r);
    }

    core::Result<std::optional<SubmittedCase>> submittedCase(std::string_view caseNo) override {
        return sql::guarded([&] {
            std::optional<SubmittedCase> out;
            pool_->read([&](Connection& conn) {
                const auto rows = conn.query("SELECT receipt_no, kiosk_id, receipt_key, submission FROM case_file "
                                             "WHERE case_no = $1 AND receipt_no IS NOT NULL",
                                             {std::string(caseNo)});
                if (rows.empty()) return;
                auto c = loadCase(conn, caseNo);
                if (!c) return;
                SubmittedCase s{std::move(*c), str(rows[0][0]), str(rows[0][1]), str(rows[0][2]), str(rows[0][3]), {}};
                for (const auto& p : conn.query("SELECT material, page, jpeg FROM case_page WHERE receipt_no = $1 ORDER BY material, page",
                                                {s.receiptNo}))
                    s.pages.push_back({static_cast<int>(num(p[0])), static_cast<int>(num(p[1])), str(p[2])});
                out = std::move(s);
            });
            return out;
        });
    }

    core::Result<std::optional<std::pair<protocol::CaseRecord, std::string>>> caseByReceipt(std::string_view receiptNo) override {
        return sql::guarded([&] {
            std::optional<std::pair<protocol::CaseRecord, std::string>> out;
            pool_->read([&](Connection& conn) {
                const auto rows = conn.query("SELECT case_no, receipt_key FROM case_file WHERE receipt_no = $1", {std::string(receiptNo)});
                if (rows.empty()) return;
                if (auto c = loadCase(conn, str(rows[0][0]))) out.emplace(std::move(*c), str(rows[0][1]));
            });
            return out;
        });
    }

    core::Result<protocol::CaseRecord> advanceCase(std::string_view caseNo, const protocol::CaseMove& move, int64_t nowS) override {
        auto r = sql::guarded([&]() -> core::Result<protocol::CaseRecord> {
            return sql::transaction(*pool_, [&](Connection& conn) -> core::Result<protocol::CaseRecord> {
                auto current = loadCase(conn, caseNo);
                if (!current) return core::Error{std::string(kNoSuchCase) + " " + std::string(caseNo)};
                if (auto why = protocol::checkMove(current->status, move, protocol::dateOf(nowS)); !why.empty())
                    return core::Error{why};
                // The status it had when read: a department moving it at the same moment makes this match nothing.
                if (conn.query("UPDATE case_file SET status = $1, updated_at = $2 WHERE case_no = $3 AND status = $4 RETURNING 1",
                               {std::string(protocol::caseStatusCode(move.to)), nowS, current->caseNo,
                                std::string(protocol::caseStatusCode(current->status))})
                        .empty())
                    return core::Error{"the case changed meanwhile; look at it again"};
                protocol::CaseStep step{move.to, nowS, move.reason, move.supplementBy, move.trackingNo, move.by, move.missing};
                insertStep(conn, current->caseNo, static_cast<int64_t>(current->steps.size()) + 1, step);
                current->status = move.to;
                current->steps.push_back(std::move(step));
                return *current;
            });
        });
        if (!r) return core::Error{r.error()};
        return std::move(*r);
    }

    core::Result<std::optional<protocol::CaseRecord>> caseByNumber(std::string_view caseNo) override {
        return sql::guarded([&] {
            std::optional<protocol::CaseRecord> c;
            pool_->read([&](Connection& conn) { c = loadCase(conn, caseNo); });
            return c;
        });
    }

    core::Result<std::vector<protocol::CaseRecord>> casesOfHolder(std::string_view idNumber) override {
        return sql::guarded([&] {
            std::vector<protocol::CaseRecord> out;
            pool_->read([&](Connection& conn) {
                for (const auto& row : conn.query("SELECT case_no FROM case_file WHERE holder_id = $1 ORDER BY created_at DESC, case_no DESC LIMIT 50",
                                                  {std::string(idNumber)}))
                    if (auto c = loadCase(conn, str(row[0]))) out.push_back(std::move(*c));
            });
            return out;
        });
    }

    int64_t eventCount(std::string_view kioskId) override { return count("accepted", kioskId); }
    int64_t quarantineCount(std::string_view kioskId) override { return count("rejected", kioskId); }

    std::vector<Event> events(std::string_view kioskId) override {
        std::vector<Event> out;
        for (auto& r : read("SELECT seq, type, occurred_at, payload FROM event WHERE kiosk_id = $1 AND result = 'accepted' ORDER BY seq",
                             {std::string(kioskId)}))
            out.push_back({num(r[0]), str(r[1]), num(r[2]), str(r[3])});
        return out;
    }

    std::vector<QuarantineEntry> quarantine(std::string_view kioskId, int limit) override {
        std::vector<QuarantineEntry> out;
        for (auto& r : read("SELECT kiosk_id, seq, type, payload, reason FROM event WHERE result = 'rejected' AND ($1 = '' OR kiosk_id = $1) "
                             "ORDER BY applied_at DESC, seq DESC LIMIT $2",
                             {std::string(kioskId), int64_t{limit}}))
            out.push_back({str(r[0]), num(r[1]), str(r[2]), str(r[3]), str(r[4])});
        return out;
    }

    core::Result<std::string> createEnrolToken(std::string_view hall, std::string_view name) override {
        const std::string token = protocol::randomHex(16);
        return sql::guarded([&] {
            write("INSERT INTO enrol_token (token_hash, hall, name) VALUES ($1, $2, $3)",
                  {sha256Hex(token), std::string(hall), std::string(name)});
            return token;
        });
    }

    core::Result<std::pair<std::string, std::string>> enroll(std::string_view token) override {
        if (!secretsKey_) return core::Error{"central was opened without its secrets key; terminals cannot enrol"};
        auto r = sql::guarded([&] {
            return sql::transaction(*pool_, [&](Connection& c) -> std::optional<std::pair<std::string, std::string>> {
                const std::string id = "k-" + protocol::randomHex(8), secret = protocol::randomHex(32);
                // Spending the token and creating the terminal are one step: two terminals can't share a token.
                auto rows = c.query("UPDATE enrol_token SET used_by = $1 WHERE token_hash = $2 AND used_by IS NULL "
                                    "RETURNING hall, name",
                                    {id, sha256Hex(token)});
                if (rows.empty()) return std::nullopt;
                c.query("INSERT INTO kiosk (id, hall, name, secret) VALUES ($1, $2, $3, $4)",
                        {id, str(rows[0][0]), str(rows[0][1]), sealWithSecretsKey(*secretsKey_, id, secret)});
                return std::make_pair(id, secret);
            });
        });
        if (!r) return core::Error{r.error()};
        if (!*r) return core::Error{"the enrolment token is unknown or already used"};
        return **r;
    }

    core::Result<std::optional<std::string>> kioskSecret(std::string_view kioskId) override {
        const std::string id(kioskId);
        {
            std::shared_lock lock(secretsMutex_);  // many request threads look up at once
            if (auto it = secrets_.find(id); it != secrets_.end()) return std::optional<std::string>(it->second);
        }
        if (!secretsKey_) return core::Error{"central was opened without its secrets key; requests cannot be verified"};
        auto found = sql::guarded([&] {
            sql::Rows rows;
            pool_->read([&](Connection& c) { rows = c.query("SELECT secret FROM kiosk WHERE id = $1 AND revoked = 0", {id}); });
            return rows;
        });
        if (!found) return core::Error{found.error()};
        const auto& rows = *found;
        if (rows.empty()) return std::optional<std::string>();
        auto secret = openWithSecretsKey(*secretsKey_, id, str(rows[0][0]));
        if (!secret) return core::Error{"the secret of terminal " + id + " cannot be opened with central's secrets key"};
        std::lock_guard lock(secretsMutex_);
        if (secrets_.size() > 100000) secrets_.clear();
        secrets_[id] = *secret;
        sodium_memzero(secret->data(), secret->size());
        return std::optional<std::string>(secrets_[id]);
    }

    core::Status revoke(std::string_view kioskId) override {
        forgetSecret(std::string(kioskId));
        auto r = sql::guarded([&] { return write("UPDATE kiosk SET revoked = 1 WHERE id = $1 RETURNING id", {std::string(kioskId)}); });
        if (!r) return core::Error{r.error()};
        if (r->empty()) return core::Error{"no terminal " + std::string(kioskId)};
        return core::okStatus();
    }

    core::Status recordHeartbeat(std::string_view kioskId, std::string_view body, int64_t nowS, const Nonce* nonce) override {
        if (nonce && pool_->dialect() == sql::Dialect::postgresql) {
            const std::string kiosk(kioskId);
            auto rows = sql::guarded([&] {
                return autocommit(std::string("WITH n AS (") + kClaimNonce + " RETURNING 1) "
                                  "UPDATE kiosk SET last_seen = $4::bigint, heartbeat = $5 WHERE id = $1 AND EXISTS (SELECT 1 FROM n) "
                                  "RETURNING 1",
                                  {kiosk, nonce->value, nonce->timestamp, nowS, std::string(body)});
            });
            if (!rows) return core::Error{rows.error()};
            if (rows->empty()) return core::Error{whyNonceRefused(kiosk)};
            pruneNoncesNowAndThen();
            return core::okStatus();
        }
        auto r = sql::guarded([&] {
            return sql::transaction(*pool_, [&](Connection& c) {
                if (nonce)
                    if (const char* refused = claimNonce(c, kioskId, *nonce)) return std::string(refused);
                c.query("UPDATE kiosk SET last_seen = $1, heartbeat = $2 WHERE id = $3",
                        {nowS, std::string(body), std::string(kioskId)});
                return std::string();
            });
        });
        if (!r) return core::Error{r.error()};
        if (!r->empty()) return core::Error{*r};
        return core::okStatus();
    }

    std::vector<FleetEntry> fleet() override { return fleetWhere("", ""); }
    std::optional<std::string> kioskHall(std::string_view kioskId) override {
        const std::string id(kioskId);
        {
            std::shared_lock lock(secretsMutex_);
            if (auto it = halls_.find(id); it != halls_.end()) return it->second;
        }
        auto rows = read("SELECT hall FROM kiosk WHERE id = $1", {id});
        if (rows.empty()) return std::nullopt;
        std::lock_guard lock(secretsMutex_);
        if (halls_.size() > 100000) halls_.clear();
        return halls_[id] = str(rows[0][0]);
    }

    std::optional<FleetEntry> kiosk(std::string_view kioskId) override {
        auto all = fleetWhere("WHERE id = $1", kioskId);
        if (all.empty()) return std::nullopt;
        return all.front();
    }

    core::Status rememberNonce(std::string_view kioskId, std::string_view nonce, int64_t timestamp) override {
        // A nonce alone (a question, or ahead of a request's own transaction) need not wait for the disk: lost in a
        // crash, it would let a request of the last instant be replayed, and these are questions or carry their own
        // idempotency key. On PostgreSQL it is one statement, committed without a flush of its own (the setting is
        // local to that statement's transaction).
        if (pool_->dialect() == sql::Dialect::postgresql) {
            const std::string id(kioskId);
            auto rows = sql::guarded([&] {
                return autocommit(std::string("WITH quick AS (SELECT set_config('synchronous_commit', 'off', true)), n AS (") +
                                      kClaimNonce + " RETURNING 1) SELECT count(*) FROM n, quick",
                                  {id, std::string(nonce), timestamp});
            });
            if (!rows) return core::Error{rows.error()};
            if (rows->empty() || num(rows->front()[0]) != 1) return core::Error{whyNonceRefused(id)};
            pruneNoncesNowAndThen();
            return core::okStatus();
        }
        auto r = sql::guarded([&] {
            return sql::transaction(*pool_, [&](Connection& c) { return claimNonce(c, kioskId, {std::string(nonce), timestamp}); });
        });
        if (!r) return core::Error{r.error()};
        if (*r) return core::Error{*r};
        return core::okStatus();
    }

    core::Result<std::string> createAdminToken(std::string_view name) override {
        const std::string token = "adm-" + protocol::randomHex(24);
        return sql::guarded([&] {
            write("INSERT INTO admin_token (token_hash, name, created_at) VALUES ($1, $2, $3)",
                  {sha256Hex(token), std::string(name), int64_t{std::time(nullptr)}});
            return token;
        });
    }

    std::optional<std::string> adminName(std::string_view token) override {
        if (token.empty()) return std::nullopt;
        auto rows = read("SELECT name FROM admin_token WHERE token_hash = $1", {sha256Hex(token)});
        if (rows.empty()) return std::nullopt;
        return str(rows[0][0]);
    }

    core::Status publishBundle(const PublishedBundle& b) override {
        auto r = sql::guarded([&] {
            return sql::transaction(*pool_, [&](Connection& c) -> std::string {
                auto rows = c.query("SELECT body FROM published_bundle WHERE version = $1", {b.version});
                if (rows.empty()) {
                    c.query("INSERT INTO published_bundle (version, body, scope, published_at) VALUES ($1, $2, $3, $4)",
                            {b.version, b.body, b.scope, b.publishedAt});
                    return "";
                }
                if (str(rows[0][0]) != b.body)
                    return "version " + std::to_string(b.version) + " was already published with a different document";
                c.query("UPDATE published_bundle SET scope = $1, published_at = $2 WHERE version = $3",
                        {b.scope, b.publishedAt, b.version});
                return "";
            });
        });
        if (!r) return core::Error{r.error()};
        if (!r->empty()) return core::Error{*r};
        std::lock_guard lock(secretsMutex_);
        publishedUntil_ = {};  // this process sees its own publication at once
        return core::okStatus();
    }

    std::vector<PublishedBundle> bundlesNewerThan(int64_t version, bool recent) override {
        if (!recent) return readBundlesNewerThan(version);
        const auto now = std::chrono::steady_clock::now();
        std::vector<PublishedBundle> all;
        bool remembered = false;
        {
            std::shared_lock lock(secretsMutex_);
            if (now < publishedUntil_) all = published_, remembered = true;
        }
        if (!remembered) {
            all = readBundlesNewerThan(0);
            std::lock_guard lock(secretsMutex_);
            published_ = all;
            publishedUntil_ = now + std::chrono::seconds(5);
        }
        std::erase_if(all, [version](const PublishedBundle& b) { return b.version <= version; });
        return all;
    }

    std::vector<PublishedBundle> readBundlesNewerThan(int64_t version) {
        std::vector<PublishedBundle> out;
        for (auto& r : read("SELECT version, scope, published_at FROM published_bundle WHERE version > $1 "
                            "ORDER BY version DESC LIMIT 50",
                            {version}))
            out.push_back({num(r[0]), "", str(r[1]), num(r[2])});
        return out;
    }

    std::optional<std::string> bundleBody(int64_t version) override {
        auto rows = read("SELECT body FROM published_bundle WHERE version = $1", {version});
        if (rows.empty()) return std::nullopt;
        return str(rows[0][0]);
    }

private:
    // Reads that fail (database gone) answer empty; writes report the failure through sql::guarded().
    sql::Rows read(const std::string& text, const std::vector<Value>& params) {
        sql::Rows rows;
        try {
            pool_->read([&](Connection& c) { rows = c.query(text, params); });
        } catch (const sql::Failure&) {
        }
        return rows;
    }
    // One statement in a write transaction of its own (throws sql::Failure).
    sql::Rows write(const std::string& text, const std::vector<Value>& params) {
        return sql::transaction(*pool_, [&](Connection& c) { return c.query(text, params); });
    }
    // One statement in its own transaction, outside any explicit one (PostgreSQL: one round trip).
    sql::Rows autocommit(const std::string& text, const std::vector<Value>& params) {
        sql::Rows rows;
        pool_->read([&](Connection& c) { rows = c.query(text, params); });
        return rows;
    }
    // Why a nonce was not recorded: the terminal was revoked (or never enrolled), or the request is a replay.
    const char* whyNonceRefused(const std::string& id) {
        if (read(kEnrolled, {id}).empty()) {
            forgetSecret(id);
            return kRevoked;
        }
        return kReplayed;
    }
    // Nonces older than the signing window can never come back; they are forgotten every 1,024 requests.
    bool pruneDue() { return ++nonceCalls_ % 1024 == 0; }
    static void pruneNonces(Connection& c) { c.query("DELETE FROM nonce WHERE ts < $1", {int64_t{std::time(nullptr)} - 900}); }
    void pruneNoncesNowAndThen() {
        if (!pruneDue()) return;
        try {
            sql::transaction(*pool_, [](Connection& c) { return (pruneNonces(c), 0); });
        } catch (const sql::Failure&) {
        }
    }
    // Records a request's nonce in the caller's transaction, if the terminal is still enrolled: nullptr when
    // recorded, else kReplayed or kRevoked.
    const char* claimNonce(Connection& c, std::string_view kioskId, const Nonce& nonce) {
        if (pruneDue()) pruneNonces(c);
        const std::string id(kioskId);
        if (c.execute(kClaimNonce, {id, nonce.value, nonce.timestamp}) == 1) return nullptr;
        if (c.query(kEnrolled, {id}).empty()) {
            forgetSecret(id);
            return kRevoked;
        }
        return kReplayed;
    }
    // The working-day calendar the fleet was given: that of the newest published bundle (Monday to Friday while
    // none carries one), read again only once a newer bundle has been published (by any central process).
    protocol::WorkCalendar fleetCalendar(Connection& conn) {
        const auto newest = conn.query("SELECT max(version) FROM published_bundle");
        const int64_t version = newest.empty() ? 0 : num(newest[0][0]);
        std::lock_guard lock(calendarMutex_);
        if (version != calendarVersion_) {
            protocol::WorkCalendar calendar;
            const auto body = conn.query("SELECT body FROM published_bundle WHERE version = $1", {version});
            core::SignedEnvelope envelope;
            std::string why;
            if (!body.empty() && core::readSignedEnvelope(str(body[0][0]), envelope, why) == core::BundleRefusal::none)
                if (auto b = core::parseBundle(envelope.text)) calendar = std::move(b->calendar);
            calendar_ = std::move(calendar);
            calendarVersion_ = version;
        }
        return calendar_;
    }
    void forgetSecret(const std::string& id) {
        std::lock_guard lock(secretsMutex_);
        secrets_.erase(id);
    }
    static void insertStep(Connection& conn, const std::string& caseNo, int64_t n, const protocol::CaseStep& step) {
        conn.query("INSERT INTO case_step (case_no, n, status, at, detail) VALUES ($1, $2, $3, $4, $5)",
                   {caseNo, n, std::string(protocol::caseStatusCode(step.status)), step.at, protocol::caseStepToJson(step)});
    }
    // A case and its steps; nullopt when there is no such case (or its stored form no longer parses).
    // Opens a case with the day's next number, in the caller's transaction.
    protocol::CaseRecord openCase(Connection& conn, const NewCase& n, int64_t nowS) {
        protocol::CaseRecord c{"", n.matterCode, n.matterName, n.department, n.holderName, n.holderId, n.phone,
                               n.instant, n.promisedDays};
        const std::string today = protocol::dateOf(nowS);
        c.deadline = protocol::addWorkingDays(today, n.instant ? 0 : n.promisedDays, fleetCalendar(conn));
        c.steps.push_back({protocol::CaseStatus::received, nowS, "", "", "", n.by});
        std::string day = today;
        day.erase(std::remove(day.begin(), day.end(), '-'), day.end());
        const auto counted = conn.query(
            "INSERT INTO case_counter (day, n) VALUES ($1, 1) ON CONFLICT (day) DO UPDATE SET n = case_counter.n + 1 "
            "RETURNING n",
            {day});
        char no[32];
        std::snprintf(no, sizeof no, "OW%s%06lld", day.c_str(), static_cast<long long>(num(counted.at(0)[0])));
        c.caseNo = no;
        conn.query("INSERT INTO case_file (case_no, matter_code, matter_name, department, holder_name, holder_id, phone, "
                   "instant, promised_days, deadline, status, created_at, updated_at, hall) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13)",
                   {c.caseNo, c.matterCode, c.matterName, c.department, c.holderName, c.holderId, c.phone,
                    int64_t{c.instant}, int64_t{c.promisedDays}, c.deadline, std::string("received"), nowS, n.hall});
        insertStep(conn, c.caseNo, 1, c.steps.back());
        return c;
    }

    // What a pre-submission's events do (their payloads were read and checked by freshResults): a page is kept
    // under its receipt number; a submission opens a case in "received", dated when the person submitted it (a
    // terminal that was offline for days still gives the citizen the day they came), with its receipt key.
    void applyEffect(Connection& conn, const std::string& kiosk, const std::string& payload, const Effect& effect,
                            int64_t nowS) {
        if (const auto* a = std::get_if<StaffAudit>(&effect)) {
            // Into the hall's audit beside the hall pages' (kioskctl audit): which terminal, who, what.
            const auto who = conn.query("SELECT hall, name FROM kiosk WHERE id = $1", {kiosk});
            if (who.empty()) return;
            conn.query("INSERT INTO hall_audit (hall, at, who, action, detail) VALUES ($1, $2, $3, $4, $5)",
                       {str(who[0][0]), nowS, (str(who[0][1]) + " · " + a->actor).substr(0, 100), "terminal_" + a->action, a->detail});
            return;
        }
        if (const auto* p = std::get_if<protocol::MaterialPage>(&effect)) {
            // Kept as base64 text: PostgreSQL's TEXT holds no NUL bytes.
            std::string b64(sodium_base64_encoded_len(p->jpeg.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
            sodium_bin2base64(b64.data(), b64.size(), reinterpret_cast<const unsigned char*>(p->jpeg.data()), p->jpeg.size(),
                              sodium_base64_VARIANT_ORIGINAL);
            b64.pop_back();
            conn.query("INSERT INTO case_page (receipt_no, material, page, kiosk_id, jpeg, at) VALUES ($1, $2, $3, $4, $5, $6) "
                       "ON CONFLICT DO NOTHING",
                       {p->receiptNo, int64_t{p->material}, int64_t{p->page}, kiosk, b64, nowS});
            return;
        }
        const auto* s = std::get_if<protocol::Submission>(&effect);
        if (!s) return;
        const auto who = conn.query("SELECT hall, name FROM kiosk WHERE id = $1", {kiosk});
        const std::string by = "自助终端 " + (who.empty() ? kiosk : str(who[0][0]) + " " + str(who[0][1]));
        const int64_t at = s->submittedAt > nowS - 30 * 86400 && s->submittedAt <= nowS + 300 ? s->submittedAt : nowS;
        const auto c = openCase(conn, {s->matterCode, s->matterName, s->department, s->applicantName, s->applicantId, s->phone, by,
                                       s->instant, s->promisedDays, who.empty() ? "" : str(who[0][0])},
                                at);
        conn.query("UPDATE case_file SET receipt_no = $1, kiosk_id = $2, receipt_key = $3, submission = $4 WHERE case_no = $5",
                   {s->receiptNo, kiosk, s->receiptKey, payload, c.caseNo});
    }

    static std::optional<protocol::CaseRecord> loadCase(Connection& conn, std::string_view caseNo) {
        const auto rows = conn.query("SELECT case_no, matter_code, matter_name, department, holder_name, holder_id, phone, instant, "
                                     "promised_days, deadline, status, receipt_no FROM case_file WHERE case_no = $1",
                                     {std::string(caseNo)});
        if (rows.empty()) return std::nullopt;
        const auto& r = rows[0];
        const auto status = protocol::parseCaseStatus(str(r[10]));
        if (!status) return std::nullopt;
        protocol::CaseRecord c{str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]), str(r[6]),
                               num(r[7]) != 0, static_cast<int>(num(r[8])), str(r[9]), *status, {}, str(r[11])};
        for (const auto& row : conn.query("SELECT detail FROM case_step WHERE case_no = $1 ORDER BY n", {std::string(caseNo)})) {
            auto step = protocol::caseStepFromJson(str(row[0]));
            if (!step) return std::nullopt;
            c.steps.push_back(std::move(*step));
        }
        return c;
    }
    int64_t count(const char* result, std::string_view kioskId) {
        auto rows = read("SELECT count(*) FROM event WHERE kiosk_id = $1 AND result = $2", {std::string(kioskId), std::string(result)});
        return rows.empty() ? -1 : num(rows[0][0]);
    }
    std::vector<FleetEntry> fleetWhere(const char* where, std::string_view id) {
        std::vector<FleetEntry> out;
        std::vector<Value> params;
        if (*where) params.emplace_back(std::string(id));
        for (auto& r : read(std::string("SELECT id, hall, name, revoked, last_seen, heartbeat FROM kiosk ") + where +
                                 " ORDER BY hall, name",
                             params))
            out.push_back({str(r[0]), str(r[1]), str(r[2]), str(r[5]), num(r[3]) != 0, num(r[4])});
        return out;
    }
    std::unique_ptr<sql::Pool> pool_;
    AppointmentBook appointments_;
    QueueBook queue_;
    StaffBook staff_;
    ReportBook reports_;
    RatingBook ratings_;
    CollectionBook collections_;
    std::optional<SecretsKey> secretsKey_;
    std::atomic<uint64_t> nonceCalls_{0};
    std::mutex calendarMutex_;
    int64_t calendarVersion_ = -1;
    protocol::WorkCalendar calendar_;
    std::shared_mutex secretsMutex_;  // guards the memory of secrets, halls and published bundles
    std::unordered_map<std::string, std::string> secrets_, halls_;
    std::vector<PublishedBundle> published_;
    std::chrono::steady_clock::time_point publishedUntil_{};
};

}  // namespace

core::Result<SecretsKey> loadOrCreateSecretsKey(const std::string& path) {
    auto key = core::loadOrCreateKeyFile(path);
    if (!key) return core::Error{"the secrets key: " + key.error()};
    return *key;
}

core::Result<std::unique_ptr<Store>> openStore(const std::string& url, int connections, const SecretsKey* secretsKey) {
    try {
        auto store = std::make_unique<SqlStore>(sql::openPool(url, connections));
        store->migrate();
        if (secretsKey)
            if (const std::string refused = store->adoptSecretsKey(*secretsKey); !refused.empty())
                return core::Error{refused};
        return std::unique_ptr<Store>(std::move(store));
    } catch (const sql::Failure& e) {
        return core::Error{std::string("cannot open the central store: ") + e.what()};
    }
}

}  // namespace ow::central
