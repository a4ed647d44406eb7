// Staff codes: made by kioskctl, checked by the terminal.
#include "kiosk/staff_code.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

namespace ow::core {

using nlohmann::json;

namespace {
constexpr std::string_view kPrefix = "OW1.S.";

std::string b64url(std::string_view bytes) {
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(out.size() - 1);
    return out;
}

std::optional<std::string> unb64url(std::string_view text, size_t max) {
    std::string out(text.size() * 3 / 4 + 3, '\0');
    size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr, &len, nullptr,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        len > max)
        return std::nullopt;
    out.resize(len);
    return out;
}
}  // namespace

const char* staffRoleCode(StaffRole role) { return role == StaffRole::maintenance ? "maintenance" : "clear"; }

bool looksLikeStaffCode(std::string_view payload) { return payload.substr(0, kPrefix.size()) == kPrefix && payload.size() < 2048; }

Result<StaffCode> verifyStaffCode(std::string_view payload, const TrustedKeys& keys, int64_t nowS) {
    if (!looksLikeStaffCode(payload)) return Error{"not a staff code"};
    const auto sigDot = payload.rfind('.');
    const auto kidDot = payload.rfind('.', sigDot - 1);
    if (sigDot == std::string_view::npos || kidDot == std::string_view::npos || kidDot < kPrefix.size())
        return Error{"the staff code is malformed"};
    const std::string_view body = payload.substr(kPrefix.size(), kidDot - kPrefix.size());
    const std::string_view kid = payload.substr(kidDot + 1, sigDot - kidDot - 1);
    const auto key = keys.find(kid);
    if (key == keys.end()) return Error{"the staff code is signed by a key this terminal does not trust"};
    if (!codeSignatureProblem(payload, key->second).empty()) return Error{"the staff code's signature does not match"};
    const auto text = unb64url(body, 1024);
    const json j = text ? json::parse(*text, nullptr, false) : json();
    if (!j.is_object()) return Error{"the staff code's contents do not read"};
    StaffCode c;
    const auto str = [&](const char* k) { return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string(); };
    c.id = str("id"), c.hall = str("hall"), c.name = str("name"), c.pinHash = str("pin");
    const std::string role = str("role");
    if (role != "clear" && role != "maintenance") return Error{"the staff code names no role"};
    c.role = role == "maintenance" ? StaffRole::maintenance : StaffRole::clear;
    if (!j.contains("exp") || !j["exp"].is_number_integer()) return Error{"the staff code has no expiry"};
    c.expiresAt = j["exp"].get<int64_t>();
    if (c.id.empty() || c.name.empty() || c.pinHash.rfind("$argon2id$", 0) != 0) return Error{"the staff code is incomplete"};
    if (nowS >= c.expiresAt) return Error{"the staff code has expired"};
    return c;
}

bool staffPinMatches(const StaffCode& code, std::string_view pin) {
    if (pin.empty() || code.pinHash.empty()) return false;
    return crypto_pwhash_str_verify(code.pinHash.c_str(), pin.data(), pin.size()) == 0;
}

Result<std::string> makeStaffCode(const StaffCode& code, std::string_view pin, std::string_view keyId, const SecretKey& key) {
    if (pin.size() < 6) return Error{"the PIN must have at least 6 digits"};
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return Error{"out of memory hashing the PIN"};
    const json payload = {{"id", code.id}, {"hall", code.hall}, {"name", code.name}, {"role", staffRoleCode(code.role)},
                          {"exp", code.expiresAt}, {"pin", std::string(hash)}};
    return makeScanCode('S', b64url(payload.dump()), keyId, key);  // OW1.S.<payload>.<key id>.<signature>
}

}  // namespace ow::core
