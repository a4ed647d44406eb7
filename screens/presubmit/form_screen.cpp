// Pre-submission: the matter's form. The fields on the left (tap one to type into it; a problem shows under its
// field in plain words); on the right the input that field needs: pinyin letters with the engine's candidates,
// digits (with X for an ID number), or the choices.
#include <imgui.h>

#include "screens/presubmit/presubmit_screens.h"

namespace ow::screens {

void drawForm(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em(), pad = em * 0.8f, gap = em * 0.3f;
    const float target = ui.metrics().target;
    const core::presubmit::FormView v = f.service<core::presubmit::Presubmit>().formView(f.terminal);
    const float width = max.x - min.x - 2 * pad;
    float top = drawHeading(f, min, max, v.matter, "presubmit.next", core::Intent::of(core::presubmit::Kind::formNext), true);
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, top - em * 0.3f));
    ui.textLine(f.tr(v.problems ? "presubmit.form_problems" : "presubmit.form_how"), false, v.problems ? p.warningText : p.mutedText,
                width);
    top = ImGui::GetCursorScreenPos().y + em * 0.4f;

    // The fields, scrolling on the left; the input on the right (below them on a narrow screen, where the fields
    // get what the input leaves).
    using In = core::presubmit::FormView::Input;
    const bool side = width > em * 26;
    const float fieldsW = side ? width * 0.40f : width;
    const float inputX = side ? min.x + pad + fieldsW + em : min.x + pad;
    const float inputW = side ? max.x - pad - inputX : width;
    const float inputH = v.input == In::letters  ? target * 0.9f + 4 * (target * 0.95f + gap) + gap
                         : v.input == In::choice ? static_cast<float>(v.choices.size()) * (target + gap)
                                                 : 4 * (target + gap) + (v.input == In::date ? em * 1.6f : 0);
    const float fieldsBottom = side ? max.y : std::max(top + target * 2, max.y - inputH - em * 0.3f);
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
            f.want(core::presubmit::Kind::formField, static_cast<int>(i));
        // When the field being typed into changes (a choice moves on, "next" finds a problem), it comes into view
        // with its note below it; the person may still scroll the list by hand afterwards.
        if (fl.selected) {
            ImGuiStorage* seen = ImGui::GetStateStorage();
            const ImGuiID id = ImGui::GetID("selected_field");
            const int now = static_cast<int>(i) * 2 + (fl.problem.empty() ? 0 : 1);
            const float winTop = ImGui::GetWindowPos().y, winBottom = winTop + ImGui::GetWindowHeight();
            if (seen->GetInt(id, -1) != now) {
                seen->SetInt(id, now);
                if (labelY < winTop || ImGui::GetItemRectMax().y + em * 2.6f > winBottom)
                    ImGui::SetScrollFromPosY(labelY - winTop, 0.15f);
            }
        }
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetItemRectMax().y + em * 0.1f));
        if (!fl.problem.empty()) ui.text(fl.problem, false, p.warningText, fieldsW);
        else if (fl.selected && !fl.hint.empty()) ui.text(fl.hint, false, p.mutedText, fieldsW);
    }
    ImGui::Dummy(ImVec2(1, pad));
    ui.dragScroll();
    ImGui::EndChild();

    // The input for the selected field.
    const float inputTop = side ? top : fieldsBottom + em * 0.3f;
    switch (v.input) {
        case In::letters:
            ImGui::SetCursorScreenPos(ImVec2(inputX, inputTop));
            if (!drawCandidates(f, ImVec2(inputX, inputTop), inputW, v.candidates, core::Intent::of(core::presubmit::Kind::formCandidate)))
                ui.text(f.tr(v.letters.empty() ? "presubmit.type_pinyin" : "presubmit.no_candidates"), false, p.mutedText, inputW);
            drawLetterKeyboard(f, inputX, inputW, max.y - pad * 0.3f, core::Intent::of(core::presubmit::Kind::formLetter),
                               core::Intent::of(core::presubmit::Kind::formKey, core::kKeypadClear),
                               core::Intent::of(core::presubmit::Kind::formKey, core::kKeypadDelete),
                               max.y - pad * 0.3f - (inputTop + target * 0.9f + gap));
            break;
        case In::digits:
        case In::date:
        case In::idNumber: {
            const float padW = std::min(inputW, em * 18);
            if (v.input == In::date) {
                ImGui::SetCursorScreenPos(ImVec2(inputX, inputTop));
                ui.textLine(f.tr("presubmit.date_how"), false, p.mutedText, inputW);
            }
            drawKeypad(f, ImVec2(inputX, inputTop + (v.input == In::date ? em * 1.6f : 0)), padW, core::Intent::of(core::presubmit::Kind::formKey),
                       v.input == In::idNumber);
            break;
        }
        case In::choice: {
            float y = inputTop;
            for (size_t i = 0; i < v.choices.size(); ++i) {
                ImGui::SetCursorScreenPos(ImVec2(inputX, y));
                if (ui.button("choice." + std::to_string(i), v.choices[i], ImVec2(inputW, target), ButtonStyle::tile))
                    f.want(core::presubmit::Kind::formChoice, static_cast<int>(i));
                y += target + gap;
            }
            break;
        }
    }
}

}  // namespace ow::screens
