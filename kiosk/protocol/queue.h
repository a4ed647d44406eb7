// The hall's queue (取号叫号): its themes with their number prefixes and daily caps, the windows and what each
// serves, and the fair rule that chooses the next ticket to call — appointments by their slot time and the green
// channel first (001; 002 第十三条), but never starving everyone else (at most so many of them in a row while an
// ordinary ticket waits). Shared by the terminal and central; central is the one authority on numbers and calls.
#pragma once

#include <cstdint>
#include <optional>
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
    int serviceMinutes = 10;  // a person's time at a window, for the wait printed before today has measured any
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

/** The order the tickets would be called in at one window, if no more came (indices into waiting): a ticket's
    place, and the caller's list. */
std::vector<int> callOrder(const std::vector<WaitingTicket>& waiting, int run, const QueueRules& rules);

/** "A012": a ticket's number as called and printed. */
std::string ticketNumber(char prefix, int n);
/** "A012" → prefix 'A' and 12; nullopt when it is not such a number. */
std::optional<std::pair<char, int>> parseTicketNumber(std::string_view number);

/**
 * The wait to print on a ticket, in minutes: those ahead served by the windows open to its theme, each taking the
 * median of today's measured service times (call to done) of the theme, or the rule's serviceMinutes before any.
 */
int estimatedWaitMinutes(int ahead, int windows, const std::vector<int64_t>& serviceSecondsToday, const QueueRules& rules);

/** The ticket's QR: "OW1.Q.<id>", its id random and unguessable; scanned at any terminal, it shows the place. */
std::string ticketCode(std::string_view ticketId);
/** The ticket's id from its QR; "" when the code is not a ticket's. */
std::string ticketIdOfCode(std::string_view code);

/** A spoken call: "请 A012 号到 3 号窗口" with each digit of the number said as one (A 零一二). */
std::string spokenCall(std::string_view number, std::string_view window);

}  // namespace ow::protocol
