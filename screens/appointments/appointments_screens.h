// The appointments service's screens: the card, the matters, the day, the slot, the confirmation, the slip booked,
// and the person's appointments.
#pragma once

#include "kiosk/services/appointments/appointments.h"
#include "screens/frame.h"

namespace ow::screens {

void drawAppointmentCard(Frame& f, ImVec2 min, ImVec2 max);
void drawAppointmentMatters(Frame& f, ImVec2 min, ImVec2 max);
void drawAppointmentDays(Frame& f, ImVec2 min, ImVec2 max);
void drawAppointmentSlots(Frame& f, ImVec2 min, ImVec2 max);
void drawAppointmentConfirm(Frame& f, ImVec2 min, ImVec2 max);
void drawAppointmentBooked(Frame& f, ImVec2 min, ImVec2 max);
void drawAppointmentMine(Frame& f, ImVec2 min, ImVec2 max);

/** Central's answer not (yet) there: "asking…", or the problem in plain words with "try again" when offline. Returns
    true when the screen has nothing else to show. */
bool drawAppointmentAsking(Frame& f, core::appointments::Asking asking, const std::string& problem, float x, float width);

inline ScreenList appointmentsScreens() {
    namespace a = core::appointments;
    return {{a::kCard, drawAppointmentCard},       {a::kMatters, drawAppointmentMatters}, {a::kDays, drawAppointmentDays},
            {a::kSlots, drawAppointmentSlots},     {a::kConfirm, drawAppointmentConfirm}, {a::kBooked, drawAppointmentBooked},
            {a::kMine, drawAppointmentMine}};
}

}  // namespace ow::screens
