// Home: the service tiles, laid out in as many columns as the text scale allows.
#include <imgui.h>

#include "screens/shell/shell_screens.h"

namespace ow::screens {

void drawHome(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em();
    const core::HomeView v = f.terminal.homeView(f.wall);
    const float pad = em * 0.8f;

    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, min.y + pad * 0.6f));
    if (!v.greeting.empty()) ui.text(v.greeting, false, p.mutedText, max.x - min.x - 2 * pad);
    // 60 and over: the green channel, and large text offered once (a tap away, never forced).
    if (!v.greenChannel.empty()) {
        const float bx = min.x + pad, bw = max.x - min.x - 2 * pad;
        const float by = ImGui::GetCursorScreenPos().y + em * 0.3f;
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->ChannelsSplit(2);
        dl->ChannelsSetCurrent(1);
        ImGui::SetCursorScreenPos(ImVec2(bx + em * 0.6f, by + em * 0.4f));
        const float buttonsW = v.offerElderlyScale ? em * 15 : 0;
        ui.text(v.greenChannel, false, p.warningText, bw - buttonsW - em * 1.2f);
        float bottom = ImGui::GetCursorScreenPos().y + em * 0.3f;
        if (v.offerElderlyScale) {
            const float h = ui.metrics().target;
            ImGui::SetCursorScreenPos(ImVec2(bx + bw - buttonsW, by + em * 0.3f));
            if (ui.button("home.use_elderly", f.tr("home.use_elderly"), ImVec2(em * 9.5f, h), ButtonStyle::primary))
                f.want(core::ShellKind::setScale, static_cast<int>(core::TextScale::elderly));
            ImGui::SetCursorScreenPos(ImVec2(bx + bw - em * 5.2f, by + em * 0.3f));
            if (ui.button("home.no_thanks", f.tr("home.no_thanks"), ImVec2(em * 4.9f, h), ButtonStyle::tile))
                f.want(core::ShellKind::dismissOffer);
            bottom = std::max(bottom, by + em * 0.6f + h);
        }
        dl->ChannelsSetCurrent(0);
        dl->AddRectFilled(ImVec2(bx, by), ImVec2(bx + bw, bottom), toImU32(p.warning), em * 0.3f);
        dl->ChannelsMerge();
        ImGui::SetCursorScreenPos(ImVec2(bx, bottom + em * 0.2f));
    }
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, ImGui::GetCursorScreenPos().y));
    ui.text(f.tr("home.title"), true, p.text, max.x - min.x - 2 * pad);
    const float top = ImGui::GetCursorScreenPos().y + em * 0.3f;

    // Scrolling region for the tiles: a column needs about 11 em, so elderly scale gets fewer, larger tiles.
    ImGui::SetCursorScreenPos(ImVec2(min.x, top));
    ImGui::BeginChild("tiles", ImVec2(max.x - min.x, max.y - top), false, ImGuiWindowFlags_NoScrollbar);
    const float width = max.x - min.x - 2 * pad;
    const int cols = std::clamp(static_cast<int>(width / (em * 11)), 2, 4);
    const float gap = em * 0.6f;
    const float tileW = (width - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    const int rows = (static_cast<int>(v.tiles.size()) + cols - 1) / cols;
    const float fitH = (max.y - top - pad - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows);
    const float tileH = std::max(fitH, ui.metrics().heading * 1.3f + em * 3.2f);
    float lastBottom = 0;
    for (size_t i = 0; i < v.tiles.size(); ++i) {
        const int c = static_cast<int>(i) % cols, r = static_cast<int>(i) / cols;
        ImGui::SetCursorPos(ImVec2(pad + static_cast<float>(c) * (tileW + gap), static_cast<float>(r) * (tileH + gap)));
        const auto& t = v.tiles[i];
        if (ui.tile(t.titleKey, f.tr(t.titleKey), f.tr(t.descKey), ImVec2(tileW, tileH)))
            f.want(core::Intent::open(t.service));
        lastBottom = ImGui::GetItemRectMax().y;
    }
    ImGui::Dummy(ImVec2(1, pad));
    ui.dragScroll();

    // More tiles below: say so, with a hint big enough that a first-time user tries a swipe.
    if (lastBottom > max.y + 1) {
        const auto& pal = core::palette();
        const std::string& hint = f.tr("home.more");
        const ImVec2 size(ui.measure(hint, false) + em * 2, em * 1.8f);
        const ImVec2 at((min.x + max.x - size.x) * 0.5f, max.y - size.y - em * 0.4f);
        ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + size.x, at.y + size.y), toImU32(pal.bar),
                                                  size.y * 0.5f);
        ui.textCentered(hint, false, pal.barText, at, ImVec2(at.x + size.x, at.y + size.y));
    }
    ImGui::EndChild();
}

}  // namespace ow::screens
