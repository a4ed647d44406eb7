// A matter's guide (办事指南): limit, fees, every material with the key ones marked, conditions, procedure,
// basis and questions; and printing it as the one-time notice on the receipt printer or on A4.
#include <imgui.h>

#include "kiosk/services/appointments/appointments.h"
#include "kiosk/services/presubmit/presubmit.h"
#include "screens/guides/guides_screens.h"

namespace ow::screens {

void drawGuide(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em();
    const core::guides::GuideView v = f.service<core::guides::Guides>().guideView(f.terminal);
    const float pad = em * 0.8f;
    const float width = max.x - min.x - 2 * pad;
    const float target = ui.metrics().target;
    // Title on the left, the print buttons on the right, both always in view.
    const float buttonsW = std::min(em * 11, width * 0.4f);
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, min.y + pad * 0.6f));
    ui.text(v.name, true, p.text, width - buttonsW - em);
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, ImGui::GetCursorScreenPos().y));
    ui.textLine(v.code + " · " + v.department, false, p.mutedText, width - buttonsW - em);
    float headBottom = ImGui::GetCursorScreenPos().y;
    float by = min.y + pad * 0.6f;
    const float bx = max.x - pad - buttonsW;
    if (v.canPrintReceipt) {
        ImGui::SetCursorScreenPos(ImVec2(bx, by));
        if (ui.button("guide.print_receipt", f.tr("guide.print_receipt"), ImVec2(buttonsW, target), ButtonStyle::primary))
            f.want(core::guides::Kind::printNotice, 0);
        by += target + em * 0.3f;
    }
    if (v.canPrintA4) {
        ImGui::SetCursorScreenPos(ImVec2(bx, by));
        if (ui.button("guide.print_a4", f.tr("guide.print_a4"), ImVec2(buttonsW, target), ButtonStyle::primary))
            f.want(core::guides::Kind::printNotice, 1);
        by += target + em * 0.3f;
    }
    if (v.canPresubmit) {
        ImGui::SetCursorScreenPos(ImVec2(bx, by));
        if (ui.button("guide.apply", f.tr("guide.apply"), ImVec2(buttonsW, target), ButtonStyle::primary))
            f.want(core::presubmit::Kind::openMatter, v.index);
        by += target + em * 0.3f;
    }
    if (v.canBook) {
        ImGui::SetCursorScreenPos(ImVec2(bx, by));
        if (ui.button("guide.book", f.tr("guide.book"), ImVec2(buttonsW, target), ButtonStyle::primary))
            f.want(core::appointments::Kind::bookMatter, v.index);
        by += target + em * 0.3f;
    }
    if (!v.canPrintReceipt && !v.canPrintA4) {
        ImGui::SetCursorScreenPos(ImVec2(bx, by));
        ui.text(f.tr("guide.no_printer"), false, p.warningText, buttonsW);
        by = ImGui::GetCursorScreenPos().y;
    }
    const float top = std::max(headBottom, by) + em * 0.3f;
    ImGui::SetCursorScreenPos(ImVec2(min.x, top));
    ImGui::BeginChild("guide", ImVec2(max.x - min.x, max.y - top), false, ImGuiWindowFlags_NoScrollbar);
    const float x = ImGui::GetCursorScreenPos().x + pad;
    const float textW = std::min(width, em * 48);
    auto heading = [&](const char* key) {
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.5f));
        ui.text(f.tr(key), true, p.tileText, textW);
    };
    auto para = [&](const std::string& text, core::Color color) {
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.15f));
        ui.text(text, false, color, textW);
    };
    para(f.labelled(f.tr("guide.limit"), v.limit) + "　　" + f.labelled(f.tr("guide.fees"), v.fees), p.text);
    heading("guide.materials");
    int n = 0;
    for (const auto& m : v.materials)
        para(std::to_string(++n) + ". " + (m.key ? "★ " : "") + m.name + "（" + m.copies + "）" + (m.note.empty() ? "" : " " + m.note),
             m.key ? p.text : p.mutedText);
    para(f.tr("guide.key_legend"), p.mutedText);
    if (!v.tolerance.empty()) para(v.tolerance, p.warningText);
    if (!v.conditions.empty()) {
        heading("guide.conditions");
        para(v.conditions, p.text);
    }
    if (!v.procedure.empty()) {
        heading("guide.procedure");
        n = 0;
        for (const auto& s : v.procedure) para(std::to_string(++n) + ". " + s, p.text);
    }
    if (!v.basis.empty()) {
        heading("guide.basis");
        para(v.basis, p.text);
    }
    if (!v.faq.empty()) {
        heading("guide.faq");
        for (const auto& [q, a] : v.faq) {
            para(f.tr("guide.question") + q, p.text);
            para(a, p.mutedText);
        }
    }
    ImGui::Dummy(ImVec2(1, pad * 2));
    ui.dragScroll();
    ImGui::EndChild();
}

}  // namespace ow::screens
