// The one list of screens, and the frame that puts bars, the current screen and the countdown together.
#include <imgui.h>

#include "screens/appointments/appointments_screens.h"
#include "screens/queue/queue_screens.h"
#include "screens/rate/rate_screens.h"
#include "screens/service_mode/service_mode_screens.h"
#include "screens/report/report_screens.h"
#include "screens/call_staff/call_staff_screens.h"
#include "screens/frame.h"
#include "screens/guides/guides_screens.h"
#include "screens/collect/collect_screens.h"
#include "screens/presubmit/presubmit_screens.h"
#include "screens/progress/progress_screens.h"
#include "screens/shell/shell_screens.h"

namespace ow::screens {

// Every screen, registered here and nowhere else: the shell's, then each service's, in the order of the home tiles.
const std::vector<ScreenEntry>& registeredScreens() {
    static const std::vector<ScreenEntry> all = [] {
        std::vector<ScreenEntry> out;
        for (ScreenList (*screens)() : {shellScreens, progressScreens, guidesScreens, presubmitScreens, appointmentsScreens, queueScreens,
                                        collectScreens, rateScreens, reportScreens, callStaffScreens, serviceModeScreens}) {
            const ScreenList list = screens();
            out.insert(out.end(), list.begin(), list.end());
        }
        return out;
    }();
    return all;
}

void drawFrame(Frame& f) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(f.size);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, toImU32(core::palette().background));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
    ImGui::Begin("kiosk", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
    for (const auto& s : registeredScreens()) {
        if (s.id != f.terminal.screen()) continue;
        const float top = topBarHeight(f.ui);
        const float bottom = s.bottomBar ? f.size.y - bottomBarHeight(f.ui) : f.size.y;
        // A notice takes a band at the foot of the screen's area, above the bottom bar: what the screen shows at
        // its top stays where it was, and nothing is drawn under the notice.
        const std::string notice = f.terminal.notice(f.nowMs);
        const float height = notice.empty() ? 0 : noticeHeight(f, notice);
        const float band = notice.empty() ? 0 : height + f.ui.em() * 0.8f;
        s.draw(f, ImVec2(0, top), ImVec2(f.size.x, bottom - band));
        drawTopBar(f);
        if (s.bottomBar) drawBottomBar(f);
        if (!notice.empty()) drawNotice(f, notice, bottom - band + f.ui.em() * 0.4f, height);
    }
    ImGui::End();
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor();
    if (const int s = f.terminal.countdownSeconds(f.nowMs); s >= 0) drawCountdown(f, s);
    // Dimmed at night (content.schedule.dim): everything seen through a veil, never black; a touch lifts it.
    if (const float light = f.terminal.brightness(f.wall, f.nowMs); light < 1.0f)
        ImGui::GetForegroundDrawList()->AddRectFilled(ImVec2(0, 0), f.size, IM_COL32(0, 0, 0, static_cast<int>((1.0f - light) * 255)));
}

}  // namespace ow::screens
