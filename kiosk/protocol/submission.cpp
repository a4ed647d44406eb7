// The pre-submission's wire form: writing it, and reading it back with every field checked.
#include "kiosk/protocol/submission.h"

#include <sodium.h>

#include <cctype>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "kiosk/protocol/case_status.h"
#include "kiosk/protocol/id_number.h"

namespace ow::protocol {

using nlohmann::json;

namespace {

bool isHex16(std::string_view s, bool upper) {
    if (s.size() != 16) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (upper ? (c >= 'A' && c <= 'F') : (c >= 'a' && c <= 'f')))) return false;
    return true;
}

std::string base64(std::string_view bytes) {
    std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);  // the terminating zero
    return out;
}

std::optional<std::string> unbase64(std::string_view text, int variant, size_t max) {
    std::string out(text.size() / 4 * 3 + 3, '\0');
    size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr, &len,
                          nullptr, variant) != 0 || len > max)
        return std::nullopt;
    out.resize(len);
    return out;
}

// Reads a text member: present (when required), text, at most max bytes.
bool text(const json& j, const char* key, size_t max, std::string& out, std::string& why, bool required = true) {
    if (!j.contains(key)) {
        if (required) why = std::string("\"") + key + "\" is missing";
        return !required;
    }
    if (!j[key].is_string() || j[key].get_ref<const std::string&>().size() > max) {
        why = std::string("\"") + key + "\" must be text of at most " + std::to_string(max) + " bytes";
        return false;
    }
    out = j[key].get<std::string>();
    if (required && out.empty()) {
        why = std::string("\"") + key + "\" must not be empty";
        return false;
    }
    return true;
}

bool count(const json& j, const char* key, int64_t max, int64_t& out, std::string& why) {
    if (!j.contains(key) || !j[key].is_number_integer() || j[key].get<int64_t>() < 0 || j[key].get<int64_t>() > max) {
        why = std::string("\"") + key + "\" must be a whole number from 0 to " + std::to_string(max);
        return false;
    }
    out = j[key].get<int64_t>();
    return true;
}

bool digitsPhone(std::string_view p) {
    size_t digits = 0;
    for (char c : p) {
        if (c >= '0' && c <= '9') ++digits;
        else if (c != '-' && c != ' ') return false;
    }
    return digits >= 7 && digits <= 20;
}

}  // namespace

bool validReceiptNo(std::string_view no) {
    if (no.size() < 26 || no.size() > 32 || no.substr(0, 3) != "YS-" || no[19] != '-') return false;
    if (!isHex16(no.substr(3, 16), true)) return false;
    for (char c : no.substr(20))
        if (c < '0' || c > '9') return false;
    return true;
}

std::string receiptKeyId(std::string_view kioskId) {
    return kioskId.size() == 18 && kioskId.substr(0, 2) == "k-" ? std::string(kioskId.substr(2)) : "";
}

std::string receiptKeyIdOf(std::string_view receiptNo) {
    std::string hex(receiptNo.substr(3, 16));
    for (char& c : hex) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return hex;
}

std::string receiptNumber(std::string_view kioskId, int64_t n) {
    std::string hex = receiptKeyId(kioskId);
    for (char& c : hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    char tail[24];
    std::snprintf(tail, sizeof tail, "-%06lld", static_cast<long long>(n));
    return "YS-" + hex + tail;
}

std::string submissionToJson(const Submission& s) {
    json fields = json::array(), materials = json::array();
    for (const auto& f : s.fields) fields.push_back({{"key", f.key}, {"label", f.label}, {"value", f.value}});
    for (const auto& m : s.materials)
        materials.push_back({{"name", m.name}, {"key", m.key}, {"pages", m.pages}, {"missing", m.missing}});
    json j{{"receipt_no", s.receiptNo},       {"matter_code", s.matterCode}, {"matter_name", s.matterName},
           {"department", s.department},     {"instant", s.instant},        {"promised_days", s.promisedDays},
           {"applicant", {{"name", s.applicantName}, {"id_number", s.applicantId}, {"phone", s.phone}}},
           {"fields", fields},               {"materials", materials},      {"tolerance", s.tolerance},
           {"submitted_at", s.submittedAt},  {"receipt_key", s.receiptKey}};
    if (s.tolerance) j["supplement_by"] = s.supplementBy;
    return j.dump();
}

std::optional<Submission> submissionFromJson(std::string_view textIn, std::string* whyOut) {
    std::string why;
    const auto bad = [&](std::string reason) -> std::optional<Submission> {
        if (whyOut) *whyOut = std::move(reason);
        return std::nullopt;
    };
    const json j = json::parse(textIn, nullptr, false);
    if (!j.is_object()) return bad("a submission is a JSON object");
    Submission s;
    if (!text(j, "receipt_no", 32, s.receiptNo, why)) return bad(why);
    if (!validReceiptNo(s.receiptNo)) return bad("\"receipt_no\" is not a terminal's receipt number (YS-…)");
    for (auto [key, max, out] : {std::tuple{"matter_code", size_t{64}, &s.matterCode}, {"matter_name", 200, &s.matterName},
                                 {"department", 200, &s.department}, {"receipt_key", 64, &s.receiptKey}})
        if (!text(j, key, max, *out, why)) return bad(why);
    if (auto key = unbase64(s.receiptKey, sodium_base64_VARIANT_ORIGINAL, 32); !key || key->size() != 32)
        return bad("\"receipt_key\" must be an Ed25519 public key in base64");
    if (!j.contains("instant") || !j["instant"].is_boolean()) return bad("\"instant\" must be true or false");
    s.instant = j["instant"].get<bool>();
    int64_t n = 0;
    if (!count(j, "promised_days", 365, n, why)) return bad(why);
    s.promisedDays = static_cast<int>(n);
    if (!count(j, "submitted_at", int64_t{1} << 40, s.submittedAt, why)) return bad(why);
    if (!j.contains("applicant") || !j["applicant"].is_object()) return bad("\"applicant\" must be {\"name\", \"id_number\", \"phone\"}");
    const json& a = j["applicant"];
    if (!text(a, "name", 100, s.applicantName, why) || !text(a, "id_number", 18, s.applicantId, why) ||
        !text(a, "phone", 24, s.phone, why))
        return bad("applicant: " + why);
    if (auto p = idNumberProblem(s.applicantId); !p.empty()) return bad("applicant.id_number: " + p);
    if (!digitsPhone(s.phone)) return bad("applicant.phone must be a phone number (7 to 20 digits)");
    if (!j.contains("fields") || !j["fields"].is_array() || j["fields"].size() > 60) return bad("\"fields\" must be a list of at most 60");
    for (const auto& f : j["fields"]) {
        if (!f.is_object()) return bad("each of \"fields\" must be {\"key\", \"label\", \"value\"}");
        SubmittedField field;
        if (!text(f, "key", 40, field.key, why) || !text(f, "label", 200, field.label, why) ||
            !text(f, "value", 2000, field.value, why, false))
            return bad("fields: " + why);
        s.fields.push_back(std::move(field));
    }
    if (!j.contains("materials") || !j["materials"].is_array() || j["materials"].size() > 40)
        return bad("\"materials\" must be a list of at most 40");
    for (const auto& m : j["materials"]) {
        if (!m.is_object()) return bad("each of \"materials\" must be {\"name\", \"key\", \"pages\", \"missing\"}");
        SubmittedMaterial mat;
        int64_t pages = 0;
        if (!text(m, "name", 200, mat.name, why) || !count(m, "pages", kMaxPagesPerMaterial, pages, why)) return bad("materials: " + why);
        if (!m.contains("key") || !m["key"].is_boolean() || !m.contains("missing") || !m["missing"].is_boolean())
            return bad("materials: \"key\" and \"missing\" must be true or false");
        mat.pages = static_cast<int>(pages);
        mat.key = m["key"].get<bool>();
        mat.missing = m["missing"].get<bool>();
        if (mat.missing == (mat.pages > 0)) return bad("materials: \"" + mat.name + "\" must have pages or be missing, not both or neither");
        s.materials.push_back(std::move(mat));
    }
    if (!j.contains("tolerance") || !j["tolerance"].is_boolean()) return bad("\"tolerance\" must be true or false");
    s.tolerance = j["tolerance"].get<bool>();
    // 容缺受理: only non-key materials may be missing, and only on a signed commitment with a supplement date.
    bool anyMissing = false;
    for (const auto& m : s.materials) {
        if (m.missing && m.key) return bad("materials: the key material \"" + m.name + "\" cannot be missing");
        anyMissing |= m.missing;
    }
    if (s.tolerance) {
        if (!text(j, "supplement_by", 10, s.supplementBy, why)) return bad(why);
        if (!validDate(s.supplementBy)) return bad("\"supplement_by\" must be a date (YYYY-MM-DD)");
        if (!anyMissing) return bad("\"tolerance\" is for a submission with missing materials");
    } else if (anyMissing) {
        return bad("materials are missing, so the submission needs \"tolerance\" and a signed commitment");
    }
    return s;
}

std::string pageToJson(const MaterialPage& p) {
    return json{{"receipt_no", p.receiptNo}, {"material", p.material}, {"page", p.page}, {"jpeg", base64(p.jpeg)}}.dump();
}

std::optional<MaterialPage> pageFromJson(std::string_view textIn, std::string* whyOut) {
    std::string why;
    const auto bad = [&](std::string reason) -> std::optional<MaterialPage> {
        if (whyOut) *whyOut = std::move(reason);
        return std::nullopt;
    };
    const json j = json::parse(textIn, nullptr, false);
    if (!j.is_object()) return bad("a page is a JSON object");
    MaterialPage p;
    if (!text(j, "receipt_no", 32, p.receiptNo, why)) return bad(why);
    if (!validReceiptNo(p.receiptNo)) return bad("\"receipt_no\" is not a terminal's receipt number (YS-…)");
    int64_t n = 0;
    if (!count(j, "material", 39, n, why)) return bad(why);
    p.material = static_cast<int>(n);
    if (!count(j, "page", kMaxPagesPerMaterial, n, why) || n < 1) return bad("\"page\" must be 1 to " + std::to_string(kMaxPagesPerMaterial));
    p.page = static_cast<int>(n);
    std::string b64;
    if (!text(j, "jpeg", kMaxPageBytes * 4 / 3 + 8, b64, why)) return bad(why);
    auto bytes = unbase64(b64, sodium_base64_VARIANT_ORIGINAL, kMaxPageBytes);
    if (!bytes) return bad("\"jpeg\" must be base64 of at most " + std::to_string(kMaxPageBytes) + " bytes");
    if (bytes->size() < 4 || static_cast<unsigned char>((*bytes)[0]) != 0xFF || static_cast<unsigned char>((*bytes)[1]) != 0xD8)
        return bad("\"jpeg\" is not a JPEG image");
    p.jpeg = std::move(*bytes);
    return p;
}

}  // namespace ow::protocol
