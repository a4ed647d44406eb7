// Appointments: the day, then the slot, each with the places central says are left now; a full one cannot be
// chosen. While central is asked, "asking…"; when it cannot be reached, plain words, the hall's phone, "try again".
#include <imgui.h>

#include <algorithm>

#include "screens/appointments/appointments_screens.h"

namespace ow::screens {

namespace {

// A grid of choices, each a button with its main line and its places; a full one is shown but does nothing.
template <class Item>
void choices(Frame& f, const std::vector<Item>& items, float x, float width, const char* keyPrefix, int columns,
             const std::string& (*label)(const Item&), core::Intent tapped) {
    Ui& ui = f.ui;
    const float em = ui.em(), gap = em * 0.4f, h = ui.metrics().target * 1.5f;
    const int cols = std::max(1, std::min(columns, static_cast<int>(width / (em * 9))));
    const float w = (width - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    const float y0 = ImGui::GetCursorScreenPos().y + em * 0.4f;
    for (size_t i = 0; i < items.size(); ++i) {
        const int c = static_cast<int>(i) % cols, r = static_cast<int>(i) / cols;
        ImGui::SetCursorScreenPos(ImVec2(x + static_cast<float>(c) * (w + gap), y0 + static_cast<float>(r) * (h + gap)));
        const std::string text = label(items[i]) + "\n" + items[i].left;
        if (ui.button(keyPrefix + std::to_string(i), text, ImVec2(w, h), items[i].full ? ButtonStyle::bar : ButtonStyle::tile) &&
            !items[i].full)
            f.want(tapped.with(static_cast<int>(i)));
    }
    const int rows = (static_cast<int>(items.size()) + cols - 1) / cols;
    ImGui::SetCursorScreenPos(ImVec2(x, y0 + static_cast<float>(rows) * (h + gap)));
}

const std::string& dayLabel(const core::appointments::DaysView::Day& d) { return d.label; }
const std::string& slotLabel(const core::appointments::SlotsView::Slot& s) { return s.time; }

}  // namespace

bool drawAppointmentAsking(Frame& f, core::appointments::Asking asking, const std::string& problem, float x, float width) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em();
    using core::appointments::Asking;
    if (asking == Asking::waiting) {
        ui.text(f.tr("appointment.asking"), false, p.text, width);
        return true;
    }
    if (problem.empty()) return false;
    ui.text(problem, false, p.warningText, width);
    if (asking == Asking::offline) {
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.6f));
        if (ui.button("appointment.retry", f.tr("appointment.retry"), ImVec2(std::min(width, em * 12), ui.metrics().target),
                      ButtonStyle::primary))
            f.want(core::appointments::Kind::retry);
        return true;
    }
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.4f));
    return false;
}

void drawAppointmentDays(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    const core::appointments::DaysView v = f.service<core::appointments::Appointments>().daysView(f.terminal);
    const float em = f.ui.em(), pad = em * 0.8f, width = max.x - min.x - 2 * pad;
    const float top = drawHeading(f, min, max, v.matter, nullptr, {});
    const float x = beginBody(f, min, max, top, "appointment_days");
    if (!v.moving.empty()) {
        f.ui.text(v.moving, false, p.mutedText, width);
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.2f));
    }
    if (!drawAppointmentAsking(f, v.asking, v.problem, x, width)) {
        f.ui.text(f.tr(v.days.empty() ? "appointment.no_days" : "appointment.choose_day"), false, p.text, width);
        choices(f, v.days, x, width, "day.", 2, dayLabel, core::Intent::of(core::appointments::Kind::chooseDay));
    }
    endBody(f);
}

void drawAppointmentSlots(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    const core::appointments::SlotsView v = f.service<core::appointments::Appointments>().slotsView(f.terminal);
    const float em = f.ui.em(), pad = em * 0.8f, width = max.x - min.x - 2 * pad;
    const float top = drawHeading(f, min, max, v.matter, nullptr, {});
    const float x = beginBody(f, min, max, top, "appointment_slots");
    f.ui.text(v.day, true, p.tileText, width);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.2f));
    if (!v.moving.empty()) {
        f.ui.text(v.moving, false, p.mutedText, width);
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.2f));
    }
    if (!drawAppointmentAsking(f, v.asking, v.problem, x, width)) {
        f.ui.text(f.tr(v.slots.empty() ? "appointment.no_slots" : "appointment.choose_slot"), false, p.text, width);
        choices(f, v.slots, x, width, "slot.", 4, slotLabel, core::Intent::of(core::appointments::Kind::chooseSlot));
    }
    endBody(f);
}

}  // namespace ow::screens
