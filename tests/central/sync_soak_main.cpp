// A stand-in terminal for the kill -9 tests: queues events numbered 1..N in its outbox (each number once, even
// across kills, because the number is the outbox seq) while its sync worker sends them; exits 0 once all N are
// queued and the outbox is empty. Usage: ow_sync_soak DATA_DIR CENTRAL_URL N MICROSECONDS_BETWEEN_EVENTS
#include <sodium.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "kiosk/config_boot.h"
#include "kiosk/store.h"
#include "kiosk/sync/sync_client.h"

int main(int argc, char** argv) {
    if (argc != 5 || sodium_init() < 0) return 2;
    const auto pause = static_cast<useconds_t>(std::atoi(argv[4]));
    const std::string dir = argv[1], url = argv[2];
    const int64_t total = std::atoll(argv[3]);
    auto creds = ow::core::loadCredentials(dir + "/credentials.json");
    if (!creds) return std::fprintf(stderr, "%s\n", creds.error().c_str()), 2;
    auto store = ow::core::Store::open(dir + "/kiosk.db");
    if (!store) return 2;
    auto dataKey = ow::core::loadOrCreateDataKey(dir + "/data.key");
    if (!dataKey) return std::fprintf(stderr, "%s\n", dataKey.error().c_str()), 2;
    const auto key = ow::core::outboxKey(*dataKey);
    ow::core::SyncWorker sync({dir + "/kiosk.db", {url, ""}, *creds, key, {}, 60, 3600, {}});
    sync.start();
    for (int64_t n = store->outboxLastSeq() + 1; n <= total; n = store->outboxLastSeq() + 1) {
        auto seq = store->enqueueOutbox("session.summary", 1795334400 + n, "{\"n\":" + std::to_string(n) + "}", key);
        if (!seq || *seq != n) return std::fprintf(stderr, "enqueue gave seq %lld for n %lld\n", seq ? static_cast<long long>(*seq) : -1LL, static_cast<long long>(n)), 3;
        if (n % 10 == 0) sync.nudge();
        usleep(pause);
    }
    sync.nudge();
    while (store->outboxDepth() > 0) {
        usleep(20000);
        sync.nudge();
    }
    sync.stop();
    return 0;
}
