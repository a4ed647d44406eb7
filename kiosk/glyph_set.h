// The set of characters the font atlas must hold: grows on demand, never loads a whole CJK range.
#pragma once

#include <bitset>
#include <cstdint>
#include <string_view>
#include <vector>

namespace ow::core {

/**
 * Basic Multilingual Plane code points wanted on screen. Text is added as it is about to be shown
 * (UI strings, the catalogue, a name read from an ID card); `takeNew` tells the UI what to add to the
 * atlas before the next frame.
 */
class GlyphSet {
public:
    /** Adds every BMP code point of the UTF-8 text; returns how many were new. */
    size_t add(std::string_view utf8);
    bool contains(char32_t cp) const { return cp < 0x10000 && have_.test(cp); }
    bool hasNew() const { return !fresh_.empty(); }
    /** The code points added since the last call, and forgets them. */
    std::vector<char32_t> takeNew();
    size_t size() const { return have_.count(); }
    /** All code points as inclusive [first, last] pairs, ascending, for a font builder. */
    std::vector<std::pair<char32_t, char32_t>> ranges() const;

private:
    std::bitset<0x10000> have_;
    std::vector<char32_t> fresh_;
};

}  // namespace ow::core
