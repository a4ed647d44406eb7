// Widgets for a touch kiosk and the trace of what each frame shows.
#include "screens/ui.h"

#include <imgui_internal.h>

#include <cmath>

#include "kiosk/text_layout.h"
#include "kiosk/utf8.h"

namespace ow::screens {

ImU32 toImU32(core::Color c, float alpha) {
    return IM_COL32(c.r, c.g, c.b, static_cast<int>(std::lround(alpha * 255)));
}

void Ui::beginFrame(const core::ScaleMetrics& metrics) {
    metrics_ = metrics;
    trace_.clear();
    needsGlyphs_ = false;
}

void Ui::record(TraceItem item) {
    // What is on screen: the part inside the clip rect (a scrolled list, the screen's own area). An item clipped
    // away entirely is not seen and cannot be tapped, so it is left out.
    const ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 lo = dl->GetClipRectMin(), hi = dl->GetClipRectMax();
    item.visibleMin = ImVec2(std::max(item.min.x, lo.x), std::max(item.min.y, lo.y));
    item.visibleMax = ImVec2(std::min(item.max.x, hi.x), std::min(item.max.y, hi.y));
    if (item.visibleMin.x < item.visibleMax.x && item.visibleMin.y < item.visibleMax.y) trace_.push_back(std::move(item));
}

void Ui::need(std::string_view s, bool heading) {
    core::GlyphSet& set = *glyphs_[heading ? 1 : 0];
    set.add(s);
    if (set.hasNew()) needsGlyphs_ = true;
}

float Ui::measure(std::string_view s, bool heading) const {
    ImFont* f = heading ? fonts_.heading() : fonts_.body();
    std::vector<char32_t> cps;
    core::decodeUtf8(s, cps);
    float w = 0;
    for (char32_t c : cps) w += c < 0x10000 ? f->GetCharAdvance(static_cast<ImWchar>(c)) : f->FallbackAdvanceX;
    return w;
}

std::vector<std::string> Ui::wrap(std::string_view s, bool heading, float width) const {
    ImFont* f = heading ? fonts_.heading() : fonts_.body();
    return core::wrapText(s, width, [f](char32_t c) {
        return c < 0x10000 ? f->GetCharAdvance(static_cast<ImWchar>(c)) : f->FallbackAdvanceX;
    });
}

void Ui::drawLines(const std::vector<std::string>& lines, bool heading, core::Color color, ImVec2 pos,
                   float width, bool center) {
    ImFont* f = heading ? fonts_.heading() : fonts_.body();
    const float lineH = f->FontSize * 1.3f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (const auto& line : lines) {
        const float w = measure(line, heading);
        const ImVec2 p(center ? pos.x + (width - w) * 0.5f : pos.x, pos.y);
        dl->AddText(f, f->FontSize, ImVec2(std::floor(p.x), std::floor(p.y)), toImU32(color), line.c_str());
        record({"text", "", line, p, ImVec2(p.x + w, p.y + lineH), {}, {}});
        pos.y += lineH;
    }
}

void Ui::text(std::string_view s, bool heading, core::Color color, float wrapWidth) {
    need(s, heading);
    if (wrapWidth <= 0) wrapWidth = ImGui::GetContentRegionAvail().x;
    const auto lines = wrap(s, heading, wrapWidth);
    ImFont* f = heading ? fonts_.heading() : fonts_.body();
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    drawLines(lines, heading, color, pos, wrapWidth, false);
    ImGui::Dummy(ImVec2(wrapWidth, f->FontSize * 1.3f * static_cast<float>(std::max<size_t>(lines.size(), 1))));
}

void Ui::textLine(std::string_view s, bool heading, core::Color color, float maxWidth) {
    need(s, heading);
    need("…", heading);
    std::string line(s);
    if (measure(line, heading) > maxWidth) {
        std::vector<char32_t> cps;
        core::decodeUtf8(s, cps);
        const float ellipsis = measure("…", heading);
        std::string cut;
        for (char32_t c : cps) {
            std::string next = cut;
            core::appendUtf8(next, c);
            if (measure(next, heading) + ellipsis > maxWidth) break;
            cut = std::move(next);
        }
        line = cut + "…";
    }
    drawLines({line}, heading, color, ImGui::GetCursorScreenPos(), maxWidth, false);
    ImFont* f = heading ? fonts_.heading() : fonts_.body();
    ImGui::Dummy(ImVec2(std::max(maxWidth, 1.0f), f->FontSize * 1.3f));
}

void Ui::textCentered(std::string_view s, bool heading, core::Color color, ImVec2 min, ImVec2 max) {
    need(s, heading);
    ImFont* f = heading ? fonts_.heading() : fonts_.body();
    const float width = max.x - min.x;
    const auto lines = wrap(s, heading, width);
    const float h = f->FontSize * 1.3f * static_cast<float>(lines.size());
    drawLines(lines, heading, color, ImVec2(min.x, min.y + (max.y - min.y - h) * 0.5f + f->FontSize * 0.15f),
              width, true);
}

void Ui::bigText(std::string_view s, float scale, core::Color color, ImVec2 min, ImVec2 max) {
    need(s, true);
    ImFont* f = fonts_.heading();
    const float size = f->FontSize * scale, w = measure(s, true) * scale;
    const ImVec2 p(std::floor(min.x + (max.x - min.x - w) * 0.5f), std::floor(min.y + (max.y - min.y - size) * 0.5f));
    const std::string text(s);
    ImGui::GetWindowDrawList()->AddText(f, size, p, toImU32(color), text.c_str());
    record({"text", "", text, p, ImVec2(p.x + w, p.y + size), {}, {}});
}

namespace {
struct ButtonColors {
    core::Color fill, text;
};
ButtonColors colorsFor(ButtonStyle style) {
    const auto& p = core::palette();
    switch (style) {
        case ButtonStyle::tile: return {p.tile, p.tileText};
        case ButtonStyle::primary: return {p.accent, p.accentText};
        case ButtonStyle::bar: return {p.bar, p.barText};
        case ButtonStyle::barSelected: return {p.tile, p.tileText};
    }
    return {p.tile, p.tileText};
}
}  // namespace

Ui::Pressable Ui::pressable(std::string_view key, ImVec2 size) {
    ImGui::PushID(key.data(), key.data() + key.size());
    Pressable out;
    out.min = ImGui::GetCursorScreenPos();
    out.max = ImVec2(out.min.x + size.x, out.min.y + size.y);
    out.tapped = ImGui::InvisibleButton("press", size) && !dragging_;
    out.held = ImGui::IsItemActive();
    ImGui::PopID();
    return out;
}

bool Ui::button(std::string_view key, std::string_view label, ImVec2 size, ButtonStyle style) {
    const auto [min, max, tapped, held] = pressable(key, size);
    const ButtonColors c = colorsFor(style);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float rounding = em() * 0.3f;
    dl->AddRectFilled(min, max, toImU32(c.fill, held ? 0.85f : 1.0f), rounding);
    if (style == ButtonStyle::bar || style == ButtonStyle::barSelected)
        dl->AddRect(min, max, toImU32(core::palette().barText, 0.8f), rounding, 0, std::max(1.0f, em() * 0.06f));
    const size_t before = trace_.size();
    textCentered(label, false, c.text, ImVec2(min.x + em() * 0.3f, min.y), ImVec2(max.x - em() * 0.3f, max.y));
    trace_.resize(before);
    record({"button", std::string(key), std::string(label), min, max, {}, {}});
    return tapped;
}

void Ui::image(std::string_view key, void* texture, ImVec2 min, ImVec2 max) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddImage(texture, min, max);
    dl->AddRect(min, max, toImU32(core::palette().mutedText, 0.6f));
    record({"image", std::string(key), "", min, max, {}, {}});
}

bool Ui::tile(std::string_view key, std::string_view title, std::string_view desc, ImVec2 size) {
    const auto [min, max, tapped, held] = pressable(key, size);
    const auto& p = core::palette();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float rounding = em() * 0.4f;
    dl->AddRectFilled(ImVec2(min.x + 3, min.y + 4), ImVec2(max.x + 3, max.y + 4), IM_COL32(0, 0, 0, 28), rounding);
    dl->AddRectFilled(min, max, toImU32(held ? p.background : p.tile), rounding);
    dl->AddRectFilled(min, ImVec2(min.x + em() * 0.35f, max.y), toImU32(p.accent), rounding,
                      ImDrawFlags_RoundCornersLeft);
    need(title, true);
    need(desc, false);
    const float pad = em() * 0.8f;
    const float inner = size.x - 2 * pad;
    const auto titleLines = wrap(title, true, inner);
    const auto descLines = wrap(desc, false, inner);
    const float titleH = fonts_.heading()->FontSize * 1.3f * static_cast<float>(titleLines.size());
    const float descH = fonts_.body()->FontSize * 1.3f * static_cast<float>(descLines.size());
    // Centred as if every description took two lines, so titles line up across a row of tiles.
    const float blockH = titleH + em() * 0.3f + std::max(descH, fonts_.body()->FontSize * 1.3f * 2);
    const float top = min.y + std::max(pad * 0.5f, (size.y - blockH) * 0.5f);
    const size_t before = trace_.size();
    drawLines(titleLines, true, p.tileText, ImVec2(min.x + pad, top), inner, false);
    drawLines(descLines, false, p.mutedText, ImVec2(min.x + pad, top + titleH + em() * 0.3f), inner, false);
    std::string label(title);
    trace_.resize(before);
    record({"button", std::string(key), label, min, max, {}, {}});
    for (const auto& l : descLines) record({"text", "", l, min, max, {}, {}});
    return tapped;
}

void Ui::dragScroll() {
    ImGuiIO& io = ImGui::GetIO();
    if (!io.MouseDown[0]) {
        dragging_ = false;
        return;
    }
    if (!ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem | ImGuiHoveredFlags_ChildWindows))
        return;
    if (!dragging_ && std::fabs(io.MouseDragMaxDistanceSqr[0]) > em() * em() * 0.25f) {
        dragging_ = true;
        ImGui::ClearActiveID();  // the finger is scrolling, not pressing the button it started on
    }
    if (dragging_) ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
}

}  // namespace ow::screens
