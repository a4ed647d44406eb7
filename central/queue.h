// The queue at central, the one authority on numbers (取号) and calls (叫号): a number is issued in one transaction,
// per hall, prefix and day in 北京时间, under the theme's daily cap, never given twice (a counter row raised in the
// same transaction, and (hall, day, prefix, n) unique); a request with the same key gets the same ticket again.
// Every change to a hall's queue raises the hall's board sequence in its transaction, so the hall display, pushed
// on each change, reads calls in the order they were made, whichever central process made them.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "central/appointments.h"
#include "central/sql.h"
#include "kiosk/protocol/queue.h"
#include "kiosk/result.h"

namespace ow::central {

/** A ticket: its number (A012), theme, class, and how it stands now. */
struct Ticket {
    std::string id, hall, number, theme, cls, day, state;  // state: waiting | called | serving | done | no_show
    int recalls = 0;
    int ahead = 0;                     // tickets of its theme that will be called before it, as the fair rule orders
    int waitMinutes = 0;               // estimated from today's measured service times
    std::vector<std::string> windows;  // the windows that serve its theme
    std::string window;                // where it is called (once called)
    std::string appointment;           // the appointment checked in with it
    bool priorityAsked = false;        // the person asked for the green channel; a staff member confirms it
    int64_t issuedAt = 0, waitingSince = 0, slotStart = 0, calledAt = 0;
};

/** Why no number was given: no_queue (the hall gives none), unknown_theme, cap_reached (the theme's numbers for the
    day are all given), closed (the hall is closed; until: when it opens). Check-in adds no_appointment, too_early
    (until: when check-in opens), forfeited (more than 30 minutes late: the appointment is gone). */
struct NoTicket {
    std::string code, message;
    int64_t until = 0;
    std::string appointment;
};

/** A call as the hall display shows and says it. */
struct Call {
    int64_t seq = 0;
    std::string number, window, theme;
    int64_t at = 0;
    bool recall = false;
};

/** What the hall's pages show: each window's current ticket, today's waiting tickets, the latest calls. */
struct Board {
    int64_t seq = 0;  // raised by every change to the hall's queue
    std::string hallName;  // as its bundle names it
    struct Window {
        std::string id;
        std::vector<std::string> themes;
        std::optional<Ticket> current;
    };
    std::vector<Window> windows;
    std::vector<Ticket> waiting;  // in the order the fair rule would call them, theme by theme
    std::vector<Call> calls;      // newest first
    std::vector<std::pair<std::string, char>> themes;  // each theme and its prefix
};

/** A call for staff from a terminal (帮办): where and on which screen, whether the person is 60 or more; nothing more
    of them. state: raised | taken | cancelled | closed. */
struct HelpCall {
    std::string id, hall, kioskId, kioskName, screen, service, state, takenBy;
    bool elder = false;
    int raisedAgain = 0;  // raised again after waiting so long untaken
    int64_t raisedAt = 0, lastRaisedAt = 0, takenAt = 0, closedAt = 0;
};

/** A call not taken within this long is raised again at the hall's pages (their sound again). */
constexpr int64_t kHelpRaiseAgainSeconds = 90;

/** A period's queue statistics, of a hall: overall and per theme, window and day. */
struct QueueStats {
    struct Row {
        std::string key;  // the theme, window or day ("" overall)
        int tickets = 0, called = 0, done = 0, noShows = 0, forfeited = 0;
        int64_t waitMedian = 0, waitP90 = 0;        // issue to first call, seconds
        int64_t serviceMedian = 0, serviceP90 = 0;  // call to done, seconds
    };
    Row overall;
    std::vector<Row> byTheme, byWindow, byDay;
    int helpCalls = 0, helpTaken = 0;              // calls for staff, and those taken
    int64_t helpTakeMedian = 0, helpTakeP90 = 0;   // raised to taken, seconds
};

class QueueBook {
public:
    QueueBook(sql::Pool& pool, AppointmentBook& appointments) : pool_(pool), appointments_(appointments) {}
    struct Request {
        std::string kioskId, key, hall, theme;
        protocol::TicketClass cls = protocol::TicketClass::ordinary;
        bool priorityAsked = false;  // disabled or pregnant: a staff member confirms the green channel
    };
    /** A walk-in number (取号), while the hall is open. */
    core::Result<std::variant<Ticket, NoTicket>> take(const Request& r, int64_t nowS);

    /** Check-in of an appointment at a terminal (by its number, from the slip's verified code, or by the person's
        ID number: today's booked appointment at the hall): from the bundle's minutes before the slot to at most 30
        after its start, a number with appointment priority; later, the appointment is forfeited (counted as a
        no-show). Checked in again: the same ticket. */
    struct CheckIn {
        std::string kioskId, key, hall, appointment, idNumber;
    };
    core::Result<std::variant<Ticket, NoTicket>> checkIn(const CheckIn& r, int64_t nowS);

    /** A ticket as it stands now (its QR scanned at a terminal); nullopt when there is no such ticket. */
    core::Result<std::optional<Ticket>> status(std::string_view id, int64_t nowS);

    /**
     * "Call next" at a window: the fair rule (protocol::nextToCall) over today's waiting tickets of the themes the
     * window serves, the window's run of calls that were not ordinary counted; the ticket is taken by a write that
     * only a still-waiting ticket passes, so two windows calling at once never get the same one. NoTicket:
     * no_queue, unknown_window, none_waiting.
     */
    core::Result<std::variant<Ticket, NoTicket>> callNext(std::string_view hall, std::string_view window, int64_t nowS);
    /** The member of staff serving a ticket (called or started by them), for a rating of the visit. */
    core::Status servedBy(std::string_view ticketId, std::string_view name);

    /** What a window does with its ticket: call it again (after the bundle's recalls, a no-show), start serving,
        done, transfer to another theme (keeping its waiting time), call a given waiting number out of turn, or
        confirm the green channel a waiting ticket asked for. */
    enum class Action { recall, start, done, transfer, callNumber, confirmPriority };
    /** arg: the theme for transfer, the number ("A012") for callNumber and confirmPriority. NoTicket: no_queue,
        unknown_window, no_current (nothing called at the window), unknown_theme, unknown_number, not_waiting. */
    core::Result<std::variant<Ticket, NoTicket>> act(std::string_view hall, std::string_view window, Action action,
                                                     std::string_view arg, int64_t nowS);

    /** The hall's board now (today in 北京时间), for the caller and the display. */
    core::Result<Board> board(std::string_view hall, int64_t nowS, int calls = 8);
    /** The hall's board sequence (0 before any change). */
    core::Result<int64_t> boardSeq(std::string_view hall);
    /** A spoken call by its sequence; nullopt when there is none. */
    core::Result<std::optional<Call>> call(std::string_view hall, int64_t seq);
    /** Waits until a change to any hall's board made by this process, or the timeout (other processes' changes are
        found by reading boardSeq again). Returns this process's change count. */
    uint64_t waitForChange(uint64_t seen, int timeoutMs);

    /** Calls for staff (帮办). raise: a terminal's call (the same key, the same call); the hall's pages hear of it at
        once. helpStatus: the call as it stands — one untaken for kHelpRaiseAgainSeconds is raised again; waitMs: wait
        up to so long for it to change from `seen` (a terminal waiting to say "staff are coming"). */
    struct HelpRequest {
        std::string kioskId, key, hall, kioskName, screen, service;
        bool elder = false;
    };
    core::Result<HelpCall> raiseHelp(const HelpRequest& r, int64_t nowS);
    core::Result<std::optional<HelpCall>> helpStatus(std::string_view kioskId, std::string_view id, std::string_view seen,
                                                     int waitMs, int64_t nowS);
    /** The person cancels (their terminal), or staff take or close it (by: who). nullopt: no such call of that hall
        or terminal, or not in a state that allows it. */
    enum class HelpAction { cancel, take, close };
    core::Result<std::optional<HelpCall>> helpAct(std::string_view hallOrKiosk, bool byKiosk, std::string_view id,
                                                  HelpAction action, std::string_view by, int64_t nowS);
    /** The hall's calls still open (raised or taken), oldest first. */
    core::Result<std::vector<HelpCall>> openHelpCalls(std::string_view hall, int64_t nowS);

    /** Statistics of days from..to (inclusive, YYYY-MM-DD) of a hall. */
    core::Result<QueueStats> stats(std::string_view hall, std::string_view from, std::string_view to);

private:
    void changed();
    template <typename F>
    core::Result<std::variant<Ticket, NoTicket>> once(const std::string& kioskId, const std::string& key, int64_t nowS, F&& fn);
    sql::Pool& pool_;
    AppointmentBook& appointments_;  // the hall's rules come with its newest bundle, as for appointments
    std::mutex changeMutex_;
    std::condition_variable changeCv_;
    uint64_t changes_ = 0;
};

/** Raises a hall's board sequence in the caller's transaction (every change the hall's pages must hear of). */
int64_t bumpHallBoard(sql::Connection& c, const std::string& hall);

std::string ticketJson(const Ticket& t);
std::string noTicketJson(const NoTicket& n);
std::string boardJson(const Board& b, int64_t nowS);
std::string statsJson(const QueueStats& s);
std::string helpCallJson(const HelpCall& c);

}  // namespace ow::central
