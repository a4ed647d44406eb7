// Ratings of the service and the follow-ups of bad ones.
#include "central/ratings.h"

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

const std::vector<std::string>& ratingStages() {
    static const std::vector<std::string> kStages = {"query", "submission", "appointment", "visit", "collection", "case"};
    return kStages;
}

const std::vector<std::string>& followUpStates() {
    static const std::vector<std::string> kStates = {"opened", "checked", "fixed", "replied", "visited"};
    return kStates;
}

namespace {

constexpr const char* kColumns =
    "r.id, r.hall, r.kiosk_id, r.stage, r.subject, r.what, r.department, r.window_id, r.staff, r.name, r.level, r.reasons, "
    "r.text, r.channel, r.created_at, r.voided, f.state, f.complex, f.contact_by, f.fix_by, f.complex_by, f.appeal, "
    "f.opened_at, f.contacted_at, f.fixed_at";
constexpr const char* kFrom = " FROM rating r LEFT JOIN follow_up f ON f.rating_id = r.id";

bool after(const std::vector<std::string>& states, const std::string& state, const char* than) {
    const auto at = std::find(states.begin(), states.end(), state), of = std::find(states.begin(), states.end(), than);
    return at > of;
}

Rating load(Connection& c, const sql::Row& row, std::string_view onDay) {
    Rating r;
    r.id = str(row[0]), r.hall = str(row[1]), r.kioskId = str(row[2]), r.stage = str(row[3]), r.subject = str(row[4]);
    r.what = str(row[5]), r.department = str(row[6]), r.window = str(row[7]), r.staff = str(row[8]), r.name = str(row[9]);
    r.nameMasked = protocol::maskedName(r.name);
    r.level = static_cast<int>(num(row[10])), r.reasons = str(row[11]), r.text = str(row[12]), r.channel = str(row[13]);
    r.createdAt = num(row[14]), r.voided = num(row[15]) != 0;
    if (row[16]) {
        Rating::FollowUp f;
        f.state = str(row[16]), f.complex = num(row[17]) != 0, f.contactBy = str(row[18]), f.fixBy = str(row[19]);
        f.complexBy = str(row[20]), f.appeal = str(row[21]), f.openedAt = num(row[22]), f.contactedAt = num(row[23]);
        f.fixedAt = num(row[24]);
        // 1-4-13: not contacted by its first deadline, or not put right by its second (13 days for a complex case).
        const auto& states = followUpStates();
        const std::string fixDeadline = f.complex ? f.complexBy : f.fixBy;
        f.overdue = !r.voided && ((f.state == "opened" && onDay > f.contactBy) || (!after(states, f.state, "checked") && onDay > fixDeadline));
        for (const auto& s : c.query("SELECT state, by_whom, note, at FROM follow_up_step WHERE rating_id = $1 ORDER BY n", {r.id}))
            f.steps.push_back({str(s[0]), str(s[1]), str(s[2]), num(s[3])});
        r.followUp = std::move(f);
    }
    return r;
}

std::optional<Rating> loadId(Connection& c, const std::string& id, std::string_view onDay) {
    const auto rows = c.query(std::string("SELECT ") + kColumns + kFrom + " WHERE r.id = $1", {id});
    if (rows.empty()) return std::nullopt;
    return load(c, rows[0], onDay);
}

void addStep(Connection& c, const std::string& id, const std::string& state, const std::string& by, const std::string& note,
             int64_t at) {
    c.query("INSERT INTO follow_up_step (rating_id, n, state, by_whom, note, at) SELECT $1, count(*) + 1, $2, $3, $4, $5 "
            "FROM follow_up_step WHERE rating_id = $1",
            {id, state, by, note, at});
}

// What is rated, found for this person: what it is, the department, the window and who served. nullopt: none of theirs.
struct Subject {
    std::string what, department, window, staff;
};
std::optional<Subject> findSubject(Connection& c, const std::string& stage, const std::string& subject, const std::string& idNumber,
                                   const std::string& person) {
    if (stage == "query" || stage == "case" || stage == "collection" || stage == "submission") {
        const auto rows = c.query(std::string("SELECT matter_name, department FROM case_file WHERE ") +
                                      (stage == "submission" ? "receipt_no" : "case_no") + " = $1 AND holder_id = $2",
                                  {subject, idNumber});
        if (rows.empty()) return std::nullopt;
        return Subject{str(rows[0][0]), str(rows[0][1]), "", ""};
    }
    if (stage == "appointment") {
        const auto rows = c.query("SELECT matter_name FROM appointment WHERE appt_no = $1 AND person = $2", {subject, person});
        if (rows.empty()) return std::nullopt;
        return Subject{str(rows[0][0]), "", "", ""};
    }
    if (stage == "visit") {  // a number's visit, once done: its window and who served (a ticket names nobody)
        const auto rows = c.query("SELECT theme, window_id, served_by FROM ticket WHERE id = $1 AND state = 'done'", {subject});
        if (rows.empty()) return std::nullopt;
        return Subject{str(rows[0][0]), "", str(rows[0][1]), str(rows[0][2])};
    }
    return std::nullopt;
}

}  // namespace

core::Result<std::variant<Rating, std::string>> RatingBook::rate(const Rate& in, int64_t nowS) {
    using Out = std::variant<Rating, std::string>;
    return sql::guarded([&] {
        return sql::transaction(pool_, [&](Connection& c) -> Out {
            const std::string today = protocol::dateOf(nowS);
            return sql::requestOnce(
                c, in.kioskId, in.key, nowS,
                [&]() -> Out {
                    if (in.level <= 2 && in.reasons.empty()) return std::string("reasons_needed");
                    const std::string person = people_.personOf(in.idNumber);
                    const auto subject = findSubject(c, in.stage, in.subject, in.idNumber, person);
                    if (!subject) return std::string("no_such_subject");
                    if (!c.query("SELECT 1 FROM rating WHERE stage = $1 AND subject = $2", {in.stage, in.subject}).empty())
                        return std::string("already_rated");
                    const std::string id = protocol::randomHex(12);
                    c.query("INSERT INTO rating (id, hall, kiosk_id, stage, subject, what, department, window_id, staff, person, "
                            "name, level, reasons, text, channel, created_at, day) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
                            "$11, $12, $13, $14, '自助终端', $15, $16)",
                            {id, in.hall, in.kioskId, in.stage, in.subject, subject->what, subject->department, subject->window,
                             subject->staff, person, in.name, std::to_string(in.level), in.reasons, in.text, nowS, today});
                    if (in.level <= 2) {
                        // 1-4-13 in working days of the hall's calendar (its newest bundle).
                        const auto offer = people_.offerFor(c, in.hall);
                        const protocol::WorkCalendar calendar = offer ? offer->calendar : protocol::WorkCalendar{};
                        c.query("INSERT INTO follow_up (rating_id, hall, state, contact_by, fix_by, complex_by, opened_at, "
                                "updated_at) VALUES ($1, $2, 'opened', $3, $4, $5, $6, $6)",
                                {id, in.hall, protocol::addWorkingDays(today, kContactWorkingDays, calendar),
                                 protocol::addWorkingDays(today, kFixWorkingDays, calendar),
                                 protocol::addWorkingDays(today, kComplexWorkingDays, calendar), nowS});
                        addStep(c, id, "opened", "terminal " + in.kioskId, "", nowS);
                    }
                    return *loadId(c, id, today);
                },
                [](const Out& o) { return std::holds_alternative<Rating>(o) ? "R:" + std::get<Rating>(o).id : "E:" + std::get<std::string>(o); },
                [&](const std::string& reply) -> Out {
                    if (reply.rfind("R:", 0) == 0)
                        if (auto r = loadId(c, reply.substr(2), today)) return *r;
                    return reply.rfind("E:", 0) == 0 ? reply.substr(2) : std::string("no_such_subject");
                });
        });
    });
}

core::Result<std::vector<RatingBook::Rateable>> RatingBook::rateable(std::string_view idNumber) {
    return sql::guarded([&] {
        std::vector<Rateable> out;
        pool_.read([&](Connection& c) {
            const auto rated = [&](const char* stage, const std::string& subject) {
                return !c.query("SELECT 1 FROM rating WHERE stage = $1 AND subject = $2", {std::string(stage), subject}).empty();
            };
            for (const auto& r : c.query("SELECT case_no, matter_name, created_at FROM case_file WHERE holder_id = $1 ORDER BY "
                                         "created_at DESC LIMIT 10",
                                         {std::string(idNumber)}))
                out.push_back({"case", str(r[0]), str(r[1]), num(r[2]), rated("case", str(r[0]))});
            for (const auto& r : c.query("SELECT appt_no, matter_name, slot_start FROM appointment WHERE person = $1 AND state IN "
                                         "('checked_in', 'booked') ORDER BY slot_start DESC LIMIT 10",
                                         {people_.personOf(idNumber)}))
                out.push_back({"appointment", str(r[0]), str(r[1]), num(r[2]), rated("appointment", str(r[0]))});
        });
        return out;
    });
}

core::Result<std::optional<Rating>> RatingBook::byId(std::string_view id, std::string_view onDay) {
    return sql::guarded([&] {
        std::optional<Rating> out;
        pool_.read([&](Connection& c) { out = loadId(c, std::string(id), onDay); });
        return out;
    });
}

core::Result<std::vector<Rating>> RatingBook::followUps(std::string_view hall, bool overdueOnly, std::string_view onDay) {
    return sql::guarded([&] {
        std::vector<Rating> out;
        pool_.read([&](Connection& c) {
            for (const auto& row : c.query(std::string("SELECT ") + kColumns + kFrom +
                                               " WHERE r.hall = $1 AND f.rating_id IS NOT NULL ORDER BY f.fix_by, r.created_at "
                                               "LIMIT 500",
                                           {std::string(hall)})) {
                auto r = load(c, row, onDay);
                if (!overdueOnly || r.followUp->overdue) out.push_back(std::move(r));
            }
        });
        // Open ones first (not yet visited, not voided), each group by its deadline.
        std::stable_sort(out.begin(), out.end(), [](const Rating& a, const Rating& b) {
            const auto open = [](const Rating& r) { return !r.voided && r.followUp->state != "visited"; };
            return open(a) > open(b);
        });
        return out;
    });
}

core::Result<std::variant<Rating, std::string>> RatingBook::advance(std::string_view id, std::string_view to, std::string_view by,
                                                                    std::string_view note, bool complex, int64_t nowS) {
    using Out = std::variant<Rating, std::string>;
    return sql::guarded([&] {
        return sql::transaction(pool_, [&](Connection& c) -> Out {
            const std::string today = protocol::dateOf(nowS), rid(id), target(to);
            const auto r = loadId(c, rid, today);
            if (!r || !r->followUp) return std::string("no follow-up of that rating");
            if (by.empty()) return std::string("who acted must be named");
            const auto& f = *r->followUp;
            if (target == "requested" || target == "upheld" || target == "rejected") {
                // 申诉复核: asked for once; decided once, by someone.
                if (target == "requested" && !f.appeal.empty()) return "the appeal was already " + f.appeal;
                if (target != "requested" && f.appeal != "requested") return std::string("no appeal waits for a decision");
                if (target != "requested" && note.empty()) return std::string("a decision on an appeal says why");
                c.execute("UPDATE follow_up SET appeal = $1, updated_at = $2 WHERE rating_id = $3", {target, nowS, rid});
                if (target == "upheld") c.execute("UPDATE rating SET voided = 1 WHERE id = $1", {rid});
                addStep(c, rid, "appeal_" + target, std::string(by), std::string(note), nowS);
                return *loadId(c, rid, today);
            }
            if (r->voided) return std::string("the rating was set aside on appeal");
            const auto& states = followUpStates();
            const auto at = std::find(states.begin(), states.end(), f.state);
            if (at == states.end() || at + 1 == states.end()) return "the follow-up is closed (" + f.state + ")";
            if (*(at + 1) != target) return "from " + f.state + " the next step is " + *(at + 1);
            if (target == "replied" && note.empty()) return std::string("the reply to the person is noted");
            const char* stamp = target == "checked" ? ", contacted_at = $4" : target == "fixed" ? ", fixed_at = $4" : "";
            c.execute(std::string("UPDATE follow_up SET state = $1, updated_at = $2, complex = complex + $5 - complex * $5") + stamp +
                          " WHERE rating_id = $3",
                      {target, nowS, rid, nowS, std::string(complex && target == "checked" ? "1" : "0")});
            addStep(c, rid, target, std::string(by), std::string(note), nowS);
            return *loadId(c, rid, today);
        });
    });
}

core::Result<RatingBook::Figures> RatingBook::figures(std::string_view hall, std::string_view fromDay, std::string_view toDay,
                                                      std::string_view onDay) {
    return sql::guarded([&] {
        Figures out;
        pool_.read([&](Connection& c) {
            for (const auto& row : c.query(std::string("SELECT ") + kColumns + kFrom +
                                               " WHERE r.hall = $1 AND r.day >= $2 AND r.day <= $3 AND r.voided = 0",
                                           {std::string(hall), std::string(fromDay), std::string(toDay)})) {
                const Rating r = load(c, row, onDay);
                ++out.ratings;
                ++out.levels[std::clamp(r.level, 1, 5)];
                if (r.level >= 3) ++out.satisfied;
                if (!r.followUp) continue;
                ++out.bad, ++out.followUps;
                const std::string deadline = r.followUp->complex ? r.followUp->complexBy : r.followUp->fixBy;
                if (r.followUp->fixedAt && protocol::dateOf(r.followUp->fixedAt) <= deadline) ++out.fixedOnTime;
                if (r.followUp->overdue) ++out.overdue;
            }
        });
        return out;
    });
}

std::string ratingJson(const Rating& r, bool withName) {
    json j = {{"id", r.id},         {"stage", r.stage},   {"subject", r.subject}, {"what", r.what},
              {"department", r.department}, {"window", r.window}, {"staff", r.staff}, {"level", r.level},
              {"reasons", r.reasons}, {"text", r.text},   {"channel", r.channel}, {"created_at", r.createdAt},
              {"voided", r.voided},  {"name", withName ? r.name : r.nameMasked}};
    if (r.followUp) {
        const auto& f = *r.followUp;
        json steps = json::array();
        for (const auto& s : f.steps) steps.push_back({{"state", s.state}, {"by", s.by}, {"note", s.note}, {"at", s.at}});
        j["follow_up"] = {{"state", f.state},     {"contact_by", f.contactBy}, {"fix_by", f.fixBy},
                          {"complex_by", f.complexBy}, {"complex", f.complex}, {"appeal", f.appeal},
                          {"overdue", f.overdue}, {"steps", steps}};
    }
    return j.dump();
}

}  // namespace ow::central
