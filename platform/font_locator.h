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

/** Regular and bold Simplified Chinese faces. */
struct UiFonts {
    FontFace regular;
    FontFace bold;
};

/** Looks up Noto Sans CJK SC; the error says which package to install when it is absent. */
core::Result<UiFonts> findUiFonts();

}  // namespace ow::platform
