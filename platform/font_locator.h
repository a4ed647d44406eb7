// Finds the Noto Sans CJK faces through fontconfig at run time (they come from Debian's fonts-noto-cjk).
#pragma once

#include <string>

#include "kiosk/result.h"

namespace ow::platform {

/** A face inside a font file (TrueType collections hold several). */
struct FontFace {
    std::string path;
    int index = 0;
};

/** Regular and bold Simplified Chinese faces, and a fallback for CJK characters newer than them. */
struct UiFonts {
    FontFace regular;   // Noto Sans CJK SC (fonts-noto-cjk)
    FontFace bold;
    FontFace fallback;  // BabelStone Han (fonts-babelstone-han): Unicode 13+ additions such as U+4DB6–U+4DBF
};

/** Looks up the faces; the error says which package to install when one is absent. */
core::Result<UiFonts> findUiFonts();

}  // namespace ow::platform
