// Line breaking for mixed Chinese and Latin text.
#include "kiosk/text_layout.h"

#include "kiosk/utf8.h"

namespace ow::core {

namespace {

bool isCjk(char32_t c) {
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF) ||
           (c >= 0x3000 && c <= 0x303F);
}

// Characters that may not start a line (closing punctuation) or end one (opening punctuation).
bool noLineStart(char32_t c) {
    static const std::u32string_view kSet = U"，。、；：？！）」』】》〉,.;:?!)]}%”’…·";
    return kSet.find(c) != std::u32string_view::npos;
}
bool noLineEnd(char32_t c) {
    static const std::u32string_view kSet = U"（「『【《〈([{“‘";
    return kSet.find(c) != std::u32string_view::npos;
}

// A break is allowed before position i.
bool canBreakBefore(const std::vector<char32_t>& cps, size_t i) {
    if (i == 0 || i >= cps.size()) return false;
    const char32_t prev = cps[i - 1], cur = cps[i];
    if (noLineStart(cur) || noLineEnd(prev)) return false;
    if (prev == U' ') return true;
    return isCjk(prev) || isCjk(cur);
}

}  // namespace

std::vector<std::string> wrapText(std::string_view text, float maxWidth, const AdvanceFn& advance) {
    std::vector<std::string> lines;
    std::vector<char32_t> cps;
    decodeUtf8(text, cps);
    size_t start = 0;
    auto emit = [&](size_t from, size_t to) {
        while (to > from && cps[to - 1] == U' ') --to;  // trailing spaces do not show
        std::string line;
        for (size_t k = from; k < to; ++k) appendUtf8(line, cps[k]);
        lines.push_back(std::move(line));
    };
    while (start < cps.size()) {
        float width = 0;
        size_t i = start, lastBreak = 0;
        bool hardBreak = false;
        for (; i < cps.size(); ++i) {
            if (cps[i] == U'\n') {
                hardBreak = true;
                break;
            }
            if (i > start && canBreakBefore(cps, i)) lastBreak = i;
            width += advance(cps[i]);
            if (width > maxWidth && i > start) break;
        }
        if (i >= cps.size() || hardBreak) {
            emit(start, i);
            start = i + (hardBreak ? 1 : 0);
            if (hardBreak && start == cps.size()) lines.emplace_back();
            continue;
        }
        size_t end = lastBreak > start ? lastBreak : i;
        // No widow: when only one Chinese character would be left for the last line, bring one more with it.
        if (end + 1 == cps.size() && isCjk(cps[end]) && end - start > 2 && canBreakBefore(cps, end - 1)) --end;
        emit(start, end);
        start = end;
        while (start < cps.size() && cps[start] == U' ') ++start;
    }
    return lines;
}

}  // namespace ow::core
