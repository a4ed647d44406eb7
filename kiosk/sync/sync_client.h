// The terminal's side of sync: enrolment (once, with a token from kioskctl), sending the outbox to central in
// seq order, signed, deleting each event once central has given it a result; heartbeats; and fetching signed
// configuration bundles (polled, and at once when a heartbeat reply says a newer one is waiting).
#pragma once

#include <cstdint>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>

#include "kiosk/central_ask.h"
#include "kiosk/services/appointments/appointment_wire.h"
#include "kiosk/services/call_staff/help_wire.h"
#include "kiosk/services/queue/queue_wire.h"
#include "kiosk/services/progress/case_progress.h"
#include "kiosk/requests.h"
#include "kiosk/result.h"
#include "kiosk/scan_code.h"
#include "kiosk/store.h"

namespace ow::core {

/** The terminal's identity at central (DATA/credentials.json, mode 0600). */
struct Credentials {
    std::string kioskId, secret, hall;
};
Result<Credentials> loadCredentials(const std::string& path);
Status saveCredentials(const std::string& path, const Credentials& creds);

/** Where central is: "http://HOST:PORT" or "https://HOST:PORT"; for HTTPS, caPath pins the CA to trust. */
struct CentralEndpoint {
    std::string url;
    std::string caPath;  // PEM; only this CA is trusted (no system store) when set
};

/** Spends a one-time token at central for this terminal's id, secret and hall. */
Result<Credentials> enroll(const CentralEndpoint& central, const std::string& token);

/**
 * Asks central about a person's cases (POST /v1/cases/query, signed), on the calling thread: answered, offline
 * (central cannot be reached or is failing: 5xx) or refused (central said the question is wrong: 4xx).
 */
CaseAnswer queryCases(const CentralEndpoint& central, const Credentials& creds, const CaseQuestion& question);
/**
 * Asks central's appointment endpoints (signed), on the calling thread; receiptKey (base64) goes with a booking, so
 * central can verify the slip's code later. A retry of a booking, move or cancel sends the same key.
 */
AppointmentAnswer askAppointments(const CentralEndpoint& central, const Credentials& creds, const AppointmentQuestion& question,
                                  const std::string& receiptKey);
/** Asks central's help endpoints (signed): raise a call for staff, wait for it to change, cancel it. */
HelpAnswer askHelp(const CentralEndpoint& central, const Credentials& creds, const HelpQuestion& question);
/** Asks one of central's signed endpoints a service's JSON question (reports, ratings, collections). */
CentralReply askCentral(const CentralEndpoint& central, const Credentials& creds, const CentralAsk& question);
/** Asks central's queue endpoints (signed), on the calling thread: a number, a check-in, a ticket's place. */
QueueAnswer askQueue(const CentralEndpoint& central, const Credentials& creds, const QueueQuestion& question);

/**
 * The outbox key, derived from the terminal's own data key (DATA/data.key, which never leaves the terminal;
 * libsodium KDF, context "outbox__"), so nothing central holds opens the outbox.
 */
OutboxKey outboxKey(const OutboxKey& dataKey);
/**
 * The key releases up to 0.1 derived from the terminal's secret, which central also holds: used only to re-seal
 * the events such a release left queued (Store::resealOutbox).
 */
OutboxKey legacyOutboxKey(const Credentials& creds);

/**
 * The network test to central, on the calling thread: the host's name resolved (DNS), a TCP connection to its port,
 * for https:// the TLS handshake with only the pinned CA trusted, and a request signed with the terminal's credentials
 * (POST /v1/bundle asking for nothing newer), which central accepts only from an enrolled terminal with a clock near
 * its own. A step that fails leaves the later ones not tried.
 */
std::vector<NetworkStep> checkNetwork(const CentralEndpoint& central, const std::optional<Credentials>& creds);

/** Exponential backoff with jitter while central cannot be reached: 1 s doubling to a 60 s cap, +0–50 %. */
class Backoff {
public:
    int nextMs();
    void reset() { baseMs_ = 1000; }

private:
    int baseMs_ = 1000;
    std::mt19937 rng_{std::random_device{}()};
};

struct SyncOptions {
    std::string dbPath;
    CentralEndpoint central;
    Credentials creds;
    /** What the outbox is sealed with (outboxKey of the data key). */
    OutboxKey outboxKey{};
    /** Public keys that may sign configuration bundles; none = every bundle is refused. */
    TrustedKeys bundleKeys;
    int heartbeatS = 60;
    int bundlePollS = 300;
    /** Called on the worker thread after a bundle became active (the UI applies it at a quiet moment). */
    std::function<void(int64_t version)> onBundle;
};

/**
 * Sends the outbox on its own thread (its own connection to the store, opened once): batches of up to 100 in seq order;
 * an event is deleted only after central returned its result (accepted, duplicate or rejected). While central
 * cannot be reached it waits with Backoff.
 */
class SyncWorker {
public:
    explicit SyncWorker(SyncOptions options);
    ~SyncWorker();
    void start();
    void stop();
    /** Something was queued: send soon. */
    void nudge();
    /** Something central should know now (a configuration applied or rolled back): beat soon. */
    void heartbeatSoon();
    /** One pass, on the calling thread: sends until the outbox is empty or central fails. */
    Result<int> drainOnce();

    /** What the heartbeat says (thread-safe): software and config versions, device states as a JSON list. */
    void setState(std::string software, int64_t configVersion, std::string devicesJson);
    /** Sends one heartbeat now; returns the newest bundle version central has for this terminal (0 = none). */
    Result<int64_t> heartbeatOnce();
    /** Asks central for a bundle newer than any this terminal has held; true when one became active. */
    Result<bool> pollBundleOnce();
    /** Whether central answered the last time it was asked (thread-safe); false before it was ever asked. */
    bool centralReachable() const { return reachable_; }
    /** The heartbeat body as it would be sent now. */
    std::string heartbeatBody();

private:
    void run();
    void noteError(const std::string& what);
    /** The worker's own connection to the terminal's store, opened on first use. */
    Result<Store*> localStore();
    SyncOptions opt_;
    std::optional<Store> store_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stop_ = false, nudged_ = false, beatSoon_ = false;
    std::string software_ = "unknown", devices_ = "[]";
    int64_t configVersion_ = 0;
    int64_t refusedVersion_ = -1;  // the last bundle refused: a nudge for it again does not fetch it again
    std::deque<std::string> errors_;  // the latest few, for the heartbeat
    std::atomic<bool> reachable_{false};
};

}  // namespace ow::core
