// The set of characters the font atlas must hold.
#include "kiosk/glyph_set.h"

#include "kiosk/utf8.h"

namespace ow::core {

size_t GlyphSet::add(std::string_view utf8) {
    size_t added = 0;
    for (size_t i = 0; i < utf8.size();) {
        const auto b0 = static_cast<unsigned char>(utf8[i]);
        char32_t cp;
        size_t n;
        if (b0 < 0x80) {
            cp = b0, n = 1;
        } else {
            // Rare path: decode one sequence strictly; invalid bytes are skipped (they cannot be shown).
            std::vector<char32_t> one;
            n = (b0 & 0xE0) == 0xC0 ? 2 : (b0 & 0xF0) == 0xE0 ? 3 : (b0 & 0xF8) == 0xF0 ? 4 : 1;
            if (i + n > utf8.size() || !decodeUtf8(utf8.substr(i, n), one) || one.size() != 1) {
                i += 1;
                continue;
            }
            cp = one[0];
        }
        i += n;
        if (cp < 0x20 || cp >= 0x10000 || have_.test(cp)) continue;
        have_.set(cp);
        fresh_.push_back(cp);
        ++added;
    }
    return added;
}

std::vector<char32_t> GlyphSet::takeNew() {
    std::vector<char32_t> out;
    out.swap(fresh_);
    return out;
}

std::vector<std::pair<char32_t, char32_t>> GlyphSet::ranges() const {
    std::vector<std::pair<char32_t, char32_t>> out;
    for (char32_t cp = 0; cp < 0x10000; ++cp) {
        if (!have_.test(cp)) continue;
        if (!out.empty() && out.back().second + 1 == cp)
            out.back().second = cp;
        else
            out.push_back({cp, cp});
    }
    return out;
}

}  // namespace ow::core
