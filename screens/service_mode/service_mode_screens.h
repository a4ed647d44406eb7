// Service mode's screens: the login (scan the staff code, then its PIN) and the menu.
#pragma once

#include "kiosk/services/service_mode/service_mode.h"
#include "screens/frame.h"

namespace ow::screens {

void drawServiceLogin(Frame& f, ImVec2 min, ImVec2 max);
void drawServiceMenu(Frame& f, ImVec2 min, ImVec2 max);

inline ScreenList serviceModeScreens() {
    namespace s = core::service_mode;
    return {{s::kLogin, drawServiceLogin}, {s::kMenu, drawServiceMenu}};
}

}  // namespace ow::screens
