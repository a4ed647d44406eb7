// Choosing the configuration to start with: the newest valid stored bundle, else the shipped demo bundle.
#pragma once

#include <string>
#include <vector>

#include "kiosk/bundle.h"
#include "kiosk/result.h"
#include "kiosk/store.h"

namespace ow::core {

/** The configuration a terminal starts with, where it came from, and what was wrong on the way. */
struct BootConfig {
    Bundle bundle;
    std::string source;  // "stored", "last_good" or "shipped"
    std::vector<std::string> problems;
};

/**
 * Starts from the stored active bundle unless the shipped one (assets/bundles/demo.json or the installed
 * default) is newer; a stored bundle that no longer parses is reported and the last good one is tried.
 * The shipped bundle, when chosen, is stored as active so later bundles are compared against it.
 */
Result<BootConfig> bootConfig(Store& store, const std::string& shippedPath);

/** Reads a whole file; the error names the path. */
Result<std::string> readFile(const std::string& path);

/**
 * Writes a file only its owner can read (mode 0600 from the moment it exists), replacing it whole: written to
 * PATH.tmp, flushed, then renamed. For secrets: credentials, signing keys.
 */
Status writePrivateFile(const std::string& path, std::string_view content);

/**
 * A key of 32 random bytes in a file of its own (0600, base64), made when the file is missing: made under another
 * name and linked into place, so two processes starting together agree on one key and none is ever replaced.
 */
Result<std::array<unsigned char, 32>> loadOrCreateKeyFile(const std::string& path);

/**
 * The terminal's own key for what it keeps of people in its store (the outbox, the print journal), made on the
 * first start (loadOrCreateKeyFile). Central never holds it.
 */
Result<OutboxKey> loadOrCreateDataKey(const std::string& path);

}  // namespace ow::core
