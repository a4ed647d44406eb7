// The queue's rules.
#include "kiosk/protocol/queue.h"

#include <cstdio>

namespace ow::protocol {

const QueueTheme* QueueRules::theme(std::string_view code) const {
    for (const auto& t : themes)
        if (t.theme == code) return &t;
    return nullptr;
}

const QueueWindow* QueueRules::window(std::string_view id) const {
    for (const auto& w : windows)
        if (w.id == id) return &w;
    return nullptr;
}

int nextToCall(const std::vector<WaitingTicket>& waiting, int run, const QueueRules& rules) {
    int appointment = -1, priority = -1, ordinary = -1;
    for (int i = 0; i < static_cast<int>(waiting.size()); ++i) {
        const auto& t = waiting[static_cast<size_t>(i)];
        switch (t.cls) {
            case TicketClass::appointment:
                if (appointment < 0 || t.slotStart < waiting[static_cast<size_t>(appointment)].slotStart ||
                    (t.slotStart == waiting[static_cast<size_t>(appointment)].slotStart &&
                     t.waitingSince < waiting[static_cast<size_t>(appointment)].waitingSince))
                    appointment = i;
                break;
            case TicketClass::priority:
                if (priority < 0 || t.waitingSince < waiting[static_cast<size_t>(priority)].waitingSince) priority = i;
                break;
            case TicketClass::ordinary:
                if (ordinary < 0 || t.waitingSince < waiting[static_cast<size_t>(ordinary)].waitingSince) ordinary = i;
                break;
        }
    }
    // Priority never starves the rest (NovoSGA's users asked for a ratio; Qmatic bounds it the same way).
    if (ordinary >= 0 && run >= rules.priorityRun) return ordinary;
    if (appointment >= 0) return appointment;
    if (priority >= 0) return priority;
    return ordinary;
}

std::string ticketNumber(char prefix, int n) {
    char out[16];
    std::snprintf(out, sizeof out, "%c%03d", prefix, n);
    return out;
}

}  // namespace ow::protocol
