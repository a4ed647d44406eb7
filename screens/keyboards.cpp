// The screen's keyboards, shared by every screen that takes typing: the digit keypad, the pinyin letters and
// the row of the engine's candidates.
#include <imgui.h>

#include <algorithm>

#include "screens/frame.h"

namespace ow::screens {

float drawKeypad(Frame& f, ImVec2 pos, float width, core::Intent press, bool withX) {
    Ui& ui = f.ui;
    const float gap = ui.em() * 0.3f, target = ui.metrics().target;
    // 1–9, then clear, 0, delete; with X (an ID number's check character) a fourth column holds X, delete and
    // clear, so the pad stays four rows high at every text size.
    static const char* const kPlain[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "C", "0", "D"};
    static const char* const kWithX[] = {"1", "2", "3", "X", "4", "5", "6", "D", "7", "8", "9", "C", "", "0", "", ""};
    const int cols = withX ? 4 : 3;
    const float keyW = (width - static_cast<float>(cols - 1) * gap) / static_cast<float>(cols);
    const char* const* keys = withX ? kWithX : kPlain;
    const int count = withX ? 16 : 12;
    for (int k = 0; k < count; ++k) {
        const std::string key = keys[k];
        if (key.empty()) continue;
        ImGui::SetCursorScreenPos(ImVec2(pos.x + static_cast<float>(k % cols) * (keyW + gap), pos.y + static_cast<float>(k / cols) * (target + gap)));
        const ImVec2 size(keyW, target);
        if (key == "C") {
            if (ui.button("keypad.clear", f.tr("keypad.clear"), size, ButtonStyle::tile)) f.want(press.with(core::kKeypadClear));
        } else if (key == "D") {
            if (ui.button("keypad.delete", f.tr("keypad.delete"), size, ButtonStyle::tile)) f.want(press.with(core::kKeypadDelete));
        } else if (key == "X") {
            if (ui.button("digit.X", "X", size, ButtonStyle::tile)) f.want(press.with(core::kFormX));
        } else if (ui.button("digit." + key, key, size, ButtonStyle::tile)) {
            f.want(press.with(key[0] - '0'));
        }
    }
    return pos.y + 4 * (target + gap);
}

float drawLetterKeyboard(Frame& f, float x0, float width, float bottom, core::Intent letter, core::Intent clear,
                         core::Intent erase, float maxHeight) {
    Ui& ui = f.ui;
    const float gap = ui.em() * 0.3f, target = ui.metrics().target;
    static const char* const kRows[] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
    // Keys a little lower when the space is short, never below the smallest target the scale allows.
    const float smallest = std::min(target, core::scaleMinTarget(f.terminal.scale()));
    const float keyW = (width - gap * 9) / 10, keyH = std::max(smallest, std::min(target * 0.95f, maxHeight / 4 - gap));
    const float top = bottom - 4 * (keyH + gap);
    for (int r = 0; r < 3; ++r) {
        const std::string row = kRows[r];
        const float rowX = x0 + (width - static_cast<float>(row.size()) * (keyW + gap) + gap) * 0.5f;
        for (size_t k = 0; k < row.size(); ++k) {
            ImGui::SetCursorScreenPos(ImVec2(rowX + static_cast<float>(k) * (keyW + gap), top + static_cast<float>(r) * (keyH + gap)));
            const std::string name(1, row[k]);
            if (ui.button("letter." + name, name, ImVec2(keyW, keyH), ButtonStyle::tile)) f.want(letter.with(row[k] - 'a'));
        }
    }
    const float lastY = top + 3 * (keyH + gap);
    ImGui::SetCursorScreenPos(ImVec2(x0 + width - 2 * (keyW * 2 + gap) - gap, lastY));
    if (ui.button("keypad.clear", f.tr("keypad.clear"), ImVec2(keyW * 2 + gap, keyH), ButtonStyle::tile)) f.intents.push_back(clear);
    ImGui::SetCursorScreenPos(ImVec2(x0 + width - (keyW * 2 + gap), lastY));
    if (ui.button("keypad.delete", f.tr("keypad.delete"), ImVec2(keyW * 2 + gap, keyH), ButtonStyle::tile)) f.intents.push_back(erase);
    return top;
}

bool drawCandidates(Frame& f, ImVec2 pos, float width, const std::vector<std::string>& candidates, core::Intent pick) {
    Ui& ui = f.ui;
    const float em = ui.em(), gap = em * 0.3f, target = ui.metrics().target;
    float cx = pos.x;
    for (size_t i = 0; i < candidates.size(); ++i) {
        const float w = ui.measure(candidates[i], false) + em * 1.2f;
        if (cx + w > pos.x + width) break;
        ImGui::SetCursorScreenPos(ImVec2(cx, pos.y));
        if (ui.button("candidate." + std::to_string(i), candidates[i], ImVec2(w, target * 0.9f), ButtonStyle::primary))
            f.want(pick.with(static_cast<int>(i)));
        cx += w + gap;
    }
    return !candidates.empty();
}

namespace {
core::Intent formIntent(core::Intent first, core::FormEdit e) { return {first.service, first.kind + static_cast<int>(e), 0}; }
}  // namespace

void drawFormEntry(Frame& f, ImVec2 min, ImVec2 max, float top, const core::FormView& v, core::Intent first) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em(), pad = em * 0.8f, gap = em * 0.3f;
    const float target = ui.metrics().target;
    const float width = max.x - min.x - 2 * pad;
    // The fields, scrolling on the left; the input on the right (below them on a narrow screen, where the fields
    // get what the input leaves).
    using In = core::FormView::Input;
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
            f.want(formIntent(first, core::FormEdit::field).with(static_cast<int>(i)));
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
            if (!drawCandidates(f, ImVec2(inputX, inputTop), inputW, v.candidates, formIntent(first, core::FormEdit::candidate)))
                ui.text(f.tr(v.letters.empty() ? "presubmit.type_pinyin" : "presubmit.no_candidates"), false, p.mutedText, inputW);
        {
            // Letters for pinyin, and a row of digits above them (a house number, a time, an amount in the words).
            const float avail = max.y - pad * 0.3f - (inputTop + target * 0.9f + gap);
            const float rowH = std::max(std::min(target * 0.85f, avail / 5 - gap), std::min(target, core::scaleMinTarget(f.terminal.scale())));
            const float lettersTop =
                drawLetterKeyboard(f, inputX, inputW, max.y - pad * 0.3f, formIntent(first, core::FormEdit::letter),
                                   formIntent(first, core::FormEdit::key).with(core::kKeypadClear),
                                   formIntent(first, core::FormEdit::key).with(core::kKeypadDelete), avail - rowH - gap);
            const float rowY = lettersTop - rowH - gap;
            if (rowY >= inputTop + target * 0.9f) {
                const float keyW = (inputW - gap * 9) / 10;
                for (int d = 0; d < 10; ++d) {
                    const int digit = (d + 1) % 10;  // 1 … 9, 0 as on a keyboard
                    ImGui::SetCursorScreenPos(ImVec2(inputX + static_cast<float>(d) * (keyW + gap), rowY));
                    if (ui.button("digit." + std::to_string(digit), std::to_string(digit), ImVec2(keyW, rowH), ButtonStyle::tile))
                        f.want(formIntent(first, core::FormEdit::key).with(digit));
                }
            }
            break;
        }
        case In::digits:
        case In::date:
        case In::idNumber: {
            const float padW = std::min(inputW, em * 18);
            if (v.input == In::date) {
                ImGui::SetCursorScreenPos(ImVec2(inputX, inputTop));
                ui.textLine(f.tr("presubmit.date_how"), false, p.mutedText, inputW);
            }
            drawKeypad(f, ImVec2(inputX, inputTop + (v.input == In::date ? em * 1.6f : 0)), padW, formIntent(first, core::FormEdit::key),
                       v.input == In::idNumber);
            break;
        }
        case In::choice: {
            float y = inputTop;
            for (size_t i = 0; i < v.choices.size(); ++i) {
                ImGui::SetCursorScreenPos(ImVec2(inputX, y));
                if (ui.button("choice." + std::to_string(i), v.choices[i], ImVec2(inputW, target), ButtonStyle::tile))
                    f.want(formIntent(first, core::FormEdit::choice).with(static_cast<int>(i)));
                y += target + gap;
            }
            break;
        }
    }
}

void drawFormScreen(Frame& f, ImVec2 min, ImVec2 max, const core::FormView& v, const char* actionKey, core::Intent action,
                    const char* howKey, core::Intent first, const std::string& warning) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em(), pad = em * 0.8f, width = max.x - min.x - 2 * pad;
    float top = drawHeading(f, min, max, v.title, actionKey, action, true);
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, top - em * 0.3f));
    const bool warn = v.problems || !warning.empty();
    ui.textLine(!warning.empty() ? warning : f.tr(v.problems ? "presubmit.form_problems" : howKey), warn, warn ? p.warningText : p.mutedText,
                width);
    top = ImGui::GetCursorScreenPos().y + em * 0.4f;
    drawFormEntry(f, min, max, top, v, first);
}

void drawSignaturePad(Frame& f, ImVec2 a, ImVec2 b, const core::Signature* signature, bool signedEnough, core::Intent signAt) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em(), padW = b.x - a.x, padH = b.y - a.y;
    // White paper with a line to sign on; the strokes so far in ink.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(a, b, IM_COL32(255, 255, 255, 255), em * 0.3f);
    dl->AddRect(a, b, toImU32(signedEnough ? p.accent : p.mutedText), em * 0.3f, 0, std::max(1.0f, em * 0.1f));
    dl->AddLine(ImVec2(a.x + em, b.y - padH * 0.25f), ImVec2(b.x - em, b.y - padH * 0.25f), toImU32(p.mutedText, 0.5f));
    if (signature && signature->empty()) ui.textCentered(f.tr("presubmit.sign_here"), false, p.mutedText, a, ImVec2(b.x, b.y - padH * 0.3f));
    ImGui::SetCursorScreenPos(a);
    ImGui::InvisibleButton("signature_pad", ImVec2(padW, padH));
    if (ImGui::IsItemActive()) {
        const ImVec2 m = ImGui::GetIO().MousePos;
        const float sx = std::clamp((m.x - a.x) / padW, 0.0f, 1.0f), sy = std::clamp((m.y - a.y) / padH, 0.0f, 1.0f);
        const ImVec2 d = ImGui::GetIO().MouseDelta;
        if (ImGui::IsItemActivated() || d.x != 0 || d.y != 0) f.want(signAt.with(core::signValue(sx, sy, ImGui::IsItemActivated())));
    }
    if (signature)
        for (const auto& stroke : signature->strokes) {
            for (size_t i = 0; i + 1 < stroke.size(); ++i)
                dl->AddLine(ImVec2(a.x + stroke[i].x * padW, a.y + stroke[i].y * padH),
                            ImVec2(a.x + stroke[i + 1].x * padW, a.y + stroke[i + 1].y * padH), IM_COL32(20, 30, 60, 255),
                            std::max(2.0f, em * 0.15f));
            if (stroke.size() == 1)
                dl->AddCircleFilled(ImVec2(a.x + stroke[0].x * padW, a.y + stroke[0].y * padH), std::max(1.5f, em * 0.08f),
                                    IM_COL32(20, 30, 60, 255));
        }
}

}  // namespace ow::screens
