// What a scanned code is: our signed case-receipt or appointment code, someone else's code, or nothing usable.
#pragma once

#include <array>
#include <map>
#include <string>
#include <string_view>

namespace ow::core {

/**
 * Our codes (format v1), printed on receipts and appointment slips:
 *     OW1.<type>.<id>.<key-id>.<signature>
 * type C (case receipt) or A (appointment); id of 1–40 of A–Z 0–9 -; key-id of 1–16 of a–z 0–9; signature
 * the Ed25519 signature (libsodium) of "OW1.<type>.<id>.<key-id>" in unpadded base64url. Issuers' public
 * keys are trusted by key id; a code whose key is unknown or whose signature fails is not accepted — except a
 * terminal's own receipt or appointment slip (ScanCode::byTerminal: key id the 16 hex of a terminal), which is
 * accepted as one to be verified by central, which keeps each terminal's key with what it printed.
 */
enum class ScanKind { caseReceipt, appointment, forged, foreign, unreadable };
const char* scanKindCode(ScanKind kind);

struct ScanCode {
    ScanKind kind = ScanKind::unreadable;
    std::string id;      // case or appointment number, for our codes
    std::string reason;  // why it is forged or unreadable
    /** A terminal's own receipt (id YS-<terminal>-N, signed by that terminal's key, named by the same 16 hex) or
        appointment slip (signed by the terminal that printed it): only central holds the key, so central verifies
        it; to a terminal it is a code to ask about. */
    bool byTerminal = false;
};

using PublicKey = std::array<unsigned char, 32>;
/** Trusted issuers: key id → Ed25519 public key. */
using TrustedKeys = std::map<std::string, PublicKey, std::less<>>;

ScanCode classifyScan(std::string_view payload, const TrustedKeys& keys);

/** "" when an OW1 code's last part (after its last '.') is a base64url Ed25519 signature by `key` of all before it;
    else "the signature is malformed" or "the signature does not match". */
std::string codeSignatureProblem(std::string_view code, const PublicKey& key);

/** Makes one of our codes (for the receipt printer and for tests); secretKey is a libsodium Ed25519 secret key. */
std::string makeScanCode(char type, std::string_view id, std::string_view keyId,
                         const std::array<unsigned char, 64>& secretKey);

}  // namespace ow::core
