// Finds the Noto Sans CJK faces through fontconfig.
#include "platform/font_locator.h"

#include <fontconfig/fontconfig.h>

namespace ow::platform {

namespace {

core::Result<FontFace> find(const char* family, int weight, const char* package) {
    FcPattern* pattern = FcPatternCreate();
    FcPatternAddString(pattern, FC_FAMILY, reinterpret_cast<const FcChar8*>(family));
    FcPatternAddInteger(pattern, FC_WEIGHT, weight);
    FcPatternAddString(pattern, FC_LANG, reinterpret_cast<const FcChar8*>("zh-cn"));
    FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result;
    FcPattern* match = FcFontMatch(nullptr, pattern, &result);
    FcPatternDestroy(pattern);
    if (!match)
        return core::Error{std::string("fontconfig found no font at all, so not \"") + family +
                           "\": install the Debian package " + package};
    FcChar8* file = nullptr;
    FcChar8* matchedFamily = nullptr;
    int index = 0;
    FcPatternGetString(match, FC_FILE, 0, &file);
    FcPatternGetString(match, FC_FAMILY, 0, &matchedFamily);
    FcPatternGetInteger(match, FC_INDEX, 0, &index);
    const std::string got = matchedFamily ? reinterpret_cast<const char*>(matchedFamily) : "";
    FontFace face{file ? reinterpret_cast<const char*>(file) : "", index};
    FcPatternDestroy(match);
    // fontconfig always returns its best match; anything but the requested family means it is missing.
    if (got != family || face.path.empty())
        return core::Error{std::string("the font \"") + family + "\" is not installed (found \"" + got +
                           "\"): install the Debian package " + package};
    return face;
}

}  // namespace

core::Result<UiFonts> findUiFonts() {
    if (!FcInit()) return core::Error{"fontconfig could not start"};
    auto regular = find("Noto Sans CJK SC", FC_WEIGHT_REGULAR, "fonts-noto-cjk");
    if (!regular) return core::Error{regular.error()};
    auto bold = find("Noto Sans CJK SC", FC_WEIGHT_BOLD, "fonts-noto-cjk");
    if (!bold) return core::Error{bold.error()};
    auto fallback = find("BabelStone Han", FC_WEIGHT_REGULAR, "fonts-babelstone-han");
    if (!fallback) return core::Error{fallback.error()};
    return UiFonts{*regular, *bold, *fallback};
}

}  // namespace ow::platform
