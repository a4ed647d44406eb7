// Attract screen: hall name, date and time, announcements, and how to start (touch or ID card).
#include <imgui.h>

#include "screens/shell/shell_screens.h"

namespace ow::screens {

void drawAttract(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em();
    const core::AttractView v = f.terminal.attractView(f.wall);
    const float width = max.x - min.x;

    // Anywhere on the screen starts; the big button says so.
    ImGui::SetCursorScreenPos(min);
    if (ImGui::InvisibleButton("##anywhere", ImVec2(width, max.y - min.y)))
        f.want(core::ShellKind::start);
    ImGui::SetItemAllowOverlap();

    float y = min.y + em * 1.2f;
    ui.textCentered(v.time, true, p.text, ImVec2(min.x, y), ImVec2(max.x, y + em * 2.2f));
    y += em * 2.2f;
    ui.textCentered(v.date, false, p.mutedText, ImVec2(min.x, y), ImVec2(max.x, y + em * 1.5f));
    y += em * 2.2f;
    ui.textCentered(f.tr("app.title"), true, p.tileText, ImVec2(min.x, y), ImVec2(max.x, y + em * 2.2f));
    y += em * 2.6f;

    if (const core::AttractView closedView = f.terminal.attractView(std::time(nullptr)); !closedView.closed.empty()) {
        // Outside the terminal's hours: when it serves again, never a black screen.
        const float panelW = std::min(width * 0.8f, em * 30);
        const ImVec2 pmin(min.x + (width - panelW) * 0.5f, y);
        ImGui::GetWindowDrawList()->AddRectFilled(pmin, ImVec2(pmin.x + panelW, y + em * 6), toImU32(p.tile), em * 0.4f);
        ui.textCentered(f.tr("attract.closed_title"), true, p.tileText, ImVec2(pmin.x + em, y + em * 0.5f),
                        ImVec2(pmin.x + panelW - em, y + em * 2.6f));
        ui.textCentered(closedView.closed, false, p.text, ImVec2(pmin.x + em, y + em * 2.8f), ImVec2(pmin.x + panelW - em, y + em * 5.6f));
        return;
    }
    if (f.terminal.outOfService()) {
        // Plain words and the next step, instead of a start button that could lead nowhere.
        const float panelW = std::min(width * 0.8f, em * 30);
        const ImVec2 pmin(min.x + (width - panelW) * 0.5f, y);
        ImGui::GetWindowDrawList()->AddRectFilled(pmin, ImVec2(pmin.x + panelW, y + em * 6), toImU32(p.warning), em * 0.4f);
        ui.textCentered(f.tr("attract.out_of_service"), true, p.warningText, ImVec2(pmin.x + em, y + em * 0.5f),
                        ImVec2(pmin.x + panelW - em, y + em * 2.6f));
        ui.textCentered(f.tr("attract.out_of_service_next"), false, p.warningText, ImVec2(pmin.x + em, y + em * 2.8f),
                        ImVec2(pmin.x + panelW - em, y + em * 5.6f));
        return;
    }
    const ImVec2 bsize(std::min(width * 0.7f, em * 22), ui.metrics().target * 1.5f);
    ImGui::SetCursorScreenPos(ImVec2(min.x + (width - bsize.x) * 0.5f, y));
    if (ui.button("attract.touch_to_start", f.tr("attract.touch_to_start"), bsize, ButtonStyle::primary))
        f.want(core::ShellKind::start);
    y += bsize.y + em * 0.8f;
    // The card prompt only while the reader works; otherwise say what to do instead.
    const bool reader = f.terminal.deviceOnline("idcard");
    ui.textCentered(f.tr(reader ? "attract.insert_card" : "attract.card_unavailable"), false, p.text,
                    ImVec2(min.x, y), ImVec2(max.x, y + em * 1.5f));
    y += em * 2.4f;

    if (!v.announcements.empty()) {
        const float panelW = std::min(width * 0.85f, em * 34);
        const float x0 = min.x + (width - panelW) * 0.5f;
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const float top = y;
        dl->AddRectFilled(ImVec2(x0, top), ImVec2(x0 + panelW, max.y - em * 0.8f), toImU32(p.tile), em * 0.4f);
        y += em * 0.6f;
        ImGui::SetCursorScreenPos(ImVec2(x0 + em, y));
        ui.text(f.tr("attract.announcements"), false, p.tileText, panelW - 2 * em);
        for (const auto& a : v.announcements) {
            if (ImGui::GetCursorScreenPos().y + em * 1.3f > max.y - em) break;
            ImGui::SetCursorScreenPos(ImVec2(x0 + em, ImGui::GetCursorScreenPos().y + em * 0.2f));
            ui.text("• " + a, false, p.text, panelW - 2 * em);
        }
    }
}

}  // namespace ow::screens
