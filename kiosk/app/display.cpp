// The display and the voice.
#include "kiosk/app/display.h"

#include <imgui.h>

#include "kiosk/app/wake.h"
#include "kiosk/log.h"
#include "screens/font_atlas.h"

namespace ow::app {

core::Result<std::unique_ptr<platform::Window>> openDisplay(const Options& opt) {
    IMGUI_CHECKVERSION();
    screens::useMappedFontsWithoutCopies();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // nothing of the UI is written to disk
    io.LogFilename = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
    ImGui::GetStyle().AntiAliasedFill = true;
    auto window = platform::Window::open(opt.window);
    if (window) registerWake();
    return window;
}

void closeDisplay(std::unique_ptr<platform::Window>& window) {
    window.reset();
    ImGui::DestroyContext();
}

std::unique_ptr<platform::Voice> startVoice() {
    auto v = platform::Voice::start();
    if (!v) {
        core::log(core::Level::warning, "voice.unavailable", {{"reason", v.error()}});
        return nullptr;
    }
    core::log(core::Level::info, "voice.ready", {{"audio", (*v)->hasAudio() ? "yes" : "no"}});
    return std::move(*v);
}

}  // namespace ow::app
