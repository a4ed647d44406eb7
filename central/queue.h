// The queue at central, the one authority on numbers (取号): a number is issued in one transaction, per hall, prefix
// and day in 北京时间, under the theme's daily cap, never given twice (a counter row raised in the same transaction,
// and (hall, day, prefix, n) unique); a request with the same key gets the same ticket again.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "central/appointments.h"
#include "central/sql.h"
#include "kiosk/protocol/queue.h"
#include "kiosk/result.h"

namespace ow::central {

/** A ticket as issued: its number (A012), theme, class, and how many of its theme wait before it. */
struct Ticket {
    std::string id, number, theme, cls, day, state;
    int recalls = 0;
    int ahead = 0;
    int64_t issuedAt = 0;
};

/** Why no number was given: no_queue (the hall gives none), unknown_theme, cap_reached (the theme's numbers for the
    day are all given). */
struct NoTicket {
    std::string code, message;
};

class QueueBook {
public:
    QueueBook(sql::Pool& pool, AppointmentBook& appointments) : pool_(pool), appointments_(appointments) {}
    struct Request {
        std::string kioskId, key, hall, theme;
        protocol::TicketClass cls = protocol::TicketClass::ordinary;
    };
    core::Result<std::variant<Ticket, NoTicket>> take(const Request& r, int64_t nowS);
    /**
     * "Call next" at a window: the fair rule (protocol::nextToCall) over today's waiting tickets of the themes the
     * window serves, the window's run of calls that were not ordinary counted; the ticket is taken by a write that
     * only a still-waiting ticket passes, so two windows calling at once never get the same one. NoTicket:
     * no_queue, unknown_window, none_waiting.
     */
    core::Result<std::variant<Ticket, NoTicket>> callNext(std::string_view hall, std::string_view window, int64_t nowS);

    /** What a window does with its ticket: call it again (after the bundle's recalls, a no-show), start serving,
        done, transfer to another theme (keeping its waiting time), or call a given waiting number out of turn. */
    enum class Action { recall, start, done, transfer, callNumber };
    /** arg: the theme for transfer, the number ("A012") for callNumber. NoTicket: no_queue, unknown_window,
        no_current (nothing called at the window), unknown_theme, unknown_number, not_waiting. */
    core::Result<std::variant<Ticket, NoTicket>> act(std::string_view hall, std::string_view window, Action action,
                                                     std::string_view arg, int64_t nowS);

private:
    sql::Pool& pool_;
    AppointmentBook& appointments_;  // the hall's rules come with its newest bundle, as for appointments
};

std::string ticketJson(const Ticket& t);

}  // namespace ow::central
