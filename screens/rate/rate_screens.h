// The rating service's screens: the start (the card, or what the person may rate), the five levels, what went wrong,
// the person's own words, and the answer.
#pragma once

#include "kiosk/services/rate/rate.h"
#include "screens/frame.h"

namespace ow::screens {

void drawRateStart(Frame& f, ImVec2 min, ImVec2 max);
void drawRateLevels(Frame& f, ImVec2 min, ImVec2 max);
void drawRateReasons(Frame& f, ImVec2 min, ImVec2 max);
void drawRateWords(Frame& f, ImVec2 min, ImVec2 max);
void drawRateDone(Frame& f, ImVec2 min, ImVec2 max);

inline ScreenList rateScreens() {
    namespace r = core::rate;
    return {{r::kStart, drawRateStart},
            {r::kLevels, drawRateLevels},
            {r::kReasons, drawRateReasons},
            {r::kWords, drawRateWords},
            {r::kDone, drawRateDone}};
}

}  // namespace ow::screens
