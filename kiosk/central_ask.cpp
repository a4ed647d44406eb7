// Questions to central as JSON, and its answers as the services read them.
#include "kiosk/central_ask.h"

#include <nlohmann/json.hpp>

#include "kiosk/session.h"

namespace ow::core {

using nlohmann::json;

void CentralAsk::wipe() { wipeText(body); }

void CentralReply::wipe() { wipeText(body); }

CentralReply readCentralReply(int op, int status, std::string_view body) {
    CentralReply r;
    r.op = op;
    if (status >= 500 || status == 401) {
        r.detail = "central answered " + std::to_string(status);
        return r;
    }
    const json j = json::parse(body, nullptr, false);
    if (status == 404 || status == 409) {
        r.outcome = CentralReply::Outcome::refused;
        r.refusal = "not_found";
        for (const char* key : {"error", "refused"})
            if (j.is_object() && j.contains(key) && j[key].is_object() && j[key].contains("code") && j[key]["code"].is_string())
                r.refusal = j[key]["code"].get<std::string>();
        r.detail = "central answered " + std::to_string(status) + " " + r.refusal;
        return r;
    }
    if (status != 200 || !j.is_object()) {
        r.outcome = CentralReply::Outcome::failed;
        r.detail = status == 200 ? "central's answer is not a JSON object" : "central answered " + std::to_string(status);
        if (status == 400 && j.is_object() && j.contains("error") && j["error"].is_object())
            r.detail += " " + j["error"].value("message", "");
        return r;
    }
    r.outcome = CentralReply::Outcome::answered;
    r.body = std::string(body);
    return r;
}

}  // namespace ow::core
