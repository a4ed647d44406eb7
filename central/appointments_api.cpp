// kiosk-central's appointment requests: a terminal's (signed) and the hall's (admin), JSON in and out.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "central/api.h"
#include "central/api_fields.h"
#include "central/appointments.h"
#include "central/queue.h"
#include "central/ratings.h"
#include "central/reports.h"
#include "kiosk/bundle_signing.h"
#include "kiosk/protocol/id_number.h"
#include "kiosk/protocol/submission.h"
#include "kiosk/protocol/signing.h"
#include "kiosk/scan_code.h"
#include "kiosk/utf8.h"

namespace ow::central {

using nlohmann::json;
using namespace fields;

namespace {

bool validAppointmentNo(const std::string& n) {
    if (n.size() != 18 || n.rfind("YY", 0) != 0) return false;
    for (size_t i = 2; i < n.size(); ++i)
        if (n[i] < '0' || n[i] > '9') return false;
    return true;
}

Reply outcomeReply(core::Result<Outcome> r, std::string_view what) {
    if (!r) return storeFailure(r.error(), what);
    return {std::holds_alternative<Appointment>(*r) ? 200 : 409, outcomeJson(*r)};
}

// The hall of the terminal asking (its enrolment names it).
std::optional<std::string> hallOf(Store& store, std::string_view kioskId) { return store.kioskHall(kioskId); }

std::optional<Reply> slotField(const json& doc, std::string& out) {
    if (auto bad = textField(doc, "slot", 16, out, true)) return bad;
    if (!protocol::slotStart(out)) return badField("slot", "must be a slot like 2026-12-07T09:30 (北京时间)");
    return std::nullopt;
}

std::optional<Reply> noField(const json& doc, std::string& out) {
    if (auto bad = textField(doc, "no", 18, out, true)) return bad;
    if (!validAppointmentNo(out)) return badField("no", "must be an appointment number like YY2026120712345678");
    return std::nullopt;
}

// The appointment a slip's code names, once its signature is verified: a slip is signed by the terminal that printed
// it, with the key that came with its booking. nullopt when the code is not such a slip's.
core::Result<std::optional<Appointment>> verifiedSlip(Store& store, const std::string& code) {
    const auto scanned = core::classifyScan(code, {});
    if (scanned.kind != core::ScanKind::appointment || !scanned.byTerminal) return std::optional<Appointment>();
    auto a = store.appointments().byNumber(scanned.id);
    if (!a || !*a) return a;
    auto pub = core::decodePublicKey((*a)->receiptKey);
    if (!pub) return std::optional<Appointment>();
    const core::TrustedKeys key{{protocol::receiptKeyId((*a)->kioskId), *pub}};
    const auto verified = core::classifyScan(code, key);
    if (verified.kind != core::ScanKind::appointment || verified.byTerminal) return std::optional<Appointment>();
    return a;
}

// What was read or changed, as {"<key>": …}; `missing` when there is none; the store's failure as such.
template <class T, class ToJson>
Reply foundReply(core::Result<std::optional<T>> r, std::string_view what, const char* key, ToJson&& toJson, Reply missing) {
    if (!r) return storeFailure(r.error(), what);
    if (!*r) return missing;
    return {200, std::string("{\"") + key + "\":" + toJson(**r) + "}"};
}

Reply ticketReply(core::Result<std::variant<Ticket, NoTicket>> r, std::string_view what) {
    if (!r) return storeFailure(r.error(), what);
    if (const auto* no = std::get_if<NoTicket>(&*r)) return {409, noTicketJson(*no)};
    return {200, "{\"ticket\":" + ticketJson(std::get<Ticket>(*r)) + "}"};
}

}  // namespace

Reply handleAppointmentDays(Store& store, std::string_view kioskId, std::string_view body, int64_t nowS) {
    json doc;
    if (auto bad = parseObject(body, doc)) return *bad;
    std::string matter;
    if (auto bad = textField(doc, "matter", 64, matter, true)) return *bad;
    const auto hall = hallOf(store, kioskId);
    if (!hall) return errorReply(401, "unauthenticated", "unknown terminal");
    auto r = store.appointments().days(*hall, matter, nowS);
    if (!r) return storeFailure(r.error(), "the days could not be read");
    if (const auto* refusal = std::get_if<Refusal>(&*r)) return {409, outcomeJson(*refusal)};
    json days = json::array();
    for (const auto& [date, left] : std::get<0>(*r)) days.push_back({{"date", date}, {"left", left}});
    return {200, json{{"days", days}}.dump()};
}

Reply handleAppointmentSlots(Store& store, std::string_view kioskId, std::string_view body, int64_t nowS) {
    json doc;
    if (auto bad = parseObject(body, doc)) return *bad;
    std::string matter, date;
    if (auto bad = textField(doc, "matter", 64, matter, true)) return *bad;
    if (auto bad = textField(doc, "date", 10, date, true)) return *bad;
    if (!protocol::validDate(date)) return badField("date", "must be a date like 2026-12-07");
    const auto hall = hallOf(store, kioskId);
    if (!hall) return errorReply(401, "unauthenticated", "unknown terminal");
    auto r = store.appointments().slots(*hall, matter, date, nowS);
    if (!r) return storeFailure(r.error(), "the slots could not be read");
    if (const auto* refusal = std::get_if<Refusal>(&*r)) return {409, outcomeJson(*refusal)};
    json slots = json::array();
    for (const auto& s : std::get<0>(*r))
        slots.push_back({{"slot", s.slot}, {"start", s.start}, {"end", s.end}, {"left", s.left}});
    return {200, json{{"slots", slots}}.dump()};
}

Reply handleBook(Store& store, std::string_view kioskId, std::string_view body, int64_t nowS) {
    json doc;
    if (auto bad = parseObject(body, doc)) return *bad;
    AppointmentBook::Booking b;
    b.kioskId = std::string(kioskId);
    if (auto bad = keyField(doc, b.key)) return *bad;
    if (auto bad = textField(doc, "matter", 64, b.matter, true)) return *bad;
    if (auto bad = slotField(doc, b.slot)) return *bad;
    if (auto bad = textField(doc, "receipt_key", 64, b.receiptKey, true)) return *bad;
    if (!core::decodePublicKey(b.receiptKey)) return badField("receipt_key", "must be the terminal's receipt key (base64 Ed25519)");
    if (!doc.contains("person") || !doc["person"].is_object()) return badField("person", "must be {\"name\", \"id_number\", \"phone\"?}");
    const json& p = doc["person"];
    if (textField(p, "name", 90, b.person.name, true)) return badField("person.name", "must be the name on the ID card");
    if (textField(p, "id_number", 18, b.person.idNumber, true)) return badField("person.id_number", "must be the number on the ID card");
    if (auto why = protocol::idNumberProblem(b.person.idNumber); !why.empty()) return badField("person.id_number", why);
    if (textField(p, "phone", 24, b.person.phone, false)) return badField("person.phone", "must be text of at most 24 bytes");
    if (!b.person.phone.empty() && !validPhone(b.person.phone)) return badField("person.phone", "must be a phone number (7 to 20 digits)");
    const auto hall = hallOf(store, kioskId);
    if (!hall) return errorReply(401, "unauthenticated", "unknown terminal");
    b.hall = *hall;
    return outcomeReply(store.appointments().book(b, nowS), "the booking could not be made");
}

Reply handleMoveAppointment(Store& store, std::string_view kioskId, std::string_view body, int64_t nowS) {
    json doc;
    if (auto bad = parseObject(body, doc)) return *bad;
    std::string key, no, id, slot;
    if (auto bad = keyField(doc, key)) return *bad;
    if (auto bad = noField(doc, no)) return *bad;
    if (auto bad = idNumberField(doc, "id_number", id)) return *bad;
    if (auto bad = slotField(doc, slot)) return *bad;
    return outcomeReply(store.appointments().move(kioskId, key, no, id, slot, nowS), "the appointment could not be moved");
}

Reply handleCancelAppointment(Store& store, std::string_view kioskId, std::string_view body, int64_t nowS) {
    json doc;
    if (auto bad = parseObject(body, doc)) return *bad;
    std::string key, no, id;
    if (auto bad = keyField(doc, key)) return *bad;
    if (auto bad = noField(doc, no)) return *bad;
    if (auto bad = idNumberField(doc, "id_number", id)) return *bad;
    return outcomeReply(store.appointments().cancel(kioskId, key, no, id, nowS), "the appointment could not be cancelled");
}

Reply handleMyAppointments(Store& store, std::string_view body, int64_t nowS) {
    json doc;
    if (auto bad = parseObject(body, doc)) return *bad;
    std::string id, code;
    if (auto bad = textField(doc, "code", 200, code, false)) return *bad;
    std::vector<Appointment> found;
    if (!code.empty()) {
        auto a = verifiedSlip(store, code);
        if (!a) return storeFailure(a.error(), "the appointment could not be read");
        if (!*a) return badField("code", "is not an appointment slip's code central can verify");
        found.push_back(std::move(**a));
    } else {
        if (auto bad = idNumberField(doc, "id_number", id)) return *bad;
        if (doc.contains("notices") && !doc["notices"].is_boolean()) return badField("notices", "must be true or false");
        auto r = store.appointments().ofPerson(id, nowS, doc.value("notices", false));
        if (!r) return storeFailure(r.error(), "the appointments could not be read");
        found = std::move(*r);
    }
    std::string list = "[";
    for (size_t i = 0; i < found.size(); ++i) {
        if (i) list += ',';
        list += appointmentJson(found[i]);
    }
    return {200, "{\"appointments\":" + list + "]}"};
}

Reply handleTakeNumber(Store& store, std::string_view kioskId, std::string_view body, int64_t nowS) {
    json doc;
    if (auto bad = parseObject(body, doc)) return *bad;
    QueueBook::Request r;
    r.kioskId = std::string(kioskId);
    if (auto bad = keyField(doc, r.key)) return *bad;
    if (auto bad = textField(doc, "theme", 32, r.theme, true)) return *bad;
    std::string cls = "ordinary";
    if (auto bad = textField(doc, "class", 16, cls, false)) return *bad;
    if (cls == "priority") r.cls = protocol::TicketClass::priority;
    else if (cls == "asked") r.priorityAsked = true;
    else if (cls != "ordinary") return badField("class", "must be \"ordinary\", \"priority\" or \"asked\"");
    const auto hall = hallOf(store, kioskId);
    if (!hall) return errorReply(401, "unauthenticated", "unknown terminal");
    r.hall = *hall;
    return ticketReply(store.queue().take(r, nowS), "no number could be given");
}

Reply handleCheckIn(Store& store, std::string_view kioskId, std::string_view body, int64_t nowS) {
    json doc;
    if (auto bad = parseObject(body, doc)) return *bad;
    QueueBook::CheckIn r;
    r.kioskId = std::string(kioskId);
    if (auto bad = keyField(doc, r.key)) return *bad;
    std::string code;
    if (auto bad = textField(doc, "code", 200, code, false)) return *bad;
    if (!code.empty()) {
        auto a = verifiedSlip(store, code);
        if (!a) return storeFailure(a.error(), "the appointment could not be read");
        if (!*a) return badField("code", "is not an appointment slip's code central can verify");
        r.appointment = (*a)->no;
    } else if (auto bad = idNumberField(doc, "id_number", r.idNumber)) {
        return *bad;
    }
    const auto hall = hallOf(store, kioskId);
    if (!hall) return errorReply(401, "unauthenticated", "unknown terminal");
    r.hall = *hall;
    return ticketReply(store.queue().checkIn(r, nowS), "the appointment could not be checked in");
}

Reply handleTicketStatus(Store& store, std::string_view body, int64_t nowS) {
    json doc;
    if (auto bad = parseObject(body, doc)) return *bad;
    std::string code;
    if (auto bad = textField(doc, "code", 64, code, true)) return *bad;
    const std::string id = protocol::ticketIdOfCode(code);
    if (id.empty()) return badField("code", "is not a queue ticket's code");
    return foundReply(store.queue().status(id, nowS), "the ticket could not be read", "ticket", ticketJson,
                      errorReply(404, "no_such_ticket", "central has no such ticket"));
}

Reply handleRaiseHelp(Store& store, std::string_view kioskId, std::string_view body, int64_t nowS) {
    json doc;
    if (auto bad = parseObject(body, doc)) return *bad;
    QueueBook::HelpRequest r;
    r.kioskId = std::string(kioskId);
    if (auto bad = keyField(doc, r.key)) return *bad;
    if (auto bad = textField(doc, "screen", 64, r.screen, true)) return *bad;
    if (auto bad = textField(doc, "service", 64, r.service, false)) return *bad;
    if (doc.contains("elder") && !doc["elder"].is_boolean()) return badField("elder", "must be true or false");
    r.elder = doc.value("elder", false);
    const auto kiosk = store.kiosk(kioskId);
    if (!kiosk) return errorReply(401, "unauthenticated", "unknown terminal");
    r.hall = kiosk->hall, r.kioskName = kiosk->name;
    auto raised = store.queue().raiseHelp(r, nowS);
    if (!raised) return storeFailure(raised.error(), "the call could not be raised");
    return {200, "{\"call\":" + helpCallJson(*raised) + "}"};
}

Reply handleHelpStatus(Store& store, std::string_view kioskId, std::string_view body, int64_t nowS) {
    json doc;
    if (auto bad = parseObject(body, doc)) return *bad;
    std::string id, seen;
    if (auto bad = textField(doc, "id", 24, id, true)) return *bad;
    if (auto bad = textField(doc, "seen", 16, seen, false)) return *bad;
    if (doc.contains("wait_ms") && !doc["wait_ms"].is_number_integer()) return badField("wait_ms", "must be milliseconds");
    const int waitMs = static_cast<int>(std::clamp<int64_t>(doc.value("wait_ms", int64_t{0}), 0, 5000));
    return foundReply(store.queue().helpStatus(kioskId, id, seen, waitMs, nowS), "the call could not be read", "call",
                      helpCallJson, errorReply(404, "no_such_call", "this terminal raised no such call"));
}

Reply handleCancelHelp(Store& store, std::string_view kioskId, std::string_view body, int64_t nowS) {
    json doc;
    if (auto bad = parseObject(body, doc)) return *bad;
    std::string id;
    if (auto bad = textField(doc, "id", 24, id, true)) return *bad;
    return foundReply(store.queue().helpAct(kioskId, true, id, QueueBook::HelpAction::cancel, "", nowS),
                      "the call could not be cancelled", "call", helpCallJson,
                      errorReply(409, "not_open", "the call is not open (closed, or no such call)"));
}

Reply handleFileReport(Store& store, std::string_view kioskId, std::string_view body, int64_t nowS) {
    json doc;
    if (auto bad = parseObject(body, doc)) return *bad;
    ReportBook::Filing f;
    f.kioskId = std::string(kioskId);
    if (auto bad = keyField(doc, f.key)) return *bad;
    if (auto bad = textField(doc, "name", 64, f.name, true)) return *bad;
    if (auto bad = idNumberField(doc, "id_number", f.idNumber)) return *bad;
    if (auto bad = textField(doc, "phone", 20, f.phone, false)) return *bad;
    if (!f.phone.empty() && !validPhone(f.phone)) return badField("phone", "must be a mainland mobile or a landline with its area code");
    if (auto bad = textField(doc, "department", 100, f.department, true)) return *bad;
    if (auto bad = textField(doc, "category", 64, f.category, true)) return *bad;
    if (auto bad = textField(doc, "text", 1000, f.text, false)) return *bad;
    const auto hall = hallOf(store, kioskId);
    if (!hall) return errorReply(401, "unauthenticated", "unknown terminal");
    f.hall = *hall;
    auto filed = store.reports().file(f, nowS);
    if (!filed) return storeFailure(filed.error(), "the report could not be recorded");
    // Only the terminal that filed it hears the code for its slip's QR.
    return {200, json{{"report", json::parse(workOrderJson(*filed, false))}, {"code", protocol::lookupCode('W', filed->code)}}.dump()};
}

Reply handleMyReports(Store& store, std::string_view body, int64_t nowS) {
    json doc;
    if (auto bad = parseObject(body, doc)) return *bad;
    std::string id;
    if (auto bad = idNumberField(doc, "id_number", id)) return *bad;
    auto list = store.reports().ofPerson(id, nowS);
    if (!list) return storeFailure(list.error(), "the reports could not be read");
    json out = json::array();
    for (const auto& w : *list) out.push_back(json::parse(workOrderJson(w, false)));
    return {200, json{{"reports", out}}.dump()};
}

Reply handleRate(Store& store, std::string_view kioskId, std::string_view body, int64_t nowS) {
    json doc;
    if (auto bad = parseObject(body, doc)) return *bad;
    RatingBook::Rate r;
    r.kioskId = std::string(kioskId);
    if (auto bad = keyField(doc, r.key)) return *bad;
    if (auto bad = textField(doc, "stage", 16, r.stage, true)) return *bad;
    const auto& stages = ratingStages();
    if (std::find(stages.begin(), stages.end(), r.stage) == stages.end())
        return badField("stage", "must be query, submission, appointment, visit, collection or case");
    if (auto bad = textField(doc, "subject", 40, r.subject, true)) return *bad;
    if (!doc.contains("level") || !doc["level"].is_number_integer() || doc["level"].get<int64_t>() < 1 || doc["level"].get<int64_t>() > 5)
        return badField("level", "must be 1 (非常不满意) to 5 (非常满意)");
    r.level = static_cast<int>(doc["level"].get<int64_t>());
    if (doc.contains("reasons")) {
        if (!doc["reasons"].is_array() || doc["reasons"].size() > 8) return badField("reasons", "must be a list of at most 8");
        for (const auto& reason : doc["reasons"]) {
            if (!reason.is_string() || reason.get<std::string>().empty() || reason.get<std::string>().size() > 120)
                return badField("reasons", "each must be words of at most 40 characters");
            r.reasons += (r.reasons.empty() ? "" : "；") + reason.get<std::string>();
        }
    }
    if (auto bad = textField(doc, "text", 900, r.text, false)) return *bad;
    if (auto bad = textField(doc, "name", 64, r.name, true)) return *bad;
    if (auto bad = idNumberField(doc, "id_number", r.idNumber)) return *bad;
    const auto hall = hallOf(store, kioskId);
    if (!hall) return errorReply(401, "unauthenticated", "unknown terminal");
    r.hall = *hall;
    auto rated = store.ratings().rate(r, nowS);
    if (!rated) return storeFailure(rated.error(), "the rating could not be recorded");
    if (const auto* why = std::get_if<std::string>(&*rated)) {
        if (*why == "reasons_needed") return badField("reasons", "a 不满意 or 非常不满意 says what went wrong");
        if (*why == "already_rated") return errorReply(409, "already_rated", "this was rated already (一事一评)");
        return errorReply(404, "no_such_subject", "nothing of this person's to rate by that number");
    }
    return {200, "{\"rating\":" + ratingJson(std::get<Rating>(*rated), false) + "}"};
}

Reply handleRateable(Store& store, std::string_view body) {
    json doc;
    if (auto bad = parseObject(body, doc)) return *bad;
    std::string id;
    if (auto bad = idNumberField(doc, "id_number", id)) return *bad;
    auto list = store.ratings().rateable(id);
    if (!list) return storeFailure(list.error(), "what can be rated could not be read");
    json out = json::array();
    for (const auto& r : *list)
        out.push_back({{"stage", r.stage}, {"subject", r.subject}, {"what", r.what}, {"at", r.at}, {"rated", r.rated}});
    return {200, json{{"rateable", out}}.dump()};
}

Reply handleReportStatus(Store& store, std::string_view body, int64_t nowS) {
    json doc;
    if (auto bad = parseObject(body, doc)) return *bad;
    std::string code;
    if (auto bad = textField(doc, "code", 64, code, true)) return *bad;
    const std::string id = protocol::lookupIdOfCode('W', code);
    if (id.empty()) return badField("code", "is not a work order slip's code");
    return foundReply(store.reports().byCode(id, nowS), "the work order could not be read", "report",
                      [](const WorkOrder& w) { return workOrderJson(w, false); },
                      errorReply(404, "no_such_report", "central has no such work order"));
}

Reply handleCallNext(Store& store, std::string_view body, int64_t nowS) {
    json doc;
    if (auto bad = parseObject(body, doc)) return *bad;
    std::string hall, window;
    if (auto bad = textField(doc, "hall", 64, hall, true)) return *bad;
    if (auto bad = textField(doc, "window", 2, window, true)) return *bad;
    return ticketReply(store.queue().callNext(hall, window, nowS), "no ticket could be called");
}

Reply handleHallAppointments(Store& store, std::string_view hall, std::string_view day) {
    if (hall.empty() || hall.size() > 64) return badField("hall", "must name the hall");
    if (!protocol::validDate(day)) return badField("day", "must be a date like 2026-12-07");
    auto r = store.appointments().ofDay(hall, day);
    if (!r) return storeFailure(r.error(), "the appointments could not be read");
    json list = json::array();
    for (const auto& a : *r) {
        json j = json::parse(appointmentJson(a));
        j["name"] = a.holderName;  // the hall's list names who is coming
        list.push_back(std::move(j));
    }
    return {200, json{{"appointments", list}}.dump()};
}

Reply handleHallChange(Store& store, std::string_view body, int64_t nowS, bool move) {
    json doc;
    if (auto bad = parseObject(body, doc)) return *bad;
    std::string no, reason, by, slot;
    if (auto bad = noField(doc, no)) return *bad;
    // 预约服务制度: the hall does not cancel or move an appointment without cause.
    if (auto bad = textField(doc, "reason", 500, reason, true)) return *bad;
    if (auto bad = textField(doc, "by", 100, by, true)) return *bad;
    if (move)
        if (auto bad = slotField(doc, slot)) return *bad;
    if (doc.contains("force") && !doc["force"].is_boolean()) return badField("force", "must be true or false");
    const bool force = doc.value("force", false);
    auto& book = store.appointments();
    return outcomeReply(move ? book.hallMove(no, slot, reason, by, force, nowS) : book.hallCancel(no, reason, by, force, nowS),
                        "the appointment could not be changed");
}

}  // namespace ow::central
