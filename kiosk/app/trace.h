// What a screenshot's JSON says beside its PNG: the screen, text size and every item drawn with where it is (the
// e2e tests and scripts read it).
#pragma once

#include <string>

#include "kiosk/terminal.h"
#include "platform/window.h"
#include "screens/font_atlas.h"
#include "screens/ui.h"

namespace ow::app {

/** Reads back the frame just drawn and writes base.png and base.json. */
void writeScreenshot(const std::string& base, const platform::Window& window, const core::Terminal& terminal,
                     const screens::Ui& ui, const screens::FontAtlas& fonts, int64_t nowMs);

}  // namespace ow::app
