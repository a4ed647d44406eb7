// The terminal's link to central.
#include "kiosk/app/central_link.h"

#include <sodium.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "kiosk/bundle_signing.h"
#include "kiosk/config_boot.h"
#include "kiosk/log.h"
#include "kiosk/staff_code.h"
#include "kiosk/services/progress/case_progress.h"

namespace ow::app {

// When the receipt paper was last replaced (unix time): the supplies count is the receipts printed since.
constexpr const char* kPaperSetting = "supplies.receipt_paper_at";

core::Result<std::unique_ptr<CentralLink>> CentralLink::connect(Options& opt, core::Store& store, const core::OutboxKey& dataKey,
                                                                std::shared_ptr<AnswerMailbox> answers) {
    std::unique_ptr<CentralLink> link(new CentralLink(store, dataKey, std::move(answers)));
    // Keys that may sign configuration (and staff codes): --trusted-keys, else DATA/trusted-keys.json, else the
    // installed file; read without central too, so service mode opens on a terminal that has none.
    if (opt.trustedKeys.empty())
        opt.trustedKeys = std::ifstream(opt.dataDir + "/trusted-keys.json").good() ? opt.dataDir + "/trusted-keys.json"
                                                                                   : "/etc/onewindow/trusted-keys.json";
    core::TrustedKeys keys;
    if (auto text = core::readFile(opt.trustedKeys)) {
        auto parsed = core::parseTrustedKeys(*text);
        if (!parsed) return core::Error{opt.trustedKeys + ": " + parsed.error()};
        keys = *parsed;
        link->configKeys_ = keys;
    } else {
        core::log(core::Level::warning, "bundle.no_trusted_keys", {{"path", opt.trustedKeys}});
    }
    if (opt.centralUrl.empty()) return link;
    link->central_ = core::CentralEndpoint{opt.centralUrl, opt.centralCa};
    const std::string credPath = opt.dataDir + "/credentials.json";
    auto creds = core::loadCredentials(credPath);
    if (!creds && !opt.enrollToken.empty()) {
        creds = core::enroll(link->central_, opt.enrollToken);
        if (!creds) return core::Error{creds.error()};
        if (auto st = core::saveCredentials(credPath, *creds); !st) return core::Error{st.error()};
        core::log(core::Level::info, "central.enrolled", {{"kiosk", creds->kioskId}});
    }
    if (!creds) {
        core::log(core::Level::warning, "central.not_enrolled", {{"reason", creds.error()}});
        return link;
    }
    link->credentials_ = *creds;
    // Events an earlier release sealed with a key derived from the secret central holds are sealed again with the
    // terminal's own key before anything is sent: once (every event is read and opened), then remembered.
    if (store.setting("outbox.sealed_with") != "data-key") {
        auto resealed = store.resealOutbox(core::legacyOutboxKey(*creds), link->outboxKey_);
        if (!resealed) return core::Error{resealed.error()};
        if (*resealed) core::log(core::Level::info, "outbox.resealed", {{"events", std::to_string(*resealed)}});
        if (auto st = store.setSetting("outbox.sealed_with", "data-key"); !st) return core::Error{st.error()};
    }
    // The key the QR codes on this terminal's receipts are signed with (central learns it with each case).
    auto signer = core::loadOrCreateReceiptSigner(opt.dataDir + "/receipt-key.json", creds->kioskId);
    if (!signer) return core::Error{signer.error()};
    link->receiptSigner_ = *signer;
    core::SyncOptions so{opt.dataDir + "/kiosk.db", link->central_, *creds, link->outboxKey_, keys, opt.heartbeatS, 300, {}};
    so.onBundle = [flag = &link->bundleArrived_](int64_t) {
        *flag = true;
        wakeUi();
    };
    link->sync_ = std::make_unique<core::SyncWorker>(std::move(so));
    return link;
}

CentralLink::~CentralLink() { stop(); }

void CentralLink::start(const core::Terminal& terminal) {
    if (!sync_) return;
    publishState(terminal);
    sync_->start();
}

void CentralLink::stop() {
    if (sync_) sync_->stop();
}

void CentralLink::publishState(const core::Terminal& terminal) {
    if (!sync_) return;
    nlohmann::json devices = nlohmann::json::array();
    for (const auto& [name, st] : terminal.devices())
        devices.push_back({{"device", name}, {"state", drivers::stateCode(st.state)},
                           {"action", drivers::actionCode(st.action)}, {"detail", st.detail}});
    sync_->setState("onewindow-kiosk 0.1.0", terminal.bundle().version, devices.dump());
}

void CentralLink::heartbeatSoon() {
    if (sync_) sync_->heartbeatSoon();
}

// The threads are detached and share only the mailbox, so a slow central never holds up a shutdown.
void CentralLink::ask(uint64_t ticket, core::CaseQuestion question) {
    if (!credentials_) {
        core::CaseAnswer offline;
        offline.detail = "this terminal is not enrolled with central";
        question.wipe();
        answers_->post({ticket, std::move(offline)});
        return;
    }
    std::thread([mailbox = answers_, central = central_, creds = *credentials_, ticket,
                 question = std::move(question)]() mutable {
        auto answer = core::queryCases(central, creds, question);
        question.wipe();
        mailbox->post({ticket, std::move(answer)});
    }).detach();
}

namespace {
// The answer to a question a terminal that is not enrolled cannot ask: offline, the question wiped.
template <class AnswerT, class Question>
core::Answer notEnrolled(uint64_t ticket, Question& question) {
    AnswerT offline;
    offline.op = question.op;
    offline.detail = "this terminal is not enrolled with central";
    question.wipe();
    return {ticket, std::move(offline)};
}
}  // namespace

void CentralLink::appoint(uint64_t ticket, core::AppointmentQuestion question) {
    if (!credentials_ || !receiptSigner_) return answers_->post(notEnrolled<core::AppointmentAnswer>(ticket, question));
    std::thread([mailbox = answers_, central = central_, creds = *credentials_, signer = *receiptSigner_, ticket,
                 question = std::move(question)]() mutable {
        auto answer = core::askAppointments(central, creds, question, signer.publicKey);
        question.wipe();
        if (answer.outcome == core::AppointmentAnswer::Outcome::answered && answer.appointment)
            answer.slipCode = core::makeScanCode('A', answer.appointment->no, signer.keyId, signer.secret);
        sodium_memzero(signer.secret.data(), signer.secret.size());
        mailbox->post({ticket, std::move(answer)});
    }).detach();
}

void CentralLink::queue(uint64_t ticket, core::QueueQuestion question) {
    if (!credentials_) return answers_->post(notEnrolled<core::QueueAnswer>(ticket, question));
    std::thread([mailbox = answers_, central = central_, creds = *credentials_, ticket, question = std::move(question)]() mutable {
        auto answer = core::askQueue(central, creds, question);
        question.wipe();
        mailbox->post({ticket, std::move(answer)});
    }).detach();
}

void CentralLink::central(uint64_t ticket, core::CentralAsk question) {
    if (!credentials_) return answers_->post(notEnrolled<core::CentralReply>(ticket, question));
    std::thread([mailbox = answers_, central = central_, creds = *credentials_, ticket, question = std::move(question)]() mutable {
        auto answer = core::askCentral(central, creds, question);
        question.wipe();
        mailbox->post({ticket, std::move(answer)});
    }).detach();
}

void CentralLink::help(uint64_t ticket, core::HelpQuestion question) {
    if (!credentials_) return answers_->post(notEnrolled<core::HelpAnswer>(ticket, question));
    std::thread([mailbox = answers_, central = central_, creds = *credentials_, ticket, question = std::move(question)] {
        mailbox->post({ticket, core::askHelp(central, creds, question)});
    }).detach();
}

core::Answer CentralLink::save(uint64_t ticket, core::SubmissionRequest request) {
    core::SubmissionSaved saved;
    if (!credentials_ || !receiptSigner_) {
        saved.queued = core::Error{"this terminal is not enrolled with central"};
    } else {
        saved.queued = core::queueSubmission(store_, outboxKey_, *receiptSigner_, request, std::time(nullptr));
        if (saved.queued) saved.qr = core::receiptCode(*receiptSigner_, saved.queued->receiptNo);
        saved.reachable = sync_ && sync_->centralReachable();
        if (sync_) sync_->nudge();
    }
    request.wipe();
    return {ticket, std::move(saved)};
}

core::MaintenanceStatus CentralLink::maintenance(const core::MaintenanceRequest& request, const core::Terminal& terminal) {
    using Op = core::MaintenanceRequest::Op;
    if (request.op == Op::sendNow && sync_) sync_->nudge();
    if (request.op == Op::checkUpdate && sync_) sync_->heartbeatSoon();
    // The receipt paper replaced: the supplies count starts again from now.
    if (request.op == Op::paperReplaced) keepSetting(kPaperSetting, std::to_string(std::time(nullptr)));
    core::MaintenanceStatus s;
    if (auto at = store_.setting(kPaperSetting)) s.paperReplacedAt = std::atoll(at->c_str());
    s.receiptsSincePaper = store_.printedSince("receipt", s.paperReplacedAt);
    s.devicesInUse = devicesInUse_;
    const auto tr = [&](const char* key) { return terminal.tr(key); };
    s.facts.push_back({tr("service.fact_terminal"), credentials_ ? credentials_->kioskId : tr("service.fact_not_enrolled")});
    s.facts.push_back({tr("service.fact_central"), central_.url + " · " +
                                                       tr(sync_ && sync_->centralReachable() ? "service.fact_reachable" : "service.fact_unreachable")});
    s.facts.push_back({tr("service.fact_config"), std::to_string(terminal.bundle().version) + " · " + terminal.bundle().hallId});
    const int64_t depth = store_.outboxDepth();
    std::string outbox = std::to_string(depth);
    if (depth > 0) outbox += " · " + core::fill(tr("service.fact_oldest"), {{"at", core::caseTime(store_.outboxOldestAt())}});
    s.facts.push_back({tr("service.fact_outbox"), outbox});
    // The log's last lines: the logger redacts personal data before anything is written.
    if (std::ifstream in{logFile_}) {
        std::vector<std::string> lines;
        for (std::string line; std::getline(in, line);) {
            lines.push_back(std::move(line));
            if (lines.size() > 12) lines.erase(lines.begin());
        }
        s.logTail = std::move(lines);
    }
    return s;
}

void CentralLink::keepSetting(const std::string& key, const std::string& value) {
    if (auto st = store_.setSetting(key, value); !st) core::log(core::Level::error, "setting.failed", {{"key", key}, {"reason", st.error()}});
}

void CentralLink::testNetwork(uint64_t ticket) {
    std::thread([mailbox = answers_, ticket, central = central_, creds = credentials_] {
        mailbox->post({ticket, core::NetworkChecked{core::checkNetwork(central, creds)}});
    }).detach();
}

void CentralLink::checkPin(uint64_t ticket, core::PinCheck check) {
    std::thread([mailbox = answers_, ticket, check = std::move(check)]() mutable {
        core::StaffCode code;
        code.pinHash = check.hash;
        const bool ok = core::staffPinMatches(code, check.pin);
        check.wipe();
        mailbox->post({ticket, core::PinChecked{ok}});
    }).detach();
}

void CentralLink::audit(const std::string& actor, const std::string& action, const std::string& detail) {
    if (auto st = store_.audit(actor, action, detail); !st) core::log(core::Level::error, "audit.failed", {{"reason", st.error()}});
    if (!credentials_) return;
    const std::string payload = nlohmann::json{{"actor", actor}, {"action", action}, {"detail", detail}}.dump();
    auto seq = store_.enqueueOutbox("service.audit", std::time(nullptr), payload, outboxKey_);
    if (!seq) core::log(core::Level::error, "outbox.failed", {{"reason", seq.error()}});
    else if (sync_) sync_->nudge();
}

void CentralLink::sessionEnded(const core::Terminal::SessionSummary& ended) {
    if (!credentials_) return;
    const std::string payload = nlohmann::json{{"reason", ended.reason}, {"duration_s", ended.durationS}}.dump();
    auto seq = store_.enqueueOutbox("session.summary", std::time(nullptr), payload, outboxKey_);
    if (!seq) core::log(core::Level::error, "outbox.failed", {{"reason", seq.error()}});
    else sync_->nudge();
}

}  // namespace ow::app
