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

}  // namespace ow::core
