// kiosk-central's request handling, apart from HTTP: JSON in, a status and a JSON reply out.
#pragma once

#include <string>
#include <string_view>

#include "central/store.h"

namespace ow::central {

struct Reply {
    int status = 200;
    std::string body;  // JSON
};

/** {"error": {"code": …, "message": …}} with its HTTP status. */
Reply errorReply(int status, std::string_view code, std::string_view message);

/**
 * POST /v1/events: {"events": [{"seq", "type", "occurred_at", "payload": {…}}, …]} (1 to 500, seq rising).
 * Each is applied once; the reply lists {"seq", "result": accepted|duplicate|rejected, "reason"?} in order.
 * A malformed batch stores nothing and says what is wrong.
 */
Reply handleEvents(Store& store, std::string_view kioskId, std::string_view body);

/**
 * POST /v1/heartbeat: {"software", "config_version", "devices": [{"device", "state", "action", "detail"}],
 * "outbox_depth", "oldest_event_age_s", "errors": [...]}; stored as the terminal's latest state.
 */
Reply handleHeartbeat(Store& store, std::string_view kioskId, std::string_view body, int64_t nowS);

/** A terminal that missed 3 heartbeats (interval in seconds) is offline. */
bool offline(int64_t lastSeen, int64_t nowS, int64_t intervalS = 60);

constexpr size_t kMaxBatch = 500;
constexpr size_t kMaxBodyBytes = 1 << 20;

}  // namespace ow::central
