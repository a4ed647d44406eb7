// Queue numbers, first: two large choices — "I have an appointment: check in" and "take a number" — then the themes
// (each with its prefix and the windows that serve it, the green channel said or offered), or, for a check-in without
// a card yet, "place your ID card or scan your appointment slip".
#include <imgui.h>

#include <algorithm>

#include "screens/queue/queue_screens.h"

namespace ow::screens {

using core::queue::Kind;

void drawQueueStart(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const core::queue::StartView v = f.service<core::queue::Queue>().startView(f.terminal, std::time(nullptr));
    if (!v.gives) {
        drawPlainPage(f, min, max, f.tr("service.queue.title"), {f.tr("queue.no_queue")});
        return;
    }
    const float top = drawHeading(f, min, max, f.tr("service.queue.title"), nullptr, {});
    const float x = beginBody(f, min, max, top, "queue_start");
    const float em = ui.em(), width = max.x - min.x - 2 * em * 0.8f;
    if (!v.who.empty()) {
        ui.textLine(f.tr("queue.who") + v.who, false, p.mutedText, width);
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.3f));
    }
    if (v.green) {
        ui.text(f.tr("queue.green_by_age"), true, p.tileText, width);
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.3f));
    }
    // Two choices side by side (one above the other when the text is large).
    const bool stacked = width < em * 24;
    const float bw = stacked ? width : (width - em) / 2, bh = std::max(ui.metrics().target * 2.2f, em * 5);
    const float y = ImGui::GetCursorScreenPos().y + em * 0.4f;
    if (v.checkIn) {
        ImGui::SetCursorScreenPos(ImVec2(x, y));
        if (ui.tile("queue.check_in", f.tr("queue.check_in"), f.tr("queue.check_in_desc"), ImVec2(bw, bh))) f.want(Kind::checkIn);
    }
    ImGui::SetCursorScreenPos(stacked || !v.checkIn ? ImVec2(x, v.checkIn ? y + bh + em * 0.6f : y) : ImVec2(x + bw + em, y));
    if (ui.tile("queue.walk_in", f.tr("queue.walk_in"), f.tr("queue.walk_in_desc"), ImVec2(bw, bh))) f.want(Kind::walkIn);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.8f));
    ui.text(f.tr("queue.scan_ticket"), false, p.mutedText, width);
    endBody(f);
}

void drawQueueThemes(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const core::queue::ThemesView v = f.service<core::queue::Queue>().themesView(f.terminal, std::time(nullptr));
    const float top = drawHeading(f, min, max, f.tr("queue.choose_theme"), nullptr, {});
    const float x = beginBody(f, min, max, top, "queue_themes");
    const float em = ui.em(), width = max.x - min.x - 2 * em * 0.8f;
    // The green channel (001; 002 第十三条): by the card for 60 or more; asked for by the disabled and pregnant, and
    // confirmed by staff at the window.
    if (v.green) {
        ui.text(f.tr("queue.green_by_age"), true, p.tileText, width);
    } else {
        const float bw = std::min(width, em * 22);
        if (ui.button("queue.ask_green", f.tr(v.asked ? "queue.green_asked" : "queue.ask_green"), ImVec2(bw, ui.metrics().target),
                      v.asked ? ButtonStyle::barSelected : ButtonStyle::tile))
            f.want(Kind::askGreen);
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.2f));
        ui.text(f.tr(v.asked ? "queue.green_asked_how" : "queue.green_who"), false, p.mutedText, width);
    }
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.5f));
    const int cols = width > em * 30 ? 2 : 1;
    const float tw = (width - em * 0.6f * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    const float th = std::max(ui.metrics().target * 1.6f, em * 3.6f), y0 = ImGui::GetCursorScreenPos().y;
    for (size_t i = 0; i < v.themes.size(); ++i) {
        const auto& t = v.themes[i];
        const int c = static_cast<int>(i) % cols, r = static_cast<int>(i) / cols;
        ImGui::SetCursorScreenPos(ImVec2(x + static_cast<float>(c) * (tw + em * 0.6f), y0 + static_cast<float>(r) * (th + em * 0.6f)));
        if (ui.tile("theme." + std::to_string(i), t.prefix + "  " + t.name, t.windows, ImVec2(tw, th)))
            f.want(Kind::chooseTheme, static_cast<int>(i));
    }
    const int rows = (static_cast<int>(v.themes.size()) + cols - 1) / cols;
    ImGui::SetCursorScreenPos(ImVec2(x, y0 + static_cast<float>(rows) * (th + em * 0.6f)));
    if (!v.identified) ui.text(f.tr("queue.no_card_ok"), false, p.mutedText, width);
    endBody(f);
}

void drawQueueCheckIn(Frame& f, ImVec2 min, ImVec2 max) {
    Ui& ui = f.ui;
    const float em = ui.em(), pad = em * 0.8f, width = max.x - min.x - 2 * pad;
    const float y = drawCardPrompt(f, min, max, f.tr("queue.check_in"), f.tr("queue.check_in_how"), {f.tr("queue.check_in_window")});
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, y + em));
    if (ui.button("queue.walk_in", f.tr("queue.walk_in_instead"), ImVec2(std::min(width, em * 16), ui.metrics().target), ButtonStyle::tile))
        f.want(Kind::walkIn);
}

}  // namespace ow::screens
