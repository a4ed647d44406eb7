// Service mode: large and plain like every screen. The login asks for the staff code, then its PIN (dots, not
// digits); the menu shows who is signed in, each device with its state and what it needs, and the hall staff's
// actions.
#include <imgui.h>

#include <algorithm>
#include <initializer_list>
#include <tuple>

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
    const core::service_mode::MenuView v = f.service<core::service_mode::ServiceMode>().menuView(f.terminal, f.nowMs);
    const float top = drawHeading(f, min, max, f.tr("service.menu_title"), "service.leave", core::Intent::of(Kind::leave));
    const float x0 = beginBody(f, min, max, top, "service_menu");
    const float em = ui.em(), full = max.x - min.x - 2 * em * 0.8f, bh = ui.metrics().target;
    // An engineer's menu on a wide screen in two columns: the hall staff's part on the left, the engineer's actions
    // and their results on the right, so every button is on screen without scrolling.
    const bool twoColumns = v.engineer && full > em * 40;
    const float width = twoColumns ? (full - em) / 2 : full;
    float x = x0;
    const float startY = ImGui::GetCursorScreenPos().y;  // moves with the body's scrolling
    const auto gap = [&](float ems) { ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * ems)); };
    // A row of equal buttons (those shown); the cursor ends below it.
    const auto row = [&](std::initializer_list<std::tuple<const char*, Kind, bool>> buttons) {
        int n = 0;
        for (const auto& b : buttons) n += std::get<2>(b);
        if (n == 0) return;
        const float y = ImGui::GetCursorScreenPos().y + em * 0.5f,
                    w = (std::min(width, em * 44) - em * 0.5f * static_cast<float>(n - 1)) / static_cast<float>(n);
        int i = 0;
        for (const auto& [key, kind, shown] : buttons) {
            if (!shown) continue;
            ImGui::SetCursorScreenPos(ImVec2(x + static_cast<float>(i++) * (w + em * 0.5f), y));
            if (ui.button(key, f.tr(key), ImVec2(w, bh), ButtonStyle::tile)) f.want(kind);
        }
        ImGui::SetCursorScreenPos(ImVec2(x, y + bh));
    };
    const auto checks = [&](const char* title, const std::vector<core::service_mode::MenuView::Check>& list) {
        if (list.empty()) return;
        gap(0.5f);
        ui.text(f.tr(title), true, p.tileText, width);
        for (const auto& c : list) {
            gap(0.1f);  // each line starts at this column's edge
            ui.textLine(f.labelled(c.name, c.result), !c.ok, c.ok ? p.text : p.warningText, width);
        }
    };
    ui.text(v.who, true, p.tileText, width);
    for (const auto& d : v.devices) {
        gap(0.2f);
        ui.text(f.labelled(d.name, d.state) + (d.action.empty() ? "" : " — " + d.action), d.needsAttention,
                d.needsAttention ? p.warningText : p.text, width);
    }
    if (!v.supplies.empty()) {
        gap(0.3f);
        ui.text(v.supplies, false, p.text, width);
    }
    // The hall staff's part (001 第四条: paper, cleaning, power): supplies, the cover, test prints, out of service.
    row({{"service.paper_replaced", Kind::paperReplaced, true}, {"service.cover_closed", Kind::coverClosed, true}});
    row({{"service.print_test", Kind::printTest, v.canPrintTest}, {"service.print_test_a4", Kind::printTestA4, v.canPrintTestA4}});
    gap(0.5f);
    if (ui.button("service_out_of_service", f.tr(v.outOfService ? "service.back_in_service" : "service.take_out"),
                  ImVec2(std::min(width, em * 18), bh), v.outOfService ? ButtonStyle::barSelected : ButtonStyle::tile))
        f.want(Kind::outOfService);
    if (v.outOfService) {
        gap(0.3f);
        ui.text(f.tr("service.out_now"), false, p.warningText, width);
    }
    if (!v.engineer) return endBody(f);
    // The engineer's part: actions first, then what they found, the terminal's own state and configuration, the log.
    const float leftEnd = ImGui::GetCursorScreenPos().y;
    if (twoColumns) {
        x = x0 + width + em;
        ImGui::SetCursorScreenPos(ImVec2(x, startY));
    }
    row({{"service.self_test", Kind::selfTest, true}, {"service.network_test", Kind::networkTest, true}});
    row({{"service.send_now", Kind::sendNow, true}, {"service.check_update", Kind::checkUpdate, true}});
    if (!v.confirmPower.empty()) {
        gap(0.5f);
        ui.text(v.confirmPower, true, p.warningText, width);
        row({{"service.confirm", Kind::confirmPower, true}, {"service.cancel", Kind::cancelPower, true}});
    } else {
        row({{"service.restart", Kind::restart, true}, {"service.reboot", Kind::reboot, true}, {"service.power_off", Kind::powerOff, true}});
    }
    if (!v.refused.empty()) {
        gap(0.3f);
        ui.text(v.refused, true, p.warningText, width);
    }
    checks("service.network_title", v.network);
    checks("service.self_test_title", v.selfTest);
    if (twoColumns) {  // the rest below both columns, full width
        x = x0;
        ImGui::SetCursorScreenPos(ImVec2(x, std::max(leftEnd, ImGui::GetCursorScreenPos().y)));
    }
    for (const auto& [label, value] : v.facts) {
        gap(0.2f);
        ui.text(f.labelled(label, value), false, p.text, full);
    }
    if (!v.devicesInUse.empty()) {
        gap(0.5f);
        ui.text(f.tr("service.devices_in_use"), true, p.tileText, full);
        for (const auto& line : v.devicesInUse) {
            gap(0.1f);
            ui.textLine(line, false, p.text, full);
        }
    }
    gap(0.4f);
    for (const auto& line : v.logTail) ui.textLine(line, false, p.mutedText, full);
    endBody(f);
}

}  // namespace ow::screens
