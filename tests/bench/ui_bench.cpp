// UI benchmarks on a real window (Xvfb + software GL here): font atlas size per scale, time to add 100 new
// characters, and CPU time per frame while a long list scrolls. Prints figures; asserts nothing.
#include <SDL.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <numeric>
#include <vector>

#include "kiosk/config_boot.h"
#include "kiosk/terminal.h"
#include "kiosk/utf8.h"
#include "platform/font_locator.h"
#include "platform/window.h"
#include "screens/font_atlas.h"
#include "screens/frame.h"

using namespace ow;

namespace {

double cpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}
double wallMs() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}
double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5))];
}

}  // namespace

int main(int argc, char** argv) {
    const std::string assets = argc > 1 ? argv[1] : OW_SOURCE_DIR "/assets";
    auto strings = core::Strings::load(assets);
    auto bundle = core::parseBundle(*core::readFile(assets + "/bundles/demo.json"));
    if (!strings || !bundle) return std::fprintf(stderr, "cannot load assets\n"), 1;
    core::Terminal terminal(std::move(*strings), std::move(*bundle));

    screens::useMappedFontsWithoutCopies();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    auto window = platform::Window::open({true, 1280, 800});
    if (!window) return std::fprintf(stderr, "%s\n", window.error().c_str()), 1;
    platform::Window& win = **window;
    auto fonts = platform::findUiFonts();
    if (!fonts) return std::fprintf(stderr, "%s\n", fonts.error().c_str()), 1;
    screens::FontAtlas atlas;
    atlas.open(*screens::mapFont(fonts->regular.path, fonts->regular.index),
               *screens::mapFont(fonts->bold.path, fonts->bold.index),
               *screens::mapFont(fonts->fallback.path, fonts->fallback.index));

    // 1. Atlas size at each scale with the UI strings and the demo catalogue, at 800 and 1080 lines.
    std::printf("atlas (UI strings + demo catalogue):\n");
    for (int height : {800, 1080}) {
        for (core::TextScale scale : core::kTextScales) {
            core::GlyphSet glyphs, heading;
            for (auto s : terminal.knownTexts()) glyphs.add(s);
            for (auto s : terminal.headingTexts()) heading.add(s);
            const auto m = core::scaleMetrics(scale, height);
            const double t0 = wallMs();
            atlas.build(m, glyphs, heading);
            const double t1 = wallMs();
            std::printf("  screen height %4d, %-8s: body %2.0f px, heading %2.0f px, %zu body glyphs -> atlas %dx%d "
                        "(%.1f MiB RGBA), built in %.0f ms\n",
                        height, core::scaleCode(scale), m.em, m.heading, glyphs.size(), atlas.width(),
                        atlas.height(), atlas.width() * atlas.height() * 4 / 1048576.0, t1 - t0);
        }
    }

    // 2. Adding 100 characters not seen before in body text (names, addresses), at elderly scale: rasterise + upload.
    core::GlyphSet glyphs, heading;
    for (auto s : terminal.knownTexts()) glyphs.add(s);
    for (auto s : terminal.headingTexts()) heading.add(s);
    atlas.build(core::scaleMetrics(core::TextScale::elderly, win.height()), glyphs, heading);
    win.recreateFontTexture();
    atlas.releasePixels();
    const auto upload = [&](int x, int y, int w, int h, const uint8_t* px) { win.updateFontTexture(x, y, w, h, px); };
    std::vector<double> addMs;
    char32_t next = 0x8000;
    int rebuilt = 0;
    for (int round = 0; round < 8; ++round) {
        std::string text;
        for (int added = 0; added < 100; ++next) {
            if (glyphs.contains(next)) continue;
            core::appendUtf8(text, next);
            ++added;
        }
        glyphs.add(text);
        const double t0 = wallMs();
        const auto g = atlas.grow(glyphs, heading, upload);
        SDL_GL_SwapWindow(win.sdl());  // include the GPU upload's completion
        addMs.push_back(wallMs() - t0);
        std::printf("    round %d: %.1f ms%s\n", round, addMs.back(), g == screens::FontAtlas::Growth::rebuilt ? " (rebuilt)" : "");
        if (g == screens::FontAtlas::Growth::rebuilt) {
            ++rebuilt;
            win.recreateFontTexture();
            atlas.releasePixels();
        }
    }
    std::printf("add 100 new characters at elderly scale (8 rounds, %d of them filled the strip and rebuilt): "
                "median %.1f ms, max %.1f ms\n",
                rebuilt, percentile(addMs, 0.5), *std::max_element(addMs.begin(), addMs.end()));

    // 3. CPU per frame while a long list scrolls: the catalogue ×10 as tiles, 6 px per frame, 600 frames.
    atlas.build(core::scaleMetrics(core::TextScale::standard, win.height()), glyphs, heading);
    win.recreateFontTexture();
    atlas.releasePixels();
    screens::Ui ui(atlas, glyphs, heading);
    std::vector<double> frameCpu, frameWall;
    float scroll = 0;
    for (int frame = 0; frame < 660; ++frame) {
        SDL_Event ev;
        while (SDL_PollEvent(&ev)) {
        }
        const double c0 = cpuMs(), w0 = wallMs();
        win.newFrame();
        ImGui::NewFrame();
        ui.beginFrame(core::scaleMetrics(core::TextScale::standard, win.height()));
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(static_cast<float>(win.width()), static_cast<float>(win.height())));
        ImGui::Begin("list", nullptr, ImGuiWindowFlags_NoDecoration);
        const float em = ui.em();
        for (int rep = 0; rep < 10; ++rep)
            for (const auto& m : terminal.bundle().matters) {
                const float y = ImGui::GetCursorPosY();
                // Rows off screen are skipped the way a real list does (ImGuiListClipper-style).
                if (y + em * 4 < ImGui::GetScrollY() || y > ImGui::GetScrollY() + win.height()) {
                    ImGui::Dummy(ImVec2(10, em * 4.4f));
                    continue;
                }
                ui.tile(m.code + std::to_string(rep), m.name.zh, m.department.zh, ImVec2(win.width() - em * 2, em * 4));
                ImGui::Dummy(ImVec2(10, em * 0.4f));
            }
        scroll += 6;
        if (scroll > ImGui::GetScrollMaxY()) scroll = 0;
        ImGui::SetScrollY(scroll);
        ImGui::End();
        ImGui::Render();
        win.render();
        win.present();
        if (frame >= 60) {  // after warm-up
            frameCpu.push_back(cpuMs() - c0);
            frameWall.push_back(wallMs() - w0);
        }
    }
    std::printf("scrolling a 160-row list at 1280x800, standard scale (600 frames): CPU per frame median %.2f ms, "
                "p95 %.2f ms; wall per frame median %.2f ms\n",
                percentile(frameCpu, 0.5), percentile(frameCpu, 0.95), percentile(frameWall, 0.5));
    window->reset();
    ImGui::DestroyContext();
    return 0;
}
