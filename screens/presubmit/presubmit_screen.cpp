// Pre-submission, first step: the ID card (real-name intake), then the matters that can be applied for here.
#include <imgui.h>

#include "screens/presubmit/presubmit_screens.h"

namespace ow::screens {

void drawPresubmit(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em(), pad = em * 0.8f;
    const float width = max.x - min.x - 2 * pad;
    const core::presubmit::PresubmitView v = f.service<core::presubmit::Presubmit>().presubmitView(f.terminal);
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, min.y + pad * 0.6f));
    ui.text(f.tr("service.presubmit.title"), true, p.text, width);
    if (!v.identified) {
        // Applying is in one's own name: the card first; placing it goes straight on to the matters.
        ImGui::SetCursorScreenPos(ImVec2(min.x + pad, ImGui::GetCursorScreenPos().y + em));
        ui.text(f.tr("presubmit.need_card"), true, p.tileText, width);
        ImGui::SetCursorScreenPos(ImVec2(min.x + pad, ImGui::GetCursorScreenPos().y + em * 0.5f));
        ui.text(f.tr("presubmit.need_card_why"), false, p.mutedText, width);
        return;
    }
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, ImGui::GetCursorScreenPos().y + em * 0.2f));
    ui.textLine(f.tr("presubmit.applicant") + v.who, false, p.mutedText, width);
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, ImGui::GetCursorScreenPos().y + em * 0.2f));
    ui.text(f.tr("presubmit.choose"), false, p.text, width);
    drawMatterTiles(f, v.matters, min, max, ImGui::GetCursorScreenPos().y + em * 0.4f, max.y, "apply.",
                    core::Intent::of(core::presubmit::Kind::openMatter));
}

}  // namespace ow::screens
