// Queue numbers at central.
#include "central/queue.h"

#include <nlohmann/json.hpp>

#include "kiosk/protocol/case_status.h"
#include "kiosk/protocol/signing.h"

namespace ow::central {

using nlohmann::json;
using sql::Connection;

namespace {

int64_t num(const std::optional<std::string>& v) { return v ? std::atoll(v->c_str()) : 0; }
std::string str(const std::optional<std::string>& v) { return v.value_or(""); }

const char* classCode(protocol::TicketClass c) {
    switch (c) {
        case protocol::TicketClass::appointment:
            return "appointment";
        case protocol::TicketClass::priority:
            return "priority";
        case protocol::TicketClass::ordinary:
            return "ordinary";
    }
    return "ordinary";
}

std::optional<Ticket> loadTicket(Connection& c, const std::string& id) {
    const auto rows = c.query(
        "SELECT id, prefix, n, theme, cls, day, issued_at, hall, state, recalls FROM ticket WHERE id = $1",
        {id});
    if (rows.empty()) return std::nullopt;
    const auto& r = rows[0];
    Ticket t;
    t.id = str(r[0]),
    t.number = protocol::ticketNumber(str(r[1]).empty() ? 'A' : str(r[1])[0], static_cast<int>(num(r[2])));
    t.theme = str(r[3]), t.cls = str(r[4]), t.day = str(r[5]), t.issuedAt = num(r[6]), t.state = str(r[8]);
    t.recalls = static_cast<int>(num(r[9]));
    t.ahead = static_cast<int>(
        num(c.query("SELECT count(*) FROM ticket WHERE hall = $1 AND day = $2 AND prefix = $3 AND "
                    "state = 'waiting' AND n < $4",
                    {str(r[7]), t.day, str(r[1]), num(r[2])})
                .at(0)[0]));
    return t;
}

}  // namespace

core::Result<std::variant<Ticket, NoTicket>> QueueBook::take(const Request& req, int64_t nowS) {
    using Out = std::variant<Ticket, NoTicket>;
    return sql::guarded([&] {
        return sql::transaction(pool_, [&](Connection& c) -> Out {
            // The same request again (its answer lost on the way) gets the same ticket, and no second number.
            if (c.execute("INSERT INTO request_once (kiosk_id, request_key, reply, at) VALUES ($1, $2, '', "
                          "$3) ON CONFLICT DO NOTHING",
                          {req.kioskId, req.key, nowS}) == 0) {
                const std::string reply =
                    str(c.query("SELECT reply FROM request_once WHERE kiosk_id = $1 AND request_key = $2",
                                {req.kioskId, req.key})
                            .at(0)[0]);
                if (reply.rfind("T:", 0) == 0)
                    if (auto t = loadTicket(c, reply.substr(2))) return *t;
                return NoTicket{"cap_reached", "no number was given to this request"};
            }
            const auto offer = appointments_.offerFor(c, req.hall);
            if (!offer || !offer->queue)
                return NoTicket{"no_queue", "this hall gives no numbers at terminals"};
            const auto* theme = offer->queue->theme(req.theme);
            if (!theme) return NoTicket{"unknown_theme", "this hall gives no numbers for that theme"};
            const std::string day = protocol::dateOf(nowS), prefix(1, theme->prefix);
            // The day's next number of the prefix, under the cap, on the counter's row (the lock numbers are
            // taken under); a new day (北京时间) starts again from 1.
            const auto counted = c.query(
                "INSERT INTO ticket_counter (hall, day, prefix, n) VALUES ($1, $2, $3, 1) "
                "ON CONFLICT (hall, day, prefix) DO UPDATE SET n = ticket_counter.n + 1 "
                "WHERE ticket_counter.n < $4 RETURNING n",
                {req.hall, day, prefix, int64_t{theme->dailyCap}});
            if (counted.empty()) {
                c.query("UPDATE request_once SET reply = 'cap' WHERE kiosk_id = $1 AND request_key = $2",
                        {req.kioskId, req.key});
                return NoTicket{"cap_reached", "all of today's numbers of this theme are given"};
            }
            const std::string id = protocol::randomHex(12);
            c.query(
                "INSERT INTO ticket (id, hall, day, prefix, n, theme, cls, kiosk_id, issued_at, "
                "waiting_since, state) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, 'waiting')",
                {id, req.hall, day, prefix, num(counted[0][0]), req.theme, std::string(classCode(req.cls)),
                 req.kioskId, nowS});
            c.query("UPDATE request_once SET reply = $1 WHERE kiosk_id = $2 AND request_key = $3",
                    {"T:" + id, req.kioskId, req.key});
            return *loadTicket(c, id);
        });
    });
}

namespace {
using Out = std::variant<Ticket, NoTicket>;
// Something a window does, in one transaction, once the hall's queue and the window are found: fn(connection,
// hall, window, today in Beijing time, the queue's rules, the window).
template <typename F>
core::Result<Out> atWindow(sql::Pool& pool, AppointmentBook& book, std::string_view hall,
                           std::string_view window, int64_t nowS, F&& fn) {
    return sql::guarded([&] {
        return sql::transaction(pool, [&](Connection& c) -> Out {
            const std::string h(hall), w(window), day = protocol::dateOf(nowS);
            const auto offer = book.offerFor(c, h);
            if (!offer || !offer->queue) return NoTicket{"no_queue", "this hall gives no numbers"};
            const auto* win = offer->queue->window(w);
            if (!win) return NoTicket{"unknown_window", "the hall has no window " + w};
            return fn(c, h, w, day, *offer->queue, *win);
        });
    });
}
}  // namespace

core::Result<std::variant<Ticket, NoTicket>> QueueBook::callNext(std::string_view hall,
                                                                 std::string_view window, int64_t nowS) {
    return atWindow(
        pool_, appointments_, hall, window, nowS,
        [&](Connection& c, const std::string& h, const std::string& w, const std::string& day,
            const protocol::QueueRules& rules, const protocol::QueueWindow& win) -> Out {
            c.query("INSERT INTO queue_window (hall, window_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    {h, w});
            const int run = static_cast<int>(num(
                c.query("SELECT run FROM queue_window WHERE hall = $1 AND window_id = $2", {h, w}).at(0)[0]));
            for (int attempt = 0; attempt < 16; ++attempt) {
                std::vector<std::string> ids;
                std::vector<protocol::WaitingTicket> waiting;
                for (const auto& theme : win.themes)
                    for (const auto& r :
                         c.query("SELECT id, cls, waiting_since, slot_start FROM ticket WHERE hall = $1 AND "
                                 "day = $2 AND theme = $3 AND state = 'waiting'",
                                 {h, day, theme})) {
                        const std::string cls = str(r[1]);
                        ids.push_back(str(r[0]));
                        waiting.push_back({cls == "appointment" ? protocol::TicketClass::appointment
                                           : cls == "priority"  ? protocol::TicketClass::priority
                                                                : protocol::TicketClass::ordinary,
                                           num(r[2]), num(r[3])});
                    }
                const int pick = protocol::nextToCall(waiting, run, rules);
                if (pick < 0) return NoTicket{"none_waiting", "nobody waits for this window's themes"};
                const std::string& id = ids[static_cast<size_t>(pick)];
                // Only a ticket still waiting is taken: another window that called it first leaves this one
                // nothing.
                if (c.execute("UPDATE ticket SET state = 'called', window_id = $1, called_at = $2 WHERE id = "
                              "$3 AND state = 'waiting'",
                              {w, nowS, id}) != 1)
                    continue;
                const bool ordinary =
                    waiting[static_cast<size_t>(pick)].cls == protocol::TicketClass::ordinary;
                c.query(
                    "UPDATE queue_window SET run = $1, current_ticket = $2 WHERE hall = $3 AND window_id = "
                    "$4",
                    {int64_t{ordinary ? 0 : run + 1}, id, h, w});
                return *loadTicket(c, id);
            }
            return NoTicket{"none_waiting", "every waiting ticket was called by another window meanwhile"};
        });
}

core::Result<std::variant<Ticket, NoTicket>> QueueBook::act(std::string_view hall, std::string_view window,
                                                            Action action, std::string_view arg,
                                                            int64_t nowS) {
    return atWindow(
        pool_, appointments_, hall, window, nowS,
        [&](Connection& c, const std::string& h, const std::string& w, const std::string& day,
            const protocol::QueueRules& rules, const protocol::QueueWindow&) -> Out {
            if (action == Action::callNumber) {
                // A given number out of turn (a person who was away comes back): only while it waits, today.
                const std::string number(arg);
                if (number.size() < 2) return NoTicket{"unknown_number", "not a number like A012"};
                const auto rows =
                    c.query("SELECT id FROM ticket WHERE hall = $1 AND day = $2 AND prefix = $3 AND n = $4",
                            {h, day, number.substr(0, 1), int64_t{std::atoll(number.c_str() + 1)}});
                if (rows.empty()) return NoTicket{"unknown_number", "no ticket " + number + " today"};
                const std::string id = str(rows[0][0]);
                if (c.execute("UPDATE ticket SET state = 'called', window_id = $1, called_at = $2 WHERE id = "
                              "$3 AND state = 'waiting'",
                              {w, nowS, id}) != 1)
                    return NoTicket{"not_waiting", number + " does not wait (called, served or gone)"};
                c.query(
                    "INSERT INTO queue_window (hall, window_id, current_ticket) VALUES ($1, $2, $3) "
                    "ON CONFLICT (hall, window_id) DO UPDATE SET current_ticket = $3",
                    {h, w, id});
                return *loadTicket(c, id);
            }
            const auto current =
                c.query("SELECT current_ticket FROM queue_window WHERE hall = $1 AND window_id = $2", {h, w});
            const std::string id = current.empty() ? "" : str(current[0][0]);
            const auto t = id.empty() ? std::nullopt : loadTicket(c, id);
            if (!t || (t->state != "called" && t->state != "serving"))
                return NoTicket{"no_current", "nothing is called at this window"};
            const auto clear = [&] {
                c.query("UPDATE queue_window SET current_ticket = '' WHERE hall = $1 AND window_id = $2",
                        {h, w});
            };
            switch (action) {
                case Action::recall:
                    if (t->recalls >=
                        rules.recalls) {  // called once and recalled as often as the hall allows
                        c.query("UPDATE ticket SET state = 'no_show', done_at = $1 WHERE id = $2",
                                {nowS, id});
                        clear();
                    } else {
                        c.query("UPDATE ticket SET recalls = recalls + 1, called_at = $1 WHERE id = $2",
                                {nowS, id});
                    }
                    break;
                case Action::start:
                    c.query("UPDATE ticket SET state = 'serving' WHERE id = $1", {id});
                    break;
                case Action::done:
                    c.query("UPDATE ticket SET state = 'done', done_at = $1 WHERE id = $2", {nowS, id});
                    clear();
                    break;
                case Action::transfer: {
                    // To another theme's queue, keeping its waiting time (waiting_since) and its number.
                    const std::string theme(arg);
                    if (!rules.theme(theme))
                        return NoTicket{"unknown_theme", "this hall gives no numbers for " + theme};
                    c.query(
                        "UPDATE ticket SET state = 'waiting', theme = $1, window_id = '', recalls = 0 WHERE "
                        "id = $2",
                        {theme, id});
                    clear();
                    break;
                }
                case Action::callNumber:
                    break;
            }
            return *loadTicket(c, id);
        });
}

std::string ticketJson(const Ticket& t) {
    return json{{"id", t.id},       {"number", t.number},   {"theme", t.theme},
                {"class", t.cls},   {"day", t.day},         {"ahead", t.ahead},
                {"state", t.state}, {"recalls", t.recalls}, {"issued_at", t.issuedAt}}
        .dump();
}

}  // namespace ow::central
