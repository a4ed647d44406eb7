// UI strings by key, per language, loaded from assets/lang/<lang>.json.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/result.h"

namespace ow::core {

/** The languages a terminal speaks. */
enum class Lang { zhCN, en };

constexpr Lang kLangs[] = {Lang::zhCN, Lang::en};
const char* langCode(Lang lang);       // "zh-CN", "en"
bool parseLang(std::string_view code, Lang& out);

/** A text given in each language (catalogue names, announcements); falls back to the other language. */
struct LocalText {
    std::string zh;
    std::string en;
    const std::string& get(Lang lang) const;
    bool empty() const { return zh.empty() && en.empty(); }
};

/** The UI strings of both languages. */
class Strings {
public:
    /** Loads lang/zh-CN.json and lang/en.json under dir. */
    static Result<Strings> load(const std::string& dir);
    /** Parses one language's JSON object of key → text. */
    Status add(Lang lang, std::string_view json);

    /** The text for key; the other language's, then the key itself, when missing. */
    const std::string& text(Lang lang, std::string_view key) const;
    bool has(Lang lang, std::string_view key) const;
    /** Keys present in one language and not in the other, as "en: key" / "zh-CN: key". */
    std::vector<std::string> missingKeys() const;
    /** Every string of one language, for glyph coverage. */
    std::vector<std::string_view> all(Lang lang) const;

private:
    std::map<std::string, std::string, std::less<>> table_[2];
};

/** Replaces "{name}" placeholders in text with the given values. */
std::string fill(std::string_view text, const std::map<std::string, std::string>& values);

}  // namespace ow::core
