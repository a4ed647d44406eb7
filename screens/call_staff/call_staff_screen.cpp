// Call staff: where staff are, and the hall's phone (the call itself comes later).
#include "screens/call_staff/call_staff_screens.h"

namespace ow::screens {

void drawCallStaff(Frame& f, ImVec2 min, ImVec2 max) {
    const auto v = f.service<core::call_staff::CallStaff>().view(f.terminal);
    drawPlainPage(f, min, max, v.title, {v.unavailable, v.body, v.phoneLine});
}

}  // namespace ow::screens
