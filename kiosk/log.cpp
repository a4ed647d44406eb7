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

// Replaces runs of digits that look like ID or phone numbers with a mask of the same kind.
std::string maskNumbers(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        if (!isDigit(text[i]) || (i > 0 && isDigit(text[i - 1]))) {
            out += text[i++];
            continue;
        }
        size_t j = i;
        while (j < text.size() && isDigit(text[j])) ++j;
        size_t len = j - i;
        const bool checkX = len == 17 && j < text.size() && (text[j] == 'X' || text[j] == 'x');
        if (checkX) ++j, ++len;
        if (len == 18 || len == 15) {
            out += "[id]";
        } else if (len == 11 && text[i] == '1' && text[i + 1] >= '3') {
            out += "[phone]";
        } else {
            out.append(text.substr(i, len));
        }
        i = j;
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
