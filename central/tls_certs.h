// A private CA for a deployment and server certificates signed by it (kioskctl ca …), with OpenSSL: terminals
// pin the CA, so only certificates this CA issued are trusted, whatever the system's certificate store says.
#pragma once

#include <string>
#include <vector>

#include "kiosk/result.h"

namespace ow::central {

/** Writes DIR/ca.pem and DIR/ca.key (mode 0600): an EC P-256 CA valid for `days`. */
core::Status createCa(const std::string& dir, const std::string& name, int days);

/**
 * Writes OUT/server.pem and OUT/server.key: a certificate for the given host names and IP addresses, signed by
 * the CA in CA_DIR, valid for `days`.
 */
core::Status createServerCert(const std::string& caDir, const std::vector<std::string>& hosts, const std::string& outDir,
                              int days);

}  // namespace ow::central
