// The screen's keyboards, shared by every screen that takes typing: the digit keypad, the pinyin letters and
// the row of the engine's candidates.
#include <imgui.h>

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

}  // namespace ow::screens
