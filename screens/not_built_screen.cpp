// A service this terminal does not offer yet: say so plainly and give the next step.
#include <imgui.h>

#include "screens/frame.h"

namespace ow::screens {

void drawNotBuilt(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em();
    const core::NotBuiltView v = f.terminal.notBuiltView();
    const float width = std::min(max.x - min.x - 2 * em, em * 36);
    const float x = min.x + (max.x - min.x - width) * 0.5f;
    ImGui::SetCursorScreenPos(ImVec2(x, min.y + em * 1.5f));
    ui.text(v.serviceTitle, true, p.text, width);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.8f));
    ui.text(f.tr("notbuilt.title"), false, p.text, width);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.5f));
    ui.text(v.body, false, p.text, width);
    if (!v.phoneLine.empty()) {
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.5f));
        ui.text(v.phoneLine, false, p.text, width);
    }
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 1.2f));
    ImGui::PushID("screen");  // the bottom bar has a Home button too
    if (ui.button("nav.home", f.tr("nav.home"), ImVec2(std::min(width, em * 12), ui.metrics().target * 1.2f),
                  ButtonStyle::primary))
        f.want(core::Intent::Kind::home);
    ImGui::PopID();
}

}  // namespace ow::screens
