// Guides: the catalogue by its four themes (tabs), each matter a large button with its department and limit.
#include <imgui.h>

#include "screens/frame.h"

namespace ow::screens {

namespace {

// The matters found or listed, as tiles in one or two columns, in a scrolling child from `top` to `bottom`.
void drawMatterList(Frame& f, const core::GuidesView& v, ImVec2 min, ImVec2 max, float top, float bottom) {
    Ui& ui = f.ui;
    const float em = ui.em(), pad = em * 0.8f, gap = em * 0.4f;
    const float width = max.x - min.x - 2 * pad;
    ImGui::SetCursorScreenPos(ImVec2(min.x, top));
    ImGui::BeginChild("matters", ImVec2(max.x - min.x, bottom - top), false, ImGuiWindowFlags_NoScrollbar);
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

// Search: the text so far, the engine's candidates, what it finds, and a letter keyboard at the bottom.
void drawSearch(Frame& f, const core::GuidesView& v, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em(), pad = em * 0.8f, gap = em * 0.3f;
    const float width = max.x - min.x - 2 * pad;
    const float target = ui.metrics().target;
    const float x0 = min.x + pad;
    // The search field, with "browse by theme" beside it.
    const float closeW = std::min(em * 9, width * 0.3f);
    ImGui::SetCursorScreenPos(ImVec2(x0, min.y + pad * 0.5f));
    const std::string shown = v.query + v.letters;
    const std::string field = shown.empty() ? f.tr("guides.search_hint") : shown;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 fmin(x0, min.y + pad * 0.5f), fmax(x0 + width - closeW - gap, fmin.y + target);
    dl->AddRectFilled(fmin, fmax, toImU32(p.tile), em * 0.3f);
    dl->AddRect(fmin, fmax, toImU32(p.accent), em * 0.3f, 0, std::max(1.0f, em * 0.08f));
    ImGui::SetCursorScreenPos(ImVec2(fmin.x + em * 0.6f, fmin.y + (target - em * 1.3f) * 0.5f));
    ui.textLine(field, false, shown.empty() ? p.mutedText : p.text, fmax.x - fmin.x - em * 1.2f);
    ImGui::SetCursorScreenPos(ImVec2(fmax.x + gap, fmin.y));
    if (ui.button("guides.browse", f.tr("guides.browse"), ImVec2(closeW, target), ButtonStyle::tile))
        f.want(core::Intent::Kind::closeSearch);
    float y = fmax.y + gap;
    // Candidates for the letters: tap one to put it into the search text.
    float cx = x0;
    for (size_t i = 0; i < v.candidates.size(); ++i) {
        const float w = ui.measure(v.candidates[i], false) + em * 1.2f;
        if (cx + w > x0 + width) break;
        ImGui::SetCursorScreenPos(ImVec2(cx, y));
        if (ui.button("candidate." + std::to_string(i), v.candidates[i], ImVec2(w, target * 0.9f), ButtonStyle::primary))
            f.want(core::Intent::Kind::pickCandidate, static_cast<int>(i));
        cx += w + gap;
    }
    if (v.candidates.empty()) {
        ImGui::SetCursorScreenPos(ImVec2(x0, y + em * 0.2f));
        ui.textLine(f.tr(shown.empty() ? "guides.search_how" : v.matters.empty() ? "guides.search_none" : "guides.search_found"),
                    false, p.mutedText, width);
    }
    y += target * 0.9f + gap;
    // The keyboard: three rows of letters, then delete and clear.
    static const char* const kRows[] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
    const float keyW = (width - gap * 9) / 10, keyH = target * 0.95f;
    const float kbTop = max.y - 4 * (keyH + gap) - pad * 0.3f;
    for (int r = 0; r < 3; ++r) {
        const std::string row = kRows[r];
        const float rowX = x0 + (width - static_cast<float>(row.size()) * (keyW + gap) + gap) * 0.5f;
        for (size_t k = 0; k < row.size(); ++k) {
            ImGui::SetCursorScreenPos(ImVec2(rowX + static_cast<float>(k) * (keyW + gap), kbTop + static_cast<float>(r) * (keyH + gap)));
            const std::string letter(1, row[k]);
            if (ui.button("letter." + letter, letter, ImVec2(keyW, keyH), ButtonStyle::tile))
                f.want(core::Intent::Kind::typeLetter, row[k] - 'a');
        }
    }
    const float lastY = kbTop + 3 * (keyH + gap);
    ImGui::SetCursorScreenPos(ImVec2(x0 + width - 2 * (keyW * 2 + gap) - gap, lastY));
    if (ui.button("keypad.clear", f.tr("keypad.clear"), ImVec2(keyW * 2 + gap, keyH), ButtonStyle::tile))
        f.want(core::Intent::Kind::searchClear);
    ImGui::SetCursorScreenPos(ImVec2(x0 + width - (keyW * 2 + gap), lastY));
    if (ui.button("keypad.delete", f.tr("keypad.delete"), ImVec2(keyW * 2 + gap, keyH), ButtonStyle::tile))
        f.want(core::Intent::Kind::searchDelete);
    drawMatterList(f, v, min, max, y, kbTop - gap);
}

}  // namespace

void drawGuides(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em();
    const core::GuidesView v = f.terminal.guidesView();
    if (v.searching) return drawSearch(f, v, min, max);
    const float pad = em * 0.8f;
    const float width = max.x - min.x - 2 * pad;
    const float gap = em * 0.4f, target = ui.metrics().target;
    const float searchW = std::min(em * 9, width * 0.3f);
    ImGui::SetCursorScreenPos(ImVec2(max.x - pad - searchW, min.y + pad * 0.5f));
    if (ui.button("guides.search", f.tr("guides.search"), ImVec2(searchW, target), ButtonStyle::primary))
        f.want(core::Intent::Kind::openSearch);
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, min.y + pad * 0.6f));
    ui.text(f.tr("guides.choose"), true, p.text, width - searchW - em);
    // The themes, one row of tabs (two rows when the text is large).
    const int perRow = width > em * 36 ? 4 : 2;
    const float tabW = (width - gap * static_cast<float>(perRow - 1)) / static_cast<float>(perRow);
    float y = std::max(ImGui::GetCursorScreenPos().y, min.y + pad * 0.5f + target) + em * 0.3f;
    for (size_t i = 0; i < std::size(core::kThemes); ++i) {
        const core::Theme t = core::kThemes[i];
        const std::string key = std::string("theme.") + core::themeCode(t);
        ImGui::SetCursorScreenPos(ImVec2(min.x + pad + static_cast<float>(static_cast<int>(i) % perRow) * (tabW + gap),
                                         y + static_cast<float>(static_cast<int>(i) / perRow) * (target + gap)));
        if (ui.button(key, f.tr(key), ImVec2(tabW, target), t == v.theme ? ButtonStyle::primary : ButtonStyle::tile))
            f.want(core::Intent::Kind::selectTheme, static_cast<int>(t));
    }
    const int tabRows = (static_cast<int>(std::size(core::kThemes)) + perRow - 1) / perRow;
    drawMatterList(f, v, min, max, y + static_cast<float>(tabRows) * (target + gap) + em * 0.3f, max.y);
}

}  // namespace ow::screens
