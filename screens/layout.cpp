// Layout pieces several screens share: a screen's title with its one action at the top right, a body that
// scrolls by touch when it is longer than the screen, a list of matters as tiles, and a page of plain words.
#include <imgui.h>

#include "screens/frame.h"

namespace ow::screens {

float drawHeading(Frame& f, ImVec2 min, ImVec2 max, const std::string& title, const char* actionKey, core::Intent action,
                  bool oneLine) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em(), pad = em * 0.8f, target = ui.metrics().target;
    const float width = max.x - min.x - 2 * pad;
    const float actionW = actionKey ? std::min(em * 10, width * 0.32f) : 0;
    if (actionKey) {
        ImGui::SetCursorScreenPos(ImVec2(max.x - pad - actionW, min.y + pad * 0.5f));
        if (ui.button(actionKey, f.tr(actionKey), ImVec2(actionW, target), ButtonStyle::primary)) f.intents.push_back(action);
    }
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, min.y + pad * 0.6f));
    if (oneLine) ui.textLine(title, true, p.text, width - actionW - em);
    else ui.text(title, true, p.text, width - actionW - em);
    return std::max(ImGui::GetCursorScreenPos().y, min.y + pad * 0.5f + target) + em * 0.3f;
}

float beginBody(Frame& f, ImVec2 min, ImVec2 max, float top, const char* id) {
    ImGui::SetCursorScreenPos(ImVec2(min.x, top));
    ImGui::BeginChild(id, ImVec2(max.x - min.x, max.y - top), false, ImGuiWindowFlags_NoScrollbar);
    const float x = ImGui::GetCursorScreenPos().x + f.ui.em() * 0.8f;
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y));
    return x;
}

void endBody(Frame& f) {
    ImGui::Dummy(ImVec2(1, f.ui.em()));
    f.ui.dragScroll();
    ImGui::EndChild();
}

void drawMatterTiles(Frame& f, const std::vector<core::MatterItem>& matters, ImVec2 min, ImVec2 max, float top,
                     float bottom, const char* keyPrefix, core::Intent tapped) {
    Ui& ui = f.ui;
    const float em = ui.em(), pad = em * 0.8f, gap = em * 0.4f;
    const float width = max.x - min.x - 2 * pad;
    ImGui::SetCursorScreenPos(ImVec2(min.x, top));
    ImGui::BeginChild(keyPrefix, ImVec2(max.x - min.x, bottom - top), false, ImGuiWindowFlags_NoScrollbar);
    const int cols = width > em * 36 ? 2 : 1;
    const float itemW = (width - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    const float itemH = ui.metrics().heading * 1.4f + em * 2.6f;
    for (size_t i = 0; i < matters.size(); ++i) {
        const auto& m = matters[i];
        const int c = static_cast<int>(i) % cols, r = static_cast<int>(i) / cols;
        ImGui::SetCursorPos(ImVec2(pad + static_cast<float>(c) * (itemW + gap), static_cast<float>(r) * (itemH + gap)));
        if (ui.tile(keyPrefix + std::to_string(m.index), m.name, m.department + " · " + m.limit, ImVec2(itemW, itemH)))
            f.want(tapped.with(m.index));
    }
    ImGui::Dummy(ImVec2(1, pad));
    ui.dragScroll();
    ImGui::EndChild();
}

float drawCardPrompt(Frame& f, ImVec2 min, ImVec2 max, const std::string& title, const std::string& prompt,
                     const std::vector<std::string>& lines) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em(), pad = em * 0.8f, width = max.x - min.x - 2 * pad;
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, min.y + pad * 0.6f));
    ui.text(title, true, p.text, width);
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, ImGui::GetCursorScreenPos().y + em));
    ui.text(prompt, true, p.tileText, width);
    for (size_t i = 0; i < lines.size(); ++i) {
        ImGui::SetCursorScreenPos(ImVec2(min.x + pad, ImGui::GetCursorScreenPos().y + em * (i == 0 ? 0.5f : 0.8f)));
        ui.text(lines[i], false, i == 0 ? p.mutedText : p.text, width);
    }
    return ImGui::GetCursorScreenPos().y;
}

void drawPlainPage(Frame& f, ImVec2 min, ImVec2 max, const std::string& title, const std::vector<std::string>& lines) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em();
    const float width = std::min(max.x - min.x - 2 * em, em * 36);
    const float x = min.x + (max.x - min.x - width) * 0.5f;
    ImGui::SetCursorScreenPos(ImVec2(x, min.y + em * 1.5f));
    ui.text(title, true, p.text, width);
    float gap = em * 0.8f;
    for (const auto& line : lines) {
        if (line.empty()) continue;
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + gap));
        ui.text(line, false, p.text, width);
        gap = em * 0.5f;
    }
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 1.2f));
    ImGui::PushID("screen");  // the bottom bar has a Home button too
    if (ui.button("nav.home", f.tr("nav.home"), ImVec2(std::min(width, em * 12), ui.metrics().target * 1.2f),
                  ButtonStyle::primary))
        f.want(core::ShellKind::home);
    ImGui::PopID();
}

}  // namespace ow::screens
