// Appointments: the confirmation (the name masked, the matter, the day and time, where, the 30-minute rule and how
// to cancel) with "book" at the top right; a slot just taken offers the nearest free ones; then the slip booked.
#include <imgui.h>

#include <algorithm>

#include "screens/appointments/appointments_screens.h"

namespace ow::screens {

namespace {

// "label: value" on a line of its own, wrapped.
void fact(Frame& f, float x, float width, const char* label, const std::string& value, bool strong = false) {
    if (value.empty()) return;
    const auto& p = core::palette();
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + f.ui.em() * 0.25f));
    f.ui.text(f.tr(label) + value, strong, strong ? p.tileText : p.text, width);
}

}  // namespace

void drawAppointmentConfirm(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const core::appointments::ConfirmView v = f.service<core::appointments::Appointments>().confirmView(f.terminal);
    const float em = ui.em(), pad = em * 0.8f;
    float width = max.x - min.x - 2 * pad;
    using core::appointments::Asking;
    const bool canConfirm = v.asking == Asking::idle || (v.asking == Asking::refused && v.nearest.empty());
    const float top = drawHeading(f, min, max, f.tr(v.moving.empty() ? "appointment.confirm_title" : "appointment.move_title"),
                                  canConfirm ? (v.moving.empty() ? "appointment.book" : "appointment.move") : nullptr,
                                  core::Intent::of(core::appointments::Kind::confirm));
    const float x = beginBody(f, min, max, top, "appointment_confirm");
    const float bodyTop = ImGui::GetCursorScreenPos().y, fullWidth = width;
    // While the mobile is typed, the keypad stands beside the facts, all of it in view.
    if (v.editingPhone) {
        const float padW = std::min(fullWidth * 0.4f, em * 16);
        drawKeypad(f, ImVec2(x + fullWidth - padW, bodyTop), padW, core::Intent::of(core::appointments::Kind::phoneKey), false);
        ImGui::SetCursorScreenPos(ImVec2(x, bodyTop));
        width = fullWidth - padW - em;
    }
    if (!v.moving.empty()) fact(f, x, width, "appointment.from", v.moving);
    fact(f, x, width, "appointment.who", v.who);
    fact(f, x, width, "appointment.matter", v.matter);
    fact(f, x, width, "appointment.when", v.when, true);
    fact(f, x, width, "appointment.where", v.address);
    for (const auto& r : v.rules) {
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.25f));
        ui.text(r, false, p.mutedText, width);
    }
    // The mobile for the SMS confirmation and reminder: optional, typed on the keypad.
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.5f));
    const float rowY = ImGui::GetCursorScreenPos().y, editW = std::min(em * 8, width * 0.3f);
    ui.textLine(f.tr("appointment.phone") + (v.phone.empty() ? f.tr("appointment.phone_none") : v.phone), false, p.text,
                width - editW - em);
    ImGui::SetCursorScreenPos(ImVec2(x + width - editW, rowY - em * 0.2f));
    const char* editKey = v.editingPhone ? "appointment.phone_done" : "appointment.phone_edit";
    if (ui.button(editKey, f.tr(editKey), ImVec2(editW, ui.metrics().target), ButtonStyle::tile))
        f.want(core::appointments::Kind::editPhone);
    ImGui::SetCursorScreenPos(ImVec2(x, std::max(ImGui::GetCursorScreenPos().y, rowY + ui.metrics().target) + em * 0.3f));
    if (!v.phoneProblem.empty()) {
        ui.text(v.phoneProblem, false, p.warningText, width);
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.3f));
    }
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.3f));
    if (v.asking != Asking::idle && v.asking != Asking::answered) drawAppointmentAsking(f, v.asking, v.problem, x, width);
    // The slot was taken meanwhile: the nearest free ones, to take in one tap.
    for (size_t i = 0; i < v.nearest.size(); ++i) {
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.4f));
        if (ui.button("nearest." + std::to_string(i), v.nearest[i], ImVec2(std::min(width, em * 22), ui.metrics().target),
                      ButtonStyle::tile))
            f.want(core::appointments::Kind::chooseNearest, static_cast<int>(i));
    }
    endBody(f);
}

void drawAppointmentBooked(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const core::appointments::BookedView v = f.service<core::appointments::Appointments>().bookedView(f.terminal);
    const float em = ui.em(), pad = em * 0.8f, width = max.x - min.x - 2 * pad;
    const float top = drawHeading(f, min, max, f.tr(v.moved.empty() ? "appointment.booked" : "appointment.moved"),
                                  v.canPrint ? "appointment.reprint" : nullptr, core::Intent::of(core::appointments::Kind::reprint));
    const float x = beginBody(f, min, max, top, "appointment_booked");
    fact(f, x, width, "appointment.doc_no_label", v.no, true);
    fact(f, x, width, "appointment.matter", v.matter);
    fact(f, x, width, "appointment.when", v.when, true);
    if (!v.moved.empty()) fact(f, x, width, "appointment.from", v.moved);
    fact(f, x, width, "appointment.where", v.address);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.6f));
    ui.text(f.tr(v.printed ? "appointment.take_slip" : "appointment.no_printer"), false, p.text, width);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.6f));
    if (ui.button("appointment.mine", f.tr("appointment.mine"), ImVec2(std::min(width, em * 12), ui.metrics().target),
                  ButtonStyle::tile))
        f.want(core::appointments::Kind::showMine);
    endBody(f);
}

}  // namespace ow::screens
