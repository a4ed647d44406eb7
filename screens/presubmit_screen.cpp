// Pre-submission, first step: the ID card (real-name intake), then the matters that can be applied for here.
#include <imgui.h>

#include "screens/frame.h"

namespace ow::screens {

void drawPresubmit(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em(), pad = em * 0.8f, gap = em * 0.4f;
    const float width = max.x - min.x - 2 * pad;
    const core::PresubmitView v = f.terminal.presubmitView();
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
    const float top = ImGui::GetCursorScreenPos().y + em * 0.4f;
    ImGui::SetCursorScreenPos(ImVec2(min.x, top));
    ImGui::BeginChild("presubmit", ImVec2(max.x - min.x, max.y - top), false, ImGuiWindowFlags_NoScrollbar);
    const int cols = width > em * 36 ? 2 : 1;
    const float itemW = (width - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    const float itemH = ui.metrics().heading * 1.4f + em * 2.6f;
    for (size_t i = 0; i < v.matters.size(); ++i) {
        const auto& m = v.matters[i];
        const int c = static_cast<int>(i) % cols, r = static_cast<int>(i) / cols;
        ImGui::SetCursorPos(ImVec2(pad + static_cast<float>(c) * (itemW + gap), static_cast<float>(r) * (itemH + gap)));
        if (ui.tile("apply." + std::to_string(m.index), m.name, m.department + " · " + m.limit, ImVec2(itemW, itemH)))
            f.want(core::Intent::Kind::openPresubmit, m.index);
    }
    ImGui::Dummy(ImVec2(1, pad));
    ui.dragScroll();
    ImGui::EndChild();
}

}  // namespace ow::screens
