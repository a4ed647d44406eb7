// Queue numbers: the ticket (its number large, the theme and kind, how many are ahead, the wait, the windows, "take
// your ticket"), or why there is none in plain words with the next step; and a scanned ticket's place.
#include <imgui.h>

#include <algorithm>

#include "screens/queue/queue_screens.h"

namespace ow::screens {

using core::queue::Asking;
using core::queue::Kind;

namespace {

// The number in a box of its own, large enough to be read from a step back.
void drawNumber(Frame& f, float x, float width, const std::string& number, const std::string& under) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em(), h = em * 5.6f, w = std::min(width, em * 16);
    const ImVec2 a(x, ImGui::GetCursorScreenPos().y + em * 0.3f), b(x + w, a.y + h);
    ImGui::GetWindowDrawList()->AddRectFilled(a, b, IM_COL32(p.tile.r, p.tile.g, p.tile.b, 255), em * 0.4f);
    ui.bigText(number, 2.6f, p.tileText, ImVec2(a.x, a.y + em * 0.2f), ImVec2(b.x, a.y + h * 0.66f));
    ui.textCentered(under, false, p.text, ImVec2(a.x, a.y + h * 0.64f), b);
    ImGui::SetCursorScreenPos(ImVec2(x, b.y + em * 0.5f));
}

void line(Frame& f, float x, float width, const std::string& text, bool strong = false) {
    if (text.empty()) return;
    const auto& p = core::palette();
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + f.ui.em() * 0.25f));
    f.ui.text(text, strong, strong ? p.tileText : p.text, width);
}

// "Asking central…", or the problem with its next step (try again; a walk-in number instead). True: nothing else.
bool drawAsking(Frame& f, Asking asking, const std::string& problem, bool canRetry, bool offerWalkIn, float x, float width) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em(), bw = std::min(width, em * 14);
    if (asking == Asking::waiting) {
        ui.text(f.tr("queue.asking"), false, p.text, width);
        return true;
    }
    if (problem.empty()) return false;
    ui.text(problem, true, p.warningText, width);
    if (canRetry) {
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.6f));
        if (ui.button("queue.retry", f.tr("queue.retry"), ImVec2(bw, ui.metrics().target), ButtonStyle::primary)) f.want(Kind::retry);
    }
    if (offerWalkIn) {
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.6f));
        if (ui.button("queue.walk_in", f.tr("queue.walk_in_instead"), ImVec2(bw, ui.metrics().target), ButtonStyle::primary))
            f.want(Kind::walkIn);
    }
    return true;
}

}  // namespace

void drawQueueTicket(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    const core::queue::TicketView v = f.service<core::queue::Queue>().ticketView(f.terminal);
    const float em = f.ui.em(), width = max.x - min.x - 2 * em * 0.8f;
    const bool have = !v.number.empty();
    const char* title = have ? (v.checkIn ? "queue.checked_in" : "queue.your_number") : (v.checkIn ? "queue.check_in" : "service.queue.title");
    const float top = drawHeading(f, min, max, f.tr(title), have && v.canPrint ? "queue.reprint" : nullptr,
                                  core::Intent::of(Kind::reprint));
    const float x = beginBody(f, min, max, top, "queue_ticket");
    if (!have) {
        drawAsking(f, v.asking, v.problem, v.canRetry, v.offerWalkIn, x, width);
        endBody(f);
        return;
    }
    drawNumber(f, x, width, v.number, v.theme + " · " + v.kind);
    line(f, x, width, v.ahead, true);
    line(f, x, width, v.wait);
    line(f, x, width, v.windows);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.5f));
    f.ui.text(f.tr(v.printed ? "queue.take_ticket" : "queue.no_printer"), false, p.text, width);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.3f));
    f.ui.text(f.tr("queue.listen"), false, p.mutedText, width);
    endBody(f);
}

void drawQueuePlace(Frame& f, ImVec2 min, ImVec2 max) {
    const core::queue::PlaceView v = f.service<core::queue::Queue>().placeView(f.terminal);
    const float em = f.ui.em(), width = max.x - min.x - 2 * em * 0.8f;
    const float top = drawHeading(f, min, max, f.tr("queue.place_title"), nullptr, {});
    const float x = beginBody(f, min, max, top, "queue_place");
    if (v.number.empty()) {
        drawAsking(f, v.asking, v.problem, v.asking == Asking::offline, false, x, width);
        endBody(f);
        return;
    }
    drawNumber(f, x, width, v.number, v.theme);
    line(f, x, width, v.state, true);
    line(f, x, width, v.ahead);
    line(f, x, width, v.wait);
    line(f, x, width, v.windows);
    endBody(f);
}

}  // namespace ow::screens
