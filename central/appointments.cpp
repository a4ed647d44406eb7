// Appointments at central.
#include "central/appointments.h"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <nlohmann/json.hpp>

#include "kiosk/bundle.h"
#include "kiosk/bundle_signing.h"

namespace ow::central {

using nlohmann::json;
using sql::Connection;
using sql::Value;

namespace {

using sql::num;
using sql::str;

constexpr const char* kColumns =
    "appt_no, hall, matter_code, matter_name, slot, slot_start, slot_end, state, holder_name, holder_id_masked, "
    "phone_masked, kiosk_id, receipt_key, hall_change, created_at, updated_at, hall_change_seen, phone_sealed";

Appointment fromRow(const sql::Row& r) {
    Appointment a;
    a.no = str(r[0]), a.hall = str(r[1]), a.matterCode = str(r[2]), a.matterName = str(r[3]), a.slot = str(r[4]);
    a.start = num(r[5]), a.end = num(r[6]), a.state = str(r[7]), a.holderName = str(r[8]);
    a.holderIdMasked = str(r[9]), a.phoneMasked = str(r[10]), a.kioskId = str(r[11]), a.receiptKey = str(r[12]);
    a.hallChange = str(r[13]), a.createdAt = num(r[14]), a.updatedAt = num(r[15]);
    a.hallChangeUnseen = !a.hallChange.empty() && num(r[16]) == 0;
    a.phoneSealed = str(r[17]);
    return a;
}

std::optional<Appointment> load(Connection& c, std::string_view no) {
    auto rows = c.query(std::string("SELECT ") + kColumns + " FROM appointment WHERE appt_no = $1", {std::string(no)});
    if (rows.empty()) return std::nullopt;
    Appointment a = fromRow(rows[0]);
    if (a.hallChange.empty()) return a;  // the hall has not changed it: no reason to find
    auto reason = c.query("SELECT reason FROM appointment_step WHERE appt_no = $1 AND by_whom <> '' AND action LIKE 'hall_%' "
                          "ORDER BY n DESC LIMIT 1",
                          {a.no});
    if (!reason.empty()) a.reason = str(reason[0][0]);
    return a;
}

void addStep(Connection& c, const std::string& no, const std::string& action, const std::string& slot, int64_t at,
             std::string_view by, std::string_view reason) {
    c.query("INSERT INTO appointment_step (appt_no, n, action, slot, at, by_whom, reason) "
            "SELECT $1, count(*) + 1, $2, $3, $4, $5, $6 FROM appointment_step WHERE appt_no = $1",
            {no, action, slot, at, std::string(by), std::string(reason)});
}

std::string themePool(std::string_view theme) { return "theme:" + std::string(theme); }
std::string matterPool(std::string_view matter) { return "matter:" + std::string(matter); }

// The lowest place of a pool's slot no seat holds, if any is left below its capacity.
std::optional<int64_t> freePlace(Connection& c, const std::string& hall, const std::string& pool, const std::string& slot,
                                 int capacity) {
    int64_t want = 1;
    for (const auto& r : c.query("SELECT place FROM appointment_seat WHERE hall = $1 AND pool = $2 AND slot = $3 ORDER BY place",
                                 {hall, pool, slot})) {
        if (num(r[0]) > want) break;
        want = num(r[0]) + 1;
    }
    if (want > capacity) return std::nullopt;
    return want;
}

// Takes a seat of the pool for the appointment; another booking taking the same place at the same moment makes
// the insert change nothing, and the next free place is tried. False when the pool's slot is full.
bool takeSeat(Connection& c, const std::string& no, const std::string& hall, const std::string& pool, const std::string& slot,
              int capacity) {
    for (int attempt = 0; attempt < 64; ++attempt) {
        const auto place = freePlace(c, hall, pool, slot, capacity);
        if (!place) return false;
        if (c.execute("INSERT INTO appointment_seat (hall, pool, slot, place, capacity, appt_no) VALUES ($1, $2, $3, $4, $5, $6) "
                      "ON CONFLICT DO NOTHING",
                      {hall, pool, slot, *place, int64_t{capacity}, no}) == 1)
            return true;
    }
    return false;
}

// The seats of the slot for the appointment: its theme's, and its matter's when the matter has places of its own.
// All or none.
bool takeSeats(Connection& c, const std::string& no, const std::string& hall, const protocol::AppointmentRules& rules,
               const protocol::BookableMatter& m, const std::string& slot) {
    if (!takeSeat(c, no, hall, themePool(m.theme), slot, rules.themePlacesOf(m.theme))) return false;
    if (m.places > 0 && !takeSeat(c, no, hall, matterPool(m.code), slot, rules.placesFor(m))) {
        c.query("DELETE FROM appointment_seat WHERE appt_no = $1 AND slot = $2", {no, slot});
        return false;
    }
    return true;
}

void releaseSeats(Connection& c, const std::string& no, const std::string& slot) {
    c.query("DELETE FROM appointment_seat WHERE appt_no = $1 AND slot = $2", {no, slot});
}

// Places left for the matter in each slot from `from` (inclusive) to `to` (exclusive), by slot name.
std::map<std::string, int> takenBySlot(Connection& c, const std::string& hall, const std::string& pool, const std::string& from,
                                       const std::string& to) {
    std::map<std::string, int> out;
    for (const auto& r : c.query("SELECT slot, count(*) FROM appointment_seat WHERE hall = $1 AND pool = $2 AND slot >= $3 "
                                 "AND slot < $4 GROUP BY slot",
                                 {hall, pool, from, to}))
        out[str(r[0])] = static_cast<int>(num(r[1]));
    return out;
}

struct Availability {
    std::map<std::string, int> theme, matter;
    int left(const protocol::AppointmentRules& rules, const protocol::BookableMatter& m, const std::string& slot) const {
        const auto taken = [](const std::map<std::string, int>& t, const std::string& s) {
            auto it = t.find(s);
            return it == t.end() ? 0 : it->second;
        };
        int left = rules.themePlacesOf(m.theme) - taken(theme, slot);
        if (m.places > 0) left = std::min(left, rules.placesFor(m) - taken(matter, slot));
        return std::max(left, 0);
    }
};

Availability availability(Connection& c, const std::string& hall, const protocol::BookableMatter& m, const std::string& from,
                          const std::string& to) {
    Availability a;
    a.theme = takenBySlot(c, hall, themePool(m.theme), from, to);
    if (m.places > 0) a.matter = takenBySlot(c, hall, matterPool(m.code), from, to);
    return a;
}

// Every slot of the bookable days that could be booked now, in time order.
std::vector<protocol::Slot> openSlots(const AppointmentBook::Offer& o, int64_t nowS) {
    std::vector<protocol::Slot> out;
    for (const auto& date : protocol::bookableDates(o.rules, o.calendar, nowS))
        for (auto& s : protocol::openSlotsOf(o.rules, o.calendar, date, nowS)) out.push_back(std::move(s));
    return out;
}

std::string dayAfter(const std::string& date) { return protocol::dateOfDayIndex(protocol::dayIndex(date) + 1); }

// The free slots nearest in time to the one that was taken (at most three).
std::vector<std::string> nearestFree(Connection& c, const AppointmentBook::Offer& o, const std::string& hall,
                                     const protocol::BookableMatter& m, const std::string& wanted, int64_t nowS) {
    const auto slots = openSlots(o, nowS);
    if (slots.empty()) return {};
    const auto a = availability(c, hall, m, slots.front().id, dayAfter(slots.back().id.substr(0, 10)));
    const int64_t at = protocol::slotStart(wanted).value_or(nowS);
    std::vector<std::pair<int64_t, std::string>> free;
    for (const auto& s : slots)
        if (s.id != wanted && a.left(o.rules, m, s.id) > 0) free.emplace_back(std::llabs(s.start - at), s.id);
    std::sort(free.begin(), free.end());
    std::vector<std::string> out;
    for (size_t i = 0; i < free.size() && i < 3; ++i) out.push_back(free[i].second);
    std::sort(out.begin(), out.end());
    return out;
}

// What a notice says (the hall's SMS gateway sends it as it is): the name masked, never the ID number.
std::string noticeText(const std::string& kind, const Appointment& a, const AppointmentBook::Offer* o, const std::string& reason) {
    const std::string hall = o && !o->hallName.empty() ? "【" + o->hallName + "】" : "";
    const std::string who = protocol::maskedName(a.holderName);
    const std::string when = a.slot.substr(0, 10) + " " + a.slot.substr(11);
    if (kind == "booked")
        return hall + who + "，您已预约" + a.matterName + "，时间 " + when + "，预约号 " + a.no +
               "。请提前到场签到，迟到超过30分钟预约作废。";
    if (kind == "moved") return hall + who + "，您的" + a.matterName + "预约已改到 " + when + "，预约号 " + a.no + "。";
    if (kind == "cancelled") return hall + who + "，您已取消 " + when + " 的" + a.matterName + "预约。";
    if (kind == "hall_cancelled")
        return hall + who + "，很抱歉，因" + reason + "，服务中心取消了您 " + when + " 的" + a.matterName +
               "预约，请重新预约或到窗口办理。";
    if (kind == "hall_moved")
        return hall + who + "，因" + reason + "，您的" + a.matterName + "预约已调整到 " + when + "，如不方便可在自助终端改约或取消。";
    return hall + who + "，提醒：您预约的" + a.matterName + "将于 " + when + " 办理" +
           (o && !o->address.empty() ? "，地点 " + o->address : "") + "，请提前到场签到。";
}

// Puts a notice to the person in the notification outbox, in the caller's transaction; the reminder before the slot
// is due then. A person who gave no phone gets none: the notice is kept as no_phone.
void notify(Connection& c, const Appointment& a, const std::string& kind, const AppointmentBook::Offer* o, int64_t nowS,
            const std::string& reason = "") {
    const std::string& phone = a.phoneSealed;
    int64_t due = nowS;
    if (kind == "reminder") {
        if (!o || o->rules.reminderMinutesBefore <= 0) return;
        due = a.start - int64_t{o->rules.reminderMinutesBefore} * 60;
        if (due <= nowS) return;  // booked within the reminder's lead: the confirmation says it all
    }
    unsigned char raw[12];
    randombytes_buf(raw, sizeof raw);
    char id[sizeof raw * 2 + 1];
    sodium_bin2hex(id, sizeof id, raw, sizeof raw);
    c.query("INSERT INTO notification (id, appt_no, kind, phone_sealed, phone_masked, text, due_at, state, next_at, created_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $9)",
            {std::string(id), a.no, kind, phone, a.phoneMasked, noticeText(kind, a, o, reason), due,
             std::string(phone.empty() ? "no_phone" : "pending"), nowS});
}

// A reminder not yet sent is withdrawn when its appointment is cancelled or moved (a move sets a new one).
void withdrawReminder(Connection& c, const std::string& no) {
    c.query("UPDATE notification SET state = 'withdrawn' WHERE appt_no = $1 AND kind = 'reminder' AND state IN ('pending', 'no_phone')",
            {no});
}

Refusal refused(std::string code, std::string message) { return Refusal{std::move(code), std::move(message), 0, {}, ""}; }

Refusal slotRefusal(protocol::SlotProblem p) {
    switch (p) {
        case protocol::SlotProblem::notASlot: return refused("not_a_slot", "there is no such slot");
        case protocol::SlotProblem::closedDay: return refused("closed_day", "the hall takes no appointments that day");
        case protocol::SlotProblem::tooSoon: return refused("too_soon", "the slot starts too soon to be booked");
        case protocol::SlotProblem::beyondHorizon: return refused("beyond_horizon", "the slot is beyond the days open for booking");
        case protocol::SlotProblem::past: return refused("past", "the slot has passed");
        case protocol::SlotProblem::none: break;
    }
    return refused("not_a_slot", "there is no such slot");
}

// Booked appointments whose check-in window has closed were missed (爽约): marked so, their seats freed.
void markMissed(Connection& c, const std::string& where, const std::string& value, const protocol::AppointmentRules& rules,
                int64_t nowS) {
    const int64_t closedBefore = nowS - int64_t{std::min(rules.checkInAfterMinutes, protocol::kLatestCheckInMinutes)} * 60;
    for (const auto& r : c.query("SELECT appt_no, slot FROM appointment WHERE " + where +
                                     " = $1 AND state = 'booked' AND slot_start < $2",
                                 {value, closedBefore})) {
        releaseSeats(c, str(r[0]), str(r[1]));
        c.query("UPDATE appointment SET state = 'no_show', updated_at = $1 WHERE appt_no = $2", {nowS, str(r[0])});
        addStep(c, str(r[0]), "no_show", str(r[1]), nowS, "", "");
    }
}

// Serialises one person's requests (PostgreSQL: a row lock held to the commit), so two of them at once cannot both
// pass a limit that only one may.
void lockPerson(Connection& c, const std::string& person, int64_t nowS) {
    c.query("INSERT INTO appointment_person (person, touched) VALUES ($1, $2) "
            "ON CONFLICT (person) DO UPDATE SET touched = $2",
            {person, nowS});
}

// The person's booked and missed appointments, read once (after the lock): those whose check-in window has closed
// become no-shows (爽约) here, their seats freed. Then what the rules say of a new slot for them: the no-show ban,
// one booked appointment per matter (`matter`; "" for a move), so many a day and a week (`except`: the one moved).
std::optional<Refusal> checkPerson(Connection& c, const AppointmentBook::Offer& o, const std::string& person,
                                   const std::string& matter, const std::string& slot, const std::string& except, int64_t nowS) {
    const auto& rules = o.rules;
    const int64_t closedBefore = nowS - int64_t{std::min(rules.checkInAfterMinutes, protocol::kLatestCheckInMinutes)} * 60;
    const std::string date = slot.substr(0, 10), week = protocol::weekOf(date);
    const std::string weekEnd = protocol::dateOfDayIndex(protocol::dayIndex(week) + 7), dayEnd = dayAfter(date);
    std::vector<int64_t> noShows;
    std::string sameMatter;
    int day = 0, inWeek = 0;
    for (const auto& r : c.query("SELECT appt_no, matter_code, slot, slot_start, state FROM appointment "
                                 "WHERE person = $1 AND state IN ('booked', 'no_show', 'forfeited')",
                                 {person})) {
        const std::string no = str(r[0]), s = str(r[2]);
        const int64_t start = num(r[3]);
        bool missedNow = false;
        if (str(r[4]) == "booked" && start < closedBefore) {
            releaseSeats(c, no, s);
            c.query("UPDATE appointment SET state = 'no_show', updated_at = $1 WHERE appt_no = $2", {nowS, no});
            addStep(c, no, "no_show", s, nowS, "", "");
            missedNow = true;
        }
        if (missedNow || str(r[4]) != "booked") {  // missed, or forfeited by arriving too late: 爽约 either way
            noShows.push_back(start);
            continue;
        }
        if (no == except) continue;
        if (!matter.empty() && str(r[1]) == matter && sameMatter.empty()) sameMatter = no;
        if (s >= date && s < dayEnd) ++day;
        if (s >= week && s < weekEnd) ++inWeek;
    }
    if (auto until = protocol::bannedUntil(rules.noShow, noShows, nowS)) {
        Refusal r = refused("banned", std::to_string(rules.noShow.count) + " appointments missed within " +
                                          std::to_string(rules.noShow.withinDays) + " days: no booking until then");
        r.until = *until;
        return r;
    }
    if (!sameMatter.empty()) {
        Refusal r = refused("limit_matter", "already booked for this matter");
        r.appointment = sameMatter;
        return r;
    }
    if (day >= rules.perDay) return refused("limit_day", "already " + std::to_string(rules.perDay) + " appointment(s) that day");
    if (inWeek >= rules.perWeek)
        return refused("limit_week", "already " + std::to_string(rules.perWeek) + " appointment(s) that week");
    return std::nullopt;
}

// An appointment's number: YY, the day it was booked, and 8 random digits. Random, not counted, so bookings of
// the day share no row that would make them wait for each other, and a number tells nothing of how many there are.
std::string newNumber(int64_t nowS) {
    std::string day = protocol::dateOf(nowS);
    day.erase(std::remove(day.begin(), day.end(), '-'), day.end());
    char no[32];
    std::snprintf(no, sizeof no, "YY%s%08u", day.c_str(), randombytes_uniform(100000000));
    return no;
}

json refusalToJson(const Refusal& r) {
    json j{{"code", r.code}, {"message", r.message}};
    if (r.until) j["until"] = r.until;
    if (!r.nearest.empty()) j["nearest"] = r.nearest;
    if (!r.appointment.empty()) j["appointment"] = r.appointment;
    return j;
}

Refusal refusalFromJson(const json& j) {
    Refusal r;
    r.code = j.value("code", "");
    r.message = j.value("message", "");
    r.until = j.value("until", int64_t{0});
    r.nearest = j.value("nearest", std::vector<std::string>{});
    r.appointment = j.value("appointment", "");
    return r;
}

// The answer remembered under a request's key: "A:<appointment number>" or the refusal as JSON.
std::string remembered(const Outcome& o) {
    if (const auto* a = std::get_if<Appointment>(&o)) return "A:" + a->no;
    return refusalToJson(std::get<Refusal>(o)).dump();
}

// A terminal's request with its key (sql::requestOnce): an appointment's number or the refusal, remembered.
template <typename F>
Outcome once(Connection& c, const std::string& kioskId, const std::string& key, int64_t nowS, F&& fn) {
    return sql::requestOnce(c, kioskId, key, nowS, std::forward<F>(fn), remembered, [&](const std::string& reply) -> Outcome {
        if (reply.rfind("A:", 0) == 0) {
            if (auto a = load(c, reply.substr(2))) return *a;
        } else if (auto j = json::parse(reply, nullptr, false); j.is_object()) {
            return refusalFromJson(j);
        }
        return refused("no_such_appointment", "the earlier answer to this request is gone");
    });
}

// Whether a publish scope ({"all": true} or {"halls": [...]}) covers a whole hall.
bool coversHall(const std::string& scopeJson, std::string_view hall) {
    const json s = json::parse(scopeJson, nullptr, false);
    if (!s.is_object()) return false;
    if (s.value("all", false)) return true;
    if (s.contains("halls") && s["halls"].is_array())
        for (const auto& h : s["halls"])
            if (h.is_string() && (h.get_ref<const std::string&>() == hall || h.get_ref<const std::string&>() == "*")) return true;
    return false;
}

}  // namespace

std::string AppointmentBook::personKey(std::string_view idNumber) const {
    std::string id(idNumber);
    std::transform(id.begin(), id.end(), id.begin(), [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
    static constexpr std::string_view kDomain = "onewindow person v1:";
    const std::string text = std::string(kDomain) + id;
    unsigned char d[32];
    crypto_generichash(d, sizeof d, reinterpret_cast<const unsigned char*>(text.data()), text.size(), key_->data(), key_->size());
    char hex[sizeof d * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, d, sizeof d);
    return hex;
}

std::vector<Appointment> AppointmentBook::personsSlots(Connection& c, std::string_view hall, std::string_view idNumber,
                                                     std::string_view fromSlot, std::string_view beforeSlot) {
    std::vector<Appointment> out;
    if (!key_) return out;
    for (const auto& r : c.query(std::string("SELECT ") + kColumns +
                                     " FROM appointment WHERE person = $1 AND hall = $2 AND slot >= $3 AND slot < $4 "
                                     "ORDER BY slot_start",
                                 {personKey(idNumber), std::string(hall), std::string(fromSlot), std::string(beforeSlot)}))
        out.push_back(fromRow(r));
    return out;
}

std::optional<Appointment> AppointmentBook::find(Connection& c, std::string_view no) { return load(c, no); }

void AppointmentBook::markArrival(Connection& c, const Appointment& a, bool forfeited, int64_t nowS) {
    // 预约服务制度: more than 30 minutes late, the appointment is void (迟到超过30分钟作废).
    if (forfeited && a.state == "booked") releaseSeats(c, a.no, a.slot);
    withdrawReminder(c, a.no);
    c.query("UPDATE appointment SET state = $1, updated_at = $2 WHERE appt_no = $3",
            {std::string(forfeited ? "forfeited" : "checked_in"), nowS, a.no});
    addStep(c, a.no, forfeited ? "forfeited" : "checked_in", a.slot, nowS, "", "");
}

std::shared_ptr<const AppointmentBook::Offer> AppointmentBook::hallOffer(std::string_view hall) {
    std::shared_ptr<const Offer> offer;
    try {
        pool_.read([&](sql::Connection& c) { offer = offerFor(c, hall, true); });
    } catch (const sql::Failure&) {
        return nullptr;
    }
    return offer;
}

std::shared_ptr<const AppointmentBook::Offer> AppointmentBook::offerFor(Connection& c, std::string_view hall, bool listing) {
    const auto now = std::chrono::steady_clock::now();
    // A list of days or slots (shown, never booked from as is) may follow a publication a second late.
    if (listing) {
        std::lock_guard lock(offersMutex_);
        if (auto it = hallOffers_.find(hall); it != hallOffers_.end() && now - it->second.checked < std::chrono::seconds(1))
            return it->second.offer;
    }
    // Which bundle a hall follows changes only when one is published: decided once per hall and newest version.
    const auto newest = c.query("SELECT max(version) FROM published_bundle");
    const int64_t newestVersion = newest.empty() ? 0 : num(newest[0][0]);
    {
        std::lock_guard lock(offersMutex_);
        if (auto it = hallOffers_.find(hall); it != hallOffers_.end() && it->second.version == newestVersion) {
            it->second.checked = now;
            return it->second.offer;
        }
    }
    auto offer = findOffer(c, hall);
    std::lock_guard lock(offersMutex_);
    hallOffers_[std::string(hall)] = {newestVersion, offer, now};
    return offer;
}

std::shared_ptr<const AppointmentBook::Offer> AppointmentBook::findOffer(Connection& c, std::string_view hall) {
    for (const auto& r : c.query("SELECT version, scope FROM published_bundle ORDER BY version DESC LIMIT 50")) {
        if (!coversHall(str(r[1]), hall)) continue;
        const int64_t version = num(r[0]);
        {
            std::lock_guard lock(offersMutex_);
            if (auto it = offers_.find(version); it != offers_.end()) return it->second;
        }
        std::shared_ptr<const Offer> offer;
        const auto body = c.query("SELECT body FROM published_bundle WHERE version = $1", {version});
        core::SignedEnvelope envelope;
        std::string why;
        if (!body.empty() && core::readSignedEnvelope(str(body[0][0]), envelope, why) == core::BundleRefusal::none)
            if (auto b = core::parseBundle(envelope.text); b) {
                auto o = std::make_shared<Offer>();
                o->version = version;
                if (b->appointments) o->rules = *b->appointments;  // without: no matter can be booked
                o->queue = b->queue;
                o->hasHours = b->appointments.has_value();
                o->reportDeadlineWorkingDays = b->reportDeadlineWorkingDays;
                o->calendar = b->calendar;
                for (const auto& m : b->matters) {
                    o->matterNames.emplace(m.code, m.name.zh);
                    if (!m.delegateAllowed) o->noDelegate.insert(m.code);
                    if (!m.resultPrintable) o->notPrintable.insert(m.code);
                }
                o->hallName = b->hallName.zh;
                o->address = b->hallAddress.zh;
                offer = std::move(o);
            }
        std::lock_guard lock(offersMutex_);
        offers_[version] = offer;
        return offer;
    }
    return nullptr;
}

namespace {
// Runs fn(connection, offer, matter) on a read connection when the matter can be booked at the hall, and answers
// what it made; else why not.
template <typename T, typename F>
core::Result<std::variant<T, Refusal>> whenBookable(AppointmentBook& book, sql::Pool& pool, std::string_view hall,
                                                    std::string_view matter, F&& fn) {
    return sql::guarded([&] {
        std::variant<T, Refusal> out = refused("not_bookable", "this matter cannot be booked at this hall");
        pool.read([&](Connection& c) {
            const auto offer = book.offerFor(c, hall, true);
            if (const auto* m = offer ? offer->rules.matter(matter) : nullptr) out = fn(c, *offer, *m);
        });
        return out;
    });
}
}  // namespace

core::Result<std::variant<std::vector<std::pair<std::string, int>>, Refusal>> AppointmentBook::days(std::string_view hall,
                                                                                                   std::string_view matter,
                                                                                                   int64_t nowS) {
    using Days = std::vector<std::pair<std::string, int>>;
    return whenBookable<Days>(*this, pool_, hall, matter, [&](Connection& c, const Offer& offer, const protocol::BookableMatter& m) {
        const auto slots = openSlots(offer, nowS);
        Days days;
        for (const auto& d : protocol::bookableDates(offer.rules, offer.calendar, nowS)) days.emplace_back(d, 0);
        if (!slots.empty()) {
            const auto a = availability(c, std::string(hall), m, slots.front().id, dayAfter(slots.back().id.substr(0, 10)));
            for (const auto& s : slots)
                for (auto& [date, left] : days)
                    if (s.id.compare(0, 10, date) == 0) left += a.left(offer.rules, m, s.id);
        }
        return days;
    });
}

core::Result<std::variant<std::vector<SlotLeft>, Refusal>> AppointmentBook::slots(std::string_view hall, std::string_view matter,
                                                                                 std::string_view date, int64_t nowS) {
    if (!protocol::validDate(date)) return std::variant<std::vector<SlotLeft>, Refusal>(refused("not_a_slot", "not a date"));
    return whenBookable<std::vector<SlotLeft>>(
        *this, pool_, hall, matter, [&](Connection& c, const Offer& offer, const protocol::BookableMatter& m) {
            const std::string day(date);
            const auto a = availability(c, std::string(hall), m, day, dayAfter(day));
            std::vector<SlotLeft> list;
            for (const auto& s : protocol::openSlotsOf(offer.rules, offer.calendar, day, nowS))
                list.push_back({s.id, s.start, s.end, a.left(offer.rules, m, s.id)});
            return list;
        });
}

core::Result<Outcome> AppointmentBook::book(const Booking& b, int64_t nowS) {
    if (!key_) return core::Error{"central was started without its secrets key: nothing can be booked"};
    return sql::guarded([&] {
        return sql::transaction(pool_, [&](Connection& c) -> Outcome {
            return once(c, b.kioskId, b.key, nowS, [&]() -> Outcome {
                const auto offer = offerFor(c, b.hall);
                const auto* m = offer ? offer->rules.matter(b.matter) : nullptr;
                if (!m) return refused("not_bookable", "this matter cannot be booked at this hall");
                if (auto p = protocol::checkSlot(offer->rules, offer->calendar, b.slot, nowS); p != protocol::SlotProblem::none)
                    return slotRefusal(p);
                const std::string person = personKey(b.person.idNumber);
                lockPerson(c, person, nowS);
                if (auto refusal = checkPerson(c, *offer, person, b.matter, b.slot, "", nowS)) return *refusal;
                const auto start = *protocol::slotStart(b.slot);
                const auto name = offer->matterNames.find(b.matter);
                std::string no;
                for (int attempt = 0; no.empty() && attempt < 8; ++attempt) {
                    no = newNumber(nowS);
                    if (c.execute("INSERT INTO appointment (appt_no, hall, matter_code, matter_name, theme, slot, slot_start, "
                                  "slot_end, person, holder_name, holder_id_masked, phone_sealed, phone_masked, state, kiosk_id, "
                                  "receipt_key, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
                                  "$13, 'booked', $14, $15, $16, $16) ON CONFLICT DO NOTHING",
                                  {no, b.hall, b.matter, name == offer->matterNames.end() ? b.matter : name->second, m->theme,
                                   b.slot, start, start + int64_t{offer->rules.slotMinutes} * 60, person, b.person.name,
                                   protocol::maskedIdNumber(b.person.idNumber),
                                   b.person.phone.empty() ? std::string() : sealWithSecretsKey(*key_, no, b.person.phone),
                                   protocol::maskedPhone(b.person.phone), b.kioskId, b.receiptKey, nowS}) == 0)
                        no.clear();  // the number was taken (one in 10^8 a day): another
                }
                if (no.empty()) throw sql::Failure("no free appointment number");
                if (!takeSeats(c, no, b.hall, offer->rules, *m, b.slot)) {
                    c.query("DELETE FROM appointment WHERE appt_no = $1", {no});
                    Refusal r = refused("slot_taken", "the slot has no place left");
                    r.nearest = nearestFree(c, *offer, b.hall, *m, b.slot, nowS);
                    return r;
                }
                addStep(c, no, "booked", b.slot, nowS, "", "");
                const auto a = *load(c, no);
                notify(c, a, "booked", offer.get(), nowS);
                notify(c, a, "reminder", offer.get(), nowS);
                return a;
            });
        });
    });
}

core::Result<Outcome> AppointmentBook::move(std::string_view kioskId, std::string_view key, std::string_view no,
                                            std::string_view idNumber, std::string_view slot, int64_t nowS) {
    if (!key_) return core::Error{"central was started without its secrets key: nothing can be moved"};
    return sql::guarded([&] {
        return sql::transaction(pool_, [&](Connection& c) -> Outcome {
            return once(c, std::string(kioskId), std::string(key), nowS, [&]() -> Outcome {
                const std::string person = personKey(idNumber), to(slot);
                const auto owner = c.query("SELECT person, hall FROM appointment WHERE appt_no = $1", {std::string(no)});
                if (owner.empty() || str(owner[0][0]) != person)
                    return refused("no_such_appointment", "no such appointment of this person");
                lockPerson(c, person, nowS);
                auto a = load(c, no);
                const auto offer = offerFor(c, a->hall);
                const auto* m = offer ? offer->rules.matter(a->matterCode) : nullptr;
                if (!m) return refused("not_bookable", "this matter can no longer be booked at this hall");
                markMissed(c, "person", person, offer->rules, nowS);
                a = load(c, no);
                if (a->state != "booked") return refused("not_booked", "the appointment is " + a->state);
                if (!protocol::personMayChange(offer->rules, a->start, nowS))
                    return refused("cut_off", "too close to its time to be moved here; the counter can help");
                if (to == a->slot) return refused("same_slot", "the appointment is at that time already");
                if (auto p = protocol::checkSlot(offer->rules, offer->calendar, to, nowS); p != protocol::SlotProblem::none)
                    return slotRefusal(p);
                if (auto limit = checkPerson(c, *offer, person, "", to, a->no, nowS)) return *limit;
                // The new seats first: when they cannot be had, the old appointment is untouched.
                if (!takeSeats(c, a->no, a->hall, offer->rules, *m, to)) {
                    Refusal r = refused("slot_taken", "the slot has no place left");
                    r.nearest = nearestFree(c, *offer, a->hall, *m, to, nowS);
                    return r;
                }
                releaseSeats(c, a->no, a->slot);
                const int64_t start = *protocol::slotStart(to);
                c.query("UPDATE appointment SET slot = $1, slot_start = $2, slot_end = $3, updated_at = $4 WHERE appt_no = $5",
                        {to, start, start + int64_t{offer->rules.slotMinutes} * 60, nowS, a->no});
                addStep(c, a->no, "moved", to, nowS, "", "from " + a->slot);
                const auto moved = *load(c, no);
                withdrawReminder(c, moved.no);
                notify(c, moved, "moved", offer.get(), nowS);
                notify(c, moved, "reminder", offer.get(), nowS);
                return moved;
            });
        });
    });
}

core::Result<Outcome> AppointmentBook::cancel(std::string_view kioskId, std::string_view key, std::string_view no,
                                              std::string_view idNumber, int64_t nowS) {
    if (!key_) return core::Error{"central was started without its secrets key: nothing can be cancelled"};
    return sql::guarded([&] {
        return sql::transaction(pool_, [&](Connection& c) -> Outcome {
            return once(c, std::string(kioskId), std::string(key), nowS, [&]() -> Outcome {
                const std::string person = personKey(idNumber);
                const auto owner = c.query("SELECT person, hall FROM appointment WHERE appt_no = $1", {std::string(no)});
                if (owner.empty() || str(owner[0][0]) != person)
                    return refused("no_such_appointment", "no such appointment of this person");
                lockPerson(c, person, nowS);
                const auto offer = offerFor(c, str(owner[0][1]));
                if (offer) markMissed(c, "person", person, offer->rules, nowS);
                auto a = load(c, no);
                if (a->state != "booked") return refused("not_booked", "the appointment is " + a->state);
                if (offer && !protocol::personMayChange(offer->rules, a->start, nowS))
                    return refused("cut_off", "too close to its time to be cancelled here; the counter can help");
                releaseSeats(c, a->no, a->slot);
                c.query("UPDATE appointment SET state = 'cancelled', updated_at = $1 WHERE appt_no = $2", {nowS, a->no});
                addStep(c, a->no, "cancelled", a->slot, nowS, "", "");
                withdrawReminder(c, a->no);
                notify(c, *a, "cancelled", offer.get(), nowS);
                return *load(c, no);
            });
        });
    });
}

core::Result<std::vector<Appointment>> AppointmentBook::ofPerson(std::string_view idNumber, int64_t nowS, bool markTold) {
    if (!key_) return core::Error{"central was started without its secrets key"};
    return sql::guarded([&] {
        return sql::transaction(pool_, [&](Connection& c) {
            const std::string person = personKey(idNumber);
            std::vector<Appointment> out;
            for (const auto& r : c.query("SELECT DISTINCT hall FROM appointment WHERE person = $1 AND state = 'booked'", {person}))
                if (const auto offer = offerFor(c, str(r[0]))) markMissed(c, "person", person, offer->rules, nowS);
            for (const auto& r : c.query(std::string("SELECT appt_no FROM appointment WHERE person = $1 ORDER BY slot_start DESC LIMIT 50"),
                                         {person}))
                out.push_back(*load(c, str(r[0])));
            if (markTold)
                for (const auto& a : out)
                    if (a.hallChangeUnseen) c.query("UPDATE appointment SET hall_change_seen = 1 WHERE appt_no = $1", {a.no});
            return out;
        });
    });
}

core::Result<std::optional<Appointment>> AppointmentBook::byNumber(std::string_view no) {
    return sql::guarded([&] {
        std::optional<Appointment> out;
        pool_.read([&](Connection& c) { out = load(c, no); });
        return out;
    });
}

core::Result<std::vector<Appointment>> AppointmentBook::ofDay(std::string_view hall, std::string_view date) {
    return sql::guarded([&] {
        std::vector<Appointment> out;
        pool_.read([&](Connection& c) {
            const std::string day(date);
            for (const auto& r : c.query(std::string("SELECT ") + kColumns +
                                             " FROM appointment WHERE hall = $1 AND slot >= $2 AND slot < $3 ORDER BY slot, appt_no",
                                         {std::string(hall), day, protocol::validDate(day) ? dayAfter(day) : day}))
                out.push_back(fromRow(r));
        });
        return out;
    });
}

namespace {
// The booked appointment the hall would change now: 预约服务制度 — never without cause (the reason the caller
// requires), and with at least 8 hours' notice unless forced.
Outcome hallMayChangeNow(Connection& c, std::string_view no, bool force, int64_t nowS) {
    auto a = load(c, no);
    if (!a) return refused("no_such_appointment", "no such appointment");
    if (a->state != "booked") return refused("not_booked", "the appointment is " + a->state);
    if (!force && !protocol::hallMayChange(a->start, nowS))
        return refused("hall_notice", "less than 8 hours before the slot: only with --force and a reason");
    return *a;
}
}  // namespace

core::Result<Outcome> AppointmentBook::hallCancel(std::string_view no, std::string_view reason, std::string_view by, bool force,
                                                  int64_t nowS) {
    return sql::guarded([&] {
        return sql::transaction(pool_, [&](Connection& c) -> Outcome {
            auto found = hallMayChangeNow(c, no, force, nowS);
            if (auto* r = std::get_if<Refusal>(&found)) return *r;
            const auto a = &std::get<Appointment>(found);
            releaseSeats(c, a->no, a->slot);
            c.query("UPDATE appointment SET state = 'cancelled', hall_change = 'cancelled', hall_change_seen = 0, "
                    "updated_at = $1 WHERE appt_no = $2",
                    {nowS, a->no});
            addStep(c, a->no, force ? "hall_cancelled_forced" : "hall_cancelled", a->slot, nowS, by, reason);
            withdrawReminder(c, a->no);
            notify(c, *a, "hall_cancelled", offerFor(c, a->hall).get(), nowS, std::string(reason));
            return *load(c, no);
        });
    });
}

core::Result<Outcome> AppointmentBook::hallMove(std::string_view no, std::string_view slot, std::string_view reason,
                                                std::string_view by, bool force, int64_t nowS) {
    return sql::guarded([&] {
        return sql::transaction(pool_, [&](Connection& c) -> Outcome {
            auto found = hallMayChangeNow(c, no, force, nowS);
            if (auto* r = std::get_if<Refusal>(&found)) return *r;
            const auto a = &std::get<Appointment>(found);
            const auto offer = offerFor(c, a->hall);
            const auto* m = offer ? offer->rules.matter(a->matterCode) : nullptr;
            if (!m) return refused("not_bookable", "this matter can no longer be booked at this hall");
            const std::string to(slot);
            if (to == a->slot) return refused("same_slot", "the appointment is at that time already");
            // The hall may move it to any slot of an open day that has not begun, lead time and horizon aside.
            const auto start = protocol::slotStart(to);
            const auto day = protocol::slotsOf(offer->rules, offer->calendar, to.substr(0, std::min<size_t>(10, to.size())));
            if (!start || std::none_of(day.begin(), day.end(), [&](const protocol::Slot& s) { return s.id == to; }))
                return refused("not_a_slot", "there is no such slot");
            if (*start <= nowS) return refused("past", "the slot has passed");
            if (!takeSeats(c, a->no, a->hall, offer->rules, *m, to)) {
                Refusal r = refused("slot_taken", "the slot has no place left");
                r.nearest = nearestFree(c, *offer, a->hall, *m, to, nowS);
                return r;
            }
            releaseSeats(c, a->no, a->slot);
            c.query("UPDATE appointment SET slot = $1, slot_start = $2, slot_end = $3, hall_change = 'moved', hall_change_seen = 0, "
                    "updated_at = $4 WHERE appt_no = $5",
                    {to, *start, *start + int64_t{offer->rules.slotMinutes} * 60, nowS, a->no});
            addStep(c, a->no, force ? "hall_moved_forced" : "hall_moved", to, nowS, by,
                    std::string(reason) + " (from " + a->slot + ")");
            const auto moved = *load(c, no);
            withdrawReminder(c, moved.no);
            notify(c, moved, "hall_moved", offer.get(), nowS, std::string(reason));
            notify(c, moved, "reminder", offer.get(), nowS);
            return moved;
        });
    });
}

core::Result<std::vector<AppointmentBook::Step>> AppointmentBook::steps(std::string_view no) {
    return sql::guarded([&] {
        std::vector<Step> out;
        pool_.read([&](Connection& c) {
            for (const auto& r : c.query("SELECT action, slot, at, by_whom, reason FROM appointment_step WHERE appt_no = $1 ORDER BY n",
                                         {std::string(no)}))
                out.push_back({str(r[0]), str(r[1]), num(r[2]), str(r[3]), str(r[4])});
        });
        return out;
    });
}

core::Result<int> AppointmentBook::deliverDue(int64_t nowS, const std::function<std::string(const Notification&)>& send) {
    if (!key_) return core::Error{"central was started without its secrets key: no phone can be opened"};
    return sql::guarded([&] {
        std::vector<Notification> due;
        pool_.read([&](Connection& c) {
            for (const auto& r : c.query("SELECT id, appt_no, kind, phone_sealed, phone_masked, text, attempts FROM notification "
                                         "WHERE state = 'pending' AND next_at <= $1 ORDER BY next_at LIMIT 50",
                                         {nowS})) {
                Notification n;
                n.id = str(r[0]), n.appointment = str(r[1]), n.kind = str(r[2]), n.phone = str(r[3]);
                n.phoneMasked = str(r[4]), n.text = str(r[5]), n.attempts = static_cast<int>(num(r[6]));
                due.push_back(std::move(n));
            }
        });
        int delivered = 0;
        for (auto& n : due) {
            // Claimed for a minute: another central process passes it by meanwhile.
            const bool claimed = sql::transaction(pool_, [&](Connection& c) {
                return c.execute("UPDATE notification SET next_at = $1 WHERE id = $2 AND state = 'pending' AND next_at <= $3",
                                 {nowS + 60, n.id, nowS}) == 1;
            });
            if (!claimed) continue;
            auto phone = openWithSecretsKey(*key_, n.appointment, n.phone);
            std::string why = phone ? "" : "the phone cannot be opened with this secrets key";
            if (phone) {
                n.phone = std::move(*phone);
                why = send(n);
                sodium_memzero(n.phone.data(), n.phone.size());
            }
            sql::transaction(pool_, [&](Connection& c) {
                if (why.empty())
                    c.query("UPDATE notification SET state = 'delivered', delivered_at = $1, attempts = attempts + 1, last_error = '' "
                            "WHERE id = $2",
                            {nowS, n.id});
                else
                    c.query("UPDATE notification SET attempts = attempts + 1, next_at = $1, last_error = $2 WHERE id = $3",
                            {nowS + std::min<int64_t>(600, int64_t{1} << std::min(n.attempts + 1, 10)), why.substr(0, 500), n.id});
                return 0;
            });
            delivered += why.empty();
        }
        return delivered;
    });
}

core::Result<std::vector<AppointmentBook::Notification>> AppointmentBook::notifications(int limit) {
    return sql::guarded([&] {
        std::vector<Notification> out;
        pool_.read([&](Connection& c) {
            for (const auto& r : c.query("SELECT id, appt_no, kind, phone_masked, text, state, last_error, due_at, delivered_at, "
                                         "attempts FROM notification ORDER BY created_at DESC, due_at DESC LIMIT $1",
                                         {int64_t{limit}})) {
                Notification n;
                n.id = str(r[0]), n.appointment = str(r[1]), n.kind = str(r[2]), n.phoneMasked = str(r[3]), n.text = str(r[4]);
                n.state = str(r[5]), n.lastError = str(r[6]), n.dueAt = num(r[7]), n.deliveredAt = num(r[8]);
                n.attempts = static_cast<int>(num(r[9]));
                out.push_back(std::move(n));
            }
        });
        return out;
    });
}

std::string appointmentJson(const Appointment& a) {
    json j{{"no", a.no},
           {"hall", a.hall},
           {"matter", a.matterCode},
           {"matter_name", a.matterName},
           {"slot", a.slot},
           {"start", a.start},
           {"end", a.end},
           {"state", a.state},
           {"name", protocol::maskedName(a.holderName)},
           {"id_number", a.holderIdMasked},
           {"phone", a.phoneMasked}};
    if (!a.hallChange.empty()) j["hall_change"] = {{"what", a.hallChange}, {"reason", a.reason}, {"unseen", a.hallChangeUnseen}};
    return j.dump();
}

std::string outcomeJson(const Outcome& o) {
    if (const auto* a = std::get_if<Appointment>(&o)) return "{\"appointment\":" + appointmentJson(*a) + "}";
    return json{{"refused", refusalToJson(std::get<Refusal>(o))}}.dump();
}

}  // namespace ow::central
