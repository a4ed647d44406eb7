// Screenshots and their traces.
#include "kiosk/app/trace.h"

#include <imgui.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "kiosk/utf8.h"

namespace ow::app {

namespace {

nlohmann::json traceJson(const core::Terminal& t, const screens::Ui& ui, const screens::FontAtlas& fonts, int w, int h,
                         int64_t nowMs) {
    nlohmann::json items = nlohmann::json::array();
    std::vector<char32_t> cps;
    int missing = 0;
    for (const auto& it : ui.trace()) {
        items.push_back({{"kind", it.kind}, {"key", it.key}, {"text", it.text},
                         {"rect", {it.min.x, it.min.y, it.max.x, it.max.y}},
                         {"visible", {it.visibleMin.x, it.visibleMin.y, it.visibleMax.x, it.visibleMax.y}}});
        cps.clear();
        core::decodeUtf8(it.text, cps);
        for (char32_t c : cps)
            if (c >= 0x20 && c < 0x10000 && !fonts.body()->FindGlyphNoFallback(static_cast<ImWchar>(c))) ++missing;
    }
    return {{"screen", std::string(t.screen().name)},
            {"voice", t.voiceOn()},
            {"lang", core::langCode(t.lang())},
            {"scale", core::scaleCode(t.scale())},
            {"em", ui.em()},
            {"heading_px", ui.metrics().heading},
            {"body_pt", ui.metrics().bodyPt()},
            {"heading_pt", ui.metrics().headingPt()},
            {"target_px", ui.metrics().target},
            {"countdown", t.countdownSeconds(nowMs)},
            {"session", t.session().active()},
            {"window", {w, h}},
            {"atlas", {fonts.width(), fonts.height()}},
            {"missing_glyphs", missing},
            {"items", items}};
}

}  // namespace

void writeScreenshot(const std::string& base, const platform::Window& window, const core::Terminal& terminal,
                     const screens::Ui& ui, const screens::FontAtlas& fonts, int64_t nowMs) {
    std::vector<uint8_t> px;
    int w, h;
    window.readPixels(px, w, h);
    platform::writePng(base + ".png", px, w, h);
    std::ofstream(base + ".json") << traceJson(terminal, ui, fonts, w, h, nowMs).dump(1) << "\n";
}

}  // namespace ow::app
