// Service mode at the terminal.
#include "kiosk/services/service_mode/service_mode.h"

#include <algorithm>
#include <ctime>

#include "kiosk/guide_notice.h"
#include "kiosk/log.h"
#include "kiosk/protocol/case_status.h"
#include "kiosk/session.h"
#include "kiosk/terminal.h"

namespace ow::core::service_mode {

namespace {
bool working(drivers::DeviceState s) { return s == drivers::DeviceState::online || s == drivers::DeviceState::busy; }

std::string whoOf(const Terminal& t, const StaffCode& c) {
    return c.name + t.tr(c.role == StaffRole::maintenance ? "service.role_maintenance" : "service.role_clear");
}
}  // namespace

void ServiceMode::audit(Terminal& t, const std::string& action, const std::string& detail) {
    const std::string actor = code_ ? code_->name + " (" + code_->id + ")" : pending_ ? pending_->name + " (" + pending_->id + ")" : "-";
    t.request(*this, AuditRequest{actor, action, detail});
    log(Level::info, "service." + action, {{"detail", detail}});
}

// Reached only by the hidden gesture (the code is asked for on the login page).
void ServiceMode::open(Terminal& t) { t.showFromHome(kLogin); }

// The login page in a session of its own (by: how it was reached, for the log), service mode the current service.
void ServiceMode::openLogin(Terminal& t, int64_t nowMs, const char* by) {
    t.beginSession(nowMs, by);
    t.setCurrent(kCode);
    t.showFromHome(kLogin);
}

void ServiceMode::startLogin(Terminal& t, int64_t nowMs) {
    code_ = std::move(pending_);
    pending_.reset();
    pin_.clear();
    openLogin(t, nowMs, "staff_code");
}

bool ServiceMode::scanned(Terminal& t, const ScanCode&, const std::string& payload, int64_t nowMs) {
    if (!looksLikeStaffCode(payload)) return false;
    auto verified = verifyStaffCode(payload, t.staffIssuers(), std::time(nullptr));
    if (!verified) {
        audit(t, "code_refused", verified.error());
        t.showNotice("service.code_refused", {{"why", verified.error()}}, nowMs + 8000);
        return true;
    }
    if (!verified->hall.empty() && verified->hall != t.bundle().hallId && verified->hall != "*") {
        audit(t, "code_refused", "another hall's code (" + verified->hall + ")");
        t.showNotice("service.code_other_hall", {}, nowMs + 8000);
        return true;
    }
    pending_ = std::move(*verified);
    audit(t, "code_scanned", staffRoleCode(pending_->role));
    // Never in the middle of someone's business: wait for the session to end (a quiet one is ended and wiped now).
    if (t.session().active() && !signedIn_ && t.screen() != kLogin) {
        if (t.session().idleMs(nowMs) >= kIdleForStaffMs) {
            t.endSession(SessionEnd::finished);
        } else {
            t.showNotice("service.waiting_for_session", {}, nowMs + 8000);
            return true;
        }
    }
    startLogin(t, nowMs);
    return true;
}

bool dailyRestartDue(int64_t startedS, int64_t nowS, int restartMinute) {
    if (restartMinute < 0 || nowS <= startedS) return false;
    // The restart times of today and yesterday in Beijing time.
    const int64_t todayAt = nowS - nowS % 60 - int64_t{protocol::minuteOfDayOf(nowS)} * 60 + int64_t{restartMinute} * 60;
    for (const int64_t at : {todayAt, todayAt - 86400})
        if (startedS < at && at <= nowS && nowS < at + 3 * 3600) return true;
    return false;
}

void ServiceMode::tick(Terminal& t, int64_t nowMs) {
    // The session it waited for is over: on to the login.
    if (pending_ && !t.session().active()) startLogin(t, nowMs);
    // The daily restart at a quiet hour, never while someone is being served.
    const int64_t nowS = std::time(nullptr);
    if (!startedS_) startedS_ = nowS;
    if (!restarting_ && !t.session().active() && dailyRestartDue(startedS_, nowS, t.bundle().restartAtMinute)) {
        restarting_ = true;
        audit(t, "daily_restart", "");
        t.request(*this, MaintenanceRequest{MaintenanceRequest::Op::restart});
    }
}

void ServiceMode::apply(Terminal& t, int kind, int value, int64_t nowMs) {
    switch (static_cast<Kind>(kind)) {
        case Kind::knock: {
            // Five taps within four seconds on the attract screen open the login page (which asks for the code).
            if (t.session().active()) break;
            knocks_.push_back(nowMs);
            while (!knocks_.empty() && nowMs - knocks_.front() > 4000) knocks_.erase(knocks_.begin());
            if (knocks_.size() >= 5) {
                knocks_.clear();
                openLogin(t, nowMs, "service_knock");
            }
            break;
        }
        case Kind::pinKey:
            if (!code_ || signedIn_) break;
            if (value >= 0 && value <= 9 && pin_.size() < 12) pin_ += static_cast<char>('0' + value);
            else if (value == kKeypadDelete && !pin_.empty()) pin_.pop_back();
            else if (value == kKeypadClear) wipeText(pin_);
            break;
        case Kind::pinEnter:
            if (!code_ || signedIn_ || checking_) break;
            if (lockedMsLeft(nowMs) > 0) {
                audit(t, "pin_refused_locked", "");
                wipeText(pin_);
                break;
            }
            checking_ = true;  // main checks it on a thread of its own: the screen goes on meanwhile
            t.request(*this, PinCheck{code_->pinHash, pin_});
            wipeText(pin_);
            checkedAtMs_ = nowMs;
            break;
        case Kind::printTest:
        case Kind::printTestA4: {
            const bool a4 = static_cast<Kind>(kind) == Kind::printTestA4;
            if (!signedIn_ || !t.deviceOnline(a4 ? "a4" : "receipt")) break;
            t.request(*this, PrintRequest{serviceTestPage(code_->name, a4, t.bundle(), t.strings(), t.lang(), std::time(nullptr)), a4});
            audit(t, a4 ? "test_page_a4" : "test_receipt", "");
            break;
        }
        case Kind::paperReplaced:
            if (!signedIn_) break;
            audit(t, "paper_replaced", "receipt");
            t.request(*this, MaintenanceRequest{MaintenanceRequest::Op::paperReplaced});
            break;
        case Kind::coverClosed:
            // The staff member says the cover is closed: the devices are asked at once, so the list shows the truth.
            if (!signedIn_) break;
            audit(t, "cover_closed", "receipt");
            t.request(*this, DeviceCheck{});
            break;
        case Kind::selfTest:
            if (!signedIn_ || code_->role != StaffRole::maintenance) break;
            selfTestAtMs_ = nowMs;
            audit(t, "self_test", "");
            t.request(*this, DeviceCheck{});
            break;
        case Kind::networkTest:
            if (!signedIn_ || code_->role != StaffRole::maintenance || networkRunning_) break;
            networkRunning_ = true;
            network_.clear();
            audit(t, "network_test", "");
            t.request(*this, MaintenanceRequest{MaintenanceRequest::Op::networkTest});
            break;
        case Kind::reboot:
        case Kind::powerOff:
            if (!signedIn_ || code_->role != StaffRole::maintenance) break;
            armed_ = static_cast<Kind>(kind);  // a second tap, on "confirm", does it
            refused_.clear();
            break;
        case Kind::cancelPower:
            armed_.reset();
            break;
        case Kind::confirmPower: {
            if (!signedIn_ || code_->role != StaffRole::maintenance || !armed_) break;
            const bool reboot = *armed_ == Kind::reboot;
            armed_.reset();
            audit(t, reboot ? "reboot" : "power_off", "");
            t.request(*this, MaintenanceRequest{reboot ? MaintenanceRequest::Op::reboot : MaintenanceRequest::Op::powerOff});
            break;
        }
        case Kind::outOfService:
            if (!signedIn_) break;
            t.takeOutOfService(!t.takenOutOfService());
            audit(t, t.takenOutOfService() ? "out_of_service" : "back_in_service", "");
            break;
        case Kind::leave:
            if (signedIn_) audit(t, "signed_out", "");
            t.endSession(SessionEnd::finished);
            break;
        case Kind::sendNow:
        case Kind::checkUpdate:
        case Kind::restart: {
            if (!signedIn_ || code_->role != StaffRole::maintenance) break;  // engineers only
            const auto k = static_cast<Kind>(kind);
            const auto op = k == Kind::sendNow ? MaintenanceRequest::Op::sendNow
                            : k == Kind::checkUpdate ? MaintenanceRequest::Op::checkUpdate
                                                     : MaintenanceRequest::Op::restart;
            audit(t, k == Kind::sendNow ? "send_now" : k == Kind::checkUpdate ? "check_update" : "restart", "");
            t.request(*this, MaintenanceRequest{op});
            break;
        }
    }
}

void ServiceMode::answered(Terminal& t, Answer& a) {
    if (auto* st = std::get_if<MaintenanceStatus>(&a.body)) status_ = std::move(*st);
    if (auto* net = std::get_if<NetworkChecked>(&a.body); net && networkRunning_) {
        networkRunning_ = false;
        network_ = std::move(net->steps);
        int passed = 0;
        for (const auto& step : network_) passed += step.outcome == NetworkStep::Outcome::pass;
        audit(t, "network_tested", std::to_string(passed) + " of " + std::to_string(network_.size()) + " passed");
    }
    if (auto* no = std::get_if<ActionRefused>(&a.body)) {
        refused_ = no->why;
        audit(t, "power_refused", no->why);
    }
    const auto* checked = std::get_if<PinChecked>(&a.body);
    if (!checked || !checking_ || !code_) return;
    checking_ = false;
    if (!checked->ok) {
        if (++failures_ >= kMaxPinFailures) {
            lockedUntilMs_ = checkedAtMs_ + kLockMs;
            failures_ = 0;
            t.request(*this, ServiceLock{std::time(nullptr) + kLockMs / 1000});  // kept across a restart
            audit(t, "locked_out", std::to_string(kMaxPinFailures) + " wrong PINs");
        } else {
            audit(t, "pin_wrong", std::to_string(failures_) + " of " + std::to_string(kMaxPinFailures));
        }
        return;
    }
    failures_ = 0;
    signedIn_ = true;
    audit(t, "signed_in", staffRoleCode(code_->role));
    t.showFromHome(kMenu);
    t.request(*this, MaintenanceRequest{MaintenanceRequest::Op::status});  // the supplies count; for engineers, the rest
}

int64_t ServiceMode::lockedMsLeft(int64_t nowMs) const {
    return std::max(lockedUntilMs_ - nowMs, (lockedUntilS_ - static_cast<int64_t>(std::time(nullptr))) * 1000);
}

LoginView ServiceMode::loginView(const Terminal& t, int64_t nowMs) const {
    LoginView v;
    v.haveCode = code_.has_value();
    if (code_) v.who = whoOf(t, *code_);
    v.pinDigits = static_cast<int>(pin_.size());
    v.checking = checking_;
    if (const int64_t left = lockedMsLeft(nowMs); left > 0)
        v.problem = fill(t.tr("service.locked"), {{"n", std::to_string((left + 59999) / 60000)}});
    else if (failures_ > 0)
        v.problem = fill(t.tr("service.pin_wrong"), {{"n", std::to_string(kMaxPinFailures - failures_)}});
    return v;
}

MenuView ServiceMode::menuView(const Terminal& t, int64_t nowMs) const {
    MenuView v;
    if (code_) v.who = whoOf(t, *code_), v.engineer = code_->role == StaffRole::maintenance;
    for (const auto& [name, st] : t.devices()) {
        MenuView::Device d{t.tr("device." + name), t.tr(std::string("device_state.") + drivers::stateCode(st.state)),
                           st.action == drivers::SuggestedAction::none ? "" : t.tr(std::string("device_action.") + drivers::actionCode(st.action)),
                           !working(st.state)};
        v.devices.push_back(std::move(d));
        // The self-test: each device's answer since it was asked, or that it has not answered (yet).
        if (v.engineer && selfTestAtMs_ > 0) {
            const int64_t checked = t.deviceCheckedAtMs(name);
            MenuView::Check c{t.tr("device." + name), "", false};
            if (checked >= selfTestAtMs_) {
                c.ok = working(st.state);
                c.result = t.tr(c.ok ? "service.check_pass" : "service.check_fail") + " · " +
                           t.tr(std::string("device_state.") + drivers::stateCode(st.state)) + (st.detail.empty() ? "" : " · " + st.detail);
            } else {
                c.result = t.tr(nowMs - selfTestAtMs_ < kSelfTestMs ? "service.checking_device" : "service.no_answer");
            }
            v.selfTest.push_back(std::move(c));
        }
    }
    v.outOfService = t.takenOutOfService();
    v.canPrintTest = t.deviceOnline("receipt");
    v.canPrintTestA4 = t.deviceOnline("a4");
    if (status_) {
        v.supplies = status_->paperReplacedAt > 0
                         ? fill(t.tr("service.supplies"), {{"n", std::to_string(status_->receiptsSincePaper)}, {"since", caseTime(status_->paperReplacedAt)}})
                         : fill(t.tr("service.supplies_never"), {{"n", std::to_string(status_->receiptsSincePaper)}});
    }
    if (v.engineer && status_) v.facts = status_->facts, v.devicesInUse = status_->devicesInUse, v.logTail = status_->logTail;
    if (v.engineer && networkRunning_) v.network.push_back({t.tr("service.network_title"), t.tr("service.net_running"), true});
    for (const auto& step : network_) {
        using O = NetworkStep::Outcome;
        const char* title = step.step == "dns" ? "service.net_dns" : step.step == "tcp" ? "service.net_tcp" : step.step == "tls" ? "service.net_tls" : "service.net_signed";
        MenuView::Check c{t.tr(title), "", step.outcome == O::pass || step.outcome == O::notUsed};
        c.result = step.outcome == O::pass      ? t.tr("service.check_pass")
                   : step.outcome == O::fail    ? t.tr("service.check_fail")
                   : step.outcome == O::notUsed ? t.tr("service.net_not_used")
                                                : t.tr("service.net_not_tried");
        if (!step.detail.empty()) c.result += " · " + step.detail;
        if (step.outcome == O::pass) c.result += " · " + std::to_string(step.ms) + " ms";
        v.network.push_back(std::move(c));
    }
    if (armed_) v.confirmPower = t.tr(*armed_ == Kind::reboot ? "service.confirm_reboot" : "service.confirm_power_off");
    if (!refused_.empty()) v.refused = fill(t.tr("service.power_refused"), {{"why", refused_}});
    return v;
}

int64_t ServiceMode::msUntilChange(int64_t nowMs) const {
    // A device that has not answered the self-test is shown so once its time is up, without a touch to redraw.
    const int64_t due = selfTestAtMs_ + kSelfTestMs - nowMs;
    return selfTestAtMs_ > 0 && due > 0 ? due : INT64_MAX;
}

std::string ServiceMode::spokenPrompt(const Terminal& t, ScreenId screen) const {
    return t.tr(screen == kMenu ? "voice.service.menu" : "voice.service.login");
}

void ServiceMode::wipe() {
    code_.reset();  // a pending code stays: it waits for this session to end
    wipeText(pin_);
    signedIn_ = false;
    checking_ = false;
    knocks_.clear();
    status_.reset();
    selfTestAtMs_ = 0;
    networkRunning_ = false;
    network_.clear();
    armed_.reset();
    refused_.clear();
}

}  // namespace ow::core::service_mode
