// Appointments: the person's own, each with its state and what the hall changed; a booked one can be cancelled
// (asked once more first) or moved, with the card and before the cut-off.
#include <imgui.h>

#include <algorithm>

#include "screens/appointments/appointments_screens.h"

namespace ow::screens {

void drawAppointmentMine(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const core::appointments::MineView v =
        f.service<core::appointments::Appointments>().mineView(f.terminal, static_cast<int64_t>(f.wall));
    const float em = ui.em(), pad = em * 0.8f, width = max.x - min.x - 2 * pad, target = ui.metrics().target;
    using core::appointments::Kind;
    const float top = drawHeading(f, min, max, f.tr("appointment.mine"), nullptr, {});
    const float x = beginBody(f, min, max, top, "appointment_mine");
    if (!v.done.empty()) {
        ui.text(v.done, false, p.tileText, width);
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.4f));
    }
    const bool waiting = v.asking == core::appointments::Asking::waiting;
    if (waiting || v.asking == core::appointments::Asking::offline || v.asking == core::appointments::Asking::refused)
        if (drawAppointmentAsking(f, v.asking, v.problem, x, width) || waiting) return endBody(f);
    if (v.items.empty()) ui.text(f.tr("appointment.none"), false, p.text, width);
    const float bw = std::min(em * 9, (width - em) / 2);
    for (size_t i = 0; i < v.items.size(); ++i) {
        const auto& it = v.items[i];
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.6f));
        ui.text(it.matter, true, p.tileText, width);
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.1f));
        ui.text(it.when + "　" + it.state, false, p.text, width);
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.1f));
        ui.textLine(f.tr("appointment.doc_no_label") + it.no, false, p.mutedText, width);
        if (!it.hallNote.empty()) {
            ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.2f));
            ui.text(it.hallNote, false, p.warningText, width);
        }
        if (!it.canChange) continue;
        const int n = static_cast<int>(i);
        const float by = ImGui::GetCursorScreenPos().y + em * 0.4f;
        ImGui::PushID(n);
        if (v.askingCancel == n) {
            ImGui::SetCursorScreenPos(ImVec2(x, by));
            ui.text(f.tr("appointment.cancel_ask"), false, p.warningText, width);
            const float ay = ImGui::GetCursorScreenPos().y + em * 0.3f;
            ImGui::SetCursorScreenPos(ImVec2(x, ay));
            if (ui.button("appointment.cancel_yes", f.tr("appointment.cancel_yes"), ImVec2(bw, target), ButtonStyle::primary))
                f.want(Kind::cancelYes);
            ImGui::SetCursorScreenPos(ImVec2(x + bw + em, ay));
            if (ui.button("appointment.cancel_no", f.tr("appointment.cancel_no"), ImVec2(bw, target), ButtonStyle::tile))
                f.want(Kind::cancelNo);
        } else {
            ImGui::SetCursorScreenPos(ImVec2(x, by));
            if (ui.button("appointment.cancel." + std::to_string(n), f.tr("appointment.cancel"), ImVec2(bw, target), ButtonStyle::tile))
                f.want(Kind::askCancel, n);
            ImGui::SetCursorScreenPos(ImVec2(x + bw + em, by));
            if (ui.button("appointment.move." + std::to_string(n), f.tr("appointment.move_it"), ImVec2(bw, target), ButtonStyle::tile))
                f.want(Kind::startMove, n);
        }
        ImGui::PopID();
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + target * 0.1f));
    }
    endBody(f);
}

}  // namespace ow::screens
