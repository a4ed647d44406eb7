// The queue service's screens: the start (check in, or take a number), the themes, "your card or your slip" for a
// check-in, the ticket, and a ticket's place.
#pragma once

#include "kiosk/services/queue/queue.h"
#include "screens/frame.h"

namespace ow::screens {

void drawQueueStart(Frame& f, ImVec2 min, ImVec2 max);
void drawQueueThemes(Frame& f, ImVec2 min, ImVec2 max);
void drawQueueCheckIn(Frame& f, ImVec2 min, ImVec2 max);
void drawQueueTicket(Frame& f, ImVec2 min, ImVec2 max);
void drawQueuePlace(Frame& f, ImVec2 min, ImVec2 max);

inline ScreenList queueScreens() {
    namespace q = core::queue;
    return {{q::kStart, drawQueueStart},
            {q::kThemes, drawQueueThemes},
            {q::kCheckIn, drawQueueCheckIn},
            {q::kTicket, drawQueueTicket},
            {q::kPlace, drawQueuePlace}};
}

}  // namespace ow::screens
