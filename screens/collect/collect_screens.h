// The collection service's screens: the person's cases (or the card), a delegate's case by receipt or number, a case,
// the authorisation photographed, the signature, printing, the postal form, and the outcome.
#pragma once

#include "kiosk/services/collect/collect.h"
#include "screens/frame.h"

namespace ow::screens {

void drawCollectStart(Frame& f, ImVec2 min, ImVec2 max);
void drawCollectDelegate(Frame& f, ImVec2 min, ImVec2 max);
void drawCollectCase(Frame& f, ImVec2 min, ImVec2 max);
void drawCollectAuthorise(Frame& f, ImVec2 min, ImVec2 max);
void drawCollectSign(Frame& f, ImVec2 min, ImVec2 max);
void drawCollectPrinting(Frame& f, ImVec2 min, ImVec2 max);
void drawCollectPost(Frame& f, ImVec2 min, ImVec2 max);
void drawCollectOutcome(Frame& f, ImVec2 min, ImVec2 max);

inline ScreenList collectScreens() {
    namespace c = core::collect;
    return {{c::kStart, drawCollectStart},     {c::kDelegate, drawCollectDelegate}, {c::kCase, drawCollectCase},
            {c::kAuthorise, drawCollectAuthorise}, {c::kSign, drawCollectSign},     {c::kPrinting, drawCollectPrinting},
            {c::kPost, drawCollectPost},       {c::kOutcome, drawCollectOutcome}};
}

}  // namespace ow::screens
