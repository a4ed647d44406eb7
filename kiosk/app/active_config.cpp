// The configuration on screen: health check, adoption, rollback.
#include "kiosk/app/active_config.h"

#include <cstdio>
#include <ctime>

#include "kiosk/bundle_update.h"
#include "kiosk/log.h"

namespace ow::app {

std::string ActiveConfig::health(const core::Bundle& b) {
    if (b.matters.empty()) return "the catalogue has no matters, so the home screen would be empty";
    for (auto text : b.texts())
        if (auto missing = lettering_.atlas().missing(text); !missing.empty()) {
            char cp[16];
            std::snprintf(cp, sizeof cp, "U+%04X", static_cast<unsigned>(missing.front()));
            return std::string("no font has the character ") + cp + " (in \"" + std::string(text.substr(0, 60)) + "\")";
        }
    return "";
}

void ActiveConfig::adopt() {
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto row = store_.activeBundle();
        if (!row || row->version == healthyVersion_) return;
        auto parsed = core::parseBundle(row->body);
        const std::string why = parsed ? health(*parsed) : parsed.error();
        if (why.empty()) {
            healthyVersion_ = row->version;
            if (terminal_.bundle().version != row->version) {
                for (auto t : parsed->texts()) lettering_.want(t);
                terminal_.setBundle(std::move(*parsed));
                core::log(core::Level::info, "config.active", {{"version", std::to_string(row->version)}, {"source", "central"}});
                central_.publishState(terminal_);
                central_.heartbeatSoon();
            }
            return;
        }
        core::log(core::Level::error, "bundle.health_failed", {{"version", std::to_string(row->version)}, {"reason", why}});
        if (auto st = core::rollBackFailedBundle(store_, row->version, why, std::time(nullptr)); !st) {
            core::log(core::Level::error, "bundle.rollback_failed", {{"reason", st.error()}});
            healthyVersion_ = row->version;  // nothing to go back to: keep what is on screen
            return;
        }
        central_.heartbeatSoon();  // central hears of the rollback now
    }
}

}  // namespace ow::app
