// The terminal's link to central: enrolment, the sync worker (outbox, heartbeat, bundles), the key its receipts'
// QR codes are signed with, questions asked off the UI thread, and what goes into the outbox.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

#include "kiosk/app/answer_mailbox.h"
#include "kiosk/app/options.h"
#include "kiosk/store.h"
#include "kiosk/sync/sync_client.h"
#include "kiosk/terminal.h"

namespace ow::app {

class CentralLink {
public:
    /**
     * Without --central, a link that answers "not enrolled". With it: enrols once with the token (the credentials
     * stay in the data folder) and reads the keys that may sign bundles; an error here stops the start.
     */
    static core::Result<std::unique_ptr<CentralLink>> connect(Options& opt, core::Store& store, const core::OutboxKey& dataKey,
                                                              std::shared_ptr<AnswerMailbox> answers);
    CentralLink(const CentralLink&) = delete;
    ~CentralLink();

    /** Starts syncing in the background, with the terminal's state for the first heartbeat. */
    void start(const core::Terminal& terminal);
    void stop();
    bool enrolled() const { return credentials_.has_value(); }
    /** A new bundle arrived since the last call (central's worker stored it). */
    bool takeBundleArrived() { return bundleArrived_.exchange(false); }
    /** What the heartbeat tells central: versions and every device's state and suggested action. */
    void publishState(const core::Terminal& terminal);
    /** Something central should know now (a configuration applied or rolled back). */
    void heartbeatSoon();

    /** Asks central about cases on a thread of its own; the answer comes through the mailbox. */
    void ask(uint64_t ticket, core::CaseQuestion question);
    /** Asks central's appointment endpoints on a thread of its own; a booking or a move that is answered comes back
        with its slip's code, signed with this terminal's receipt key. */
    void appoint(uint64_t ticket, core::AppointmentQuestion question);
    /** Asks central's queue endpoints on a thread of its own: a number, a check-in, a ticket's place. */
    void queue(uint64_t ticket, core::QueueQuestion question);
    /** Asks central's help endpoints on a thread of its own: a call for staff raised, waited on, cancelled. */
    void help(uint64_t ticket, core::HelpQuestion question);
    /** An engineer's question (service mode): the outbox, central, the configuration, the log's last lines; "send
        now" and "check for an update" ask the sync worker first. */
    core::MaintenanceStatus maintenance(const core::MaintenanceRequest& request, const core::Terminal& terminal);
    /** The log file whose last lines an engineer sees (already redacted as it is written). */
    void setLogFile(std::string path) { logFile_ = std::move(path); }
    /** The device configuration in use, for the engineer's status (core::describeDevices). */
    void setDevicesInUse(std::vector<std::string> lines) { devicesInUse_ = std::move(lines); }
    /** The network test to central (DNS, TCP, TLS, a signed request) on a thread of its own; answered NetworkChecked. */
    void testNetwork(uint64_t ticket);
    /** A setting of the terminal's own kept in its store (service mode's lock-out). */
    void keepSetting(const std::string& key, const std::string& value);
    /** The keys that may sign this terminal's configuration (and so its staff codes). */
    const core::TrustedKeys& configKeys() const { return configKeys_; }
    /** A staff code's PIN checked on a thread of its own (argon2id takes about a tenth of a second); the answer
        comes back through the mailbox like central's. */
    void checkPin(uint64_t ticket, core::PinCheck check);
    /** A service-mode attempt or action: into the terminal's audit log, and to central through the outbox. */
    void audit(const std::string& actor, const std::string& action, const std::string& detail);
    /** A service's JSON question to one of central's signed endpoints; the answer as it came. */
    void central(uint64_t ticket, core::CentralAsk question);
    /** Writes a submission to the outbox (durable, synchronous=FULL) before the screen may say "submitted". */
    core::Answer save(uint64_t ticket, core::SubmissionRequest request);
    /** How a session ended (nothing personal), for central through the outbox. */
    void sessionEnded(const core::Terminal::SessionSummary& ended);

private:
    CentralLink(core::Store& store, const core::OutboxKey& dataKey, std::shared_ptr<AnswerMailbox> answers)
        : store_(store), outboxKey_(core::outboxKey(dataKey)), answers_(std::move(answers)) {}
    core::Store& store_;
    core::TrustedKeys configKeys_;
    std::string logFile_;
    core::OutboxKey outboxKey_;
    std::shared_ptr<AnswerMailbox> answers_;
    core::CentralEndpoint central_;
    std::vector<std::string> devicesInUse_;
    std::optional<core::Credentials> credentials_;
    std::optional<core::ReceiptSigner> receiptSigner_;
    std::unique_ptr<core::SyncWorker> sync_;
    std::atomic<bool> bundleArrived_{false};
};

}  // namespace ow::app
