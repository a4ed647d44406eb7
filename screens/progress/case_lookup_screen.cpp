// Case lookup: the three ways to find one's cases — ID card, receipt QR, or case number and phone on a keypad.
#include <imgui.h>

#include "screens/progress/progress_screens.h"

namespace ow::screens {

void drawCaseLookup(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em();
    const core::progress::LookupView v = f.service<core::progress::CaseProgress>().lookupView(f.terminal);
    const float pad = em * 0.8f;
    const float width = max.x - min.x - 2 * pad;
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, min.y + pad * 0.6f));
    ui.text(f.tr("lookup.title"), true, p.text, width);

    // Left: the ways in words; right: the two fields and the keypad.
    const bool twoColumns = width > em * 30;
    const float leftW = twoColumns ? width * 0.42f : width;
    const float top = ImGui::GetCursorScreenPos().y + em * 0.4f;
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, top));
    for (const char* key : {"lookup.card", "lookup.scan", "lookup.type"}) {
        ImGui::SetCursorScreenPos(ImVec2(min.x + pad, ImGui::GetCursorScreenPos().y));
        ui.text(f.tr(key), false, p.text, leftW - em);
        ImGui::SetCursorScreenPos(ImVec2(min.x + pad, ImGui::GetCursorScreenPos().y + em * 0.5f));
    }
    float y = twoColumns ? top : ImGui::GetCursorScreenPos().y + em * 0.3f;
    const float x = twoColumns ? min.x + pad + leftW : min.x + pad;
    const float panelW = std::min(twoColumns ? width - leftW : width, em * 20);
    const float target = ui.metrics().target;

    // The fields: a tap selects one; the selected one has the accent colour.
    const std::string fields[2] = {v.caseNo, v.phone};
    const char* labels[2] = {"lookup.case_no", "lookup.phone"};
    for (int i = 0; i < 2; ++i) {
        ImGui::SetCursorScreenPos(ImVec2(x, y));
        ui.textLine(f.tr(labels[i]), false, p.mutedText, panelW);
        y = ImGui::GetCursorScreenPos().y;
        ImGui::SetCursorScreenPos(ImVec2(x, y));
        const std::string shown = fields[i].empty() || (i == 0 && fields[i] == "OW") ? fields[i] + " " : fields[i];
        if (ui.button(labels[i], shown, ImVec2(panelW, target), v.field == i ? ButtonStyle::primary : ButtonStyle::tile))
            f.want(core::progress::Kind::selectField, i);
        y = ImGui::GetItemRectMax().y + em * 0.4f;
    }
    // The keypad: 1–9, clear, 0, delete; large keys (elderly scale makes them larger still).
    y = drawKeypad(f, ImVec2(x, y), panelW, core::Intent::of(core::progress::Kind::keypad), false) + em * 0.2f;
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    if (ui.button("lookup.submit", f.tr("lookup.submit"), ImVec2(panelW, target * 1.1f), ButtonStyle::primary))
        f.want(core::progress::Kind::lookupSubmit);
    if (!v.problem.empty()) {
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetItemRectMax().y + em * 0.3f));
        ui.text(v.problem, false, p.warningText, panelW);
    }
}

}  // namespace ow::screens
