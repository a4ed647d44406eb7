// Pre-submission: the matter's form. The fields on the left (tap one to type into it; a problem shows under its
// field in plain words); on the right the input that field needs: pinyin letters with the engine's candidates,
// digits (with X for an ID number), or the choices.
#include <imgui.h>

#include "screens/frame.h"

namespace ow::screens {

void drawForm(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em(), pad = em * 0.8f, gap = em * 0.3f;
    const float target = ui.metrics().target;
    const core::FormView v = f.terminal.formView();
    const float width = max.x - min.x - 2 * pad;
    const float nextW = std::min(em * 9, width * 0.3f);
    ImGui::SetCursorScreenPos(ImVec2(max.x - pad - nextW, min.y + pad * 0.5f));
    if (ui.button("presubmit.next", f.tr("presubmit.next"), ImVec2(nextW, target), ButtonStyle::primary))
        f.want(core::Intent::Kind::formNext);
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, min.y + pad * 0.6f));
    ui.text(v.matter, true, p.text, width - nextW - em);
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, ImGui::GetCursorScreenPos().y));
    ui.textLine(f.tr(v.problems ? "presubmit.form_problems" : "presubmit.form_how"), false, v.problems ? p.warningText : p.mutedText,
                width - nextW - em);
    const float top = std::max(ImGui::GetCursorScreenPos().y, min.y + pad * 0.5f + target) + em * 0.4f;

    // The fields, scrolling on the left.
    const bool side = width > em * 34;
    const float fieldsW = side ? width * 0.46f : width;
    const float inputX = side ? min.x + pad + fieldsW + em : min.x + pad;
    const float inputW = side ? max.x - pad - inputX : width;
    const float fieldsBottom = side ? max.y : min.y + (max.y - min.y) * 0.45f;
    ImGui::SetCursorScreenPos(ImVec2(min.x, top));
    ImGui::BeginChild("fields", ImVec2(pad + fieldsW, fieldsBottom - top), false, ImGuiWindowFlags_NoScrollbar);
    const float x = ImGui::GetCursorScreenPos().x + pad;
    for (size_t i = 0; i < v.fields.size(); ++i) {
        const auto& fl = v.fields[i];
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.2f));
        const float labelY = ImGui::GetCursorScreenPos().y;
        ui.textLine(fl.label + (fl.required ? "" : f.tr("presubmit.optional")), false, p.mutedText, fieldsW);
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y));
        const std::string shown = fl.value.empty() ? " " : fl.value;
        if (ui.button("field." + std::to_string(i), shown, ImVec2(fieldsW, target), fl.selected ? ButtonStyle::primary : ButtonStyle::tile))
            f.want(core::Intent::Kind::formField, static_cast<int>(i));
        // The field being typed into is always in view (after a choice moves on, or "next" finds a problem).
        if (fl.selected && !ImGui::IsItemVisible()) ImGui::SetScrollFromPosY(labelY - ImGui::GetWindowPos().y, 0.15f);
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetItemRectMax().y + em * 0.1f));
        if (!fl.problem.empty()) ui.text(fl.problem, false, p.warningText, fieldsW);
        else if (fl.selected && !fl.hint.empty()) ui.text(fl.hint, false, p.mutedText, fieldsW);
    }
    ImGui::Dummy(ImVec2(1, pad));
    ui.dragScroll();
    ImGui::EndChild();

    // The input for the selected field.
    const float inputTop = side ? top : fieldsBottom + em * 0.3f;
    using In = core::FormView::Input;
    switch (v.input) {
        case In::letters:
            ImGui::SetCursorScreenPos(ImVec2(inputX, inputTop));
            if (!drawCandidates(f, ImVec2(inputX, inputTop), inputW, v.candidates, core::Intent::Kind::formCandidate))
                ui.text(f.tr(v.letters.empty() ? "presubmit.type_pinyin" : "presubmit.no_candidates"), false, p.mutedText, inputW);
            drawLetterKeyboard(f, inputX, inputW, max.y - pad * 0.3f, core::Intent::Kind::formLetter,
                               core::Intent::of(core::Intent::Kind::formKey, core::kKeypadClear),
                               core::Intent::of(core::Intent::Kind::formKey, core::kKeypadDelete));
            break;
        case In::digits:
        case In::date:
        case In::idNumber: {
            const float padW = std::min(inputW, em * 18);
            if (v.input == In::date) {
                ImGui::SetCursorScreenPos(ImVec2(inputX, inputTop));
                ui.textLine(f.tr("presubmit.date_how"), false, p.mutedText, inputW);
            }
            drawKeypad(f, ImVec2(inputX, inputTop + (v.input == In::date ? em * 1.6f : 0)), padW, core::Intent::Kind::formKey,
                       v.input == In::idNumber);
            break;
        }
        case In::choice: {
            float y = inputTop;
            for (size_t i = 0; i < v.choices.size(); ++i) {
                ImGui::SetCursorScreenPos(ImVec2(inputX, y));
                if (ui.button("choice." + std::to_string(i), v.choices[i], ImVec2(inputW, target), ButtonStyle::tile))
                    f.want(core::Intent::Kind::formChoice, static_cast<int>(i));
                y += target + gap;
            }
            break;
        }
    }
}

}  // namespace ow::screens
