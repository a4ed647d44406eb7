// The kiosk's script language parser.
#include "kiosk/script.h"

#include <cctype>
#include <algorithm>
#include <charconv>

namespace ow::core {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// Parses "500ms", "2s", "1.5s", "3m" into milliseconds.
bool parseDuration(std::string_view s, int64_t& ms) {
    double value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || value < 0) return false;
    const std::string_view unit(end, s.data() + s.size() - end);
    double scale;
    if (unit == "ms")
        scale = 1;
    else if (unit == "s")
        scale = 1000;
    else if (unit == "m")
        scale = 60000;
    else
        return false;
    ms = static_cast<int64_t>(value * scale);
    return true;
}

// A double-quoted string with \" and \\ escapes; the whole argument.
bool parseQuoted(std::string_view s, std::string& out) {
    if (s.size() < 2 || s.front() != '"' || s.back() != '"') return false;
    for (size_t i = 1; i + 1 < s.size(); ++i) {
        if (s[i] == '\\' && i + 2 < s.size()) ++i;
        out += s[i];
    }
    return true;
}

bool parseInt(std::string_view s, int& out) {
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

Result<std::vector<ScriptStep>> parseScript(std::string_view text) {
    std::vector<ScriptStep> steps;
    int lineNo = 0;
    while (!text.empty()) {
        const size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        ++lineNo;
        line = trim(line);
        if (line.empty() || line.front() == '#') continue;
        const size_t sp = line.find_first_of(" \t");
        const std::string_view verb = line.substr(0, sp);
        const std::string_view rest = sp == std::string_view::npos ? std::string_view{} : trim(line.substr(sp));
        auto bad = [&](const std::string& why) {
            return Error{"script line " + std::to_string(lineNo) + ": " + why};
        };
        ScriptStep step{ScriptStep::Kind::quit, {}, {}, 0, 0, 0, 0, 0, lineNo};
        if (verb == "tap") {
            if (rest.empty()) return bad("tap needs \"label\", @string.key or X Y");
            if (rest.front() == '"') {
                step.kind = ScriptStep::Kind::tapText;
                if (!parseQuoted(rest, step.text)) return bad("unterminated quoted label");
            } else if (rest.front() == '@') {
                step.kind = ScriptStep::Kind::tapKey;
                step.text = rest.substr(1);
                if (step.text.empty()) return bad("tap @ needs a string key");
            } else {
                step.kind = ScriptStep::Kind::tapAt;
                const size_t mid = rest.find(' ');
                if (mid == std::string_view::npos || !parseInt(rest.substr(0, mid), step.x) ||
                    !parseInt(trim(rest.substr(mid)), step.y))
                    return bad("tap position must be two whole numbers: tap X Y");
            }
        } else if (verb == "drag") {
            step.kind = ScriptStep::Kind::drag;
            int* out[] = {&step.x, &step.y, &step.x2, &step.y2};
            std::string_view r = rest;
            for (int k = 0; k < 4; ++k) {
                const size_t end = std::min(r.find(' '), r.size());
                if (!parseInt(r.substr(0, end), *out[k])) return bad("drag needs four whole numbers: drag X1 Y1 X2 Y2");
                r = trim(r.substr(end));
            }
            if (!r.empty()) return bad("drag needs four whole numbers: drag X1 Y1 X2 Y2");
        } else if (verb == "key") {
            if (rest.empty()) return bad("key needs a key name, e.g. key Escape or key alt+F4");
            step.kind = ScriptStep::Kind::key;
            step.text = rest;
        } else if (verb == "wait" || verb == "advance") {
            step.kind = verb == "wait" ? ScriptStep::Kind::wait : ScriptStep::Kind::advance;
            if (!parseDuration(rest, step.ms)) return bad("duration must look like 500ms, 2s or 1m");
        } else if (verb == "event") {
            if (rest.empty()) return bad("event needs a name");
            step.kind = ScriptStep::Kind::event;
            const size_t s2 = rest.find(' ');
            step.text = rest.substr(0, s2);
            if (s2 != std::string_view::npos) step.arg = trim(rest.substr(s2));
        } else if (verb == "screenshot") {
            step.kind = ScriptStep::Kind::screenshot;
            step.text = rest;
            if (step.text.empty() || step.text.find_first_of("/\\ ") != std::string::npos)
                return bad("screenshot needs a plain file name (no spaces or slashes)");
        } else if (verb == "expect" || verb == "expect-not") {
            step.kind = verb == "expect" ? ScriptStep::Kind::expect : ScriptStep::Kind::expectNot;
            if (!parseQuoted(rest, step.text)) return bad(std::string(verb) + " needs a \"quoted text\"");
        } else if (verb == "wait-for") {
            step.kind = ScriptStep::Kind::waitFor;
            const size_t close = rest.size() > 1 ? rest.find('"', 1) : std::string_view::npos;
            if (close == std::string_view::npos || !parseQuoted(rest.substr(0, close + 1), step.text) ||
                !parseDuration(trim(rest.substr(close + 1)), step.ms))
                return bad("wait-for needs a \"quoted text\" and a time limit, e.g. wait-for \"版本 2\" 30s");
        } else if (verb == "quit") {
            step.kind = ScriptStep::Kind::quit;
        } else {
            return bad("unknown command \"" + std::string(verb) + "\"");
        }
        steps.push_back(std::move(step));
    }
    return steps;
}

}  // namespace ow::core
