// UI strings by key, per language.
#include "kiosk/i18n.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace ow::core {

const char* langCode(Lang lang) { return lang == Lang::zhCN ? "zh-CN" : "en"; }

bool parseLang(std::string_view code, Lang& out) {
    if (code == "zh-CN") return out = Lang::zhCN, true;
    if (code == "en") return out = Lang::en, true;
    return false;
}

const std::string& LocalText::get(Lang lang) const {
    const std::string& want = lang == Lang::zhCN ? zh : en;
    return want.empty() ? (lang == Lang::zhCN ? en : zh) : want;
}

Result<Strings> Strings::load(const std::string& dir) {
    Strings s;
    for (Lang lang : kLangs) {
        const std::string path = dir + "/lang/" + langCode(lang) + ".json";
        std::ifstream in(path);
        if (!in) return Error{"cannot read UI strings " + path};
        std::stringstream buf;
        buf << in.rdbuf();
        if (auto st = s.add(lang, buf.str()); !st) return Error{path + ": " + st.error()};
    }
    return s;
}

Status Strings::add(Lang lang, std::string_view json) {
    auto doc = nlohmann::json::parse(json, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return Error{"not a JSON object of key → text"};
    auto& table = table_[static_cast<int>(lang)];
    for (auto& [key, value] : doc.items()) {
        if (!value.is_string()) return Error{"value of \"" + key + "\" is not a string"};
        table[key] = value.get<std::string>();
    }
    return okStatus();
}

const std::string& Strings::text(Lang lang, std::string_view key) const {
    const auto& table = table_[static_cast<int>(lang)];
    if (auto it = table.find(key); it != table.end()) return it->second;
    const auto& other = table_[1 - static_cast<int>(lang)];
    if (auto it = other.find(key); it != other.end()) return it->second;
    static thread_local std::string missing;
    missing = key;
    return missing;
}

bool Strings::has(Lang lang, std::string_view key) const {
    return table_[static_cast<int>(lang)].count(key) > 0;
}

std::vector<std::string> Strings::missingKeys() const {
    std::vector<std::string> out;
    for (Lang lang : kLangs) {
        const auto& mine = table_[static_cast<int>(lang)];
        for (const auto& [key, _] : table_[1 - static_cast<int>(lang)])
            if (!mine.count(key)) out.push_back(std::string(langCode(lang)) + ": " + key);
    }
    return out;
}

std::vector<std::string_view> Strings::all(Lang lang) const {
    std::vector<std::string_view> out;
    for (const auto& [_, text] : table_[static_cast<int>(lang)]) out.push_back(text);
    return out;
}

std::string fill(std::string_view text, const std::map<std::string, std::string>& values) {
    std::string out;
    for (size_t i = 0; i < text.size();) {
        if (text[i] == '{') {
            const size_t close = text.find('}', i);
            if (close != std::string_view::npos) {
                auto it = values.find(std::string(text.substr(i + 1, close - i - 1)));
                if (it != values.end()) {
                    out += it->second;
                    i = close + 1;
                    continue;
                }
            }
        }
        out += text[i++];
    }
    return out;
}

}  // namespace ow::core
