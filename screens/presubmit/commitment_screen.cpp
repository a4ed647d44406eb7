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

    // The signature pad: white paper with a line to sign on; the strokes so far in ink.
    const float padX = side ? min.x + pad + textW + em : min.x + pad;
    const float padW = side ? max.x - pad - padX : width;
    const float padH = std::min(padW * 0.5f, max.y - padTop - 2 * target - 3 * gap);
    const ImVec2 a(padX, padTop), b(padX + padW, padTop + padH);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(a, b, IM_COL32(255, 255, 255, 255), em * 0.3f);
    dl->AddRect(a, b, toImU32(v.signedEnough ? p.accent : p.mutedText), em * 0.3f, 0, std::max(1.0f, em * 0.1f));
    dl->AddLine(ImVec2(a.x + em, b.y - padH * 0.25f), ImVec2(b.x - em, b.y - padH * 0.25f), toImU32(p.mutedText, 0.5f));
    if (v.signature && v.signature->empty()) ui.textCentered(f.tr("presubmit.sign_here"), false, p.mutedText, a, ImVec2(b.x, b.y - padH * 0.3f));
    ImGui::SetCursorScreenPos(a);
    ImGui::InvisibleButton("signature_pad", ImVec2(padW, padH));
    if (ImGui::IsItemActive()) {
        const ImVec2 m = ImGui::GetIO().MousePos;
        const float sx = std::clamp((m.x - a.x) / padW, 0.0f, 1.0f), sy = std::clamp((m.y - a.y) / padH, 0.0f, 1.0f);
        const ImVec2 d = ImGui::GetIO().MouseDelta;
        if (ImGui::IsItemActivated() || d.x != 0 || d.y != 0)
            f.want(core::presubmit::Kind::signAt, core::presubmit::signValue(sx, sy, ImGui::IsItemActivated()));
    }
    if (v.signature)
        for (const auto& stroke : v.signature->strokes) {
            for (size_t i = 0; i + 1 < stroke.size(); ++i)
                dl->AddLine(ImVec2(a.x + stroke[i].x * padW, a.y + stroke[i].y * padH),
                            ImVec2(a.x + stroke[i + 1].x * padW, a.y + stroke[i + 1].y * padH), IM_COL32(20, 30, 60, 255),
                            std::max(2.0f, em * 0.15f));
            if (stroke.size() == 1)
                dl->AddCircleFilled(ImVec2(a.x + stroke[0].x * padW, a.y + stroke[0].y * padH), std::max(1.5f, em * 0.08f),
                                    IM_COL32(20, 30, 60, 255));
        }
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
