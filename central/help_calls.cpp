// Calls for staff from terminals (帮办; 000 帮办代办服务制度): raised by a person at a terminal, heard at once on the
// hall's pages (every change raises the hall's board sequence, which their event stream follows), taken and closed by
// staff, cancelled by the person; one left untaken is raised again. Nothing of the person but whether they are 60 or
// more.
#include <chrono>
#include <nlohmann/json.hpp>

#include "central/queue.h"
#include "kiosk/protocol/signing.h"

namespace ow::central {

using nlohmann::json;
using sql::Connection;
using sql::num;
using sql::str;

namespace {

constexpr const char* kHelpColumns =
    "id, hall, kiosk_id, kiosk_name, screen, service, elder, state, raised_at, last_raised_at, raised_again, taken_at, "
    "taken_by, closed_at";

HelpCall helpFromRow(const sql::Row& r) {
    HelpCall c;
    c.id = str(r[0]), c.hall = str(r[1]), c.kioskId = str(r[2]), c.kioskName = str(r[3]), c.screen = str(r[4]);
    c.service = str(r[5]), c.elder = num(r[6]) != 0, c.state = str(r[7]), c.raisedAt = num(r[8]);
    c.lastRaisedAt = num(r[9]), c.raisedAgain = static_cast<int>(num(r[10])), c.takenAt = num(r[11]);
    c.takenBy = str(r[12]), c.closedAt = num(r[13]);
    return c;
}

std::optional<HelpCall> loadHelp(Connection& c, const std::string& id) {
    const auto rows = c.query(std::string("SELECT ") + kHelpColumns + " FROM help_call WHERE id = $1", {id});
    if (rows.empty()) return std::nullopt;
    return helpFromRow(rows[0]);
}

}  // namespace

core::Result<HelpCall> QueueBook::raiseHelp(const HelpRequest& r, int64_t nowS) {
    auto out = sql::guarded([&] {
        return sql::transaction(pool_, [&](Connection& c) -> HelpCall {
            return sql::requestOnce(
                c, r.kioskId, r.key, nowS,
                [&] {
                    const std::string id = protocol::randomHex(12);
                    c.query("INSERT INTO help_call (id, hall, kiosk_id, kiosk_name, screen, service, elder, state, raised_at, "
                            "last_raised_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'raised', $8, $8)",
                            {id, r.hall, r.kioskId, r.kioskName, r.screen, r.service, int64_t{r.elder ? 1 : 0}, nowS});
                    bumpHallBoard(c, r.hall);
                    return *loadHelp(c, id);
                },
                [](const HelpCall& h) { return "H:" + h.id; },
                [&](const std::string& reply) {
                    auto h = reply.rfind("H:", 0) == 0 ? loadHelp(c, reply.substr(2)) : std::nullopt;
                    return h ? *h : HelpCall{};
                });
        });
    });
    if (out) changed();
    return out;
}

core::Result<std::optional<HelpCall>> QueueBook::helpStatus(std::string_view kioskId, std::string_view id, std::string_view seen,
                                                            int waitMs, int64_t nowS) {
    const auto start = std::chrono::steady_clock::now(), deadline = start + std::chrono::milliseconds(waitMs);
    uint64_t changes = waitForChange(~uint64_t{0}, 0);  // this process's count now
    for (;;) {
        const int64_t at = nowS + std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start).count();
        auto now = sql::guarded([&] {
            std::optional<HelpCall> h;
            pool_.read([&](Connection& c) { h = loadHelp(c, std::string(id)); });
            if (!h || h->kioskId != kioskId) return std::optional<HelpCall>();
            // Left untaken so long: raised again (the hall's pages sound again), written only then.
            if (h->state == "raised" && at - h->lastRaisedAt >= kHelpRaiseAgainSeconds)
                h = sql::transaction(pool_, [&](Connection& c) {
                    if (c.execute("UPDATE help_call SET last_raised_at = $1, raised_again = raised_again + 1 WHERE id = $2 AND "
                                  "state = 'raised' AND last_raised_at = $3",
                                  {at, h->id, h->lastRaisedAt}) == 1)
                        bumpHallBoard(c, h->hall);
                    return loadHelp(c, h->id);
                });
            return h;
        });
        if (!now || !*now || (*now)->state != seen || std::chrono::steady_clock::now() >= deadline) return now;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        changes = waitForChange(changes, static_cast<int>(std::min<int64_t>(250, std::max<int64_t>(1, left.count()))));
    }
}

core::Result<std::optional<HelpCall>> QueueBook::helpAct(std::string_view hallOrKiosk, bool byKiosk, std::string_view id,
                                                         HelpAction action, std::string_view by, int64_t nowS) {
    auto out = sql::guarded([&] {
        return sql::transaction(pool_, [&](Connection& c) -> std::optional<HelpCall> {
            auto h = loadHelp(c, std::string(id));
            if (!h || (byKiosk ? h->kioskId : h->hall) != hallOrKiosk) return std::nullopt;
            switch (action) {
                case HelpAction::cancel:
                    if (h->state != "raised" && h->state != "taken") return std::nullopt;
                    c.query("UPDATE help_call SET state = 'cancelled', closed_at = $1 WHERE id = $2", {nowS, h->id});
                    break;
                case HelpAction::take:
                    if (h->state != "raised") return std::nullopt;
                    c.query("UPDATE help_call SET state = 'taken', taken_at = $1, taken_by = $2 WHERE id = $3",
                            {nowS, std::string(by), h->id});
                    break;
                case HelpAction::close:
                    if (h->state != "raised" && h->state != "taken") return std::nullopt;
                    c.query("UPDATE help_call SET state = 'closed', closed_at = $1, taken_by = CASE WHEN taken_by = '' THEN $2 "
                            "ELSE taken_by END WHERE id = $3",
                            {nowS, std::string(by), h->id});
                    break;
            }
            bumpHallBoard(c, h->hall);
            return loadHelp(c, h->id);
        });
    });
    if (out && *out) changed();
    return out;
}

core::Result<std::vector<HelpCall>> QueueBook::openHelpCalls(std::string_view hall, int64_t) {
    return sql::guarded([&] {
        std::vector<HelpCall> out;
        pool_.read([&](Connection& c) {
            for (const auto& r : c.query(std::string("SELECT ") + kHelpColumns +
                                             " FROM help_call WHERE hall = $1 AND state IN ('raised', 'taken') ORDER BY raised_at",
                                         {std::string(hall)}))
                out.push_back(helpFromRow(r));
        });
        return out;
    });
}

std::string helpCallJson(const HelpCall& c) {
    return json{{"id", c.id},
                {"kiosk", c.kioskName.empty() ? c.kioskId : c.kioskName},
                {"screen", c.screen},
                {"service", c.service},
                {"elder", c.elder},
                {"state", c.state},
                {"raised_at", c.raisedAt},
                {"last_raised_at", c.lastRaisedAt},
                {"raised_again", c.raisedAgain},
                {"taken_at", c.takenAt},
                {"taken_by", c.takenBy},
                {"closed_at", c.closedAt}}
        .dump();
}

}  // namespace ow::central
