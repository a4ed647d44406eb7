// Pinyin input through libgooglepinyin.
#include "kiosk/pinyin_input.h"

#include <pinyinime.h>

#include <algorithm>
#include <atomic>

#include "kiosk/utf8.h"

namespace ow::core {

namespace {
std::atomic<bool> gOpen{false};  // the engine's decoder is one per process
}  // namespace

const char* PinyinInput::systemDictionary() { return OW_PINYIN_DICT; }

Result<std::unique_ptr<PinyinInput>> PinyinInput::open(const std::string& userDictionary, const std::string& systemDictionary) {
    if (gOpen.exchange(true)) return Error{"the pinyin engine is already open in this process"};
    if (!ime_pinyin::im_open_decoder(systemDictionary.c_str(), userDictionary.c_str())) {
        gOpen = false;
        return Error{"the pinyin dictionary " + systemDictionary + " cannot be opened (is libgooglepinyin0 installed?)"};
    }
    // Initials alone are enough: "gth" finds 个体户, as people type on phones.
    ime_pinyin::im_enable_shm_as_szm(true);
    ime_pinyin::im_enable_ym_as_szm(true);
    return std::unique_ptr<PinyinInput>(new PinyinInput());
}

PinyinInput::~PinyinInput() {
    ime_pinyin::im_close_decoder();
    gOpen = false;
}

std::vector<std::string> PinyinInput::candidates(std::string_view letters, size_t max) {
    std::string clean;
    for (char c : letters)
        if (c >= 'a' && c <= 'z') clean += c;
    if (clean.empty() || clean.size() > 40) return {};
    const size_t n = ime_pinyin::im_search(clean.c_str(), clean.size());
    std::vector<std::string> out;
    for (size_t i = 0; i < n && out.size() < max; ++i) {
        ime_pinyin::char16 buf[64] = {};
        if (!ime_pinyin::im_get_candidate(i, buf, 63)) continue;
        std::string text;
        for (const ime_pinyin::char16* p = buf; *p; ++p) appendUtf8(text, *p);
        if (!text.empty()) out.push_back(std::move(text));
    }
    ime_pinyin::im_reset_search();
    return out;
}

bool nameHolds(std::string_view name, std::string_view words) {
    if (words.empty()) return false;
    if (name.find(words) != std::string_view::npos) return true;
    std::vector<char32_t> n, w;
    decodeUtf8(name, n);
    decodeUtf8(words, w);
    if (w.size() < 3) return false;
    size_t at = 0;
    for (char32_t c : n)
        if (at < w.size() && c == w[at]) ++at;
    return at == w.size();
}

std::vector<int> matchByPinyin(const std::vector<std::string>& names, const std::vector<std::string>& candidates) {
    struct Hit {
        int index;
        size_t length, rank;
    };
    std::vector<Hit> hits;
    for (size_t i = 0; i < names.size(); ++i) {
        Hit best{static_cast<int>(i), 0, 0};
        for (size_t r = 0; r < candidates.size(); ++r) {
            std::vector<char32_t> cps;
            decodeUtf8(candidates[r], cps);
            const size_t chars = cps.size();
            if (chars < 2 || chars <= best.length) continue;
            if (nameHolds(names[i], candidates[r])) best = {static_cast<int>(i), chars, r};
        }
        if (best.length) hits.push_back(best);
    }
    std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
        return a.length != b.length ? a.length > b.length : a.rank < b.rank;
    });
    std::vector<int> out;
    for (const auto& h : hits) out.push_back(h.index);
    return out;
}

}  // namespace ow::core
