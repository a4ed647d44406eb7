// The hall's figures of its services.
#include "central/hall_figures.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "kiosk/protocol/case_status.h"

namespace ow::central {

using nlohmann::json;
using sql::Connection;
using sql::num;
using sql::str;

int ServiceFigures::Row::ratingRatePercent() const {
    const int done = visitsDone + casesDecided;
    return done ? std::min(100, ratings * 100 / done) : 0;
}

namespace {

int64_t percentile(std::vector<int64_t> v, int p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, v.size() * static_cast<size_t>(p) / 100)];
}

// Rows by key, in key order, and each fact added to the overall row, its terminal's and its day's.
struct Rows {
    ServiceFigures::Row overall;
    std::map<std::string, ServiceFigures::Row> terminal, day;
    std::map<std::string, std::vector<int64_t>> takes;  // help calls' raised → taken, by row ("" overall)
    template <class F>
    void add(const std::string& kiosk, const std::string& d, F&& f) {
        f(overall);
        if (!kiosk.empty()) f(terminal[kiosk]);
        f(day[d]);
    }
};

}  // namespace

core::Result<ServiceFigures> serviceFigures(sql::Pool& pool, std::string_view hallView, std::string_view fromView,
                                            std::string_view toView, std::string_view onDay) {
    return sql::guarded([&] {
        ServiceFigures out;
        out.hall = std::string(hallView), out.from = std::string(fromView), out.to = std::string(toView);
        const std::string& hall = out.hall;
        const std::string& from = out.from;
        const std::string& to = out.to;
        const auto within = [&](const std::string& d) { return d >= from && d <= to; };
        Rows rows;
        pool.read([&](Connection& c) {
            // Ratings made in the period (those set aside on appeal not counted); bad ones' follow-ups.
            for (const auto& r : c.query("SELECT r.kiosk_id, r.day, r.level, f.rating_id, f.complex, f.fix_by, f.complex_by, "
                                         "f.fixed_at, f.state, f.contact_by FROM rating r LEFT JOIN follow_up f ON f.rating_id = "
                                         "r.id WHERE r.hall = $1 AND r.day >= $2 AND r.day <= $3 AND r.voided = 0",
                                         {hall, from, to})) {
                const int level = std::clamp(static_cast<int>(num(r[2])), 1, 5);
                const bool bad = r[3].has_value();
                const std::string deadline = num(r[4]) ? str(r[6]) : str(r[5]);
                const int64_t fixedAt = num(r[7]);
                const std::string state = str(r[8]);
                const bool fixedOnTime = bad && fixedAt && protocol::dateOf(fixedAt) <= deadline;
                const bool overdue = bad && !fixedAt && ((state == "opened" && onDay > str(r[9])) || onDay > deadline);
                rows.add(str(r[0]), str(r[1]), [&](ServiceFigures::Row& x) {
                    ++x.ratings, ++x.levels[level];
                    if (level >= 3) ++x.satisfied;
                    if (bad) ++x.bad;
                    if (fixedOnTime) ++x.badFixedOnTime;
                    if (overdue) ++x.badOverdue;
                });
            }
            // Numbers served to the end.
            for (const auto& r : c.query("SELECT kiosk_id, day FROM ticket WHERE hall = $1 AND day >= $2 AND day <= $3 AND state = 'done'",
                                         {hall, from, to}))
                rows.add(str(r[0]), str(r[1]), [](ServiceFigures::Row& x) { ++x.visitsDone; });
            // Cases of the hall decided in the period (within their promised deadline or not), and results collected or
            // mailed in it.
            for (const auto& r : c.query(
                     "SELECT c.kiosk_id, c.deadline, (SELECT min(s.at) FROM case_step s WHERE s.case_no = c.case_no AND s.status IN "
                     "('approved', 'refused', 'not_accepted', 'certificate', 'ready', 'collected', 'mailed')), (SELECT min(s.at) FROM "
                     "case_step s WHERE s.case_no = c.case_no AND s.status IN ('collected', 'mailed')) FROM case_file c WHERE c.hall = $1",
                     {hall})) {
                if (const int64_t decided = num(r[2]); decided && within(protocol::dateOf(decided))) {
                    const bool onTime = protocol::dateOf(decided) <= str(r[1]);
                    rows.add(str(r[0]), protocol::dateOf(decided), [&](ServiceFigures::Row& x) {
                        ++x.casesDecided;
                        if (onTime) ++x.casesOnTime;
                    });
                }
                if (const int64_t collected = num(r[3]); collected && within(protocol::dateOf(collected)))
                    rows.add(str(r[0]), protocol::dateOf(collected), [](ServiceFigures::Row& x) { ++x.collections; });
            }
            // Work orders received in the period: resolved (within their deadline or not), or overdue now.
            for (const auto& r : c.query("SELECT w.kiosk_id, w.received_at, w.deadline, (SELECT min(s.at) FROM work_order_step s WHERE "
                                         "s.no = w.no AND s.state = 'resolved') FROM work_order w WHERE w.hall = $1",
                                         {hall})) {
                const std::string received = protocol::dateOf(num(r[1]));
                if (!within(received)) continue;
                const int64_t resolved = num(r[3]);
                const std::string deadline = str(r[2]);
                rows.add(str(r[0]), received, [&](ServiceFigures::Row& x) {
                    ++x.workOrders;
                    if (resolved) ++x.workOrdersResolved;
                    if (resolved && protocol::dateOf(resolved) <= deadline) ++x.workOrdersOnTime;
                    if (!resolved && onDay > deadline) ++x.workOrdersOverdue;
                });
            }
            // Calls for staff raised in the period, and how long each waited to be taken.
            for (const auto& r : c.query("SELECT kiosk_id, raised_at, taken_at FROM help_call WHERE hall = $1", {hall})) {
                const std::string raised = protocol::dateOf(num(r[1]));
                if (!within(raised)) continue;
                const int64_t taken = num(r[2]);
                const std::string kiosk = str(r[0]);
                rows.add(kiosk, raised, [&](ServiceFigures::Row& x) {
                    ++x.helpCalls;
                    if (taken) ++x.helpTaken;
                });
                if (taken)
                    for (const std::string& key : {std::string(), "t:" + kiosk, "d:" + raised}) rows.takes[key].push_back(taken - num(r[1]));
            }
        });
        const auto takes = [&](ServiceFigures::Row& x, const std::string& key) {
            x.helpTakeMedianS = percentile(rows.takes[key], 50), x.helpTakeP90S = percentile(rows.takes[key], 90);
        };
        out.overall = rows.overall;
        takes(out.overall, "");
        for (auto& [key, row] : rows.terminal) {
            row.key = key;
            takes(row, "t:" + key);
            out.byTerminal.push_back(row);
        }
        for (auto& [key, row] : rows.day) {
            row.key = key;
            takes(row, "d:" + key);
            out.byDay.push_back(row);
        }
        return out;
    });
}

namespace {
json rowJson(const ServiceFigures::Row& r) {
    return {{"key", r.key},
            {"ratings", r.ratings},
            {"satisfied", r.satisfied},
            {"levels", {r.levels[1], r.levels[2], r.levels[3], r.levels[4], r.levels[5]}},
            {"rating_rate_percent", r.ratingRatePercent()},
            {"satisfaction_percent", r.satisfactionPercent()},
            {"bad", r.bad},
            {"bad_fixed_on_time", r.badFixedOnTime},
            {"bad_overdue", r.badOverdue},
            {"visits_done", r.visitsDone},
            {"cases_decided", r.casesDecided},
            {"cases_on_time", r.casesOnTime},
            {"collections", r.collections},
            {"work_orders", r.workOrders},
            {"work_orders_resolved", r.workOrdersResolved},
            {"work_orders_on_time", r.workOrdersOnTime},
            {"work_orders_overdue", r.workOrdersOverdue},
            {"help_calls", r.helpCalls},
            {"help_taken", r.helpTaken},
            {"help_take_median_s", r.helpTakeMedianS},
            {"help_take_p90_s", r.helpTakeP90S}};
}
}  // namespace

std::string serviceFiguresJson(const ServiceFigures& f) {
    json terminals = json::array(), days = json::array();
    for (const auto& r : f.byTerminal) terminals.push_back(rowJson(r));
    for (const auto& r : f.byDay) days.push_back(rowJson(r));
    return json{{"hall", f.hall}, {"from", f.from}, {"to", f.to}, {"overall", rowJson(f.overall)}, {"by_terminal", terminals}, {"by_day", days}}
        .dump();
}

std::string serviceFiguresCsv(const ServiceFigures& f) {
    std::string out =
        "group,key,ratings,satisfied,rating_rate_percent,satisfaction_percent,bad,bad_fixed_on_time,bad_overdue,visits_done,"
        "cases_decided,cases_on_time,collections,work_orders,work_orders_resolved,work_orders_on_time,work_orders_overdue,"
        "help_calls,help_taken,help_take_median_s,help_take_p90_s\n";
    const auto line = [&](const char* group, const ServiceFigures::Row& r) {
        out += std::string(group) + "," + r.key + ",";
        for (const int64_t v : {int64_t{r.ratings}, int64_t{r.satisfied}, int64_t{r.ratingRatePercent()}, int64_t{r.satisfactionPercent()},
                                int64_t{r.bad}, int64_t{r.badFixedOnTime}, int64_t{r.badOverdue}, int64_t{r.visitsDone},
                                int64_t{r.casesDecided}, int64_t{r.casesOnTime}, int64_t{r.collections}, int64_t{r.workOrders},
                                int64_t{r.workOrdersResolved}, int64_t{r.workOrdersOnTime}, int64_t{r.workOrdersOverdue},
                                int64_t{r.helpCalls}, int64_t{r.helpTaken}, r.helpTakeMedianS})
            out += std::to_string(v) + ",";
        out += std::to_string(r.helpTakeP90S) + "\n";
    };
    line("overall", f.overall);
    for (const auto& r : f.byTerminal) line("terminal", r);
    for (const auto& r : f.byDay) line("day", r);
    return out;
}

}  // namespace ow::central
