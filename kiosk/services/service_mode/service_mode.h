// Service mode for hall staff and engineers (001 自助办理制度 第四条), a service with no home tile. It opens when a staff
// code (kiosk/staff_code) is scanned — or, for the one who knows, after five taps on the hall's name in the top bar
// within four seconds, which asks for the code — and then the code's PIN. A citizen's session is never interrupted:
// a code scanned while someone is being served waits for the session to end (an idle one, quiet for 30 s, is ended
// and wiped first). Five wrong PINs lock service mode for 15 minutes. Every attempt and every action is audited on the
// terminal and sent to central. Hall staff (`clear`): the devices and what each needs, a test receipt, the terminal
// out of service and back; engineers (`maintenance`) the same, and the terminal's own state (enrolment, central,
// configuration, outbox, the log's last lines), send now, check for an update, restart the kiosk.
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
};
constexpr std::string_view serviceOf(Kind) { return kCode; }

/** Failed PINs in a row before service mode is locked, and for how long. */
constexpr int kMaxPinFailures = 5;
constexpr int64_t kLockMs = 15 * 60 * 1000;
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
    bool outOfService = false, canPrintTest = false;
    // Engineers: what the terminal knows of itself, and the log's last lines (redacted as written).
    std::vector<std::pair<std::string, std::string>> facts;
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

    LoginView loginView(const Terminal& t, int64_t nowMs) const;
    MenuView menuView(const Terminal& t) const;
    bool signedIn() const { return signedIn_; }

private:
    void audit(Terminal& t, const std::string& action, const std::string& detail);
    void startLogin(Terminal& t, int64_t nowMs);
    std::optional<StaffCode> code_, pending_;
    std::string pin_;
    bool signedIn_ = false;
    std::vector<int64_t> knocks_;
    // Kept across sessions (not the person's): the lock-out.
    std::optional<MaintenanceStatus> status_;
    int64_t startedS_ = 0;  // when this kiosk started (the first tick), for its daily restart
    bool restarting_ = false;
    bool checking_ = false;      // a PIN is being checked (main, off the UI thread)
    int64_t checkedAtMs_ = 0;
    int failures_ = 0;
    int64_t lockedUntilMs_ = 0;
};

}  // namespace ow::core::service_mode
