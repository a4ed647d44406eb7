// Pre-submission: the matter's form, typed as every form is (drawFormEntry).
#include <imgui.h>

#include "screens/presubmit/presubmit_screens.h"

namespace ow::screens {

void drawForm(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em(), pad = em * 0.8f;
    const core::presubmit::FormView v = f.service<core::presubmit::Presubmit>().formView(f.terminal);
    const float width = max.x - min.x - 2 * pad;
    float top = drawHeading(f, min, max, v.title, "presubmit.next", core::Intent::of(core::presubmit::Kind::formNext), true);
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, top - em * 0.3f));
    ui.textLine(f.tr(v.problems ? "presubmit.form_problems" : "presubmit.form_how"), false, v.problems ? p.warningText : p.mutedText,
                width);
    top = ImGui::GetCursorScreenPos().y + em * 0.4f;

    drawFormEntry(f, min, max, top, v, core::Intent::of(core::presubmit::Kind::formField));
}

}  // namespace ow::screens
