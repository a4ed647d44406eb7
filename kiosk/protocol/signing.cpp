// Request signing between terminal and central.
#include "kiosk/protocol/signing.h"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace ow::protocol {

namespace {
std::string hex(const unsigned char* p, size_t n) {
    std::string out(n * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), p, n);
    out.pop_back();
    return out;
}
bool unhex(std::string_view h, std::vector<unsigned char>& out, size_t want) {
    out.assign(want, 0);
    size_t len = 0;
    return sodium_hex2bin(out.data(), want, h.data(), h.size(), nullptr, &len, nullptr) == 0 && len == want &&
           h.size() == want * 2;
}
std::string hmacHex(std::string_view secretHex, const std::string& text) {
    std::vector<unsigned char> key;
    if (!unhex(secretHex, key, crypto_auth_hmacsha256_KEYBYTES)) return "";
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256(mac, reinterpret_cast<const unsigned char*>(text.data()), text.size(), key.data());
    return hex(mac, sizeof mac);
}
}  // namespace

std::string canonical(std::string_view method, std::string_view path, std::string_view timestamp,
                      std::string_view nonce, std::string_view body) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(body.data()), body.size());
    return std::string(method) + "\n" + std::string(path) + "\n" + std::string(timestamp) + "\n" + std::string(nonce) +
           "\n" + hex(digest, sizeof digest);
}

std::string randomHex(size_t bytes) {
    std::vector<unsigned char> b(bytes);
    randombytes_buf(b.data(), b.size());
    return hex(b.data(), b.size());
}

Signature sign(std::string_view kioskId, std::string_view secretHex, std::string_view method, std::string_view path,
               std::string_view body, int64_t nowS) {
    Signature s{std::string(kioskId), std::to_string(nowS), randomHex(16), ""};
    s.hmac = hmacHex(secretHex, canonical(method, path, s.timestamp, s.nonce, body));
    return s;
}

std::string verify(const Signature& sig, std::string_view secretHex, std::string_view method, std::string_view path,
                   std::string_view body, int64_t nowS, int64_t windowS) {
    if (sig.kioskId.empty() || sig.timestamp.empty() || sig.nonce.empty() || sig.hmac.empty())
        return "the request is not signed";
    char* end = nullptr;
    const long long ts = std::strtoll(sig.timestamp.c_str(), &end, 10);
    if (!end || *end != '\0') return "the timestamp is not a number";
    if (ts < nowS - windowS || ts > nowS + windowS) return "the timestamp is outside the allowed window";
    if (sig.nonce.size() < 16 || sig.nonce.size() > 64) return "the nonce is malformed";
    const std::string want = hmacHex(secretHex, canonical(method, path, sig.timestamp, sig.nonce, body));
    if (want.empty() || want.size() != sig.hmac.size() ||
        sodium_memcmp(want.data(), sig.hmac.data(), want.size()) != 0)
        return "the signature does not match";
    return "";
}

std::string lookupCode(char type, std::string_view id) { return std::string("OW1.") + type + "." + std::string(id); }

std::string lookupIdOfCode(char type, std::string_view code) {
    const std::string prefix = std::string("OW1.") + type + ".";
    if (code.substr(0, prefix.size()) != prefix) return "";
    const auto id = code.substr(prefix.size());
    if (id.size() != 24 || !std::all_of(id.begin(), id.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }))
        return "";
    return std::string(id);
}

}  // namespace ow::protocol
