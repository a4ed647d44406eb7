// The UI's lettering: building and growing the font atlas.
#include "kiosk/app/lettering.h"

#include <malloc.h>

#include "kiosk/log.h"

namespace ow::app {

core::Status Lettering::open(const platform::UiFonts& fonts, const core::Terminal& terminal) {
    auto regular = screens::mapFont(fonts.regular.path, fonts.regular.index);
    auto bold = screens::mapFont(fonts.bold.path, fonts.bold.index);
    auto fallback = screens::mapFont(fonts.fallback.path, fonts.fallback.index);
    for (const auto* r : {&regular, &bold, &fallback})
        if (!*r) return core::Error{r->error()};
    if (auto st = atlas_.open(*regular, *bold, *fallback); !st) return st;
    // Characters wanted at body size (every text the configuration can show) and at heading size (UI strings).
    for (auto s : terminal.knownTexts()) body_.add(s);
    for (auto s : terminal.headingTexts()) heading_.add(s);
    return build(terminal.scale());
}

core::Status Lettering::fitTo(core::TextScale scale) {
    if (built_ && scale == builtScale_ && window_.height() == builtHeight_) return core::okStatus();
    return build(scale);
}

core::Status Lettering::build(core::TextScale scale) {
    builtScale_ = scale;
    builtHeight_ = window_.height();
    built_ = true;
    if (auto st = atlas_.build(core::scaleMetrics(builtScale_, builtHeight_), body_, heading_); !st) return st;
    window_.recreateFontTexture();
    atlas_.releasePixels();
    malloc_trim(0);  // the atlas pixels just freed go back to the system, not to a fat idle heap
    core::log(core::Level::info, "fonts.atlas",
              {{"scale", core::scaleCode(builtScale_)}, {"glyphs", std::to_string(body_.size())},
               {"size", std::to_string(atlas_.width()) + "x" + std::to_string(atlas_.height())}});
    return core::okStatus();
}

void Lettering::grow() {
    const auto upload = [&](int x, int y, int w, int h, const uint8_t* px) { window_.updateFontTexture(x, y, w, h, px); };
    if (atlas_.grow(body_, heading_, upload) == screens::FontAtlas::Growth::rebuilt) {
        window_.recreateFontTexture();
        atlas_.releasePixels();
    }
}

}  // namespace ow::app
