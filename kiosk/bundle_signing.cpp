// Signed configuration bundles.
#include "kiosk/bundle_signing.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

namespace ow::core {

using nlohmann::json;

namespace {

std::string toBase64(const unsigned char* data, size_t n) {
    std::string out(sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), data, n, sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return out;
}

// Decodes standard base64 into exactly N bytes.
template <size_t N>
bool fromBase64(std::string_view text, std::array<unsigned char, N>& out) {
    size_t len = 0;
    return sodium_base642bin(out.data(), N, text.data(), text.size(), " \n", &len, nullptr,
                             sodium_base64_VARIANT_ORIGINAL) == 0 &&
           len == N;
}

BundleVerdict refuse(BundleRefusal r, std::string reason, int64_t version = 0) {
    BundleVerdict v;
    v.refusal = r;
    v.reason = std::move(reason);
    v.version = version;
    return v;
}

bool contains(const std::vector<std::string>& list, std::string_view item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

KeyPair generateKeyPair() {
    PublicKey pk;
    SecretKey sk;
    crypto_sign_keypair(pk.data(), sk.data());
    KeyPair out{toBase64(pk.data(), pk.size()), toBase64(sk.data(), sk.size())};
    sodium_memzero(sk.data(), sk.size());
    return out;
}

Result<PublicKey> decodePublicKey(std::string_view base64) {
    PublicKey k;
    if (!fromBase64(base64, k)) return Error{"a public key is 32 bytes in base64"};
    return k;
}

Result<SecretKey> decodeSecretKey(std::string_view base64) {
    SecretKey k;
    if (!fromBase64(base64, k)) return Error{"a secret key is 64 bytes in base64"};
    return k;
}

Result<TrustedKeys> parseTrustedKeys(std::string_view text) {
    const json doc = json::parse(text, nullptr, false);
    if (!doc.is_object() || doc.empty()) return Error{"the trusted keys file must be {\"key_id\": \"base64 key\", …}"};
    TrustedKeys keys;
    for (const auto& [id, value] : doc.items()) {
        if (!value.is_string()) return Error{"trusted key " + id + " must be text"};
        auto k = decodePublicKey(value.get<std::string>());
        if (!k) return Error{"trusted key " + id + ": " + k.error()};
        keys.emplace(id, *k);
    }
    return keys;
}

Result<std::string> signBundle(std::string_view bundleText, std::string_view keyId, const SecretKey& key) {
    if (auto parsed = parseBundle(bundleText); !parsed) return Error{"the bundle is not valid: " + parsed.error()};
    if (keyId.empty() || keyId.size() > 64) return Error{"the key id must be 1 to 64 characters"};
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(bundleText.data()), bundleText.size(),
                         key.data());
    json doc{{"format", kSignedBundleFormat}, {"key_id", keyId}, {"signature", toBase64(sig, sizeof sig)},
             {"bundle", bundleText}};
    return doc.dump(1) + "\n";
}

const char* refusalCode(BundleRefusal r) {
    switch (r) {
        case BundleRefusal::none: return "accepted";
        case BundleRefusal::malformed: return "malformed";
        case BundleRefusal::tooLarge: return "too_large";
        case BundleRefusal::unsigned_: return "unsigned";
        case BundleRefusal::unknownKey: return "unknown_key";
        case BundleRefusal::badSignature: return "bad_signature";
        case BundleRefusal::rollback: return "rollback";
        case BundleRefusal::expired: return "expired";
        case BundleRefusal::notYetValid: return "not_yet_valid";
        case BundleRefusal::outOfScope: return "out_of_scope";
        case BundleRefusal::storeFailed: return "store_failed";
    }
    return "?";
}

BundleRefusal readSignedEnvelope(std::string_view document, SignedEnvelope& out, std::string& why) {
    if (document.size() > kMaxSignedBundleBytes) {
        why = "the bundle is " + std::to_string(document.size()) + " bytes, over the cap of " +
              std::to_string(kMaxSignedBundleBytes);
        return BundleRefusal::tooLarge;
    }
    const json doc = json::parse(document, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        why = "the document is not a JSON object";
        return BundleRefusal::malformed;
    }
    // A bare bundle, or a signed document without its signature, is unsigned.
    if (!doc.contains("signature") || !doc.contains("key_id")) {
        why = "the bundle carries no signature";
        return BundleRefusal::unsigned_;
    }
    if (doc.value("format", "") != kSignedBundleFormat || !doc["key_id"].is_string() ||
        doc["key_id"].get_ref<const std::string&>().empty() || doc["key_id"].get_ref<const std::string&>().size() > 64 || !doc["signature"].is_string() ||
        !doc.contains("bundle") || !doc["bundle"].is_string()) {
        why = std::string("the signed document must be ") + kSignedBundleFormat + " with key_id, signature and bundle text";
        return BundleRefusal::malformed;
    }
    out = {doc["key_id"], doc["signature"], doc["bundle"]};
    return BundleRefusal::none;
}

BundleVerdict checkSignedBundle(std::string_view document, const TrustedKeys& keys, const BundleContext& ctx) {
    SignedEnvelope env;
    std::string why;
    if (const auto refusal = readSignedEnvelope(document, env, why); refusal != BundleRefusal::none)
        return refuse(refusal, why);
    const std::string& keyId = env.keyId;
    const std::string& text = env.text;
    // The version the document claims, unverified: only to name it in the report.
    const json claimed = json::parse(text, nullptr, false);
    const int64_t claimedVersion = claimed.is_object() && claimed.contains("version") && claimed["version"].is_number_integer()
                                       ? claimed["version"].get<int64_t>()
                                       : 0;
    const auto key = keys.find(keyId);
    if (key == keys.end())
        return refuse(BundleRefusal::unknownKey, "signed by key \"" + keyId + "\", which this terminal does not trust",
                      claimedVersion);
    std::array<unsigned char, crypto_sign_BYTES> sig;
    if (!fromBase64(env.signature, sig))
        return refuse(BundleRefusal::badSignature, "the signature is not 64 bytes of base64", claimedVersion);
    if (crypto_sign_verify_detached(sig.data(), reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                                    key->second.data()) != 0)
        return refuse(BundleRefusal::badSignature, "the signature does not match the bundle (tampered or corrupted)",
                      claimedVersion);
    // Signed by someone we trust: now its content.
    auto parsed = parseBundle(text);
    if (!parsed) return refuse(BundleRefusal::malformed, parsed.error());
    Bundle& b = *parsed;
    if (b.version <= ctx.activeVersion)
        return refuse(BundleRefusal::rollback,
                      "version " + std::to_string(b.version) + " is not newer than the active " + std::to_string(ctx.activeVersion),
                      b.version);
    if (ctx.trustedNow >= b.expiresAt) return refuse(BundleRefusal::expired, "the bundle has expired", b.version);
    if (b.issuedAt > ctx.trustedNow + kIssueSkewS)
        return refuse(BundleRefusal::notYetValid, "the bundle is issued in the future; check the terminal's clock", b.version);
    const bool inScope = contains(b.scope.halls, "*") || (!ctx.hall.empty() && contains(b.scope.halls, ctx.hall)) ||
                         contains(b.scope.terminals, ctx.kioskId);
    if (!inScope)
        return refuse(BundleRefusal::outOfScope, "the bundle is for other halls or terminals", b.version);
    BundleVerdict v;
    v.version = b.version;
    v.bundle = std::move(b);
    v.text = text;
    return v;
}

}  // namespace ow::core
