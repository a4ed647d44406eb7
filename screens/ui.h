// Widgets for a touch kiosk (big buttons, wrapped CJK text) and the trace of what each frame shows.
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

#include "kiosk/appearance.h"
#include "kiosk/glyph_set.h"
#include "screens/font_atlas.h"

namespace ow::screens {

/** One thing drawn this frame: what a person sees, where. Written next to screenshots; used by script taps. */
struct TraceItem {
    std::string kind;  // "text", "button", "image", or "notice" (a notice's band; its words are text items in it)
    std::string key;   // UI string key of a button ("" for free text)
    std::string text;
    ImVec2 min, max;                // the whole of it (a button's size)
    ImVec2 visibleMin, visibleMax;  // the part on screen, inside the clip rect (where a tap lands)
};

ImU32 toImU32(core::Color c, float alpha = 1.0f);

enum class ButtonStyle { tile, primary, bar, barSelected };

/** Per-frame drawing context over the font atlas; every text drawn passes through its glyph set. */
class Ui {
public:
    Ui(FontAtlas& fonts, core::GlyphSet& body, core::GlyphSet& heading) : fonts_(fonts), glyphs_{&body, &heading} {}

    void beginFrame(const core::ScaleMetrics& metrics);
    float em() const { return metrics_.em; }
    const core::ScaleMetrics& metrics() const { return metrics_; }

    /** Wrapped text at the cursor; advances the cursor. */
    void text(std::string_view s, bool heading, core::Color color, float wrapWidth = 0);
    /** One line at the cursor, cut with "…" when wider than maxWidth. */
    void textLine(std::string_view s, bool heading, core::Color color, float maxWidth);
    /** Text centred in [min, max] (single line, or wrapped when wider). */
    void textCentered(std::string_view s, bool heading, core::Color color, ImVec2 min, ImVec2 max);
    /** One short line (a queue number) in the heading font at `scale` times its size, centred in [min, max]. */
    void bigText(std::string_view s, float scale, core::Color color, ImVec2 min, ImVec2 max);
    /** A button of the given size at the cursor; returns true when tapped. */
    bool button(std::string_view key, std::string_view label, ImVec2 size, ButtonStyle style);
    /** A service tile: title and a line of description. */
    bool tile(std::string_view key, std::string_view title, std::string_view desc, ImVec2 size);
    /** A picture (a texture) in [min, max] with a thin frame, recorded in the trace as kind "image". */
    void image(std::string_view key, void* texture, ImVec2 min, ImVec2 max);
    /** Records a region drawn by hand (kind "notice": a notice's band) in the trace, for the tests that read it. */
    void mark(std::string_view kind, std::string_view text, ImVec2 min, ImVec2 max) {
        record({std::string(kind), "", std::string(text), min, max, {}, {}});
    }
    /** Touch drag scrolls the current window; a drag never becomes a tap. */
    void dragScroll();

    /** Text width at a font, for layout. */
    float measure(std::string_view s, bool heading) const;
    std::vector<std::string> wrap(std::string_view s, bool heading, float width) const;

    const std::vector<TraceItem>& trace() const { return trace_; }
    /** True when this frame met characters the atlas did not hold yet: grow the atlas and draw again. */
    bool needsGlyphs() const { return needsGlyphs_; }

private:
    /** An invisible touch target at the cursor: where it is, whether it was tapped (not dragged), held. */
    struct Pressable {
        ImVec2 min, max;
        bool tapped = false, held = false;
    };
    Pressable pressable(std::string_view key, ImVec2 size);
    void need(std::string_view s, bool heading);
    void drawLines(const std::vector<std::string>& lines, bool heading, core::Color color, ImVec2 pos, float width,
                   bool center);
    FontAtlas& fonts_;
    core::GlyphSet* glyphs_[2];  // body, heading
    core::ScaleMetrics metrics_{};
    void record(TraceItem item);
    std::vector<TraceItem> trace_;
    bool needsGlyphs_ = false;
    bool dragging_ = false;
};

}  // namespace ow::screens
