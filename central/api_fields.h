// The checks of request bodies every handler shares: a JSON object, its fields typed and bounded, each refusal
// naming the field (central/api.cpp, central/appointments_api.cpp).
#pragma once

#include <cctype>
#include <nlohmann/json.hpp>

#include "kiosk/protocol/id_number.h"
#include <optional>
#include <string>
#include <string_view>

#include "central/api.h"
#include "kiosk/utf8.h"

namespace ow::central::fields {

using nlohmann::json;

// Parses a request body as a JSON object, or says why not.
inline std::optional<Reply> parseObject(std::string_view body, json& out, size_t maxBytes = kMaxBodyBytes) {
    if (body.size() > maxBytes)
        return errorReply(413, "too_large", "the request is over " + std::to_string(maxBytes >> 20) + " MiB");
    if (!core::isValidUtf8(body)) return errorReply(400, "bad_encoding", "the body is not UTF-8");
    out = json::parse(body, nullptr, false);
    if (out.is_discarded()) return errorReply(400, "bad_json", "the body is not JSON");
    if (!out.is_object()) return errorReply(400, "bad_request", "the body must be a JSON object");
    return std::nullopt;
}

inline Reply badField(const std::string& field, const std::string& must) {
    return errorReply(400, "bad_request", field + " " + must);
}

inline bool isText(const json& j, const char* key, size_t maxLen, bool required = true) {
    if (!j.contains(key)) return !required;
    return j[key].is_string() && j[key].get_ref<const std::string&>().size() <= maxLen;
}

inline bool isCount(const json& j, const char* key, bool required = true) {
    if (!j.contains(key)) return !required;
    return j[key].is_number_integer() && j[key].get<int64_t>() >= 0;
}


// A phone number as a person types it: 7 to 20 digits, with '-' or '+' allowed.
inline bool validPhone(const std::string& p) {
    size_t digits = 0;
    for (char c : p) {
        if (c >= '0' && c <= '9') ++digits;
        else if (c != '-' && c != '+' && c != ' ') return false;
    }
    return digits >= 7 && digits <= 20 && p.size() <= 24;
}

// A case number as central issues it: OW, 8 date digits, 6 counter digits.
inline bool validCaseNo(const std::string& n) {
    if (n.size() != 16 || n.rfind("OW", 0) != 0) return false;
    for (size_t i = 2; i < n.size(); ++i)
        if (n[i] < '0' || n[i] > '9') return false;
    return true;
}

inline std::optional<Reply> textField(const json& j, const char* key, size_t maxLen, std::string& out, bool required) {
    if (!j.contains(key)) {
        if (!required) return std::nullopt;
        return badField(key, "is missing");
    }
    if (!j[key].is_string() || j[key].get_ref<const std::string&>().size() > maxLen)
        return badField(key, "must be text of at most " + std::to_string(maxLen) + " bytes");
    out = j[key].get<std::string>();
    if (required && out.empty()) return badField(key, "must not be empty");
    return std::nullopt;
}


// An idempotency key: 8 to 64 of A-Z a-z 0-9 - _ (a terminal makes one per person's request and sends it again
// with every retry of that request).
inline bool validKey(const std::string& k) {
    if (k.size() < 8 || k.size() > 64) return false;
    for (char c : k)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
    return true;
}

inline std::optional<Reply> idNumberField(const json& doc, const char* key, std::string& out) {
    if (auto bad = textField(doc, key, 18, out, true)) return bad;
    if (auto why = protocol::idNumberProblem(out); !why.empty()) return badField(key, why);
    return std::nullopt;
}

inline std::optional<Reply> keyField(const json& doc, std::string& out) {
    if (auto bad = textField(doc, "key", 64, out, true)) return bad;
    if (!validKey(out)) return badField("key", "must be 8 to 64 of A-Z a-z 0-9 - _");
    return std::nullopt;
}

}  // namespace ow::central::fields
