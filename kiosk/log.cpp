// Structured logging with a redaction layer.
#include "kiosk/log.h"

#include <sodium.h>

#include <algorithm>
#include <atomic>

namespace ow::core {

namespace {

struct LogState {
    std::mutex mutex;
    std::shared_ptr<LogSink> sink;
    std::vector<std::string> secrets;
    std::atomic<int> level{static_cast<int>(Level::info)};
};

LogState& state() {
    static LogState s;
    return s;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// What a run of digits is, by its digits alone (separators taken out): an ID number (18 with its check
// character, or the old 15), a mobile (11 from 13…19), a landline with its area code (0 and 9 to 11 more), else
// nothing personal.
const char* numberKind(std::string_view digits, bool checkX) {
    const size_t n = digits.size() + (checkX ? 1 : 0);
    if (n == 18 || (n == 15 && !checkX)) return "[id]";
    if (checkX) return nullptr;
    if (n == 11 && digits[0] == '1' && digits[1] >= '3') return "[phone]";
    if (n >= 10 && n <= 12 && digits[0] == '0' && digits[1] != '0') return "[phone]";
    return nullptr;
}

// Replaces numbers that look like ID or phone numbers with a mask of their kind, also when written with
// spaces or dashes between groups ("138-0013-8000", "110105 19491231 002X") or with China's +86.
std::string maskNumbers(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        const bool plus86 = text.substr(i, 3) == "+86";
        if (!plus86 && (!isDigit(text[i]) || (i > 0 && isDigit(text[i - 1])))) {
            out += text[i++];
            continue;
        }
        // The longest run of digit groups from i, one space or dash between groups.
        size_t j = plus86 ? i + 3 : i;
        while (plus86 && j < text.size() && (text[j] == ' ' || text[j] == '-')) ++j;
        std::string digits;
        size_t end = j, firstEnd = 0;
        bool checkX = false;
        for (size_t k = j; k < text.size();) {
            if (!isDigit(text[k])) break;
            while (k < text.size() && isDigit(text[k])) digits += text[k++];
            if (!firstEnd) firstEnd = k;
            end = k;
            if (digits.size() == 17 && k < text.size() && (text[k] == 'X' || text[k] == 'x')) {
                checkX = true;
                end = ++k;
                break;
            }
            if (k + 1 < text.size() && (text[k] == ' ' || text[k] == '-') && isDigit(text[k + 1]) && digits.size() < 18) ++k;
            else break;
        }
        if (digits.empty()) {  // "+86" with no number after it
            out += text[i++];
            continue;
        }
        if (const char* kind = numberKind(digits, checkX)) {
            out += kind;
            i = end;
            continue;
        }
        // Not one number as a whole: the first group alone, as written.
        const std::string_view first = text.substr(j, firstEnd - j);
        const bool firstX = first.size() == 17 && firstEnd < text.size() && (text[firstEnd] == 'X' || text[firstEnd] == 'x');
        if (const char* kind = numberKind(first, firstX); kind && first.size() >= 10) {
            out.append(text.substr(i, j - i));
            out += kind;
            i = firstEnd + (firstX ? 1 : 0);
        } else {
            out.append(text.substr(i, firstEnd - i));
            i = firstEnd;
        }
    }
    return out;
}
}  // namespace

const char* levelName(Level level) {
    switch (level) {
        case Level::debug: return "DEBUG";
        case Level::info: return "INFO";
        case Level::warning: return "WARNING";
        case Level::error: return "ERROR";
    }
    return "?";
}

bool isPersonalKey(std::string_view key) {
    static const std::string_view kKeys[] = {"name", "id_number", "id", "idnumber", "phone", "mobile",
                                             "address", "birth", "photo", "signature", "nation"};
    return std::find(std::begin(kKeys), std::end(kKeys), key) != std::end(kKeys);
}

std::string redact(std::string_view text) {
    std::string out = maskNumbers(text);
    std::lock_guard lock(state().mutex);
    for (const auto& secret : state().secrets) {
        for (size_t pos = out.find(secret); pos != std::string::npos; pos = out.find(secret, pos + 10))
            out.replace(pos, secret.size(), "[redacted]");
    }
    return out;
}

void addLogSecret(std::string_view value) {
    // Very short values (a one-character name part) would blank unrelated text; IDs and phones are masked anyway.
    if (value.size() < 3) return;
    std::lock_guard lock(state().mutex);
    state().secrets.emplace_back(value);
}

void clearLogSecrets() {
    std::lock_guard lock(state().mutex);
    for (auto& s : state().secrets) sodium_memzero(s.data(), s.size());
    state().secrets.clear();
}

void setLogSink(std::shared_ptr<LogSink> sink) {
    std::lock_guard lock(state().mutex);
    state().sink = std::move(sink);
}

void log(Level level, std::string_view event, std::vector<LogField> fields) {
    if (static_cast<int>(level) < state().level) return;
    for (auto& f : fields) f.value = isPersonalKey(f.key) ? "[redacted]" : redact(f.value);
    const std::string safeEvent = redact(event);
    std::shared_ptr<LogSink> sink;
    {
        std::lock_guard lock(state().mutex);
        sink = state().sink;
    }
    if (sink) sink->write(level, safeEvent, fields);
}

std::string formatRecord(Level level, std::string_view event, const std::vector<LogField>& fields) {
    std::string line = levelName(level);
    line += ' ';
    line += event;
    for (const auto& f : fields) {
        line += ' ';
        line += f.key;
        line += '=';
        const bool quote = f.value.find_first_of(" \t\"") != std::string::npos || f.value.empty();
        if (quote) line += '"';
        for (char c : f.value) {
            if (c == '"' || c == '\\') line += '\\';
            line += (c == '\n' || c == '\r') ? ' ' : c;
        }
        if (quote) line += '"';
    }
    return line;
}

}  // namespace ow::core
