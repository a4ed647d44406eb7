// The kiosk's script language: scripted taps, keys, waits, device events and screenshots for tests and tours.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/result.h"

namespace ow::core {

/** One line of a script. The grammar is documented in the README ("Script language"). */
struct ScriptStep {
    enum class Kind {
        tapText,     // tap "label"      — the control showing this text
        tapKey,      // tap @string.key  — the control labelled by this UI string key, in any language
        tapAt,       // tap X Y          — a point in window pixels
        drag,        // drag X1 Y1 X2 Y2 — a finger pressed at the first point, moved to the second, lifted
        key,         // key Escape | key alt+F4
        wait,        // wait 500ms | wait 2s — real time passes, frames are drawn as usual
        advance,     // advance 50s     — the kiosk's clock jumps forward (timeouts) without waiting
        event,       // event NAME [JSON] — a simulated device or system event
        screenshot,  // screenshot NAME — NAME.png and NAME.json (what is on screen) in the screenshot dir
        expect,      // expect "text"   — stop with an error unless the text is on screen
        expectNot,   // expect-not "text"
        waitFor,     // wait-for "text" 30s — frames are drawn until the text is on screen; an error after 30 s
        quit,        // quit            — shut down cleanly
    };
    Kind kind;
    std::string text;  // label, key name, event name, screenshot name
    std::string arg;   // event payload
    int x = 0, y = 0, x2 = 0, y2 = 0;
    int64_t ms = 0;
    int line = 0;
};

/** Parses a script; the error names the line and what is wrong with it. */
Result<std::vector<ScriptStep>> parseScript(std::string_view text);

}  // namespace ow::core
