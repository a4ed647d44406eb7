// The one list of screens, and the frame that puts bars, the current screen and the countdown together.
#include <imgui.h>

#include "screens/frame.h"

namespace ow::screens {

namespace {

struct ScreenEntry {
    core::ScreenId id;
    void (*draw)(Frame&, ImVec2, ImVec2);
    bool bottomBar;  // home/back/finish/call staff
};

// Every screen, registered here and nowhere else.
const ScreenEntry kScreens[] = {
    {core::ScreenId::attract, drawAttract, false},
    {core::ScreenId::home, drawHome, true},
    {core::ScreenId::notBuilt, drawNotBuilt, true},
    {core::ScreenId::caseLookup, drawCaseLookup, true},
    {core::ScreenId::progress, drawProgress, true},
    {core::ScreenId::guides, drawGuides, true},
    {core::ScreenId::guide, drawGuide, true},
    {core::ScreenId::presubmit, drawPresubmit, true},
    {core::ScreenId::form, drawForm, true},
    {core::ScreenId::materials, drawMaterials, true},
    {core::ScreenId::confirm, drawConfirm, true},
    {core::ScreenId::commitment, drawCommitment, true},
    {core::ScreenId::incomplete, drawIncomplete, true},
    {core::ScreenId::submitted, drawSubmitted, true},
};

}  // namespace

void drawFrame(Frame& f) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(f.size);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, toImU32(core::palette().background));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
    ImGui::Begin("kiosk", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
    for (const auto& s : kScreens) {
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
}

}  // namespace ow::screens
