// kiosk-central's request handling.
#include "central/api.h"

#include <nlohmann/json.hpp>

#include "kiosk/utf8.h"

namespace ow::central {

using nlohmann::json;

Reply errorReply(int status, std::string_view code, std::string_view message) {
    return {status, json{{"error", {{"code", code}, {"message", message}}}}.dump()};
}

Reply handleEvents(Store& store, std::string_view kioskId, std::string_view body) {
    if (body.size() > kMaxBodyBytes) return errorReply(413, "too_large", "the batch is over 1 MiB; send fewer events");
    if (!core::isValidUtf8(body)) return errorReply(400, "bad_encoding", "the body is not UTF-8");
    const json doc = json::parse(body, nullptr, false);
    if (doc.is_discarded()) return errorReply(400, "bad_json", "the body is not JSON");
    if (!doc.is_object() || !doc.contains("events") || !doc["events"].is_array())
        return errorReply(400, "bad_request", "expected {\"events\": [...]}");
    const json& list = doc["events"];
    if (list.empty() || list.size() > kMaxBatch)
        return errorReply(400, "bad_request", "a batch holds 1 to " + std::to_string(kMaxBatch) + " events");
    // Validate the whole batch before applying any of it.
    std::vector<Event> events;
    int64_t lastSeq = 0;
    for (size_t i = 0; i < list.size(); ++i) {
        const json& e = list[i];
        const std::string where = "events[" + std::to_string(i) + "]";
        if (!e.is_object()) return errorReply(400, "bad_request", where + " must be an object");
        if (!e.contains("seq") || !e["seq"].is_number_integer() || e["seq"].get<int64_t>() < 1)
            return errorReply(400, "bad_request", where + ".seq must be a whole number from 1");
        if (!e.contains("type") || !e["type"].is_string() || e["type"].get<std::string>().empty() ||
            e["type"].get<std::string>().size() > 64)
            return errorReply(400, "bad_request", where + ".type must be text of 1 to 64 characters");
        if (!e.contains("occurred_at") || !e["occurred_at"].is_number_integer())
            return errorReply(400, "bad_request", where + ".occurred_at must be Unix seconds");
        if (!e.contains("payload") || !e["payload"].is_object())
            return errorReply(400, "bad_request", where + ".payload must be an object");
        Event ev{e["seq"].get<int64_t>(), e["type"].get<std::string>(), e["occurred_at"].get<int64_t>(),
                 e["payload"].dump()};
        if (ev.seq <= lastSeq) return errorReply(400, "bad_request", where + ".seq must be higher than the one before");
        lastSeq = ev.seq;
        events.push_back(std::move(ev));
    }
    json results = json::array();
    for (const auto& ev : events) {
        auto r = store.applyEvent(kioskId, ev);
        if (!r) return errorReply(503, "store_unavailable", "the store could not take the event; send it again");
        json item{{"seq", ev.seq}, {"result", resultCode(r->kind)}};
        if (!r->reason.empty()) item["reason"] = r->reason;
        results.push_back(std::move(item));
    }
    return {200, json{{"results", results}}.dump()};
}

Reply handleHeartbeat(Store& store, std::string_view kioskId, std::string_view body, int64_t nowS) {
    if (!core::isValidUtf8(body)) return errorReply(400, "bad_encoding", "the body is not UTF-8");
    const json doc = json::parse(body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return errorReply(400, "bad_json", "the body is not a JSON object");
    if (!doc.contains("software") || !doc["software"].is_string())
        return errorReply(400, "bad_request", "software must be text");
    if (!doc.contains("config_version") || !doc["config_version"].is_number_integer())
        return errorReply(400, "bad_request", "config_version must be a whole number");
    if (!doc.contains("outbox_depth") || !doc["outbox_depth"].is_number_integer())
        return errorReply(400, "bad_request", "outbox_depth must be a whole number");
    if (!doc.contains("devices") || !doc["devices"].is_array())
        return errorReply(400, "bad_request", "devices must be a list");
    for (size_t i = 0; i < doc["devices"].size(); ++i) {
        const json& d = doc["devices"][i];
        for (const char* key : {"device", "state", "action"})
            if (!d.is_object() || !d.contains(key) || !d[key].is_string())
                return errorReply(400, "bad_request", "devices[" + std::to_string(i) + "]." + key + " must be text");
    }
    if (auto st = store.recordHeartbeat(kioskId, doc.dump(), nowS); !st)
        return errorReply(503, "store_unavailable", "the heartbeat could not be stored");
    return {200, json{{"ok", true}}.dump()};
}

bool offline(int64_t lastSeen, int64_t nowS, int64_t intervalS) { return lastSeen == 0 || nowS - lastSeen > 3 * intervalS; }

}  // namespace ow::central
