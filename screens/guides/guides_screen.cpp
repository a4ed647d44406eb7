// Guides: the catalogue by its four themes (tabs), each matter a large button with its department and limit.
#include <imgui.h>

#include "screens/guides/guides_screens.h"

namespace ow::screens {

namespace {

// Search: the text so far, the engine's candidates, what it finds, and a letter keyboard at the bottom.
void drawSearch(Frame& f, const core::guides::GuidesView& v, ImVec2 min, ImVec2 max) {
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
        f.want(core::guides::Kind::closeSearch);
    float y = fmax.y + gap;
    // Candidates for the letters: tap one to put it into the search text.
    drawCandidates(f, ImVec2(x0, y), width, v.candidates, core::Intent::of(core::guides::Kind::pickCandidate));
    if (v.candidates.empty()) {
        ImGui::SetCursorScreenPos(ImVec2(x0, y + em * 0.2f));
        ui.textLine(f.tr(shown.empty() ? "guides.search_how" : v.matters.empty() ? "guides.search_none" : "guides.search_found"),
                    false, p.mutedText, width);
    }
    y += target * 0.9f + gap;
    // The keyboard: three rows of letters, then delete and clear.
    const float kbTop = drawLetterKeyboard(f, x0, width, max.y - pad * 0.3f, core::Intent::of(core::guides::Kind::typeLetter),
                                           core::Intent::of(core::guides::Kind::searchClear),
                                           core::Intent::of(core::guides::Kind::searchDelete));
    drawMatterTiles(f, v.matters, min, max, y, kbTop - gap, "matter.", core::Intent::of(core::guides::Kind::openMatter));
}

}  // namespace

void drawGuides(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em();
    const core::guides::GuidesView v = f.service<core::guides::Guides>().guidesView(f.terminal);
    if (v.searching) return drawSearch(f, v, min, max);
    const float pad = em * 0.8f;
    const float width = max.x - min.x - 2 * pad;
    const float gap = em * 0.4f, target = ui.metrics().target;
    const float searchW = std::min(em * 9, width * 0.3f);
    ImGui::SetCursorScreenPos(ImVec2(max.x - pad - searchW, min.y + pad * 0.5f));
    if (ui.button("guides.search", f.tr("guides.search"), ImVec2(searchW, target), ButtonStyle::primary))
        f.want(core::guides::Kind::openSearch);
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
            f.want(core::guides::Kind::selectTheme, static_cast<int>(t));
    }
    const int tabRows = (static_cast<int>(std::size(core::kThemes)) + perRow - 1) / perRow;
    drawMatterTiles(f, v.matters, min, max, y + static_cast<float>(tabRows) * (target + gap) + em * 0.3f, max.y, "matter.",
                    core::Intent::of(core::guides::Kind::openMatter));
}

}  // namespace ow::screens
