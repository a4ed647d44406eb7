// The shell's own screens: attract (between people) and home (the tiles).
#pragma once

#include "screens/frame.h"

namespace ow::screens {

void drawAttract(Frame& f, ImVec2 min, ImVec2 max);
void drawHome(Frame& f, ImVec2 min, ImVec2 max);

inline ScreenList shellScreens() { return {{core::kAttract, drawAttract, false}, {core::kHome, drawHome}}; }

}  // namespace ow::screens
