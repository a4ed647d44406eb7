// Staff codes for the terminal's service mode (001 自助办理制度 第四条: daily upkeep by hall staff, repair by trained
// engineers): a card with a QR that an administrator makes with kioskctl, signed with the same Ed25519 key that signs
// the hall's configuration (so a terminal trusts exactly who may configure it), naming the person, their role and
// the hall, and expiring; with it, a PIN the person was told once. The PIN travels only as an argon2id hash inside the
// signed code, so a terminal checks it without central (an engineer may be there because the network is down).
//     OW1.S.<base64url of the JSON payload>.<key id>.<base64url Ed25519 signature of "OW1.S.<payload>.<key id>">
// payload: {"id", "hall", "name", "role": "clear" | "maintenance", "exp": unix seconds, "pin": "$argon2id$…"}
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "kiosk/bundle_signing.h"
#include "kiosk/result.h"

namespace ow::core {

/** The two roles the seeds name: hall staff (paper, cover, out of service) and engineers (everything else too). */
enum class StaffRole { clear, maintenance };
const char* staffRoleCode(StaffRole role);

struct StaffCode {
    std::string id, hall, name, pinHash;
    StaffRole role = StaffRole::clear;
    int64_t expiresAt = 0;
};

/** Whether a scanned payload is shaped like a staff code at all (to route it before anything else reads it). */
bool looksLikeStaffCode(std::string_view payload);

/** The code, when its signature is one of `keys`' and it has not expired at nowS; otherwise why not in plain words. */
Result<StaffCode> verifyStaffCode(std::string_view payload, const TrustedKeys& keys, int64_t nowS);

/** Whether `pin` is the code's PIN (argon2id, libsodium's crypto_pwhash_str_verify). */
bool staffPinMatches(const StaffCode& code, std::string_view pin);

/** Makes a code (kioskctl): the PIN hashed with argon2id at libsodium's moderate limits. */
Result<std::string> makeStaffCode(const StaffCode& code, std::string_view pin, std::string_view keyId, const SecretKey& key);

}  // namespace ow::core
