// Line breaking for mixed Chinese and Latin text: breaks between CJK characters and at spaces, with the
// basic kinsoku rules (no line starts with closing punctuation, none ends with opening punctuation).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ow::core {

/** Width of one code point in pixels at the font in use. */
using AdvanceFn = std::function<float(char32_t)>;

/** Breaks text into lines no wider than maxWidth (a single over-wide character still gets its own line). */
std::vector<std::string> wrapText(std::string_view text, float maxWidth, const AdvanceFn& advance);

}  // namespace ow::core
