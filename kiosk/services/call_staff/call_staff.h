// Call staff (呼叫工作人员, 帮办; 000 帮办代办服务制度), the service: from its home tile or the bottom bar's button on
// every screen. It raises a call at central with where the person is (the terminal, the screen and service in
// progress) and whether they are 60 or more — nothing more of them; the hall's pages hear of it at once. The screen
// says the call is on its way, then that a staff member is coming once one takes it (central answers a waiting
// question as soon as that happens); the person can cancel it. Central unreachable: said plainly, with the hall's
// phone and where staff are.
#pragma once

#include <string>

#include "kiosk/requests.h"
#include "kiosk/service.h"
#include "kiosk/services/call_staff/help_wire.h"

namespace ow::core::call_staff {

inline constexpr std::string_view kCode = "call_staff";
inline constexpr ScreenId kCallStaff{"call_staff"};

enum class Kind {
    cancel,  // the person no longer needs staff
    retry,   // central could not be reached: raise the same call again
};
constexpr std::string_view serviceOf(Kind) { return kCode; }

/** Where the call stands: being raised, raised (waiting for staff), taken (someone is coming), cancelled, closed, or
    central could not be reached. */
enum class CallState { idle, raising, raised, taken, cancelled, closed, offline };

/** What the page shows. */
struct CallStaffView {
    CallState state = CallState::idle;
    std::string title, message, detail, phoneLine;
    bool canCancel = false, canRetry = false;
};

class CallStaff final : public Service {
public:
    static constexpr std::string_view kCode = call_staff::kCode;
    std::string_view code() const override { return kCode; }
    static constexpr ScreenId kScreens[] = {kCallStaff};
    std::span<const ScreenId> screens() const override { return kScreens; }
    void open(Terminal& t) override;
    void apply(Terminal& t, int kind, int value, int64_t nowMs) override;
    std::string spokenPrompt(const Terminal& t, ScreenId screen) const override;
    void wipe() override;
    void answered(Terminal& t, Answer& answer) override;

    CallStaffView view(const Terminal& t) const;

private:
    void ask(Terminal& t, HelpQuestion q);
    HelpQuestion raise_;  // the call as raised (retried as it was, with its key)
    std::string id_;
    CallState state_ = CallState::idle;
};

/** How long central is asked to wait for a raised call to be taken before answering (then it is asked again). */
constexpr int kHelpWaitMs = 4000;

}  // namespace ow::core::call_staff
