// The case-progress service's screens: how to look up one's cases, and the cases found.
#pragma once

#include "kiosk/services/progress/progress.h"
#include "screens/frame.h"

namespace ow::screens {

void drawCaseLookup(Frame& f, ImVec2 min, ImVec2 max);
void drawProgress(Frame& f, ImVec2 min, ImVec2 max);

inline ScreenList progressScreens() {
    return {{core::progress::kLookup, drawCaseLookup}, {core::progress::kProgress, drawProgress}};
}

}  // namespace ow::screens
