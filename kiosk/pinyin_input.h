// Pinyin input through Google Pinyin (libgooglepinyin, the Android IME's engine): letters typed on the screen
// keyboard, full pinyin or initials only ("gth" → 个体户), become Chinese candidates.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/result.h"

namespace ow::core {

class PinyinInput {
public:
    /** The system dictionary shipped with libgooglepinyin0 (found through its pkg-config libdir at build time). */
    static const char* systemDictionary();
    /** Opens the engine; userDictionary is where it learns (a file in the terminal's data folder). */
    static Result<std::unique_ptr<PinyinInput>> open(const std::string& userDictionary,
                                                     const std::string& systemDictionary = PinyinInput::systemDictionary());
    ~PinyinInput();
    PinyinInput(const PinyinInput&) = delete;
    PinyinInput& operator=(const PinyinInput&) = delete;

    /** Candidates for letters a–z (anything else is ignored), best first, at most max. */
    std::vector<std::string> candidates(std::string_view letters, size_t max);

private:
    PinyinInput() = default;
};

/**
 * Whether a name holds the words: as they are, or (for three characters or more) with others between them, as
 * people shorten names ("个体户" for 个体工商户).
 */
bool nameHolds(std::string_view name, std::string_view words);
/**
 * The catalogue entries (by index) whose name holds a candidate of at least two characters for the letters,
 * best first: the longer the candidate found, then the earlier it came.
 */
std::vector<int> matchByPinyin(const std::vector<std::string>& names, const std::vector<std::string>& candidates);

}  // namespace ow::core
