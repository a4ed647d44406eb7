// Service mode for hall staff and engineers (001 自助办理制度 第四条), a service with no home tile. It opens when a staff
// code (kiosk/staff_code) is scanned — or, for the one who knows, after five taps on the hall's name in the top bar
// within four seconds, which asks for the code — and then the code's PIN. A citizen's session is never interrupted:
// a code scanned while someone is being served waits for the session to end (an idle one, quiet for 30 s, is ended
// and wiped first). Five wrong PINs lock service mode for 15 minutes. Every attempt and every action is audited on the
// terminal and sent to central. Hall staff (`clear`): the devices and what each needs, the receipt paper used since
// it was replaced and "paper replaced", "cover closed" (the devices checked again), a test receipt or A4 page, the
// terminal out of service and back; engineers (`maintenance`) the same, and a self-test of every device, the device
// configuration in use, the terminal's own state (enrolment, central, configuration, outbox, the log's last lines),
// send now, check for an update, the network test to central, restart the kiosk, reboot or power off the machine
// (through logind, after a second "confirm").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/requests.h"
#include "kiosk/service.h"
#include "kiosk/staff_code.h"

namespace ow::core::service_mode {

inline constexpr std::string_view kCode = "service_mode";
inline constexpr ScreenId kLogin{"service_login"}, kMenu{"service_menu"};

enum class Kind {
    knock,      // a tap on the hall's name in the top bar
    pinKey,     // value: a digit, kKeypadDelete or kKeypadClear
    pinEnter,   // check the PIN
    printTest,  // a test receipt
    outOfService,  // take the terminal out of service, or back
    leave,      // leave service mode
    // Engineers only (maintenance):
    sendNow,      // send the outbox now
    checkUpdate,  // ask central for a new configuration now
    restart,      // restart the kiosk (systemd starts it again)
    // Hall staff:
    printTestA4,    // a test page on the A4 printer
    paperReplaced,  // the receipt paper replaced: the supplies count starts again
    coverClosed,    // the printer's cover closed: every device checked again now
    // Engineers:
    selfTest,     // every device checks itself now
    networkTest,  // DNS, TCP, TLS, a signed request to central
    reboot,       // asks for a confirmation first
    powerOff,     // asks for a confirmation first
    confirmPower, // the reboot or power off asked for
    cancelPower,
};
constexpr std::string_view serviceOf(Kind) { return kCode; }

/** Failed PINs in a row before service mode is locked, and for how long. */
constexpr int kMaxPinFailures = 5;
constexpr int64_t kLockMs = 15 * 60 * 1000;
/** A device that has not answered a self-test after this long is shown as not answering. */
constexpr int64_t kSelfTestMs = 5000;
/** A citizen's session quiet for this long is ended (and wiped) when a staff code is scanned. */
constexpr int64_t kIdleForStaffMs = 30 * 1000;

/** Whether the kiosk, started at startedS, should restart now for its daily restart at restartMinute (北京时间): the
    restart time of today (or yesterday) has passed since it started, by less than three hours (a terminal busy all
    through that window waits for the next day). */
bool dailyRestartDue(int64_t startedS, int64_t nowS, int restartMinute);

struct LoginView {
    bool haveCode = false;
    std::string who;       // "陈工（工程师）"
    int pinDigits = 0;
    bool checking = false;  // the PIN is being checked
    std::string problem;   // plain words: a refused code, a wrong PIN and how many tries are left, locked until
};

struct MenuView {
    std::string who;
    bool engineer = false;
    struct Device {
        std::string name, state, action;
        bool needsAttention = false;
    };
    std::vector<Device> devices;
    std::string supplies;  // the receipt paper used since it was replaced
    bool outOfService = false, canPrintTest = false, canPrintTestA4 = false;
    // Engineers: what the terminal knows of itself, the devices in use, and the log's last lines (redacted as written).
    std::vector<std::pair<std::string, std::string>> facts;
    std::vector<std::string> devicesInUse;
    struct Check {
        std::string name, result;
        bool ok = false;
    };
    std::vector<Check> selfTest;  // empty until asked for
    std::vector<Check> network;   // empty until asked for
    std::string confirmPower;     // the question to confirm a reboot or power off; empty when none is asked
    std::string refused;          // why the system did not reboot or power off
    std::vector<std::string> logTail;
};

class ServiceMode final : public Service {
public:
    static constexpr std::string_view kCode = service_mode::kCode;
    std::string_view code() const override { return kCode; }
    bool onHome() const override { return false; }
    static constexpr ScreenId kScreens[] = {kLogin, kMenu};
    std::span<const ScreenId> screens() const override { return kScreens; }
    void open(Terminal& t) override;
    void apply(Terminal& t, int kind, int value, int64_t nowMs) override;
    std::string spokenPrompt(const Terminal& t, ScreenId screen) const override;
    void wipe() override;
    bool scanned(Terminal& t, const ScanCode& code, const std::string& payload, int64_t nowMs) override;
    void tick(Terminal& t, int64_t nowMs) override;
    void answered(Terminal& t, Answer& answer) override;  // a PIN checked; the engineer's status
    int64_t msUntilChange(int64_t nowMs) const override;

    LoginView loginView(const Terminal& t, int64_t nowMs) const;
    MenuView menuView(const Terminal& t, int64_t nowMs) const;
    bool signedIn() const { return signedIn_; }
    /** The store's lock-out at start (ServiceLock, unix time): the lock outlives a restart. */
    void restoreLock(int64_t untilS) { lockedUntilS_ = untilS; }
    /** The settings key main keeps the lock-out under. */
    static constexpr const char* kLockSetting = "service_mode_locked_until";

private:
    void audit(Terminal& t, const std::string& action, const std::string& detail);
    void startLogin(Terminal& t, int64_t nowMs);
    void openLogin(Terminal& t, int64_t nowMs, const char* by);
    std::optional<StaffCode> code_, pending_;
    std::string pin_;
    bool signedIn_ = false;
    std::vector<int64_t> knocks_;
    // Kept across sessions (not the person's): the lock-out.
    std::optional<MaintenanceStatus> status_;
    int64_t selfTestAtMs_ = 0;  // when the engineer asked for a self-test; 0 = not asked
    bool networkRunning_ = false;
    std::vector<NetworkStep> network_;
    std::optional<Kind> armed_;  // reboot or powerOff, waiting for its confirmation
    std::string refused_;
    int64_t startedS_ = 0;  // when this kiosk started (the first tick), for its daily restart
    bool restarting_ = false;
    bool checking_ = false;      // a PIN is being checked (main, off the UI thread)
    int64_t checkedAtMs_ = 0;
    int failures_ = 0;
    int64_t lockedUntilMs_ = 0;
    int64_t lockedUntilS_ = 0;  // a lock-out from before a restart (unix time)
    int64_t lockedMsLeft(int64_t nowMs) const;
};

}  // namespace ow::core::service_mode
