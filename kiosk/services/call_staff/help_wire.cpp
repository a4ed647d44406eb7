// Calls for staff on the wire.
#include "kiosk/services/call_staff/help_wire.h"

#include <nlohmann/json.hpp>

namespace ow::core {

using nlohmann::json;

const char* helpOpCode(HelpQuestion::Op op) {
    switch (op) {
        case HelpQuestion::Op::raise: return "raise";
        case HelpQuestion::Op::status: return "status";
        case HelpQuestion::Op::cancel: return "cancel";
    }
    return "?";
}

std::string HelpQuestion::path() const { return std::string("/v1/help/") + helpOpCode(op); }

std::string HelpQuestion::body() const {
    switch (op) {
        case Op::raise: return json{{"key", key}, {"screen", screen}, {"service", service}, {"elder", elder}}.dump();
        case Op::status: return json{{"id", id}, {"seen", seen}, {"wait_ms", waitMs}}.dump();
        case Op::cancel: return json{{"id", id}}.dump();
    }
    return "{}";
}

HelpAnswer parseHelpAnswer(HelpQuestion::Op op, int status, std::string_view body) {
    HelpAnswer a;
    a.op = op;
    if (status >= 500 || status == 401) {
        a.detail = "central answered " + std::to_string(status);
        return a;
    }
    if (status == 404 || status == 409) {
        a.outcome = HelpAnswer::Outcome::refused;
        a.detail = "central answered " + std::to_string(status);
        return a;
    }
    const json j = json::parse(body, nullptr, false);
    if (status != 200 || !j.is_object() || !j.contains("call") || !j["call"].is_object()) {
        a.outcome = HelpAnswer::Outcome::failed;
        a.detail = "central's answer does not read (" + std::to_string(status) + ")";
        return a;
    }
    a.id = j["call"].value("id", "");
    a.state = j["call"].value("state", "");
    if (a.id.empty() || a.state.empty()) {
        a.outcome = HelpAnswer::Outcome::failed;
        a.detail = "a call without its id or state";
        return a;
    }
    a.outcome = HelpAnswer::Outcome::answered;
    return a;
}

}  // namespace ow::core
