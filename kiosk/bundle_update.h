// Receiving configuration bundles on the terminal: check (kiosk/bundle_signing.h), apply in one transaction,
// keep the last good one, roll back when the health check fails, and remember what was refused and why for
// the heartbeat.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "kiosk/bundle_signing.h"
#include "kiosk/result.h"
#include "kiosk/store.h"

namespace ow::core {

/** The later of the local clock and the newest signed time this terminal has seen. */
int64_t trustedNow(const Store& store, int64_t localNow);

/**
 * Checks a signed bundle from central and, when it is good, makes it the active one (the previous one becomes
 * the last good one) in one transaction. A refusal is recorded with its reason; the active bundle stays.
 */
BundleVerdict receiveBundle(Store& store, std::string_view document, const TrustedKeys& keys, std::string_view kioskId,
                            std::string_view hall, int64_t localNow);

/** The newly active bundle failed its health check: go back to the last good one and record why. */
Status rollBackFailedBundle(Store& store, int64_t version, std::string_view why, int64_t localNow);

/** The latest refusals and rollbacks, newest last: [{"version", "code", "reason", "at"}] (at most 10). */
std::string bundleRefusalsJson(const Store& store);

}  // namespace ow::core
