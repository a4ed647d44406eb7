// Text scales and the colour palette.
#include "kiosk/appearance.h"

#include <algorithm>
#include <cmath>

namespace ow::core {

const char* scaleCode(TextScale scale) {
    switch (scale) {
        case TextScale::standard: return "standard";
        case TextScale::large: return "large";
        case TextScale::elderly: return "elderly";
    }
    return "standard";
}

bool parseScale(std::string_view code, TextScale& out) {
    for (TextScale s : kTextScales)
        if (code == scaleCode(s)) return out = s, true;
    return false;
}

float scaleMinTarget(TextScale scale) { return scale == TextScale::elderly ? 60.0f : 44.0f; }

ScaleMetrics scaleMetrics(TextScale scale, int screenHeightPx) {
    // Fractions of the screen height at each scale; floors keep the elderly minimums on small screens.
    float em = 0, heading = 0, target = 0;
    const float h = static_cast<float>(screenHeightPx);
    switch (scale) {
        case TextScale::standard: em = h * 0.032f, heading = em * 1.5f; break;
        case TextScale::large: em = h * 0.040f, heading = em * 1.5f; break;
        case TextScale::elderly:
            em = h * 0.048f;
            heading = em * 1.5f;
            break;
    }
    em = std::round(em);
    heading = std::round(heading);
    if (scale == TextScale::elderly) {
        // Floors: 18 pt and 30 pt of em, converted to line heights (px = pt × 4/3 × line/em), rounded up.
        em = std::max(em, std::ceil(18.0f * 4 / 3 * kLineHeightPerEm));
        heading = std::max(heading, std::ceil(30.0f * 4 / 3 * kLineHeightPerEm));
    }
    target = std::max(std::round(em * 2.2f), scaleMinTarget(scale));
    return {em, heading, target};
}

const Palette& palette() {
    // Government blue and white, dark text on light grounds; checked by tests/kiosk/appearance_test.cpp.
    static const Palette p{
        {0xF4, 0xF6, 0xF9},  // background
        {0x1A, 0x1F, 0x2B},  // text
        {0x4A, 0x52, 0x63},  // mutedText
        {0x0B, 0x3D, 0x91},  // bar
        {0xFF, 0xFF, 0xFF},  // barText
        {0xFF, 0xFF, 0xFF},  // tile
        {0x0B, 0x3D, 0x91},  // tileText
        {0x0B, 0x5C, 0xD5},  // accent
        {0xFF, 0xFF, 0xFF},  // accentText
        {0xFF, 0xF1, 0xD6},  // warning
        {0x6B, 0x3A, 0x00},  // warningText
    };
    return p;
}

namespace {
double luminance(Color c) {
    auto lin = [](uint8_t v) {
        const double s = v / 255.0;
        return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}
}  // namespace

double contrastRatio(Color a, Color b) {
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

}  // namespace ow::core
