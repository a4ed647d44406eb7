// The guides service's screens: the matters (by theme or searched), and one matter's guide.
#pragma once

#include "kiosk/services/guides/guides.h"
#include "screens/frame.h"

namespace ow::screens {

void drawGuides(Frame& f, ImVec2 min, ImVec2 max);
void drawGuide(Frame& f, ImVec2 min, ImVec2 max);

inline ScreenList guidesScreens() { return {{core::guides::kGuides, drawGuides}, {core::guides::kGuide, drawGuide}}; }

}  // namespace ow::screens
