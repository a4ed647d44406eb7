// A service this terminal does not offer yet: say so plainly and give the next step.
#include "screens/not_yet/not_yet_screens.h"

namespace ow::screens {

void drawNotBuilt(Frame& f, ImVec2 min, ImVec2 max) {
    const core::NotYetView v = core::notYetView(f.terminal);
    drawPlainPage(f, min, max, v.serviceTitle, {f.tr("notbuilt.title"), v.body, v.phoneLine});
}

}  // namespace ow::screens
