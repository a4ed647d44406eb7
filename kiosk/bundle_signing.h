// Signed configuration bundles (DESIGN.md "Config bundles"): an admin signs a bundle offline with an Ed25519
// key (kioskctl sign); central only stores and serves it; the terminal checks it against the public keys
// installed with it and refuses anything it cannot trust, saying why.
//
// The signed document:
//     {"format": "onewindow.signed-bundle.v1", "key_id": "…", "signature": "<base64 Ed25519>",
//      "bundle": "<the bundle's JSON text>"}
// The signature covers the bundle text byte for byte, so no JSON canonicalisation is involved.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "kiosk/bundle.h"
#include "kiosk/result.h"
#include "kiosk/scan_code.h"

namespace ow::core {

constexpr const char* kSignedBundleFormat = "onewindow.signed-bundle.v1";
/** The largest signed document a terminal downloads or checks. */
constexpr size_t kMaxSignedBundleBytes = kMaxBundleBytes + 4096;

using SecretKey = std::array<unsigned char, 64>;

/** A new Ed25519 key pair; the public key and secret key in base64. */
struct KeyPair {
    std::string publicKey, secretKey;
};
KeyPair generateKeyPair();
Result<PublicKey> decodePublicKey(std::string_view base64);
Result<SecretKey> decodeSecretKey(std::string_view base64);
/** Reads {"key_id": "base64 public key", …} (the trusted keys file installed with the terminal). */
Result<TrustedKeys> parseTrustedKeys(std::string_view json);

/** Signs a bundle's text; checks first that it is a valid bundle, so nobody signs a broken one. */
Result<std::string> signBundle(std::string_view bundleText, std::string_view keyId, const SecretKey& key);

/** Why a terminal refused a bundle (reported in the heartbeat as the code). */
enum class BundleRefusal { none, malformed, tooLarge, unsigned_, unknownKey, badSignature, rollback, expired, notYetValid,
                           outOfScope, storeFailed };
const char* refusalCode(BundleRefusal r);

/** The parts of a signed document, before anything is verified. */
struct SignedEnvelope {
    std::string keyId, signature, text;  // text: the bundle's JSON text
};
/**
 * Reads a signed document's envelope (size, JSON, format, key id, signature and bundle as text); on a problem
 * the refusal (tooLarge, unsigned_ or malformed) and why. Central checks documents with it before publishing;
 * terminals before verifying.
 */
BundleRefusal readSignedEnvelope(std::string_view document, SignedEnvelope& out, std::string& why);

/** Where and when the terminal checks a bundle. */
struct BundleContext {
    std::string kioskId, hall;
    int64_t activeVersion = 0;
    /** The later of the local clock and the newest signed time seen, so winding the clock back admits nothing. */
    int64_t trustedNow = 0;
};

struct BundleVerdict {
    BundleRefusal refusal = BundleRefusal::none;
    std::string reason;  // plain words, for the log and the heartbeat
    int64_t version = 0;  // when the signed document says it
    Bundle bundle;        // when accepted
    std::string text;     // the bundle's JSON text, when accepted
};

/** Checks a signed document against the trusted keys and the terminal's situation. */
BundleVerdict checkSignedBundle(std::string_view document, const TrustedKeys& keys, const BundleContext& ctx);

/** A bundle issued up to this far in the future (clock skew between the admin's machine and the terminal) is taken. */
constexpr int64_t kIssueSkewS = 600;

}  // namespace ow::core
