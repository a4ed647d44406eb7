// Reading a POST /v1/events body. It is the body central reads most, so it is read in one pass with
// nlohmann's SAX parser (no document tree), each event's payload written out as JSON text as it is read.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "central/api.h"
#include "central/store.h"

namespace ow::central {

/** Why a batch was refused: the HTTP status, the error code and the message for the reply. */
struct BatchError {
    int status = 400;
    const char* code = "bad_request";
    std::string message;
};

/**
 * {"events": [{"seq", "type", "occurred_at", "payload": {…}}, …]}: the events (1 to kMaxBatch, seq rising),
 * or what is wrong, in this order of precedence: too large, not UTF-8, not JSON, not
 * an object, no events array, too few or too many events, the first event with a bad field. Other members are
 * ignored; of a member given twice, the last counts. A payload keeps its members in the order sent.
 */
std::variant<std::vector<Event>, BatchError> readEventBatch(std::string_view body);

}  // namespace ow::central
