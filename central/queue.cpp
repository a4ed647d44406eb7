// Queue numbers and calls at central.
#include "central/queue.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>

#include "kiosk/protocol/case_status.h"
#include "kiosk/protocol/signing.h"

namespace ow::central {

using nlohmann::json;
using sql::Connection;
using sql::num;
using sql::str;
using Out = std::variant<Ticket, NoTicket>;

// Every change to a hall's queue raises its board's sequence (the row is also the lock that orders the hall's calls,
// so the display reads them in the order they were made); a spoken call is recorded under that sequence.
int64_t bumpHallBoard(Connection& c, const std::string& hall) {
    return num(c.query("INSERT INTO hall_board (hall, seq) VALUES ($1, 1) ON CONFLICT (hall) DO UPDATE SET seq = "
                       "hall_board.seq + 1 RETURNING seq",
                       {hall})
                   .at(0)[0]);
}

namespace {

const char* classCode(protocol::TicketClass c) {
    switch (c) {
        case protocol::TicketClass::appointment: return "appointment";
        case protocol::TicketClass::priority: return "priority";
        case protocol::TicketClass::ordinary: return "ordinary";
    }
    return "ordinary";
}

protocol::TicketClass classOf(const std::string& code) {
    return code == "appointment" ? protocol::TicketClass::appointment
           : code == "priority"  ? protocol::TicketClass::priority
                                 : protocol::TicketClass::ordinary;
}

constexpr const char* kTicketColumns =
    "id, hall, prefix, n, theme, cls, day, issued_at, state, recalls, waiting_since, slot_start, called_at, window_id, "
    "appt_no, asked";

Ticket fromRow(const sql::Row& r) {
    Ticket t;
    t.id = str(r[0]), t.hall = str(r[1]);
    t.number = protocol::ticketNumber(str(r[2]).empty() ? 'A' : str(r[2])[0], static_cast<int>(num(r[3])));
    t.theme = str(r[4]), t.cls = str(r[5]), t.day = str(r[6]), t.issuedAt = num(r[7]), t.state = str(r[8]);
    t.recalls = static_cast<int>(num(r[9])), t.waitingSince = num(r[10]), t.slotStart = num(r[11]);
    t.calledAt = num(r[12]), t.window = str(r[13]), t.appointment = str(r[14]), t.priorityAsked = num(r[15]) != 0;
    return t;
}

// Today's waiting tickets of a theme, in the order one window would call them.
std::vector<Ticket> waitingInOrder(Connection& c, const std::string& hall, const std::string& day, const std::string& theme,
                                   const protocol::QueueRules& rules) {
    std::vector<Ticket> tickets;
    std::vector<protocol::WaitingTicket> waiting;
    for (const auto& r : c.query(std::string("SELECT ") + kTicketColumns +
                                     " FROM ticket WHERE hall = $1 AND day = $2 AND theme = $3 AND state = 'waiting'",
                                 {hall, day, theme})) {
        tickets.push_back(fromRow(r));
        waiting.push_back({classOf(tickets.back().cls), tickets.back().waitingSince, tickets.back().slotStart});
    }
    std::vector<Ticket> ordered;
    for (int i : protocol::callOrder(waiting, 0, rules)) ordered.push_back(std::move(tickets[static_cast<size_t>(i)]));
    return ordered;
}

// Today's waiting tickets of a theme as the fair rule sees them (their ids beside), appended.
void readWaiting(Connection& c, const std::string& hall, const std::string& day, const std::string& theme,
                 std::vector<std::string>& ids, std::vector<protocol::WaitingTicket>& waiting) {
    for (const auto& r : c.query("SELECT id, cls, waiting_since, slot_start FROM ticket WHERE hall = $1 AND day = $2 AND "
                                 "theme = $3 AND state = 'waiting'",
                                 {hall, day, theme})) {
        ids.push_back(str(r[0]));
        waiting.push_back({classOf(str(r[1])), num(r[2]), num(r[3])});
    }
}

// Fills in what a person wants to know of their ticket: the windows that serve it, how many will be called before
// it, and the wait that makes at today's measured pace.
void describe(Connection& c, Ticket& t, const protocol::QueueRules* rules) {
    if (!rules) return;
    t.windows.clear();
    for (const auto& w : rules->windows)
        if (std::find(w.themes.begin(), w.themes.end(), t.theme) != w.themes.end()) t.windows.push_back(w.id);
    t.ahead = 0;
    if (t.state != "waiting") return;
    // Its place among its theme's waiting tickets (only what the fair rule looks at is read).
    std::vector<std::string> ids;
    std::vector<protocol::WaitingTicket> waiting;
    readWaiting(c, t.hall, t.day, t.theme, ids, waiting);
    for (int i : protocol::callOrder(waiting, 0, *rules)) {
        if (ids[static_cast<size_t>(i)] == t.id) break;
        ++t.ahead;
    }
    std::vector<int64_t> served;
    for (const auto& r : c.query("SELECT done_at - called_at FROM ticket WHERE hall = $1 AND day = $2 AND theme = $3 AND "
                                 "state = 'done' AND called_at > 0 ORDER BY done_at DESC LIMIT 200",
                                 {t.hall, t.day, t.theme}))
        served.push_back(num(r[0]));
    t.waitMinutes = protocol::estimatedWaitMinutes(t.ahead, static_cast<int>(t.windows.size()), served, *rules);
}

std::optional<Ticket> loadTicket(Connection& c, const std::string& id, const protocol::QueueRules* rules) {
    const auto rows = c.query(std::string("SELECT ") + kTicketColumns + " FROM ticket WHERE id = $1", {id});
    if (rows.empty()) return std::nullopt;
    Ticket t = fromRow(rows[0]);
    describe(c, t, rules);
    return t;
}

// A ticket described by the rules of its own hall's queue (found from the ticket).
std::optional<Ticket> loadDescribed(Connection& c, AppointmentBook& book, const std::string& id) {
    auto t = loadTicket(c, id, nullptr);
    if (!t) return t;
    const auto offer = book.offerFor(c, t->hall);
    describe(c, *t, offer && offer->queue ? &*offer->queue : nullptr);
    return t;
}

void recordCall(Connection& c, const Ticket& t, const std::string& window, bool recall, int64_t nowS) {
    const int64_t seq = bumpHallBoard(c, t.hall);
    c.query("INSERT INTO queue_call (hall, seq, ticket_id, number, window_id, theme, recall, at) VALUES ($1, $2, $3, $4, "
            "$5, $6, $7, $8)",
            {t.hall, seq, t.id, t.number, window, t.theme, int64_t{recall ? 1 : 0}, nowS});
}

std::string encodeOutcome(const Out& o) {
    if (const auto* t = std::get_if<Ticket>(&o)) return "T:" + t->id;
    const auto& n = std::get<NoTicket>(o);
    return json{{"code", n.code}, {"message", n.message}, {"until", n.until}, {"appointment", n.appointment}}.dump();
}

// A new ticket: the day's next number of its prefix, under the cap, on the counter's row (the lock numbers are taken
// under); a new day (北京时间) starts again from 1. nullopt when the cap is reached.
std::optional<std::string> issue(Connection& c, const std::string& hall, const protocol::QueueTheme& theme,
                                 protocol::TicketClass cls, bool asked, const std::string& kioskId,
                                 const std::string& appointment, int64_t slotStart, int64_t nowS) {
    const std::string day = protocol::dateOf(nowS), prefix(1, theme.prefix);
    const auto counted = c.query(
        "INSERT INTO ticket_counter (hall, day, prefix, n) VALUES ($1, $2, $3, 1) "
        "ON CONFLICT (hall, day, prefix) DO UPDATE SET n = ticket_counter.n + 1 "
        "WHERE ticket_counter.n < $4 RETURNING n",
        {hall, day, prefix, int64_t{theme.dailyCap}});
    if (counted.empty()) return std::nullopt;
    const std::string id = protocol::randomHex(12);
    c.query("INSERT INTO ticket (id, hall, day, prefix, n, theme, cls, kiosk_id, issued_at, waiting_since, state, appt_no, "
            "slot_start, asked) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, 'waiting', $10, $11, $12)",
            {id, hall, day, prefix, num(counted[0][0]), theme.theme, std::string(classCode(cls)), kioskId, nowS, appointment,
             slotStart, int64_t{asked ? 1 : 0}});
    bumpHallBoard(c, hall);
    return id;
}

NoTicket closedNow(const AppointmentBook::Offer& offer, int64_t nowS) {
    return {"closed", "the hall is closed now", protocol::nextOpening(offer.rules, offer.calendar, nowS), ""};
}

}  // namespace

void QueueBook::changed() {
    {
        std::lock_guard lock(changeMutex_);
        ++changes_;
    }
    changeCv_.notify_all();
}

uint64_t QueueBook::waitForChange(uint64_t seen, int timeoutMs) {
    std::unique_lock lock(changeMutex_);
    changeCv_.wait_for(lock, std::chrono::milliseconds(timeoutMs), [&] { return changes_ != seen; });
    return changes_;
}

// A terminal's request under its key (sql::requestOnce): the ticket's id or the refusal is remembered.
template <typename F>
core::Result<Out> QueueBook::once(const std::string& kioskId, const std::string& key, int64_t nowS, F&& fn) {
    auto out = sql::guarded([&] {
        return sql::transaction(pool_, [&](Connection& c) -> Out {
            return sql::requestOnce(c, kioskId, key, nowS, [&] { return fn(c); }, encodeOutcome,
                                    [&](const std::string& reply) -> Out {
                                        if (reply.rfind("T:", 0) == 0) {
                                            if (auto t = loadDescribed(c, appointments_, reply.substr(2))) return *t;
                                        } else if (auto j = json::parse(reply, nullptr, false); j.is_object()) {
                                            return NoTicket{j.value("code", ""), j.value("message", ""),
                                                            j.value("until", int64_t{0}), j.value("appointment", "")};
                                        }
                                        return NoTicket{"cap_reached", "no number was given to this request", 0, ""};
                                    });
        });
    });
    if (out && std::holds_alternative<Ticket>(*out)) changed();
    return out;
}

core::Result<std::variant<Ticket, NoTicket>> QueueBook::take(const Request& req, int64_t nowS) {
    return once(req.kioskId, req.key, nowS, [&](Connection& c) -> Out {
        const auto offer = appointments_.offerFor(c, req.hall);
        if (!offer || !offer->queue) return NoTicket{"no_queue", "this hall gives no numbers at terminals", 0, ""};
        const auto* theme = offer->queue->theme(req.theme);
        if (!theme) return NoTicket{"unknown_theme", "this hall gives no numbers for that theme", 0, ""};
        if (offer->hasHours && !protocol::hallOpen(offer->rules, offer->calendar, nowS)) return closedNow(*offer, nowS);
        const auto id = issue(c, req.hall, *theme, req.cls, req.priorityAsked, req.kioskId, "", 0, nowS);
        if (!id) return NoTicket{"cap_reached", "all of today's numbers of this theme are given", 0, ""};
        return *loadTicket(c, *id, &*offer->queue);
    });
}

core::Result<std::variant<Ticket, NoTicket>> QueueBook::checkIn(const CheckIn& req, int64_t nowS) {
    return once(req.kioskId, req.key, nowS, [&](Connection& c) -> Out {
        const auto offer = appointments_.offerFor(c, req.hall);
        if (!offer || !offer->queue) return NoTicket{"no_queue", "this hall gives no numbers at terminals", 0, ""};
        // Today's appointments, and those of the last 12 hours (one at 23:50 checked in at 00:25 is late, not unknown).
        const std::string from = protocol::slotIdOf(nowS - 12 * 3600),
                          before = protocol::dateOfDayIndex(protocol::dayIndex(protocol::dateOf(nowS)) + 1);
        std::vector<Appointment> found;
        if (!req.appointment.empty()) {
            if (auto a = appointments_.find(c, req.appointment); a && a->hall == req.hall && a->slot >= from && a->slot < before)
                found.push_back(std::move(*a));
        } else {
            found = appointments_.personsSlots(c, req.hall, req.idNumber, from, before);
        }
        // The one to check in: one already checked in (its ticket again), else the first whose window is open now,
        // else the first still ahead (too early), else the first missed (forfeited now).
        const Appointment* open = nullptr;
        const Appointment* early = nullptr;
        const Appointment* late = nullptr;
        for (const auto& a : found) {
            if (a.state == "checked_in") {
                const auto t = c.query("SELECT id FROM ticket WHERE appt_no = $1", {a.no});
                if (!t.empty()) return *loadTicket(c, str(t[0][0]), &*offer->queue);
            }
            const auto [from, to] = protocol::checkInWindow(offer->rules, a.start);
            if (a.state == "booked" && nowS >= from && nowS <= to && !open) open = &a;
            else if (a.state == "booked" && nowS < from && !early) early = &a;
            else if ((a.state == "booked" || a.state == "no_show" || a.state == "forfeited") && nowS > to && !late) late = &a;
        }
        if (open) {
            const auto* theme = offer->queue->theme(str(c.query("SELECT theme FROM appointment WHERE appt_no = $1",
                                                                {open->no}).at(0)[0]));
            if (!theme) return NoTicket{"unknown_theme", "this hall gives no numbers for the appointment's theme", 0, open->no};
            const auto id = issue(c, req.hall, *theme, protocol::TicketClass::appointment, false, req.kioskId, open->no,
                                  open->start, nowS);
            if (!id) return NoTicket{"cap_reached", "all of today's numbers of this theme are given", 0, open->no};
            appointments_.markArrival(c, *open, false, nowS);
            return *loadTicket(c, *id, &*offer->queue);
        }
        if (early)
            return NoTicket{"too_early", "check-in opens " + std::to_string(offer->rules.checkInBeforeMinutes) +
                                             " minutes before the appointment",
                            protocol::checkInWindow(offer->rules, early->start).first, early->no};
        if (late) {
            // Came, but too late: forfeited (marked missed already when no one had come yet: now known to be late).
            if (late->state == "booked" || late->state == "no_show") appointments_.markArrival(c, *late, true, nowS);
            return NoTicket{"forfeited", "more than 30 minutes late: the appointment is void", 0, late->no};
        }
        return NoTicket{"no_appointment", "no appointment at this hall today", 0, ""};
    });
}

core::Result<std::optional<Ticket>> QueueBook::status(std::string_view id, int64_t) {
    return sql::guarded([&] {
        std::optional<Ticket> t;
        pool_.read([&](Connection& c) { t = loadDescribed(c, appointments_, std::string(id)); });
        return t;
    });
}

namespace {
// Something a window does, in one transaction, once the hall's queue and the window are found: fn(connection,
// hall, window, today in Beijing time, the queue's rules, the window).
template <typename F>
core::Result<Out> atWindow(sql::Pool& pool, AppointmentBook& book, std::string_view hall, std::string_view window,
                           int64_t nowS, F&& fn) {
    return sql::guarded([&] {
        return sql::transaction(pool, [&](Connection& c) -> Out {
            const std::string h(hall), w(window), day = protocol::dateOf(nowS);
            const auto offer = book.offerFor(c, h);
            if (!offer || !offer->queue) return NoTicket{"no_queue", "this hall gives no numbers", 0, ""};
            const auto* win = offer->queue->window(w);
            if (!win) return NoTicket{"unknown_window", "the hall has no window " + w, 0, ""};
            return fn(c, h, w, day, *offer->queue, *win);
        });
    });
}

// Calls a waiting ticket to a window: only a ticket still waiting is taken, so another window that called it first
// leaves this one nothing (false).
bool callTo(Connection& c, const std::string& hall, const std::string& window, const std::string& id, int64_t nowS) {
    if (c.execute("UPDATE ticket SET state = 'called', window_id = $1, called_at = $2, first_called_at = CASE WHEN "
                  "first_called_at = 0 THEN $2 ELSE first_called_at END WHERE id = $3 AND state = 'waiting'",
                  {window, nowS, id}) != 1)
        return false;
    c.query("INSERT INTO queue_window (hall, window_id, current_ticket) VALUES ($1, $2, $3) "
            "ON CONFLICT (hall, window_id) DO UPDATE SET current_ticket = $3",
            {hall, window, id});
    return true;
}
}  // namespace

core::Result<std::variant<Ticket, NoTicket>> QueueBook::callNext(std::string_view hall, std::string_view window, int64_t nowS) {
    auto out = atWindow(
        pool_, appointments_, hall, window, nowS,
        [&](Connection& c, const std::string& h, const std::string& w, const std::string& day,
            const protocol::QueueRules& rules, const protocol::QueueWindow& win) -> Out {
            bumpHallBoard(c, h);  // first: the hall's calls are made one after another, in the order the display shows them
            c.query("INSERT INTO queue_window (hall, window_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", {h, w});
            // Calling the next person ends the window's business with the one before.
            c.query("UPDATE ticket SET state = 'done', done_at = $1 WHERE id = (SELECT current_ticket FROM queue_window WHERE "
                    "hall = $2 AND window_id = $3) AND state IN ('called', 'serving')",
                    {nowS, h, w});
            const int run =
                static_cast<int>(num(c.query("SELECT run FROM queue_window WHERE hall = $1 AND window_id = $2", {h, w}).at(0)[0]));
            std::vector<std::string> ids;
            std::vector<protocol::WaitingTicket> waiting;
            for (const auto& theme : win.themes) readWaiting(c, h, day, theme, ids, waiting);
            const int pick = protocol::nextToCall(waiting, run, rules);
            if (pick < 0) return NoTicket{"none_waiting", "nobody waits for this window's themes", 0, ""};
            const std::string& id = ids[static_cast<size_t>(pick)];
            if (!callTo(c, h, w, id, nowS))  // the hall's row is held: only another process's call could have taken it
                return NoTicket{"none_waiting", "the next ticket was called by another window meanwhile; call again", 0, ""};
            const bool ordinary = waiting[static_cast<size_t>(pick)].cls == protocol::TicketClass::ordinary;
            c.query("UPDATE queue_window SET run = $1 WHERE hall = $2 AND window_id = $3", {int64_t{ordinary ? 0 : run + 1}, h, w});
            auto t = *loadTicket(c, id, &rules);
            recordCall(c, t, w, false, nowS);
            return t;
        });
    if (out && std::holds_alternative<Ticket>(*out)) changed();
    return out;
}

core::Result<std::variant<Ticket, NoTicket>> QueueBook::act(std::string_view hall, std::string_view window, Action action,
                                                            std::string_view arg, int64_t nowS) {
    auto out = atWindow(
        pool_, appointments_, hall, window, nowS,
        [&](Connection& c, const std::string& h, const std::string& w, const std::string& day,
            const protocol::QueueRules& rules, const protocol::QueueWindow&) -> Out {
            if (action == Action::callNumber || action == Action::confirmPriority) {
                // A given number: called out of turn (a person who was away comes back), or its green channel
                // confirmed by a staff member who saw the person; only while it waits, today.
                const auto parsed = protocol::parseTicketNumber(arg);
                if (!parsed) return NoTicket{"unknown_number", "not a number like A012", 0, ""};
                const auto rows = c.query("SELECT id FROM ticket WHERE hall = $1 AND day = $2 AND prefix = $3 AND n = $4",
                                          {h, day, std::string(1, parsed->first), int64_t{parsed->second}});
                const std::string number(arg);
                if (rows.empty()) return NoTicket{"unknown_number", "no ticket " + number + " today", 0, ""};
                const std::string id = str(rows[0][0]);
                if (action == Action::confirmPriority) {
                    if (c.execute("UPDATE ticket SET cls = 'priority', asked = 0 WHERE id = $1 AND state = 'waiting' AND "
                                  "cls = 'ordinary'",
                                  {id}) != 1)
                        return NoTicket{"not_waiting", number + " does not wait as an ordinary ticket", 0, ""};
                    bumpHallBoard(c, h);
                    return *loadTicket(c, id, &rules);
                }
                bumpHallBoard(c, h);
                if (!callTo(c, h, w, id, nowS))
                    return NoTicket{"not_waiting", number + " does not wait (called, served or gone)", 0, ""};
                auto t = *loadTicket(c, id, &rules);
                recordCall(c, t, w, false, nowS);
                return t;
            }
            const auto current = c.query("SELECT current_ticket FROM queue_window WHERE hall = $1 AND window_id = $2", {h, w});
            const std::string id = current.empty() ? "" : str(current[0][0]);
            const auto t = id.empty() ? std::nullopt : loadTicket(c, id, &rules);
            if (!t || (t->state != "called" && t->state != "serving"))
                return NoTicket{"no_current", "nothing is called at this window", 0, ""};
            const auto clear = [&] {
                c.query("UPDATE queue_window SET current_ticket = '' WHERE hall = $1 AND window_id = $2", {h, w});
            };
            switch (action) {
                case Action::recall:
                    if (t->recalls >= rules.recalls) {  // called once and recalled as often as the hall allows
                        c.query("UPDATE ticket SET state = 'no_show', done_at = $1 WHERE id = $2", {nowS, id});
                        clear();
                        bumpHallBoard(c, h);
                    } else {
                        c.query("UPDATE ticket SET recalls = recalls + 1, called_at = $1 WHERE id = $2", {nowS, id});
                        recordCall(c, *t, w, true, nowS);
                    }
                    break;
                case Action::start:
                    c.query("UPDATE ticket SET state = 'serving' WHERE id = $1", {id});
                    bumpHallBoard(c, h);
                    break;
                case Action::done:
                    c.query("UPDATE ticket SET state = 'done', done_at = $1 WHERE id = $2", {nowS, id});
                    clear();
                    bumpHallBoard(c, h);
                    break;
                case Action::transfer: {
                    // To another theme's queue, keeping its waiting time (waiting_since) and its number.
                    const std::string theme(arg);
                    if (!rules.theme(theme)) return NoTicket{"unknown_theme", "this hall gives no numbers for " + theme, 0, ""};
                    c.query("UPDATE ticket SET state = 'waiting', theme = $1, window_id = '', recalls = 0 WHERE id = $2",
                            {theme, id});
                    clear();
                    bumpHallBoard(c, h);
                    break;
                }
                case Action::callNumber:
                case Action::confirmPriority:
                    break;
            }
            return *loadTicket(c, id, &rules);
        });
    if (out && std::holds_alternative<Ticket>(*out)) changed();
    return out;
}

core::Result<int64_t> QueueBook::boardSeq(std::string_view hall) {
    return sql::guarded([&] {
        int64_t seq = 0;
        pool_.read([&](Connection& c) {
            const auto r = c.query("SELECT seq FROM hall_board WHERE hall = $1", {std::string(hall)});
            if (!r.empty()) seq = num(r[0][0]);
        });
        return seq;
    });
}

namespace {
Call callOf(const sql::Row& r) {
    return {num(r[0]), str(r[1]), str(r[2]), str(r[3]), num(r[4]), num(r[5]) != 0};
}
}  // namespace

core::Result<std::optional<Call>> QueueBook::call(std::string_view hall, int64_t seq) {
    return sql::guarded([&] {
        std::optional<Call> out;
        pool_.read([&](Connection& c) {
            const auto r = c.query("SELECT seq, number, window_id, theme, at, recall FROM queue_call WHERE hall = $1 AND seq = $2",
                                   {std::string(hall), seq});
            if (!r.empty()) out = callOf(r[0]);
        });
        return out;
    });
}

core::Result<Board> QueueBook::board(std::string_view hall, int64_t nowS, int calls) {
    return sql::guarded([&] {
        Board b;
        pool_.read([&](Connection& c) {
            const std::string h(hall), day = protocol::dateOf(nowS);
            const auto seq = c.query("SELECT seq FROM hall_board WHERE hall = $1", {h});
            b.seq = seq.empty() ? 0 : num(seq[0][0]);
            const auto offer = appointments_.offerFor(c, h);
            if (!offer || !offer->queue) return;
            b.hallName = offer->hallName;
            const auto& rules = *offer->queue;
            std::map<std::string, std::string> current;
            for (const auto& r : c.query("SELECT window_id, current_ticket FROM queue_window WHERE hall = $1", {h}))
                current[str(r[0])] = str(r[1]);
            for (const auto& w : rules.windows) {
                Board::Window bw{w.id, w.themes, std::nullopt};
                if (auto it = current.find(w.id); it != current.end() && !it->second.empty())
                    if (auto t = loadTicket(c, it->second, nullptr); t && (t->state == "called" || t->state == "serving"))
                        bw.current = std::move(*t);
                b.windows.push_back(std::move(bw));
            }
            for (const auto& theme : rules.themes) {  // by prefix, A first (as the bundle's are read)
                b.themes.emplace_back(theme.theme, theme.prefix);
                auto waiting = waitingInOrder(c, h, day, theme.theme, rules);
                for (size_t i = 0; i < waiting.size(); ++i) {
                    waiting[i].ahead = static_cast<int>(i);
                    b.waiting.push_back(std::move(waiting[i]));
                }
            }
            for (const auto& r : c.query("SELECT seq, number, window_id, theme, at, recall FROM queue_call WHERE hall = $1 AND "
                                         "at >= $2 ORDER BY seq DESC LIMIT $3",
                                         {h, protocol::slotStart(day + "T00:00").value_or(0), int64_t{calls}}))
                b.calls.push_back(callOf(r));
        });
        return b;
    });
}

namespace {
// The median and 90th percentile (nearest rank) of durations in seconds; 0 of none.
std::pair<int64_t, int64_t> percentiles(std::vector<int64_t> v) {
    if (v.empty()) return {0, 0};
    std::sort(v.begin(), v.end());
    const auto rank = [&](double p) { return v[std::min(v.size() - 1, static_cast<size_t>(std::ceil(p * v.size())) - 1)]; };
    return {rank(0.5), rank(0.9)};
}

struct Sample {
    int tickets = 0, called = 0, done = 0, noShows = 0, forfeited = 0;
    std::vector<int64_t> waits, services;
    QueueStats::Row row(std::string key) const {
        QueueStats::Row r{std::move(key), tickets, called, done, noShows, forfeited, 0, 0, 0, 0};
        std::tie(r.waitMedian, r.waitP90) = percentiles(waits);
        std::tie(r.serviceMedian, r.serviceP90) = percentiles(services);
        return r;
    }
};
}  // namespace

core::Status QueueBook::servedBy(std::string_view ticketId, std::string_view name) {
    return sql::guarded([&] {
        sql::transaction(pool_, [&](Connection& c) {
            c.execute("UPDATE ticket SET served_by = $1 WHERE id = $2", {std::string(name), std::string(ticketId)});
            return 0;
        });
        return core::Done{};
    });
}

core::Result<QueueStats> QueueBook::stats(std::string_view hall, std::string_view from, std::string_view to) {
    return sql::guarded([&] {
        QueueStats out;
        pool_.read([&](Connection& c) {
            const std::string h(hall), f(from), t(to);
            Sample all;
            std::map<std::string, Sample> byTheme, byWindow, byDay;
            for (const auto& r : c.query("SELECT day, theme, window_id, state, issued_at, first_called_at, called_at, done_at "
                                         "FROM ticket WHERE hall = $1 AND day >= $2 AND day <= $3",
                                         {h, f, t})) {
                const std::string state = str(r[3]);
                const int64_t issued = num(r[4]), firstCalled = num(r[5]), called = num(r[6]), done = num(r[7]);
                for (Sample* s : {&all, &byTheme[str(r[1])], &byDay[str(r[0])]}) {
                    ++s->tickets;
                    if (firstCalled > 0) ++s->called, s->waits.push_back(firstCalled - issued);
                    if (state == "done") ++s->done, s->services.push_back(done - called);
                    if (state == "no_show") ++s->noShows;
                }
                if (!str(r[2]).empty() && firstCalled > 0) {
                    Sample& s = byWindow[str(r[2])];
                    ++s.tickets, ++s.called;
                    if (state == "done") ++s.done, s.services.push_back(done - called);
                    if (state == "no_show") ++s.noShows;
                }
            }
            for (const auto& r : c.query("SELECT theme, slot FROM appointment WHERE hall = $1 AND state = 'forfeited' AND "
                                         "slot >= $2 AND slot < $3",
                                         {h, f, protocol::dateOfDayIndex(protocol::dayIndex(t) + 1)})) {
                ++all.forfeited, ++byTheme[str(r[0])].forfeited, ++byDay[str(r[1]).substr(0, 10)].forfeited;
            }
            std::vector<int64_t> takes;
            const int64_t from0 = protocol::slotStart(f + "T00:00").value_or(0),
                          to1 = protocol::slotStart(protocol::dateOfDayIndex(protocol::dayIndex(t) + 1) + "T00:00").value_or(0);
            for (const auto& r : c.query("SELECT raised_at, taken_at FROM help_call WHERE hall = $1 AND raised_at >= $2 AND "
                                         "raised_at < $3",
                                         {h, from0, to1})) {
                ++out.helpCalls;
                if (num(r[1]) > 0) ++out.helpTaken, takes.push_back(num(r[1]) - num(r[0]));
            }
            std::tie(out.helpTakeMedian, out.helpTakeP90) = percentiles(takes);
            out.overall = all.row("");
            for (const auto& [k, s] : byTheme) out.byTheme.push_back(s.row(k));
            for (const auto& [k, s] : byWindow) out.byWindow.push_back(s.row(k));
            for (const auto& [k, s] : byDay) out.byDay.push_back(s.row(k));
        });
        return out;
    });
}

std::string ticketJson(const Ticket& t) {
    json j{{"id", t.id},           {"number", t.number},     {"theme", t.theme},         {"class", t.cls},
           {"day", t.day},         {"ahead", t.ahead},       {"state", t.state},         {"recalls", t.recalls},
           {"issued_at", t.issuedAt}, {"wait_minutes", t.waitMinutes}, {"windows", t.windows}, {"window", t.window},
           {"priority_asked", t.priorityAsked}, {"waiting_since", t.waitingSince}, {"called_at", t.calledAt}};
    if (!t.appointment.empty()) j["appointment"] = t.appointment, j["slot_start"] = t.slotStart;
    return j.dump();
}

std::string noTicketJson(const NoTicket& n) {
    json j{{"code", n.code}, {"message", n.message}};
    if (n.until) j["until"] = n.until;
    if (!n.appointment.empty()) j["appointment"] = n.appointment;
    return json{{"refused", j}}.dump();
}

std::string boardJson(const Board& b, int64_t nowS) {
    json windows = json::array(), waiting = json::array(), calls = json::array(), themes = json::array();
    for (const auto& w : b.windows)
        windows.push_back({{"id", w.id}, {"themes", w.themes},
                           {"current", w.current ? json::parse(ticketJson(*w.current)) : json(nullptr)}});
    for (const auto& t : b.waiting) {
        json j = json::parse(ticketJson(t));
        j["waited_s"] = std::max<int64_t>(0, nowS - t.waitingSince);
        waiting.push_back(std::move(j));
    }
    for (const auto& c : b.calls)
        calls.push_back({{"seq", c.seq}, {"number", c.number}, {"window", c.window}, {"theme", c.theme}, {"at", c.at},
                         {"recall", c.recall}, {"said", protocol::spokenCall(c.number, c.window)}});
    for (const auto& [theme, prefix] : b.themes) themes.push_back({{"theme", theme}, {"prefix", std::string(1, prefix)}});
    return json{{"seq", b.seq},     {"now", nowS},     {"hall_name", b.hallName}, {"windows", windows},
                {"waiting", waiting}, {"calls", calls}, {"themes", themes}}
        .dump();
}

std::string statsJson(const QueueStats& s) {
    const auto row = [](const QueueStats::Row& r) {
        return json{{"key", r.key},          {"tickets", r.tickets},       {"called", r.called},
                    {"done", r.done},        {"no_shows", r.noShows},      {"forfeited", r.forfeited},
                    {"wait_median_s", r.waitMedian}, {"wait_p90_s", r.waitP90}, {"service_median_s", r.serviceMedian},
                    {"service_p90_s", r.serviceP90}};
    };
    json theme = json::array(), window = json::array(), day = json::array();
    for (const auto& r : s.byTheme) theme.push_back(row(r));
    for (const auto& r : s.byWindow) window.push_back(row(r));
    for (const auto& r : s.byDay) day.push_back(row(r));
    return json{{"overall", row(s.overall)},
                {"by_theme", theme},
                {"by_window", window},
                {"by_day", day},
                {"help", {{"calls", s.helpCalls}, {"taken", s.helpTaken}, {"take_median_s", s.helpTakeMedian},
                          {"take_p90_s", s.helpTakeP90}}}}
        .dump();
}

}  // namespace ow::central
