// The UI's lettering: the font atlas and the characters it must hold at body and heading size, built for the
// current text scale and window, grown as new characters (a name read from a card) are met.
#pragma once

#include <string_view>

#include "kiosk/glyph_set.h"
#include "kiosk/terminal.h"
#include "platform/font_locator.h"
#include "platform/window.h"
#include "screens/font_atlas.h"

namespace ow::app {

class Lettering {
public:
    explicit Lettering(platform::Window& window) : window_(window) {}
    /** Maps the faces; the texts the terminal can show are wanted from the first frame. */
    core::Status open(const platform::UiFonts& fonts, const core::Terminal& terminal);
    /** Builds the atlas when the text scale or the window's height changed since it was last built. */
    core::Status fitTo(core::TextScale scale);
    /** Before a frame: characters met since the last one go into the atlas. */
    void grow();
    /** A text the person's data brings (a card's name and address): its characters at body size. */
    void want(std::string_view text) { body_.add(text); }
    screens::FontAtlas& atlas() { return atlas_; }
    core::GlyphSet& body() { return body_; }
    core::GlyphSet& heading() { return heading_; }

private:
    core::Status build(core::TextScale scale);
    platform::Window& window_;
    screens::FontAtlas atlas_;
    core::GlyphSet body_, heading_;
    bool built_ = false;
    core::TextScale builtScale_ = core::TextScale::standard;
    int builtHeight_ = 0;
};

}  // namespace ow::app
