// Guides: the catalogue by its four themes (tabs), each matter a large button with its department and limit.
#include <imgui.h>

#include "screens/frame.h"

namespace ow::screens {

void drawGuides(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em();
    const core::GuidesView v = f.terminal.guidesView();
    const float pad = em * 0.8f;
    const float width = max.x - min.x - 2 * pad;
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, min.y + pad * 0.6f));
    ui.text(f.tr("guides.choose"), true, p.text, width);
    // The themes, one row of tabs (two rows when the text is large).
    const float gap = em * 0.4f, target = ui.metrics().target;
    const int perRow = width > em * 36 ? 4 : 2;
    const float tabW = (width - gap * static_cast<float>(perRow - 1)) / static_cast<float>(perRow);
    float y = ImGui::GetCursorScreenPos().y + em * 0.3f;
    for (size_t i = 0; i < std::size(core::kThemes); ++i) {
        const core::Theme t = core::kThemes[i];
        const std::string key = std::string("theme.") + core::themeCode(t);
        ImGui::SetCursorScreenPos(ImVec2(min.x + pad + static_cast<float>(static_cast<int>(i) % perRow) * (tabW + gap),
                                         y + static_cast<float>(static_cast<int>(i) / perRow) * (target + gap)));
        if (ui.button(key, f.tr(key), ImVec2(tabW, target), t == v.theme ? ButtonStyle::primary : ButtonStyle::tile))
            f.want(core::Intent::Kind::selectTheme, static_cast<int>(t));
    }
    const int tabRows = (static_cast<int>(std::size(core::kThemes)) + perRow - 1) / perRow;
    const float top = y + static_cast<float>(tabRows) * (target + gap) + em * 0.3f;
    ImGui::SetCursorScreenPos(ImVec2(min.x, top));
    ImGui::BeginChild("matters", ImVec2(max.x - min.x, max.y - top), false, ImGuiWindowFlags_NoScrollbar);
    const float cols = width > em * 36 ? 2 : 1;
    const float itemW = (width - gap * (cols - 1)) / cols;
    const float itemH = ui.metrics().heading * 1.4f + em * 2.6f;
    for (size_t i = 0; i < v.matters.size(); ++i) {
        const auto& m = v.matters[i];
        const int c = static_cast<int>(i) % static_cast<int>(cols), r = static_cast<int>(i) / static_cast<int>(cols);
        ImGui::SetCursorPos(ImVec2(pad + static_cast<float>(c) * (itemW + gap), static_cast<float>(r) * (itemH + gap)));
        if (ui.tile("matter." + std::to_string(m.index), m.name, m.department + " · " + m.limit, ImVec2(itemW, itemH)))
            f.want(core::Intent::Kind::openMatter, m.index);
    }
    ImGui::Dummy(ImVec2(1, pad));
    ui.dragScroll();
    ImGui::EndChild();
}

}  // namespace ow::screens
