// kiosk-central's request handling, apart from HTTP: JSON in, a status and a JSON reply out.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "central/store.h"
#include "kiosk/scan_code.h"

namespace ow::central {

struct Reply {
    int status = 200;
    std::string body;  // JSON
};

/** {"error": {"code": …, "message": …}} with its HTTP status. */
Reply errorReply(int status, std::string_view code, std::string_view message);

/** POST /v1/enroll: {"token"} → {"kiosk_id", "secret", "hall"}. */
Reply handleEnroll(Store& store, std::string_view body);

/**
 * POST /v1/events: {"events": [{"seq", "type", "occurred_at", "payload": {…}}, …]} (1 to 500, seq rising).
 * Each is applied once; the reply lists {"seq", "result": accepted|duplicate|rejected, "reason"?} in order.
 * A malformed batch stores nothing and says what is wrong.
 */
Reply handleEvents(Store& store, std::string_view kioskId, std::string_view body, const Nonce* nonce = nullptr);

/**
 * POST /v1/heartbeat: {"software", "config_version", "bundle_have", "devices": [{"device", "state", "action",
 * "detail"}], "outbox_depth", "oldest_event_age_s", "errors": [...], "rejected_bundles": [...]}; stored as the
 * terminal's latest state. The reply carries "bundle_available": the newest version waiting for it, if any.
 */
Reply handleHeartbeat(Store& store, std::string_view kioskId, std::string_view body, int64_t nowS,
                      const Nonce* nonce = nullptr);

/** POST /v1/bundle {"have": N}: the newest signed bundle above N published for this terminal (200), or 204. */
Reply handleBundle(Store& store, std::string_view kioskId, std::string_view body);

/** Admin: POST /v1/admin/bundles {"scope": {…}, "bundle": <signed document>}. */
Reply handlePublish(Store& store, std::string_view body, int64_t nowS);
/** Admin: GET /v1/admin/fleet and GET /v1/admin/quarantine. */
Reply handleFleet(Store& store, int64_t nowS);
Reply handleQuarantine(Store& store, std::string_view kioskId);

/**
 * Checks a signed bundle document and a publish scope before central keeps them: the document's form and the
 * bundle's schema (central cannot check the signature's key: only terminals hold the trusted keys).
 * scope is {"all": true} | {"halls": [...]} | {"terminals": [...]} | {"percent": 1..100}.
 */
core::Result<PublishedBundle> preparePublish(std::string_view signedDocument, std::string_view scopeJson, int64_t nowS);

/** Whether a publish scope covers a terminal; a percentage picks the same terminals for a version every time. */
bool publishScopeCovers(std::string_view scopeJson, const Store::FleetEntry& kiosk, int64_t version);

/** A terminal that missed 3 heartbeats (interval in seconds) is offline. */
bool offline(int64_t lastSeen, int64_t nowS, int64_t intervalS = 60);
/** "revoked", "offline" or "online", as the fleet views show a terminal. */
const char* fleetState(const Store::FleetEntry& kiosk, int64_t nowS);

/**
 * Admin (the back office, acting as a department): POST /v1/admin/cases {"matter_code", "matter_name",
 * "department", "holder": {"name", "id_number", "phone"}, "promised_days" | "instant": true, "by"?} → 201 and the
 * case; POST /v1/admin/cases/advance {"case_no", "to", "reason"?, "missing"?, "supplement_by"?, "tracking_no"?,
 * "by"?} → the case, 404 for an unknown case, 409 for a move the lifecycle does not allow (with why);
 * GET /v1/admin/cases/<no>.
 */
Reply handleCreateCase(Store& store, std::string_view body, int64_t nowS);
Reply handleAdvanceCase(Store& store, std::string_view body, int64_t nowS);
Reply handleGetCase(Store& store, std::string_view caseNo);
/**
 * POST /v1/cases/query (a terminal, signed): {"id_number"} → every case of that holder; {"case_no", "phone"} →
 * that case when the phone matches; {"receipt_code"} → the case of a receipt's signed code, when signed by one
 * of receiptKeys. {"cases": [...]} (empty when none).
 */
Reply handleCaseQuery(Store& store, std::string_view body, const core::TrustedKeys& receiptKeys = {});

/**
 * Appointments (central/appointments.h), a terminal's requests (signed), for the terminal's hall:
 * POST /v1/appointments/days {"matter"} → {"days": [{"date", "left"}]};
 * POST /v1/appointments/slots {"matter", "date"} → {"slots": [{"slot", "start", "end", "left"}]};
 * POST /v1/appointments/book {"key", "matter", "slot", "receipt_key", "person": {"name", "id_number", "phone"?}};
 * POST /v1/appointments/move {"key", "no", "id_number", "slot"}; POST /v1/appointments/cancel {"key", "no",
 * "id_number"} → 200 {"appointment": {…}} or 409 {"refused": {"code", "message", "until"?, "nearest"?,
 * "appointment"?}}; the same key again gets the same answer and changes nothing;
 * POST /v1/appointments/mine {"id_number", "notices"?} | {"code": the slip's QR} → {"appointments": [...]}; with
 * "notices": true the hall's changes not yet told (hall_change.unseen) are recorded as told.
 */
Reply handleAppointmentDays(Store& store, std::string_view kioskId, std::string_view body, int64_t nowS);
Reply handleAppointmentSlots(Store& store, std::string_view kioskId, std::string_view body, int64_t nowS);
Reply handleBook(Store& store, std::string_view kioskId, std::string_view body, int64_t nowS);
Reply handleMoveAppointment(Store& store, std::string_view kioskId, std::string_view body, int64_t nowS);
Reply handleCancelAppointment(Store& store, std::string_view kioskId, std::string_view body, int64_t nowS);
Reply handleMyAppointments(Store& store, std::string_view body, int64_t nowS);
/**
 * The hall (admin): GET /v1/admin/appointments?hall=H&day=D → {"appointments": [...]} with names;
 * POST /v1/admin/appointments/cancel {"no", "reason", "by", "force"?} and …/move {"no", "slot", "reason", "by",
 * "force"?}: refused (409 hall_notice) less than 8 hours before the slot unless forced; the reason is required.
 */
Reply handleHallAppointments(Store& store, std::string_view hall, std::string_view day);
Reply handleHallChange(Store& store, std::string_view body, int64_t nowS, bool move);

/**
 * Queue numbers, a terminal's request (signed), for its hall: POST /v1/queue/take {"key", "theme", "class"?:
 * "ordinary" | "priority" (60 or more, by the card) | "asked" (the green channel asked for; staff confirm)} → 200
 * {"ticket": {"id", "number", "theme", "class", "day", "ahead", "wait_minutes", "windows", "issued_at", …}} or 409
 * {"refused": {"code": no_queue | unknown_theme | cap_reached | closed, "message", "until"?}}; the same key again,
 * the same ticket.
 */
Reply handleTakeNumber(Store& store, std::string_view kioskId, std::string_view body, int64_t nowS);
/** Check-in of an appointment: POST /v1/queue/checkin {"key", "code" (the slip's) | "id_number"} → 200 {"ticket"}
    (class appointment) or 409 {"refused": {"code": no_appointment | too_early (until) | forfeited | no_queue |
    cap_reached, "appointment"?}}. */
Reply handleCheckIn(Store& store, std::string_view kioskId, std::string_view body, int64_t nowS);
/** Calls for staff (帮办), a terminal's requests (signed): POST /v1/help/raise {"key", "screen", "service"?, "elder"?}
    → {"call": {"id", "state", …}}; /v1/help/status {"id", "seen"?, "wait_ms"? (≤ 5000: wait so long for the state to
    change from "seen")} → {"call"} or 404; /v1/help/cancel {"id"} → {"call"} or 409 not_open. */
Reply handleRaiseHelp(Store& store, std::string_view kioskId, std::string_view body, int64_t nowS);
Reply handleHelpStatus(Store& store, std::string_view kioskId, std::string_view body, int64_t nowS);
Reply handleCancelHelp(Store& store, std::string_view kioskId, std::string_view body, int64_t nowS);
/** Reports of what could not be done (办不成事), a terminal's requests (signed): POST /v1/reports/file {"key", "name",
    "id_number", "phone"?, "department", "category", "text"?} → {"report": {"no", "state", "deadline", …}, "code":
    "OW1.W.<id>" (the slip's QR)} (the name masked); /v1/reports/mine {"id_number"} → {"reports": [...]};
    /v1/reports/status {"code"} → {"report"} or 404 no_such_report. */
Reply handleFileReport(Store& store, std::string_view kioskId, std::string_view body, int64_t nowS);
Reply handleMyReports(Store& store, std::string_view body, int64_t nowS);
Reply handleReportStatus(Store& store, std::string_view body, int64_t nowS);
/** Ratings (好差评), a terminal's requests (signed): POST /v1/ratings/rate {"key", "stage", "subject", "level" (1–5),
    "reasons"? [words], "text"?, "name", "id_number"} → {"rating": {…, "follow_up"? {"state", "contact_by", "fix_by",
    …}}} (the name masked), 409 already_rated (一事一评), 404 no_such_subject (nothing of this person's by that
    number), 400 when a bad rating gives no reasons; /v1/ratings/mine {"id_number"} → {"rateable": [{"stage",
    "subject", "what", "at", "rated"}]}. */
/** The case a receipt's QR names, verified (a terminal's receipt with the key its case came with); nothing when central
    has no such case; the reply to give when the code is not one central can verify or the store fails. */
std::variant<std::monostate, protocol::CaseRecord, Reply> caseOfReceiptCode(Store& store, const std::string& receipt,
                                                                           const core::TrustedKeys& receiptKeys);
/** Collecting results (领取), a terminal's requests (signed; collect_api.cpp). Proof of the right to a case is the
    holder's "id_number", or for a delegate (代领, where the matter allows it) the receipt's "receipt_code" or the
    "case_no" with the holder's "phone":
    /v1/collect/ready {"id_number"} → {"cases": [...]} (the holder's cases ready to collect, each with its documents,
      whether it can be printed here, whether a delegate may collect it, any postal request);
    /v1/collect/find {proof} → {"case": …} for a delegate; 404 not_found, 409 not_ready | no_delegate;
    /v1/collect/document {proof, "case_no", "n"} → {"name", "pdf" (base64)};
    /v1/collect/done {"key", proof, "case_no", "collector": {"name", "id_number"}, "delegate", "authorisation"?
      (base64 JPEG, a delegate's), "signature" (base64)} → {"collection"} (the case moves to collected); 409
      not_ready, already_collected;
    /v1/collect/post {"key", "id_number", "case_no", "address", "phone"} → {"post": {"mail_by", …}}. */
Reply handleCollect(Store& store, std::string_view kioskId, std::string_view op, std::string_view body,
                    const core::TrustedKeys& receiptKeys, int64_t nowS);
/** Admin: POST /v1/admin/cases/attach {"case_no", "name", "pdf" (base64), "by"?} → 201 {"document": {"n", …}}. */
Reply handleAttachDocument(Store& store, std::string_view body, int64_t nowS);
Reply handleRate(Store& store, std::string_view kioskId, std::string_view body, int64_t nowS);
Reply handleRateable(Store& store, std::string_view body);
/** A ticket's place, from its QR: POST /v1/queue/status {"code": "OW1.Q.<id>"} → 200 {"ticket"} or 404. */
Reply handleTicketStatus(Store& store, std::string_view body, int64_t nowS);
/** Admin (until the window's caller page): POST /v1/admin/queue/call {"hall", "window"} → 200 {"ticket"} (the one
    called, by the fair rule) or 409 {"refused": {"code": no_queue | unknown_window | none_waiting}}. */
Reply handleCallNext(Store& store, std::string_view body, int64_t nowS);

/** 401 for a replayed request, 503 for a store that failed. */
Reply storeFailure(const std::string& error, std::string_view what);

constexpr size_t kMaxBatch = 500;
constexpr size_t kMaxBodyBytes = 1 << 20;
/** Admin uploads carry a whole signed bundle. */
constexpr size_t kMaxAdminBodyBytes = 5 << 20;

}  // namespace ow::central
