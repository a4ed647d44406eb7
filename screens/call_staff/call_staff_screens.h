// The call-staff service's screens.
#pragma once

#include "kiosk/services/call_staff/call_staff.h"
#include "screens/frame.h"

namespace ow::screens {

void drawCallStaff(Frame& f, ImVec2 min, ImVec2 max);

inline ScreenList callStaffScreens() { return {{core::call_staff::kCallStaff, drawCallStaff}}; }

}  // namespace ow::screens
