// The bars on every screen (language, text size, home/back, call staff, finish) and the idle countdown.
#include <imgui.h>

#include "kiosk/i18n.h"
#include "kiosk/services/call_staff/call_staff.h"
#include "kiosk/services/rate/rate.h"
#include "kiosk/services/service_mode/service_mode.h"
#include "screens/frame.h"

namespace ow::screens {

using core::Intent;

float topBarHeight(const Ui& ui) { return ui.em() * 2.6f; }
float bottomBarHeight(const Ui& ui) { return ui.metrics().target + ui.em() * 0.8f; }

void drawTopBar(Frame& f) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float h = topBarHeight(ui), em = ui.em();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(0, 0), ImVec2(f.size.x, h), toImU32(p.bar));

    // Right side: text size (three choices) and the language switch, each at least a touch target high.
    const float bh = std::min(h - em * 0.5f, ui.metrics().target);
    const float y = (h - bh) * 0.5f;
    const char* scaleKeys[] = {"scale.standard", "scale.large", "scale.elderly"};
    float x = f.size.x - em * 0.6f;
    const float langW = ui.measure(f.tr("lang.switch"), false) + em * 1.6f;
    x -= langW;
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    if (ui.button("lang.switch", f.tr("lang.switch"), ImVec2(langW, bh), ButtonStyle::bar))
        f.want(core::ShellKind::setLang, static_cast<int>(f.terminal.lang() == core::Lang::zhCN ? core::Lang::en
                                                                                            : core::Lang::zhCN));
    // Spoken prompts: on by themselves at elderly scale; one tap mutes them (or turns them on).
    const bool voice = f.terminal.voiceOn();
    const std::string& voiceLabel = f.tr(voice ? "voice.on" : "voice.off");
    const float voiceW = ui.measure(voiceLabel, false) + em * 1.2f;
    x -= em * 0.6f + voiceW;
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    if (ui.button("voice.toggle", voiceLabel, ImVec2(voiceW, bh), voice ? ButtonStyle::barSelected : ButtonStyle::bar))
        f.want(core::ShellKind::toggleVoice);
    x -= em * 1.0f;
    for (int i = 2; i >= 0; --i) {
        const float w = ui.measure(f.tr(scaleKeys[i]), false) + em * 1.2f;
        x -= w;
        ImGui::SetCursorScreenPos(ImVec2(x, y));
        const bool selected = static_cast<int>(f.terminal.scale()) == i;
        if (ui.button(scaleKeys[i], f.tr(scaleKeys[i]), ImVec2(w, bh),
                      selected ? ButtonStyle::barSelected : ButtonStyle::bar))
            f.want(core::ShellKind::setScale, i);
        x -= em * 0.3f;
    }
    const float labelW = ui.measure(f.tr("scale.label"), false);
    x -= labelW + em * 0.4f;
    ImGui::SetCursorScreenPos(ImVec2(x, (h - em * 1.3f) * 0.5f));
    ui.text(f.tr("scale.label"), false, p.barText, labelW + 2);

    // Left: the hall's name in what room is left, on one line. Under it, unmarked, the knock that opens service mode
    // (five taps within four seconds, on the attract screen; the staff code and its PIN are still asked for).
    ImGui::SetCursorScreenPos(ImVec2(0, 0));
    if (ImGui::InvisibleButton("service_knock", ImVec2(std::max(1.0f, x - em * 0.8f), h)))
        f.want(core::service_mode::Kind::knock);
    ImGui::SetCursorScreenPos(ImVec2(em * 0.8f, (h - em * 1.3f) * 0.5f));
    ui.textLine(f.terminal.bundle().hallName.get(f.terminal.lang()), false, p.barText, x - em * 1.6f);
}

void drawBottomBar(Frame& f) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float h = bottomBarHeight(ui), em = ui.em();
    const float top = f.size.y - h;
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(0, top), f.size, toImU32(p.bar));
    const float bh = ui.metrics().target, y = top + (h - bh) * 0.5f;
    auto width = [&](const char* key) { return std::max(ui.measure(f.tr(key), false) + em * 2.0f, em * 5.0f); };

    float x = em * 0.6f;
    for (auto [key, kind] : {std::pair{"nav.home", core::ShellKind::home}, std::pair{"nav.back", core::ShellKind::back}}) {
        ImGui::SetCursorScreenPos(ImVec2(x, y));
        if (ui.button(key, f.tr(key), ImVec2(width(key), bh), ButtonStyle::bar)) f.want(kind);
        x += width(key) + em * 0.5f;
    }
    // Finish ends the session at once and wipes it; calling staff is always one tap away.
    float right = f.size.x - em * 0.6f - width("nav.finish");
    ImGui::SetCursorScreenPos(ImVec2(right, y));
    if (ui.button("nav.finish", f.tr("nav.finish"), ImVec2(width("nav.finish"), bh), ButtonStyle::bar))
        f.want(core::ShellKind::finish);
    // (Not in service mode: whoever is there is the staff.)
    if (f.terminal.service() != core::service_mode::kCode) {
        right -= width("nav.call_staff") + em * 0.5f;
        ImGui::SetCursorScreenPos(ImVec2(right, y));
        if (ui.button("nav.call_staff", f.tr("nav.call_staff"), ImVec2(width("nav.call_staff"), bh),
                      ButtonStyle::primary))
            f.want(Intent::open(core::call_staff::kCode));
    }
    // A service just done may be rated (好差评): offered here on its last screen, never forced.
    if (f.terminal.ratingOfferHere()) {
        const float w = width("nav.rate");
        const float at = std::max(x, std::min((f.size.x - w) * 0.5f, right - em * 0.5f - w));
        if (at + w <= right - em * 0.3f) {
            ImGui::SetCursorScreenPos(ImVec2(at, y));
            if (ui.button("nav.rate", f.tr("nav.rate"), ImVec2(w, bh), ButtonStyle::primary)) f.want(Intent::open(core::rate::kCode));
        }
    }
}

void drawCountdown(Frame& f, int seconds) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(f.size);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(0, 0, 0, 110));
    ImGui::Begin("countdown", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    const ImVec2 panel(std::min(f.size.x * 0.8f, em * 26), em * 12);
    const ImVec2 min((f.size.x - panel.x) * 0.5f, (f.size.y - panel.y) * 0.5f);
    const ImVec2 max(min.x + panel.x, min.y + panel.y);
    ImGui::GetWindowDrawList()->AddRectFilled(min, max, toImU32(p.warning), em * 0.5f);
    ui.textCentered(f.tr("timeout.title"), true, p.warningText, ImVec2(min.x + em, min.y + em * 0.6f),
                    ImVec2(max.x - em, min.y + em * 3.0f));
    ui.textCentered(core::fill(f.tr("timeout.body"), {{"seconds", std::to_string(seconds)}}), false, p.warningText,
                    ImVec2(min.x + em, min.y + em * 3.2f), ImVec2(max.x - em, min.y + em * 6.6f));
    const ImVec2 bsize(panel.x * 0.6f, ui.metrics().target * 1.1f);
    ImGui::SetCursorScreenPos(ImVec2(min.x + (panel.x - bsize.x) * 0.5f, max.y - bsize.y - em * 1.0f));
    if (ui.button("timeout.continue", f.tr("timeout.continue"), bsize, ButtonStyle::primary))
        f.want(core::ShellKind::continueSession);
    ImGui::End();
    ImGui::PopStyleColor();
}

}  // namespace ow::screens

namespace ow::screens {

namespace {
float noticeWidth(const Frame& f) { return std::min(f.size.x - f.ui.em() * 2, f.ui.em() * 34); }
}  // namespace

float noticeHeight(Frame& f, const std::string& text) {
    const float em = f.ui.em();
    return static_cast<float>(f.ui.wrap(text, false, noticeWidth(f) - em * 2).size()) * em * 1.3f + em * 1.2f;
}

void drawNotice(Frame& f, const std::string& text, float top, float height) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em();
    const float width = noticeWidth(f);
    const ImVec2 min((f.size.x - width) * 0.5f, top);
    const ImVec2 max(min.x + width, top + height);
    ImGui::GetWindowDrawList()->AddRectFilled(min, max, toImU32(p.warning), em * 0.4f);
    ImGui::GetWindowDrawList()->AddRect(min, max, toImU32(p.warningText, 0.6f), em * 0.4f, 0, 2.0f);
    ui.mark("notice", text, min, max);
    ImGui::SetCursorScreenPos(ImVec2(min.x + em, min.y + em * 0.6f));
    ui.text(text, false, p.warningText, width - em * 2);
}

}  // namespace ow::screens
