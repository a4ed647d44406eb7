// The screen's keyboards, shared by every screen that takes typing: the digit keypad, the pinyin letters and
// the row of the engine's candidates.
#include <imgui.h>

#include "screens/frame.h"

namespace ow::screens {

float drawKeypad(Frame& f, ImVec2 pos, float width, core::Intent::Kind kind, bool withX) {
    Ui& ui = f.ui;
    const float gap = ui.em() * 0.3f, target = ui.metrics().target;
    const float keyW = (width - 2 * gap) / 3;
    static const char* const kDigitKeys[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9"};
    const int keys = withX ? 15 : 12;
    for (int k = 0; k < keys; ++k) {
        const int r = k / 3, c = k % 3;
        ImGui::SetCursorScreenPos(ImVec2(pos.x + static_cast<float>(c) * (keyW + gap), pos.y + static_cast<float>(r) * (target + gap)));
        const ImVec2 size(keyW, target);
        if (k < 9) {
            if (ui.button(std::string("digit.") + kDigitKeys[k], kDigitKeys[k], size, ButtonStyle::tile)) f.want(kind, k + 1);
        } else if (k == 9) {
            if (ui.button("keypad.clear", f.tr("keypad.clear"), size, ButtonStyle::tile)) f.want(kind, core::kKeypadClear);
        } else if (k == 10) {
            if (ui.button("digit.0", "0", size, ButtonStyle::tile)) f.want(kind, 0);
        } else if (k == 11) {
            if (ui.button("keypad.delete", f.tr("keypad.delete"), size, ButtonStyle::tile)) f.want(kind, core::kKeypadDelete);
        } else if (k == 13) {  // the X of an ID number's check character, alone on the last row
            if (ui.button("digit.X", "X", size, ButtonStyle::tile)) f.want(kind, core::kFormX);
        }
    }
    return pos.y + static_cast<float>(keys / 3) * (target + gap);
}

float drawLetterKeyboard(Frame& f, float x0, float width, float bottom, core::Intent::Kind letter, core::Intent clear,
                         core::Intent erase) {
    Ui& ui = f.ui;
    const float gap = ui.em() * 0.3f, target = ui.metrics().target;
    static const char* const kRows[] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
    const float keyW = (width - gap * 9) / 10, keyH = target * 0.95f;
    const float top = bottom - 4 * (keyH + gap);
    for (int r = 0; r < 3; ++r) {
        const std::string row = kRows[r];
        const float rowX = x0 + (width - static_cast<float>(row.size()) * (keyW + gap) + gap) * 0.5f;
        for (size_t k = 0; k < row.size(); ++k) {
            ImGui::SetCursorScreenPos(ImVec2(rowX + static_cast<float>(k) * (keyW + gap), top + static_cast<float>(r) * (keyH + gap)));
            const std::string name(1, row[k]);
            if (ui.button("letter." + name, name, ImVec2(keyW, keyH), ButtonStyle::tile)) f.want(letter, row[k] - 'a');
        }
    }
    const float lastY = top + 3 * (keyH + gap);
    ImGui::SetCursorScreenPos(ImVec2(x0 + width - 2 * (keyW * 2 + gap) - gap, lastY));
    if (ui.button("keypad.clear", f.tr("keypad.clear"), ImVec2(keyW * 2 + gap, keyH), ButtonStyle::tile)) f.intents.push_back(clear);
    ImGui::SetCursorScreenPos(ImVec2(x0 + width - (keyW * 2 + gap), lastY));
    if (ui.button("keypad.delete", f.tr("keypad.delete"), ImVec2(keyW * 2 + gap, keyH), ButtonStyle::tile)) f.intents.push_back(erase);
    return top;
}

bool drawCandidates(Frame& f, ImVec2 pos, float width, const std::vector<std::string>& candidates, core::Intent::Kind pick) {
    Ui& ui = f.ui;
    const float em = ui.em(), gap = em * 0.3f, target = ui.metrics().target;
    float cx = pos.x;
    for (size_t i = 0; i < candidates.size(); ++i) {
        const float w = ui.measure(candidates[i], false) + em * 1.2f;
        if (cx + w > pos.x + width) break;
        ImGui::SetCursorScreenPos(ImVec2(cx, pos.y));
        if (ui.button("candidate." + std::to_string(i), candidates[i], ImVec2(w, target * 0.9f), ButtonStyle::primary))
            f.want(pick, static_cast<int>(i));
        cx += w + gap;
    }
    return !candidates.empty();
}

}  // namespace ow::screens
