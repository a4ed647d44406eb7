// Call staff, the service: where staff are, and the hall's phone.
#include "kiosk/services/call_staff/call_staff.h"

#include "kiosk/terminal.h"

namespace ow::core::call_staff {

void CallStaff::open(Terminal& t) { t.navigate(kCallStaff); }

std::string CallStaff::spokenPrompt(const Terminal& t, ScreenId) const {
    return t.tr("call_staff.unavailable") + t.tr("call_staff.body");
}

CallStaffView CallStaff::view(const Terminal& t) const {
    CallStaffView v{t.tr("service.call_staff.title"), t.tr("call_staff.unavailable"), t.tr("call_staff.body"), ""};
    if (!t.bundle().servicePhone.empty()) v.phoneLine = fill(t.tr("call_staff.phone"), {{"phone", t.bundle().servicePhone}});
    return v;
}

}  // namespace ow::core::call_staff
