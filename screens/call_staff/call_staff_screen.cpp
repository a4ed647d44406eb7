// Call staff: the call on its way, then "a staff member is coming", with cancel; or, central out of reach, plain
// words, "try again", where staff are and the hall's phone.
#include <imgui.h>

#include <algorithm>

#include "screens/call_staff/call_staff_screens.h"

namespace ow::screens {

void drawCallStaff(Frame& f, ImVec2 min, ImVec2 max) {
    using core::call_staff::Kind;
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const auto v = f.service<core::call_staff::CallStaff>().view(f.terminal);
    const float em = ui.em();
    const float width = std::min(max.x - min.x - 2 * em, em * 36), x = min.x + (max.x - min.x - width) * 0.5f;
    ImGui::SetCursorScreenPos(ImVec2(x, min.y + em * 1.5f));
    ui.text(v.title, true, p.text, width);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.8f));
    ui.text(v.message, true, p.tileText, width);
    for (const auto* line : {&v.detail, &v.phoneLine}) {
        if (line->empty()) continue;
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.5f));
        ui.text(*line, false, p.text, width);
    }
    const ImVec2 button(std::min(width, em * 12), ui.metrics().target * 1.2f);
    ImGui::PushID("screen");  // the bottom bar has its own buttons
    if (v.canCancel) {
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 1.2f));
        if (ui.button("call_staff.cancel", f.tr("call_staff.cancel"), button, ButtonStyle::tile)) f.want(Kind::cancel);
    }
    if (v.canRetry) {
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 1.2f));
        if (ui.button("call_staff.retry", f.tr("call_staff.retry"), button, ButtonStyle::primary)) f.want(Kind::retry);
    }
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.8f));
    if (ui.button("nav.home", f.tr("nav.home"), button, ButtonStyle::primary)) f.want(core::ShellKind::home);
    ImGui::PopID();
}

}  // namespace ow::screens
