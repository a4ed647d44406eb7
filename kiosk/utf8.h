// UTF-8 decoding to Unicode code points, strict (invalid sequences are reported, not guessed).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ow::core {

/** Decodes UTF-8; returns false on any invalid or overlong sequence (out then holds what decoded so far). */
bool decodeUtf8(std::string_view text, std::vector<char32_t>& out);

/** True when text is well-formed UTF-8. */
bool isValidUtf8(std::string_view text);

/** Encodes one code point as UTF-8 and appends it. */
void appendUtf8(std::string& out, char32_t cp);

}  // namespace ow::core
