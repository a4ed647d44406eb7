// Pre-submission with tolerance acceptance (容缺受理): the commitment as it will be printed, a pad to sign it with
// a finger, and "sign and submit" once there is a signature (a tap is not one).
#include <imgui.h>

#include "screens/presubmit/presubmit_screens.h"

namespace ow::screens {

void drawCommitment(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em(), pad = em * 0.8f, gap = em * 0.3f;
    const float target = ui.metrics().target;
    const core::presubmit::SubmitView v = f.service<core::presubmit::Presubmit>().submitView(f.terminal);
    const float width = max.x - min.x - 2 * pad;
    const bool side = width > em * 26;
    const float textW = side ? width * 0.52f : width;
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, min.y + pad * 0.6f));
    ui.text(f.tr("commitment.title"), true, p.text, textW);
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, ImGui::GetCursorScreenPos().y));
    ui.text(f.tr("presubmit.commitment_how"), false, p.mutedText, textW);
    const float top = ImGui::GetCursorScreenPos().y + em * 0.3f;
    const float padTop = side ? min.y + pad * 0.6f : min.y + (max.y - min.y) * 0.55f;
    ImGui::SetCursorScreenPos(ImVec2(min.x, top));
    ImGui::BeginChild("commitment", ImVec2(pad + textW, (side ? max.y : padTop) - top), false, ImGuiWindowFlags_NoScrollbar);
    const float x = ImGui::GetCursorScreenPos().x + pad;
    for (const auto& line : v.commitment) {
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.15f));
        ui.text(line, false, p.text, textW);
    }
    ImGui::Dummy(ImVec2(1, pad));
    ui.dragScroll();
    ImGui::EndChild();

    // The signature pad (drawSignaturePad), then clear and submit under it.
    const float padX = side ? min.x + pad + textW + em : min.x + pad;
    const float padW = side ? max.x - pad - padX : width;
    const float padH = std::min(padW * 0.5f, max.y - padTop - 2 * target - 3 * gap);
    const ImVec2 a(padX, padTop), b(padX + padW, padTop + padH);
    drawSignaturePad(f, a, b, v.signature, v.signedEnough, core::Intent::of(core::presubmit::Kind::signAt));
    const float by = b.y + gap;
    const float half = (padW - gap) / 2;
    ImGui::SetCursorScreenPos(ImVec2(padX, by));
    if (ui.button("presubmit.sign_clear", f.tr("presubmit.sign_clear"), ImVec2(half, target), ButtonStyle::tile))
        f.want(core::presubmit::Kind::signClear);
    ImGui::SetCursorScreenPos(ImVec2(padX + half + gap, by));
    if (ui.button("presubmit.sign_submit", f.tr("presubmit.sign_submit"), ImVec2(half, target), ButtonStyle::primary))
        f.want(core::presubmit::Kind::submit);
    if (v.signature && !v.signature->empty() && !v.signedEnough) {
        ImGui::SetCursorScreenPos(ImVec2(padX, by + target + gap));
        ui.text(f.tr("presubmit.sign_more"), false, p.warningText, padW);
    }
}

}  // namespace ow::screens
