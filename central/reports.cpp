// Work orders of reports of what could not be done.
#include "central/reports.h"

#include <sodium.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "kiosk/protocol/case_status.h"
#include "kiosk/protocol/signing.h"

namespace ow::central {

using nlohmann::json;
using sql::Connection;
using sql::num;
using sql::str;

const std::vector<std::string>& workOrderStates() {
    static const std::vector<std::string> kStates = {"received", "classified", "transferred", "resolved", "replied", "verified"};
    return kStates;
}

namespace {

constexpr const char* kColumns =
    "no, hall, kiosk_id, name, phone_masked, department, category, text, state, deadline, received_at, updated_at, code";

WorkOrder load(Connection& c, const sql::Row& r, int64_t nowS) {
    WorkOrder w;
    w.no = str(r[0]), w.hall = str(r[1]), w.kioskId = str(r[2]), w.name = str(r[3]), w.nameMasked = protocol::maskedName(w.name);
    w.phoneMasked = str(r[4]), w.department = str(r[5]), w.category = str(r[6]), w.text = str(r[7]), w.state = str(r[8]);
    w.deadline = str(r[9]), w.receivedAt = num(r[10]), w.updatedAt = num(r[11]), w.code = str(r[12]);
    const auto& states = workOrderStates();
    const bool resolved = std::find(states.begin(), states.end(), w.state) - states.begin() >= 3;
    w.overdue = !resolved && protocol::dateOf(nowS) > w.deadline;
    for (const auto& s : c.query("SELECT state, by_whom, note, at FROM work_order_step WHERE no = $1 ORDER BY n", {w.no}))
        w.steps.push_back({str(s[0]), str(s[1]), str(s[2]), num(s[3])});
    return w;
}

std::optional<WorkOrder> loadBy(Connection& c, const char* column, const std::string& value, int64_t nowS) {
    if (value.empty()) return std::nullopt;
    const auto rows = c.query(std::string("SELECT ") + kColumns + " FROM work_order WHERE " + column + " = $1", {value});
    if (rows.empty()) return std::nullopt;
    return load(c, rows[0], nowS);
}

std::optional<WorkOrder> loadNo(Connection& c, const std::string& no, int64_t nowS) { return loadBy(c, "no", no, nowS); }

void addStep(Connection& c, const std::string& no, const std::string& state, const std::string& by, const std::string& note,
             int64_t at) {
    c.query("INSERT INTO work_order_step (no, n, state, by_whom, note, at) SELECT $1, count(*) + 1, $2, $3, $4, $5 FROM "
            "work_order_step WHERE no = $1",
            {no, state, by, note, at});
}

}  // namespace

core::Result<WorkOrder> ReportBook::file(const Filing& f, int64_t nowS) {
    return sql::guarded([&] {
        return sql::transaction(pool_, [&](Connection& c) -> WorkOrder {
            return sql::requestOnce(
                c, f.kioskId, f.key, nowS,
                [&] {
                    // The deadline in working days of the hall's calendar (its newest bundle), from the day received.
                    const auto offer = people_.offerFor(c, f.hall);
                    const protocol::WorkCalendar calendar = offer ? offer->calendar : protocol::WorkCalendar{};
                    const int days = offer ? offer->reportDeadlineWorkingDays : kReportDeadlineWorkingDays;
                    const std::string today = protocol::dateOf(nowS);
                    std::string day = today;
                    day.erase(std::remove(day.begin(), day.end(), '-'), day.end());
                    std::string no;
                    for (int attempt = 0; no.empty() && attempt < 8; ++attempt) {
                        no = "GD" + day + std::to_string(100000 + randombytes_uniform(900000));
                        if (c.execute("INSERT INTO work_order (no, hall, kiosk_id, person, name, phone_sealed, phone_masked, "
                                      "department, category, text, state, deadline, received_at, updated_at, code) VALUES ($1, $2, "
                                      "$3, $4, $5, $6, $7, $8, $9, $10, 'received', $11, $12, $12, $13) ON CONFLICT DO NOTHING",
                                      {no, f.hall, f.kioskId, people_.personOf(f.idNumber), f.name, people_.seal(no, f.phone),
                                       f.phone.empty() ? std::string() : protocol::maskedPhone(f.phone), f.department, f.category,
                                       f.text, protocol::addWorkingDays(today, days, calendar), nowS,
                                       protocol::randomHex(12)}) != 1)
                            no.clear();
                    }
                    addStep(c, no, "received", "terminal " + f.kioskId, "", nowS);
                    return *loadNo(c, no, nowS);
                },
                [](const WorkOrder& w) { return "W:" + w.no; },
                [&](const std::string& reply) {
                    auto w = reply.rfind("W:", 0) == 0 ? loadNo(c, reply.substr(2), nowS) : std::nullopt;
                    return w ? *w : WorkOrder{};
                });
        });
    });
}

core::Result<std::vector<WorkOrder>> ReportBook::ofPerson(std::string_view idNumber, int64_t nowS) {
    return sql::guarded([&] {
        std::vector<WorkOrder> out;
        pool_.read([&](Connection& c) {
            for (const auto& r : c.query(std::string("SELECT ") + kColumns +
                                             " FROM work_order WHERE person = $1 ORDER BY received_at DESC LIMIT 20",
                                         {people_.personOf(idNumber)}))
                out.push_back(load(c, r, nowS));
        });
        return out;
    });
}

core::Result<std::optional<WorkOrder>> ReportBook::byNumber(std::string_view no, int64_t nowS) {
    return sql::guarded([&] {
        std::optional<WorkOrder> out;
        pool_.read([&](Connection& c) { out = loadNo(c, std::string(no), nowS); });
        return out;
    });
}

core::Result<std::optional<WorkOrder>> ReportBook::byCode(std::string_view code, int64_t nowS) {
    return sql::guarded([&] {
        std::optional<WorkOrder> out;
        pool_.read([&](Connection& c) { out = loadBy(c, "code", std::string(code), nowS); });
        return out;
    });
}

core::Result<std::vector<WorkOrder>> ReportBook::ofHall(std::string_view hall, bool overdueOnly, int64_t nowS) {
    return sql::guarded([&] {
        std::vector<WorkOrder> out;
        pool_.read([&](Connection& c) {
            for (const auto& r : c.query(std::string("SELECT ") + kColumns + " FROM work_order WHERE hall = $1 ORDER BY deadline, "
                                                                              "received_at LIMIT 500",
                                         {std::string(hall)})) {
                auto w = load(c, r, nowS);
                if (!overdueOnly || w.overdue) out.push_back(std::move(w));
            }
        });
        return out;
    });
}

core::Result<std::variant<WorkOrder, std::string>> ReportBook::advance(std::string_view no, std::string_view to,
                                                                       std::string_view by, std::string_view note, int64_t nowS) {
    using Out = std::variant<WorkOrder, std::string>;
    return sql::guarded([&] {
        return sql::transaction(pool_, [&](Connection& c) -> Out {
            const auto w = loadNo(c, std::string(no), nowS);
            if (!w) return std::string("no such work order");
            const auto& states = workOrderStates();
            const auto at = std::find(states.begin(), states.end(), w->state);
            if (at == states.end() || at + 1 == states.end()) return "work order " + w->no + " is closed (" + w->state + ")";
            if (*(at + 1) != to) return "from " + w->state + " the next step is " + *(at + 1);
            if (by.empty()) return std::string("who acted must be named");
            if (c.execute("UPDATE work_order SET state = $1, updated_at = $2 WHERE no = $3 AND state = $4",
                          {std::string(to), nowS, w->no, w->state}) != 1)
                return std::string("the work order changed meanwhile; look again");
            addStep(c, w->no, std::string(to), std::string(by), std::string(note), nowS);
            return *loadNo(c, w->no, nowS);
        });
    });
}

std::string workOrderJson(const WorkOrder& w, bool withName) {
    json steps = json::array();
    for (const auto& s : w.steps) {
        json step = {{"state", s.state}, {"note", s.note}, {"at", s.at}};
        if (withName) step["by"] = s.by;
        steps.push_back(std::move(step));
    }
    return json{{"no", w.no},
                {"name", withName ? w.name : w.nameMasked},
                {"phone", w.phoneMasked},
                {"department", w.department},
                {"category", w.category},
                {"text", w.text},
                {"state", w.state},
                {"deadline", w.deadline},
                {"overdue", w.overdue},
                {"received_at", w.receivedAt},
                {"steps", steps}}
        .dump();
}

}  // namespace ow::central
