// libFuzzer target: any POST /v1/events body. What the one-pass reader accepts must be what nlohmann's document
// parser reads from the same body (the events, in order, and each payload as the same JSON); what it calls not
// JSON, the document parser must refuse too; a refusal always says why.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "central/event_batch.h"

using nlohmann::json;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string body(reinterpret_cast<const char*>(data), size);
    const auto read = ow::central::readEventBatch(body);
    const json doc = json::parse(body, nullptr, false);
    if (const auto* bad = std::get_if<ow::central::BatchError>(&read)) {
        if (bad->message.empty()) std::abort();
        if (std::string(bad->code) == "bad_json" && !doc.is_discarded()) std::abort();
        return 0;
    }
    const auto& events = std::get<std::vector<ow::central::Event>>(read);
    if (doc.is_discarded() || !doc.is_object() || !doc["events"].is_array() || doc["events"].size() != events.size()) std::abort();
    for (size_t i = 0; i < events.size(); ++i) {
        const json& e = doc["events"][i];
        if (e["seq"] != events[i].seq || e["type"] != events[i].type || e["occurred_at"] != events[i].occurredAt) std::abort();
        const json payload = json::parse(events[i].payload, nullptr, false);
        if (payload.is_discarded() || payload != e["payload"]) std::abort();
    }
    return 0;
}
