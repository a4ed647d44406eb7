// Service mode: large and plain like every screen. The login asks for the staff code, then its PIN (dots, not
// digits); the menu shows who is signed in, each device with its state and what it needs, and the hall staff's
// actions.
#include <imgui.h>

#include <algorithm>

#include "screens/service_mode/service_mode_screens.h"

namespace ow::screens {

using core::service_mode::Kind;

void drawServiceLogin(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const core::service_mode::LoginView v = f.service<core::service_mode::ServiceMode>().loginView(f.terminal, f.nowMs);
    const float top = drawHeading(f, min, max, f.tr("service.login_title"), v.haveCode ? "service.enter" : nullptr,
                                  core::Intent::of(Kind::pinEnter));
    const float x = beginBody(f, min, max, top, "service_login");
    const float em = ui.em(), width = max.x - min.x - 2 * em * 0.8f;
    if (!v.haveCode) {
        ui.text(f.tr("service.scan_code"), true, p.tileText, width);
        endBody(f);
        return;
    }
    ui.text(v.who, true, p.tileText, width);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.3f));
    ui.text(f.tr("service.pin_how") + "  " + std::string(static_cast<size_t>(v.pinDigits), '*'), false, p.text, width);
    if (v.checking) {
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.3f));
        ui.text(f.tr("service.checking"), false, p.text, width);
    } else if (!v.problem.empty()) {
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.3f));
        ui.text(v.problem, true, p.warningText, width);
    }
    drawKeypad(f, ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.6f), std::min(width, em * 18), core::Intent::of(Kind::pinKey), false);
    endBody(f);
}

void drawServiceMenu(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const core::service_mode::MenuView v = f.service<core::service_mode::ServiceMode>().menuView(f.terminal);
    const float top = drawHeading(f, min, max, f.tr("service.menu_title"), "service.leave", core::Intent::of(Kind::leave));
    const float x = beginBody(f, min, max, top, "service_menu");
    const float em = ui.em(), width = max.x - min.x - 2 * em * 0.8f, bh = ui.metrics().target;
    ui.text(v.who, true, p.tileText, width);
    for (const auto& d : v.devices) {
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.3f));
        ui.text(d.name + "：" + d.state + (d.action.empty() ? "" : " — " + d.action), d.needsAttention,
                d.needsAttention ? p.warningText : p.text, width);
    }
    const float bw = std::min(width, em * 18);
    if (v.canPrintTest) {
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.6f));
        if (ui.button("service.print_test", f.tr("service.print_test"), ImVec2(bw, bh), ButtonStyle::tile)) f.want(Kind::printTest);
    }
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.6f));
    if (ui.button("service_out_of_service", f.tr(v.outOfService ? "service.back_in_service" : "service.take_out"), ImVec2(bw, bh),
                  v.outOfService ? ButtonStyle::barSelected : ButtonStyle::tile))
        f.want(Kind::outOfService);
    if (v.outOfService) {
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.3f));
        ui.text(f.tr("service.out_now"), false, p.warningText, width);
    }
    if (v.engineer) {
        // The engineer's part: the terminal's own state, three actions, and the log's last lines.
        for (const auto& [label, value] : v.facts) {
            ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.3f));
            ui.text(label + "：" + value, false, p.text, width);
        }
        const float y = ImGui::GetCursorScreenPos().y + em * 0.6f, third = (std::min(width, em * 40) - em) / 3;
        const std::pair<const char*, Kind> actions[] = {{"service.send_now", Kind::sendNow}, {"service.check_update", Kind::checkUpdate},
                                                        {"service.restart", Kind::restart}};
        for (int i = 0; i < 3; ++i) {
            ImGui::SetCursorScreenPos(ImVec2(x + static_cast<float>(i) * (third + em * 0.5f), y));
            if (ui.button(actions[i].first, f.tr(actions[i].first), ImVec2(third, bh), ButtonStyle::tile)) f.want(actions[i].second);
        }
        ImGui::SetCursorScreenPos(ImVec2(x, y + bh + em * 0.4f));
        for (const auto& line : v.logTail) ui.textLine(line, false, p.mutedText, width);
    }
    endBody(f);
}

}  // namespace ow::screens
