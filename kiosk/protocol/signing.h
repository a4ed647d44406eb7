// Request signing between terminal and central: HMAC-SHA256 (libsodium) over method, path, timestamp,
// nonce and the body's SHA-256, with the terminal's secret from enrolment.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ow::protocol {

/** The headers a signed request carries. */
struct Signature {
    std::string kioskId, timestamp, nonce, hmac;  // X-OW-Kiosk, X-OW-Timestamp, X-OW-Nonce, X-OW-Signature
};

/** The text that is signed: "METHOD\\nPATH\\nTIMESTAMP\\nNONCE\\nSHA256HEX(BODY)". */
std::string canonical(std::string_view method, std::string_view path, std::string_view timestamp,
                      std::string_view nonce, std::string_view body);

/** Signs a request now; secretHex is the 32-byte secret as 64 hex digits. */
Signature sign(std::string_view kioskId, std::string_view secretHex, std::string_view method, std::string_view path,
               std::string_view body, int64_t nowS);

/** Checks the HMAC (constant time) and the clock window (±windowS); "" when good, else why not. */
std::string verify(const Signature& sig, std::string_view secretHex, std::string_view method, std::string_view path,
                   std::string_view body, int64_t nowS, int64_t windowS = 300);

/** A new random secret (64 hex digits) or token (32 hex digits). */
std::string randomHex(size_t bytes);
/** A code printed as a QR to look something up at central by a random id of 24 hex (96 bits, unguessable):
    "OW1.<type>.<id>" (Q a queue ticket, W a work order). */
std::string lookupCode(char type, std::string_view id);
/** The id in such a code of `type`, or "" when it is not one. */
std::string lookupIdOfCode(char type, std::string_view code);

}  // namespace ow::protocol
