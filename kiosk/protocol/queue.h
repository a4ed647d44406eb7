// The hall's queue (取号叫号): its themes with their number prefixes and daily caps, the windows and what each
// serves, and the fair rule that chooses the next ticket to call — appointments by their slot time and the green
// channel first (001; 002 第十三条), but never starving everyone else (at most so many of them in a row while an
// ordinary ticket waits). Shared by the terminal and central; central is the one authority on numbers and calls.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ow::protocol {

/** A theme's queue: the prefix of its numbers (A012) and how many it gives out a day. */
struct QueueTheme {
    std::string theme;  // the theme's code (themeCode)
    char prefix = 'A';
    int dailyCap = 300;
};

/** A window (窗口) and the themes it serves. */
struct QueueWindow {
    std::string id;  // "1" … "99", as the hall numbers them
    std::vector<std::string> themes;
};

/** content.queue of a bundle. */
struct QueueRules {
    std::vector<QueueTheme> themes;
    std::vector<QueueWindow> windows;
    int priorityRun = 2;  // at most this many appointment or priority calls in a row while an ordinary ticket waits
    int recalls = 2;      // a ticket called this many times more without the person is a no-show
    const QueueTheme* theme(std::string_view code) const;
    const QueueWindow* window(std::string_view id) const;
};

/** Who a ticket is for: an appointment checked in, the green channel (60 or more, disabled, pregnant), or anyone. */
enum class TicketClass { appointment, priority, ordinary };

/** A ticket waiting to be called. */
struct WaitingTicket {
    TicketClass cls = TicketClass::ordinary;
    int64_t waitingSince = 0;  // when taken (a transfer keeps it)
    int64_t slotStart = 0;     // an appointment's slot
};

/**
 * The ticket to call next (its index), or -1 when none waits. Appointments by their slot time, then the green
 * channel by its wait, then the others by theirs; but when `run` (the calls in a row that were not ordinary) has
 * reached the rule's priorityRun and an ordinary ticket waits, the one that has waited longest is called.
 */
int nextToCall(const std::vector<WaitingTicket>& waiting, int run, const QueueRules& rules);

/** "A012": a ticket's number as called and printed. */
std::string ticketNumber(char prefix, int n);

}  // namespace ow::protocol
