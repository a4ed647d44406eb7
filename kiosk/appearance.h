// Text scales and the colour palette: sizes in em so one number scales the whole layout (适老化).
#pragma once

#include <cstdint>
#include <string_view>

namespace ow::core {

/** The three text scales offered on every screen. */
enum class TextScale { standard, large, elderly };
constexpr TextScale kTextScales[] = {TextScale::standard, TextScale::large, TextScale::elderly};
const char* scaleCode(TextScale scale);  // "standard", "large", "elderly"
bool parseScale(std::string_view code, TextScale& out);

/**
 * Font sizes are line heights (ascender + descender), as the font builder requests them; the face's em
 * (what "18 pt" measures) is smaller by this ratio. Noto Sans CJK: ascender 1.160 + descender 0.288 em.
 */
constexpr float kLineHeightPerEm = 1.448f;

/** Pixel sizes for one scale on a screen of a given height. */
struct ScaleMetrics {
    float em;         // body font size in px (line height); layout unit
    float heading;    // heading font size in px (line height)
    float target;     // minimum height of a main touch target in px

    /** Type size in points at the 96 dpi reference (1 pt = 4/3 px). */
    float bodyPt() const { return em / kLineHeightPerEm * 0.75f; }
    float headingPt() const { return heading / kLineHeightPerEm * 0.75f; }
};

/**
 * Sizes follow the screen height so a layout looks the same on a 1280×800 and a 1920×1080 panel.
 * Elderly scale honours the MIIT 2021 elderly-friendly rules at the 96 dpi reference (1 dp = 1 px):
 * body ≥ 18 pt, headings ≥ 30 pt, main targets ≥ 60 dp.
 */
ScaleMetrics scaleMetrics(TextScale scale, int screenHeightPx);
/** The smallest a touch target may be at a scale, in px: 60 at elderly scale (60 dp), 44 otherwise. */
float scaleMinTarget(TextScale scale);

/** An sRGB colour. */
struct Color {
    uint8_t r, g, b;
};

/** The palette; every text/background pair in it meets WCAG AA contrast (≥ 4.5:1). */
struct Palette {
    Color background;       // screen background
    Color text;             // body text on background
    Color mutedText;        // secondary text on background
    Color bar;              // top and bottom bars
    Color barText;          // text on bars
    Color tile;             // service tiles and buttons
    Color tileText;         // text on tiles
    Color accent;           // primary action buttons
    Color accentText;       // text on primary action buttons
    Color warning;          // countdown panel
    Color warningText;      // text on the countdown panel
};
const Palette& palette();

/** WCAG 2.x contrast ratio between two colours (1 to 21). */
double contrastRatio(Color a, Color b);

}  // namespace ow::core
