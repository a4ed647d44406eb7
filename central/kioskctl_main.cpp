// kioskctl: the administrators' tool. Now: enrol and revoke terminals (directly on the central store).
#include <cstdio>
#include <string>

#include <ctime>
#include <nlohmann/json.hpp>

#include "central/api.h"
#include "central/store.h"

namespace {
const char* kUsage =
    "usage: kioskctl enroll --db sqlite:PATH --hall HALL --name NAME   prints a one-time enrolment token\n"
    "       kioskctl revoke --db sqlite:PATH KIOSK_ID\n"
    "       kioskctl fleet --db sqlite:PATH                 every terminal: hall, state, last seen, config, devices\n";
}

int main(int argc, char** argv) {
    if (argc < 2) return std::fputs(kUsage, stderr), 2;
    const std::string cmd = argv[1];
    std::string db, hall, name, positional;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--db" && i + 1 < argc) db = argv[++i];
        else if (a == "--hall" && i + 1 < argc) hall = argv[++i];
        else if (a == "--name" && i + 1 < argc) name = argv[++i];
        else positional = a;
    }
    if (db.rfind("sqlite:", 0) != 0) return std::fputs(kUsage, stderr), 2;
    auto store = ow::central::openSqliteStore(db.substr(7));
    if (!store) return std::fprintf(stderr, "kioskctl: %s\n", store.error().c_str()), 1;
    if (cmd == "enroll") {
        if (hall.empty() || name.empty()) return std::fputs(kUsage, stderr), 2;
        auto token = (*store)->createEnrolToken(hall, name);
        if (!token) return std::fprintf(stderr, "kioskctl: %s\n", token.error().c_str()), 1;
        std::printf("%s\n", token->c_str());
        return 0;
    }
    if (cmd == "revoke" && !positional.empty()) {
        auto st = (*store)->revoke(positional);
        if (!st) return std::fprintf(stderr, "kioskctl: %s\n", st.error().c_str()), 1;
        std::printf("revoked %s\n", positional.c_str());
        return 0;
    }
    if (cmd == "fleet") {
        const int64_t now = std::time(nullptr);
        std::printf("%-14s %-12s %-10s %-8s %-10s %-7s %s\n", "terminal", "hall", "name", "state", "last seen", "config",
                    "devices needing attention");
        for (const auto& k : (*store)->fleet()) {
            const auto hb = nlohmann::json::parse(k.heartbeat.empty() ? "{}" : k.heartbeat, nullptr, false);
            std::string attention;
            if (hb.is_object() && hb.contains("devices"))
                for (const auto& d : hb["devices"])
                    if (d.value("action", "none") != "none")
                        attention += d.value("device", "?") + " (" + d.value("action", "") +
                                     (d.value("detail", "").empty() ? "" : ": " + d.value("detail", "")) + ") ";
            const std::string state = k.revoked ? "revoked" : ow::central::offline(k.lastSeen, now) ? "offline" : "online";
            const std::string seen = k.lastSeen == 0 ? "never" : std::to_string(now - k.lastSeen) + " s ago";
            const std::string config = hb.is_object() && hb.contains("config_version") ? hb["config_version"].dump() : "-";
            std::printf("%-14s %-12s %-10s %-8s %-10s %-7s %s\n", k.id.c_str(), k.hall.c_str(), k.name.c_str(),
                        state.c_str(), seen.c_str(), config.c_str(), attention.empty() ? "-" : attention.c_str());
        }
        return 0;
    }
    return std::fputs(kUsage, stderr), 2;
}
