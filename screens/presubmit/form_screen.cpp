// Pre-submission: the matter's form, typed as every form is (drawFormEntry).
#include <imgui.h>

#include "screens/presubmit/presubmit_screens.h"

namespace ow::screens {

void drawForm(Frame& f, ImVec2 min, ImVec2 max) {
    drawFormScreen(f, min, max, f.service<core::presubmit::Presubmit>().formView(f.terminal), "presubmit.next",
                   core::Intent::of(core::presubmit::Kind::formNext), "presubmit.form_how",
                   core::Intent::of(core::presubmit::Kind::formField));
}

}  // namespace ow::screens
