// The terminal's side of sync: enrolment (once, with a token from kioskctl) and sending the outbox to
// central in seq order, signed, deleting each event once central has given it a result.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "kiosk/result.h"
#include "kiosk/store.h"

namespace ow::core {

/** The terminal's identity at central (DATA/credentials.json, mode 0600). */
struct Credentials {
    std::string kioskId, secret;
};
Result<Credentials> loadCredentials(const std::string& path);
Status saveCredentials(const std::string& path, const Credentials& creds);

/** Spends a one-time token at central (http://HOST:PORT) for this terminal's id and secret. */
Result<Credentials> enroll(const std::string& centralUrl, const std::string& token);

/** The outbox key, derived from the terminal's secret (libsodium KDF, context "outbox"). */
OutboxKey outboxKey(const Credentials& creds);

/**
 * Sends the outbox on its own thread (its own connection to the store): batches of up to 100 in seq order;
 * an event is deleted only after central returned its result (accepted, duplicate or rejected). While central
 * cannot be reached it waits with exponential backoff and jitter (1 s doubling to 60 s).
 */
class SyncWorker {
public:
    SyncWorker(std::string dbPath, std::string centralUrl, Credentials creds);
    ~SyncWorker();
    void start();
    void stop();
    /** Something was queued: send soon. */
    void nudge();
    /** One pass, on the calling thread: sends until the outbox is empty or central fails. */
    Result<int> drainOnce();

    /** What the heartbeat says (thread-safe): software and config versions, device states as a JSON list. */
    void setState(std::string software, int64_t configVersion, std::string devicesJson);
    /** Sends one heartbeat now (also sent by the worker every heartbeatS seconds). */
    Status heartbeatOnce();
    void setHeartbeatInterval(int seconds) { heartbeatS_ = seconds; }

private:
    void run();
    std::string dbPath_, url_;
    Credentials creds_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stop_ = false, nudged_ = false;
    std::string software_ = "unknown", devices_ = "[]";
    int64_t configVersion_ = 0;
    int heartbeatS_ = 60;
};

}  // namespace ow::core
