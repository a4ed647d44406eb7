// The screen of the tiles whose services are still to come.
#pragma once

#include "kiosk/services/not_yet/not_yet.h"
#include "screens/frame.h"

namespace ow::screens {

void drawNotBuilt(Frame& f, ImVec2 min, ImVec2 max);

inline ScreenList notYetScreens() { return {{core::kNotYet, drawNotBuilt}}; }

}  // namespace ow::screens
