// kiosk-central's request handling.
#include "central/api.h"

#include "central/collections.h"

#include <sodium.h>

#include <nlohmann/json.hpp>
#include <tuple>

#include "central/api_fields.h"
#include "central/event_batch.h"
#include "kiosk/bundle.h"
#include "kiosk/bundle_signing.h"
#include "kiosk/protocol/id_number.h"
#include "kiosk/protocol/submission.h"
#include "kiosk/utf8.h"

namespace ow::central {

using nlohmann::json;
using namespace fields;

Reply errorReply(int status, std::string_view code, std::string_view message) {
    return {status, json{{"error", {{"code", code}, {"message", message}}}}.dump()};
}


Reply handleEnroll(Store& store, std::string_view body) {
    json doc;
    if (auto bad = parseObject(body, doc)) return *bad;
    if (!isText(doc, "token", 128)) return badField("token", "must be the text kioskctl enroll printed");
    auto r = store.enroll(doc["token"].get<std::string>());
    if (!r) return errorReply(401, "bad_token", r.error());
    return {200, json{{"kiosk_id", r->first}, {"secret", r->second}, {"hall", store.kioskHall(r->first).value_or("")}}.dump()};
}

Reply storeFailure(const std::string& error, std::string_view what) {
    if (error == kReplayed || error == kRevoked) return errorReply(401, "unauthenticated", error);
    return errorReply(503, "store_unavailable", std::string(what) + "; send it again");
}

Reply handleEvents(Store& store, std::string_view kioskId, std::string_view body, const Nonce* nonce) {
    auto batch = readEventBatch(body);  // the whole batch is checked before any of it is applied
    if (const auto* bad = std::get_if<BatchError>(&batch)) return errorReply(bad->status, bad->code, bad->message);
    const auto& events = std::get<std::vector<Event>>(batch);
    auto applied = store.applyEvents(kioskId, events, nonce);
    if (!applied) return storeFailure(applied.error(), "the store could not take the events");
    // {"results":[{"seq":1,"result":"accepted"},…]}, written directly: it is built for every batch.
    std::string reply = "{\"results\":[";
    reply.reserve(16 + events.size() * 40);
    for (size_t i = 0; i < events.size(); ++i) {
        const auto& r = (*applied)[i];
        if (i) reply += ',';
        reply += "{\"seq\":";
        reply += std::to_string(events[i].seq);
        reply += ",\"result\":\"";
        reply += resultCode(r.kind);
        reply += '"';
        if (!r.reason.empty()) {
            reply += ",\"reason\":";
            reply += json(r.reason).dump();
        }
        reply += '}';
    }
    reply += "]}";
    return {200, std::move(reply)};
}

namespace {
// The newest published bundle above `have` whose publish scope covers this terminal (recent: see Store).
std::optional<PublishedBundle> bundleFor(Store& store, std::string_view kioskId, int64_t have, bool recent) {
    const auto hall = store.kioskHall(kioskId);
    if (!hall) return std::nullopt;
    const Store::FleetEntry k{std::string(kioskId), *hall, "", "", false, 0};
    for (auto& b : store.bundlesNewerThan(have, recent))
        if (publishScopeCovers(b.scope, k, b.version)) return std::move(b);
    return std::nullopt;
}
}  // namespace

Reply handleHeartbeat(Store& store, std::string_view kioskId, std::string_view body, int64_t nowS, const Nonce* nonce) {
    json doc;
    if (auto bad = parseObject(body, doc)) return *bad;
    if (!isText(doc, "software", 128)) return badField("software", "must be text of up to 128 characters");
    if (!isCount(doc, "config_version")) return badField("config_version", "must be a whole number");
    if (!isCount(doc, "bundle_have", false)) return badField("bundle_have", "must be a whole number");
    if (!isCount(doc, "outbox_depth")) return badField("outbox_depth", "must be a whole number");
    if (!isCount(doc, "oldest_event_age_s", false)) return badField("oldest_event_age_s", "must be whole seconds");
    if (!doc.contains("devices") || !doc["devices"].is_array() || doc["devices"].size() > 32)
        return badField("devices", "must be a list of up to 32");
    for (size_t i = 0; i < doc["devices"].size(); ++i) {
        const json& d = doc["devices"][i];
        const std::string where = "devices[" + std::to_string(i) + "]";
        if (!d.is_object()) return badField(where, "must be an object");
        for (const char* key : {"device", "state", "action"})
            if (!isText(d, key, 64)) return badField(where + "." + key, "must be text of up to 64 characters");
        if (!isText(d, "detail", 500, false)) return badField(where + ".detail", "must be text of up to 500 characters");
    }
    if (doc.contains("errors")) {
        if (!doc["errors"].is_array() || doc["errors"].size() > 20) return badField("errors", "must be a list of up to 20");
        for (const auto& e : doc["errors"])
            if (!e.is_string() || e.get_ref<const std::string&>().size() > 1000)
                return badField("errors", "must hold texts of up to 1000 characters");
    }
    if (doc.contains("rejected_bundles")) {
        if (!doc["rejected_bundles"].is_array() || doc["rejected_bundles"].size() > 20)
            return badField("rejected_bundles", "must be a list of up to 20");
        for (const auto& r : doc["rejected_bundles"])
            if (!r.is_object() || !isCount(r, "version") || !isText(r, "code", 64) || !isText(r, "reason", 1000))
                return badField("rejected_bundles", "must hold {version, code, reason}");
    }
    if (auto st = store.recordHeartbeat(kioskId, doc.dump(), nowS, nonce); !st)
        return storeFailure(st.error(), "the heartbeat could not be stored");
    json reply{{"ok", true}};
    const int64_t have = doc.value("bundle_have", doc["config_version"].get<int64_t>());
    if (auto b = bundleFor(store, kioskId, have, true)) reply["bundle_available"] = b->version;
    return {200, reply.dump()};
}

Reply handleBundle(Store& store, std::string_view kioskId, std::string_view body) {
    json doc;
    if (auto bad = parseObject(body, doc)) return *bad;
    if (!isCount(doc, "have")) return badField("have", "must be the highest bundle version the terminal holds");
    auto b = bundleFor(store, kioskId, doc["have"].get<int64_t>(), false);
    if (!b) return {204, ""};
    auto document = store.bundleBody(b->version);
    if (!document) return errorReply(503, "store_unavailable", "the bundle could not be read; ask again");
    return {200, *document};
}

core::Result<PublishedBundle> preparePublish(std::string_view signedDocument, std::string_view scopeJson, int64_t nowS) {
    if (!core::isValidUtf8(signedDocument)) return core::Error{"the signed bundle is not UTF-8"};
    core::SignedEnvelope envelope;
    std::string why;
    if (core::readSignedEnvelope(signedDocument, envelope, why) != core::BundleRefusal::none)
        return core::Error{"not a signed bundle (sign it with kioskctl sign): " + why};
    auto bundle = core::parseBundle(envelope.text);
    if (!bundle) return core::Error{"the bundle inside is not valid: " + bundle.error()};
    const json scope = json::parse(scopeJson, nullptr, false);
    bool good = scope.is_object() && scope.size() == 1;
    if (good && scope.contains("all")) good = scope["all"] == true;
    else if (good && (scope.contains("halls") || scope.contains("terminals"))) {
        const json& list = scope.begin().value();
        good = list.is_array() && !list.empty() && list.size() <= 10000;
        for (const auto& x : list) good = good && x.is_string() && !x.get_ref<const std::string&>().empty();
    } else if (good && scope.contains("percent")) {
        good = scope["percent"].is_number_integer() && scope["percent"] >= 1 && scope["percent"] <= 100;
    } else {
        good = false;
    }
    if (!good)
        return core::Error{"the scope must be {\"all\": true}, {\"halls\": [...]}, {\"terminals\": [...]} or {\"percent\": 1-100}"};
    return PublishedBundle{bundle->version, std::string(signedDocument), scope.dump(), nowS};
}

bool publishScopeCovers(std::string_view scopeJson, const Store::FleetEntry& kiosk, int64_t version) {
    const json scope = json::parse(scopeJson, nullptr, false);
    if (!scope.is_object()) return false;
    if (scope.value("all", false)) return true;
    auto listed = [&](const char* key, const std::string& what) {
        if (!scope.contains(key) || !scope[key].is_array()) return false;
        for (const auto& x : scope[key])
            if (x == what) return true;
        return false;
    };
    if (listed("halls", kiosk.hall) || listed("terminals", kiosk.id)) return true;
    if (scope.contains("percent") && scope["percent"].is_number_integer()) {
        // A stable draw per terminal and version: widening 10 % to 50 % keeps the first 10 % in.
        const std::string seed = kiosk.id + "/" + std::to_string(version);
        unsigned char h[8];
        crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(seed.data()), seed.size(), nullptr, 0);
        const unsigned draw = (static_cast<unsigned>(h[0]) << 8 | h[1]) % 100;
        return draw < scope["percent"].get<unsigned>();
    }
    return false;
}

Reply handlePublish(Store& store, std::string_view body, int64_t nowS) {
    json doc;
    if (auto bad = parseObject(body, doc, kMaxAdminBodyBytes)) return *bad;
    if (!doc.contains("bundle") || !doc["bundle"].is_object() || !doc.contains("scope"))
        return errorReply(400, "bad_request", "expected {\"scope\": {…}, \"bundle\": <signed bundle>}");
    auto prepared = preparePublish(doc["bundle"].dump(), doc["scope"].dump(), nowS);
    if (!prepared) return errorReply(400, "bad_bundle", prepared.error());
    if (auto st = store.publishBundle(*prepared); !st) return errorReply(409, "conflict", st.error());
    return {200, json{{"published", prepared->version}, {"scope", json::parse(prepared->scope)}}.dump()};
}

Reply handleFleet(Store& store, int64_t nowS) {
    json list = json::array();
    for (const auto& k : store.fleet()) {
        const json hb = json::parse(k.heartbeat.empty() ? "{}" : k.heartbeat, nullptr, false);
        list.push_back({{"kiosk_id", k.id}, {"hall", k.hall}, {"name", k.name},
                        {"state", fleetState(k, nowS)},
                        {"last_seen", k.lastSeen}, {"heartbeat", hb.is_object() ? hb : json::object()}});
    }
    return {200, json{{"terminals", list}}.dump()};
}

Reply handleQuarantine(Store& store, std::string_view kioskId) {
    json list = json::array();
    for (const auto& q : store.quarantine(kioskId, 500)) {
        json payload = json::parse(q.payload, nullptr, false);
        list.push_back({{"kiosk_id", q.kioskId}, {"seq", q.seq}, {"type", q.type},
                        {"payload", payload.is_discarded() ? json(q.payload) : payload}, {"reason", q.reason}});
    }
    return {200, json{{"quarantine", list}}.dump()};
}

bool offline(int64_t lastSeen, int64_t nowS, int64_t intervalS) { return lastSeen == 0 || nowS - lastSeen > 3 * intervalS; }

const char* fleetState(const Store::FleetEntry& kiosk, int64_t nowS) {
    return kiosk.revoked ? "revoked" : offline(kiosk.lastSeen, nowS) ? "offline" : "online";
}

}  // namespace ow::central

namespace ow::central {

Reply handleCreateCase(Store& store, std::string_view body, int64_t nowS) {
    json doc;
    if (auto bad = parseObject(body, doc)) return *bad;
    Store::NewCase c;
    if (!doc.contains("holder") || !doc["holder"].is_object()) return badField("holder", "must be {\"name\", \"id_number\", \"phone\"}");
    const json& holder = doc["holder"];
    for (auto [j, key, max, out, required] :
         {std::tuple{static_cast<const json*>(&doc), "matter_code", size_t{64}, &c.matterCode, true}, {&doc, "matter_name", 200, &c.matterName, true},
          {&doc, "department", 200, &c.department, true}, {&doc, "by", 200, &c.by, false}, {&doc, "hall", 64, &c.hall, false},
          {&holder, "name", 100, &c.holderName, true}, {&holder, "id_number", 18, &c.holderId, true},
          {&holder, "phone", 24, &c.phone, true}})
        if (auto bad = textField(*j, key, max, *out, required)) return *bad;
    if (auto why = protocol::idNumberProblem(c.holderId); !why.empty()) return badField("holder.id_number", why);
    if (!validPhone(c.phone)) return badField("holder.phone", "must be a phone number (7 to 20 digits)");
    if (doc.contains("instant") && !doc["instant"].is_boolean()) return badField("instant", "must be true or false");
    c.instant = doc.value("instant", false);
    if (!c.instant && (!isCount(doc, "promised_days") || doc["promised_days"].get<int64_t>() > 365))
        return badField("promised_days", "must be the promised limit in working days, 0 to 365");
    c.promisedDays = c.instant ? 0 : doc["promised_days"].get<int>();
    auto r = store.createCase(c, nowS);
    if (!r) return storeFailure(r.error(), "the case could not be opened");
    return {201, protocol::caseToJson(*r)};
}

Reply handleAdvanceCase(Store& store, std::string_view body, int64_t nowS) {
    json doc;
    if (auto bad = parseObject(body, doc)) return *bad;
    std::string caseNo, to;
    protocol::CaseMove move;
    for (auto [key, max, out, required] :
         {std::tuple{"case_no", size_t{32}, &caseNo, true}, {"to", 32, &to, true}, {"reason", 2000, &move.reason, false},
          {"supplement_by", 10, &move.supplementBy, false}, {"tracking_no", 64, &move.trackingNo, false},
          {"by", 200, &move.by, false}})
        if (auto bad = textField(doc, key, max, *out, required)) return *bad;
    const auto status = protocol::parseCaseStatus(to);
    if (!status) return badField("to", "must be a case status (received, accepted, not_accepted, supplement, review, "
                                       "approved, refused, certificate, ready, collected, mailed)");
    move.to = *status;
    if (doc.contains("missing")) {
        if (!doc["missing"].is_array()) return badField("missing", "must be a list of texts");
        for (const auto& m : doc["missing"]) {
            if (!m.is_string()) return badField("missing", "must be a list of texts");
            move.missing.push_back(m.get<std::string>());
        }
    }
    if (!validCaseNo(caseNo)) return errorReply(404, "no_such_case", "no case " + caseNo);
    auto r = store.advanceCase(caseNo, move, nowS);
    // A result asked to be posted is mailed once its tracking number is entered (004 第十条(三)).
    if (r && move.to == protocol::CaseStatus::mailed) store.collections().mailed(caseNo, move.trackingNo, nowS);
    if (r) return {200, protocol::caseToJson(*r)};
    if (r.error().rfind(kNoSuchCase, 0) == 0) return errorReply(404, "no_such_case", r.error());
    if (r.error().rfind("the central store failed", 0) == 0) return storeFailure(r.error(), "the case could not be moved");
    return errorReply(409, "not_allowed", r.error());
}

Reply handleGetCase(Store& store, std::string_view caseNo) {
    if (!validCaseNo(std::string(caseNo))) return errorReply(404, "no_such_case", "no case " + std::string(caseNo));
    auto r = store.caseByNumber(caseNo);
    if (!r) return storeFailure(r.error(), "the case could not be read");
    if (!*r) return errorReply(404, "no_such_case", "no case " + std::string(caseNo));
    json out = json::parse(protocol::caseToJson(**r));
    // A case a terminal's pre-submission opened: what was filled in and brought, and the pages central holds.
    auto sub = store.submittedCase(caseNo);
    if (!sub) return storeFailure(sub.error(), "the case could not be read");
    if (*sub) {
        json submission = json::parse((*sub)->submission, nullptr, false);
        if (submission.is_object()) submission.erase("receipt_key");
        json pages = json::array();
        for (const auto& p : (*sub)->pages)
            pages.push_back({{"material", p.material}, {"page", p.page}, {"bytes", p.jpegBase64.size() / 4 * 3}});
        out["submission"] = {{"receipt_no", (*sub)->receiptNo}, {"kiosk_id", (*sub)->kioskId}, {"form", submission}, {"pages", pages}};
    }
    return {200, out.dump()};
}

std::variant<std::monostate, protocol::CaseRecord, Reply> caseOfReceiptCode(Store& store, const std::string& receipt,
                                                                           const core::TrustedKeys& receiptKeys) {
    const auto code = core::classifyScan(receipt, receiptKeys);
    const Reply unverified = badField("receipt_code", "is not a case receipt code central can verify");
    if (code.kind != core::ScanKind::caseReceipt) return unverified;
    if (code.byTerminal) {
        // A terminal's receipt: verified with the key that came with its case through that terminal's channel.
        auto r = store.caseByReceipt(code.id);
        if (!r) return storeFailure(r.error(), "the case could not be read");
        if (!*r) return unverified;
        auto pub = core::decodePublicKey((*r)->second);
        if (!pub) return unverified;
        const core::TrustedKeys key{{protocol::receiptKeyIdOf(code.id), *pub}};
        const auto verified = core::classifyScan(receipt, key);
        if (verified.kind != core::ScanKind::caseReceipt || verified.byTerminal) return unverified;
        return std::move((*r)->first);
    }
    auto r = store.caseByNumber(code.id);
    if (!r) return storeFailure(r.error(), "the case could not be read");
    if (*r) return std::move(**r);
    return std::monostate{};
}

Reply handleCaseQuery(Store& store, std::string_view body, const core::TrustedKeys& receiptKeys) {
    json doc;
    if (auto bad = parseObject(body, doc)) return *bad;
    std::string idNumber, caseNo, phone, receipt;
    for (auto [key, max, out] : {std::tuple{"id_number", size_t{18}, &idNumber}, {"case_no", 32, &caseNo}, {"phone", 24, &phone},
                                 {"receipt_code", 200, &receipt}})
        if (auto bad = textField(doc, key, max, *out, false)) return *bad;
    std::vector<protocol::CaseRecord> found;
    if (!receipt.empty()) {
        auto r = caseOfReceiptCode(store, receipt, receiptKeys);
        if (const Reply* bad = std::get_if<Reply>(&r)) return *bad;
        if (auto* c = std::get_if<protocol::CaseRecord>(&r)) found.push_back(std::move(*c));
    } else if (!idNumber.empty()) {
        if (auto why = protocol::idNumberProblem(idNumber); !why.empty()) return badField("id_number", why);
        auto r = store.casesOfHolder(idNumber);
        if (!r) return storeFailure(r.error(), "the cases could not be read");
        found = std::move(*r);
    } else if (!caseNo.empty() && !phone.empty()) {
        if (validCaseNo(caseNo)) {
            auto r = store.caseByNumber(caseNo);
            if (!r) return storeFailure(r.error(), "the case could not be read");
            // The phone must match: a case number alone does not show a stranger's case.
            if (*r && (*r)->phone == phone) found.push_back(std::move(**r));
        }
    } else {
        return badField("the query", "needs \"id_number\", \"receipt_code\", or \"case_no\" with \"phone\"");
    }
    json cases = json::array();
    // Only what the screen shows: the holder's name, ID number and phone masked (the terminal asked with them, or
    // with the receipt; it shows the cases, not who holds them).
    for (const auto& c : found) cases.push_back(json::parse(protocol::caseToJson(protocol::caseForTerminal(c))));
    return {200, json{{"cases", cases}}.dump()};
}

}  // namespace ow::central
