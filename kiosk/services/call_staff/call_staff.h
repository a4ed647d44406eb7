// Call staff (呼叫工作人员, 帮办), the service: from its home tile or the bottom bar's button on every screen. For
// now it says in plain words where staff are and gives the hall's phone; the call itself comes later.
#pragma once

#include <string>

#include "kiosk/service.h"

namespace ow::core::call_staff {

inline constexpr std::string_view kCode = "call_staff";
inline constexpr ScreenId kCallStaff{"call_staff"};

/** What the page shows: where to find staff, and the hall's phone when the bundle gives one. */
struct CallStaffView {
    std::string title, unavailable, body, phoneLine;
};

class CallStaff final : public Service {
public:
    static constexpr std::string_view kCode = call_staff::kCode;
    std::string_view code() const override { return kCode; }
    static constexpr ScreenId kScreens[] = {kCallStaff};
    std::span<const ScreenId> screens() const override { return kScreens; }
    void open(Terminal& t) override;
    void apply(Terminal&, int, int, int64_t) override {}  // no intents of its own yet
    std::string spokenPrompt(const Terminal& t, ScreenId screen) const override;
    void wipe() override {}  // it holds nothing of anyone yet

    CallStaffView view(const Terminal& t) const;
};

}  // namespace ow::core::call_staff
