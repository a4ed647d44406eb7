// Appointments, first: the ID card (an appointment is made in one's own name) or a slip scanned; then the matters
// the hall takes bookings for, with "my appointments" at the top right.
#include <imgui.h>

#include "screens/appointments/appointments_screens.h"

namespace ow::screens {

void drawAppointmentCard(Frame& f, ImVec2 min, ImVec2 max) {
    drawCardPrompt(f, min, max, f.tr("service.appointments.title"), f.tr("appointment.need_card"),
                   {f.tr("appointment.need_card_why"), f.tr("appointment.scan_slip")});
}

void drawAppointmentMatters(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em(), pad = em * 0.8f, width = max.x - min.x - 2 * pad;
    const core::appointments::MattersView v = f.service<core::appointments::Appointments>().mattersView(f.terminal);
    if (!v.bookable) {
        drawPlainPage(f, min, max, f.tr("service.appointments.title"), {f.tr("appointment.not_here")});
        return;
    }
    const float top = drawHeading(f, min, max, f.tr("service.appointments.title"), "appointment.mine",
                                  core::Intent::of(core::appointments::Kind::showMine));
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, top));
    if (!v.who.empty()) {
        ui.textLine(f.tr("appointment.who") + v.who, false, p.mutedText, width);
        ImGui::SetCursorScreenPos(ImVec2(min.x + pad, ImGui::GetCursorScreenPos().y + em * 0.2f));
    }
    ui.text(f.tr("appointment.choose_matter"), false, p.text, width);
    drawMatterTiles(f, v.matters, min, max, ImGui::GetCursorScreenPos().y + em * 0.4f, max.y, "book.",
                    core::Intent::of(core::appointments::Kind::chooseMatter));
}

}  // namespace ow::screens
