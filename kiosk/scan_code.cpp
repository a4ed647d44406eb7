// What a scanned code is.
#include "kiosk/scan_code.h"

#include <algorithm>

#include <sodium.h>

#include <vector>

#include "kiosk/protocol/submission.h"
#include "kiosk/utf8.h"

namespace ow::core {

namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    size_t start = 0;
    for (size_t i = 0; i <= s.size(); ++i)
        if (i == s.size() || s[i] == sep) {
            out.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    return out;
}

bool charsIn(std::string_view s, size_t maxLen, bool upper) {
    if (s.empty() || s.size() > maxLen) return false;
    for (char c : s) {
        const bool ok = (c >= '0' && c <= '9') || (upper ? ((c >= 'A' && c <= 'Z') || c == '-') : (c >= 'a' && c <= 'z'));
        if (!ok) return false;
    }
    return true;
}

}  // namespace

const char* scanKindCode(ScanKind kind) {
    switch (kind) {
        case ScanKind::caseReceipt: return "case_receipt";
        case ScanKind::appointment: return "appointment";
        case ScanKind::forged: return "forged";
        case ScanKind::foreign: return "foreign";
        case ScanKind::unreadable: return "unreadable";
    }
    return "?";
}

ScanCode classifyScan(std::string_view payload, const TrustedKeys& keys) {
    while (!payload.empty() && (payload.back() == '\r' || payload.back() == '\n')) payload.remove_suffix(1);
    if (payload.empty()) return {ScanKind::unreadable, "", "the code is empty"};
    if (payload.size() > 4096) return {ScanKind::unreadable, "", "the code is too long"};
    if (!isValidUtf8(payload)) return {ScanKind::unreadable, "", "the code is not text"};
    for (unsigned char c : payload)
        if (c < 0x20 && c != '\t') return {ScanKind::unreadable, "", "the code holds control characters"};
    if (payload.rfind("OW", 0) != 0 || payload.find('.') == std::string_view::npos) return {ScanKind::foreign, "", ""};

    const auto parts = split(payload, '.');
    if (parts[0] != "OW1") return {ScanKind::forged, "", "unknown code version " + std::string(parts[0])};
    if (parts.size() != 5) return {ScanKind::forged, "", "the code has " + std::to_string(parts.size()) + " parts, not 5"};
    const std::string_view type = parts[1], id = parts[2], kid = parts[3];  // parts[4]: the signature
    if (type != "C" && type != "A") return {ScanKind::forged, "", "unknown code type " + std::string(type)};
    if (!charsIn(id, 40, true)) return {ScanKind::forged, "", "the number in the code is malformed"};
    if (!charsIn(kid, 16, false)) return {ScanKind::forged, "", "the key id in the code is malformed"};
    auto key = keys.find(kid);
    if (key == keys.end()) {
        if (type == "C" && protocol::validReceiptNo(id) && kid == protocol::receiptKeyIdOf(id))
            return {ScanKind::caseReceipt, std::string(id), "", true};
        // An appointment slip printed by a terminal, signed with that terminal's key (16 hex): central, which
        // keeps the key with the appointment, verifies it.
        if (type == "A" && kid.size() == 16 &&
            std::all_of(kid.begin(), kid.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }))
            return {ScanKind::appointment, std::string(id), "", true};
        return {ScanKind::forged, std::string(id), "signed by an unknown key " + std::string(kid)};
    }
    if (auto problem = codeSignatureProblem(payload, key->second); !problem.empty()) return {ScanKind::forged, std::string(id), problem};
    return {type == "C" ? ScanKind::caseReceipt : ScanKind::appointment, std::string(id), ""};
}

std::string codeSignatureProblem(std::string_view code, const PublicKey& key) {
    const auto dot = code.rfind('.');
    const std::string_view sig = code.substr(dot == std::string_view::npos ? code.size() : dot + 1);
    const std::string_view signedPart = code.substr(0, dot == std::string_view::npos ? 0 : dot);
    unsigned char raw[crypto_sign_BYTES];
    size_t rawLen = 0;
    if (dot == std::string_view::npos ||
        sodium_base642bin(raw, sizeof raw, sig.data(), sig.size(), nullptr, &rawLen, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        rawLen != crypto_sign_BYTES)
        return "the signature is malformed";
    if (crypto_sign_verify_detached(raw, reinterpret_cast<const unsigned char*>(signedPart.data()), signedPart.size(), key.data()) != 0)
        return "the signature does not match";
    return "";
}

std::string makeScanCode(char type, std::string_view id, std::string_view keyId,
                         const std::array<unsigned char, 64>& secretKey) {
    std::string body = std::string("OW1.") + type + "." + std::string(id) + "." + std::string(keyId);
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(body.data()), body.size(),
                         secretKey.data());
    char b64[sodium_base64_ENCODED_LEN(crypto_sign_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(b64, sizeof b64, sig, sizeof sig, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return body + "." + b64;
}

}  // namespace ow::core
