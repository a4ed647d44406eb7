// Pre-submission: each material of the matter, photographed with the document camera (高拍仪) or marked as not
// brought; key materials (★) first in the person's eye. Then the completeness check.
#include <imgui.h>

#include "screens/presubmit/presubmit_screens.h"

namespace ow::screens {

void drawMaterials(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em(), pad = em * 0.8f, gap = em * 0.3f;
    const float target = ui.metrics().target;
    const core::presubmit::MaterialsView v = f.service<core::presubmit::Presubmit>().materialsView(f.terminal);
    const float width = max.x - min.x - 2 * pad;
    const float headed = drawHeading(f, min, max, v.matter, "presubmit.check", core::Intent::of(core::presubmit::Kind::materialsNext));
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, headed - em * 0.3f));
    const char* how = v.capturing ? "presubmit.capturing" : !v.camera ? "presubmit.no_camera" : "presubmit.materials_how";
    ui.text(f.tr(how), false, v.camera && !v.capturing ? p.mutedText : p.warningText, width);
    const float top = ImGui::GetCursorScreenPos().y + em * 0.4f;
    ImGui::SetCursorScreenPos(ImVec2(min.x, top));
    ImGui::BeginChild("materials", ImVec2(max.x - min.x, max.y - top), false, ImGuiWindowFlags_NoScrollbar);
    const float x = ImGui::GetCursorScreenPos().x + pad;
    const float buttonW = std::min(em * 7, width * 0.2f);
    const float thumbH = target * 1.8f;  // the newest page, to check it came out legible
    const float thumbW = thumbH * 0.75f;
    const float textW = width - 2 * (buttonW + gap) - thumbW - 2 * em;
    for (size_t i = 0; i < v.items.size(); ++i) {
        const auto& it = v.items[i];
        const float rowTop = ImGui::GetCursorScreenPos().y + em * 0.3f;
        ImGui::SetCursorScreenPos(ImVec2(x, rowTop));
        ui.text(std::to_string(i + 1) + ". " + (it.key ? "★ " : "") + it.name + "（" + it.copies + "）", false, p.text, textW);
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y));
        const std::string state = it.pages > 0 ? core::fill(f.tr("presubmit.captured"), {{"n", std::to_string(it.pages)}})
                                  : it.missing ? f.tr(it.key ? "presubmit.missing_key" : "presubmit.missing")
                                               : f.tr("presubmit.not_yet");
        ui.text(state, false, it.pages > 0 ? p.tileText : it.missing ? p.warningText : p.mutedText, textW);
        float textBottom = ImGui::GetCursorScreenPos().y;
        const float bx = x + width - 2 * buttonW - gap;
        if (auto th = f.thumbnails.find(static_cast<int>(i)); th != f.thumbnails.end() && th->second.texture) {
            // Fitted into its box, as the page lies.
            const float scale = std::min(thumbW / static_cast<float>(th->second.width), thumbH / static_cast<float>(th->second.height));
            const ImVec2 size(static_cast<float>(th->second.width) * scale, static_cast<float>(th->second.height) * scale);
            const ImVec2 at(bx - em - size.x, rowTop);
            ui.image("page." + std::to_string(i), th->second.texture, at, ImVec2(at.x + size.x, at.y + size.y));
            textBottom = std::max(textBottom, rowTop + size.y);
        }
        ImGui::SetCursorScreenPos(ImVec2(bx, rowTop));
        if (ui.button("capture." + std::to_string(i), f.tr(it.pages > 0 ? "presubmit.capture_more" : "presubmit.capture"),
                      ImVec2(buttonW, target), ButtonStyle::primary))
            f.want(core::presubmit::Kind::capture, static_cast<int>(i));
        ImGui::SetCursorScreenPos(ImVec2(bx + buttonW + gap, rowTop));
        if (it.pages > 0) {
            if (ui.button("retake." + std::to_string(i), f.tr("presubmit.retake"), ImVec2(buttonW, target), ButtonStyle::tile))
                f.want(core::presubmit::Kind::clearPages, static_cast<int>(i));
        } else if (ui.button("missing." + std::to_string(i), f.tr(it.missing ? "presubmit.have_it" : "presubmit.dont_have"),
                             ImVec2(buttonW, target), ButtonStyle::tile)) {
            f.want(core::presubmit::Kind::markMissing, static_cast<int>(i));
        }
        ImGui::SetCursorScreenPos(ImVec2(x, std::max(textBottom, rowTop + target) + em * 0.3f));
        ImGui::GetWindowDrawList()->AddLine(ImVec2(x, ImGui::GetCursorScreenPos().y), ImVec2(x + width, ImGui::GetCursorScreenPos().y),
                                            toImU32(p.mutedText, 0.3f));
    }
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.3f));
    ui.text(f.tr("guide.key_legend"), false, p.mutedText, width);
    ImGui::Dummy(ImVec2(1, pad));
    ui.dragScroll();
    ImGui::EndChild();
}

}  // namespace ow::screens
