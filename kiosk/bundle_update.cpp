// Receiving configuration bundles on the terminal.
#include "kiosk/bundle_update.h"

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "kiosk/crash_point.h"
#include "kiosk/log.h"

namespace ow::core {

using nlohmann::json;

namespace {
constexpr const char* kNewestSignedTime = "bundle.newest_signed_time";
constexpr const char* kRefusals = "bundle.refusals";

void recordRefusal(Store& store, int64_t version, std::string_view code, std::string_view reason, int64_t at) {
    json list = json::parse(store.setting(kRefusals).value_or("[]"), nullptr, false);
    if (!list.is_array()) list = json::array();
    // The same bundle refused again for the same reason (it is offered at every poll) is one entry.
    if (!list.empty() && list.back().value("version", int64_t{-1}) == version && list.back().value("code", "") == code)
        list.erase(list.end() - 1);
    list.push_back({{"version", version}, {"code", code}, {"reason", reason}, {"at", at}});
    while (list.size() > 10) list.erase(list.begin());
    if (auto st = store.setSetting(kRefusals, list.dump()); !st)
        log(Level::error, "bundle.refusal_not_saved", {{"reason", st.error()}});
    log(Level::warning, "bundle.refused", {{"version", std::to_string(version)}, {"code", std::string(code)},
                                           {"reason", std::string(reason)}});
}
}  // namespace

int64_t trustedNow(const Store& store, int64_t localNow) {
    const auto seen = store.setting(kNewestSignedTime);
    const int64_t signedTime = seen ? std::atoll(seen->c_str()) : 0;
    return std::max(localNow, signedTime);
}

BundleVerdict receiveBundle(Store& store, std::string_view document, const TrustedKeys& keys, std::string_view kioskId,
                            std::string_view hall, int64_t localNow) {
    crashPoint("bundle.received");
    BundleContext ctx{std::string(kioskId), std::string(hall), store.highestBundleVersion(), trustedNow(store, localNow)};
    BundleVerdict v = checkSignedBundle(document, keys, ctx);
    if (v.refusal != BundleRefusal::none) {
        recordRefusal(store, v.version, refusalCode(v.refusal), v.reason, localNow);
        return v;
    }
    crashPoint("bundle.verified");
    // A signed time only moves forward; winding the clock back later admits nothing older.
    if (v.bundle.issuedAt > trustedNow(store, 0)) store.setSetting(kNewestSignedTime, std::to_string(v.bundle.issuedAt));
    crashPoint("bundle.before_activate");
    if (auto st = store.activateBundle(v.version, v.text); !st) {
        v.refusal = BundleRefusal::storeFailed;
        v.reason = "the bundle could not be stored: " + st.error();
        recordRefusal(store, v.version, refusalCode(v.refusal), v.reason, localNow);
        return v;
    }
    crashPoint("bundle.activated");
    log(Level::info, "bundle.activated", {{"version", std::to_string(v.version)}});
    return v;
}

Status rollBackFailedBundle(Store& store, int64_t version, std::string_view why, int64_t localNow) {
    crashPoint("bundle.before_rollback");
    if (auto st = store.rollbackBundle(); !st) return st;
    recordRefusal(store, version, "health_check_failed", why, localNow);
    return okStatus();
}

std::string bundleRefusalsJson(const Store& store) {
    const json list = json::parse(store.setting(kRefusals).value_or("[]"), nullptr, false);
    return list.is_array() ? list.dump() : "[]";
}

}  // namespace ow::core
