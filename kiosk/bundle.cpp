// Configuration bundle parsing and validation.
#include "kiosk/bundle.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <optional>
#include <set>
#include <nlohmann/json.hpp>
#include <sodium.h>
#include <set>

namespace ow::core {

using nlohmann::json;

const char* themeCode(Theme theme) {
    switch (theme) {
        case Theme::livelihood: return "livelihood";
        case Theme::registration: return "registration";
        case Theme::permit: return "permit";
        case Theme::construction: return "construction";
    }
    return "?";
}

const Matter* Bundle::findMatter(std::string_view code) const {
    for (const auto& m : matters)
        if (m.code == code) return &m;
    return nullptr;
}

std::vector<std::string_view> Bundle::texts() const {
    std::vector<std::string_view> out;
    auto add = [&](const LocalText& t) {
        out.push_back(t.zh);
        out.push_back(t.en);
    };
    add(hallName);
    add(hallAddress);
    add(collectionWindow);
    out.push_back(servicePhone);
    for (const auto& a : announcements) add(a);
    for (const auto& m : matters) {
        out.push_back(m.code);
        add(m.name);
        add(m.department);
        add(m.guide.basis);
        add(m.guide.conditions);
        add(m.guide.fees);
        for (const auto& p : m.guide.procedure) add(p);
        for (const auto& f : m.guide.faq) add(f.question), add(f.answer);
        for (const auto& mat : m.materials) add(mat.name), add(mat.note);
        for (const auto& f : m.form) {
            add(f.label), add(f.hint);
            for (const auto& c : f.choices) add(c);
        }
    }
    return out;
}

const char* fieldTypeCode(FormField::Type type) {
    static const char* const kCodes[] = {"text", "number", "date", "choice", "phone", "id_number", "digits"};
    return kCodes[static_cast<int>(type)];
}

bool parseUtcTime(std::string_view text, int64_t& out) {
    if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
        text[16] != ':' || text[19] != 'Z')
        return false;
    std::tm tm{};
    const std::string s(text);
    if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                    &tm.tm_min, &tm.tm_sec) != 6)
        return false;
    if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
        tm.tm_min > 59 || tm.tm_sec > 60)
        return false;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    out = static_cast<int64_t>(timegm(&tm));
    return true;
}

namespace {

// Thrown inside this file only, to carry the path of the first bad field up to parseBundle.
struct Invalid {
    std::string message;
};

[[noreturn]] void fail(const std::string& path, const std::string& what) { throw Invalid{path + ": " + what}; }

const json& field(const json& obj, const std::string& path, const char* name) {
    auto it = obj.find(name);
    if (it == obj.end()) fail(path, std::string("missing \"") + name + "\"");
    return *it;
}

std::string str(const json& obj, const std::string& path, const char* name, bool required = true) {
    auto it = obj.find(name);
    if (it == obj.end()) {
        if (required) fail(path, std::string("missing \"") + name + "\"");
        return {};
    }
    if (!it->is_string()) fail(path + "." + name, "must be text");
    return it->get<std::string>();
}

int64_t integer(const json& obj, const std::string& path, const char* name, int64_t lo, int64_t hi,
                std::optional<int64_t> fallback = std::nullopt) {
    auto it = obj.find(name);
    if (it == obj.end()) {
        if (fallback) return *fallback;
        fail(path, std::string("missing \"") + name + "\"");
    }
    if (!it->is_number_integer()) fail(path + "." + name, "must be a whole number");
    const auto v = it->get<int64_t>();
    if (v < lo || v > hi)
        fail(path + "." + name, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    return v;
}

bool boolean(const json& obj, const std::string& path, const char* name, bool fallback) {
    auto it = obj.find(name);
    if (it == obj.end()) return fallback;
    if (!it->is_boolean()) fail(path + "." + name, "must be true or false");
    return it->get<bool>();
}

const json& object(const json& obj, const std::string& path, const char* name) {
    const json& v = field(obj, path, name);
    if (!v.is_object()) fail(path + "." + name, "must be an object");
    return v;
}

const json& array(const json& obj, const std::string& path, const char* name, bool required = true) {
    static const json empty = json::array();
    auto it = obj.find(name);
    if (it == obj.end()) {
        if (required) fail(path, std::string("missing \"") + name + "\"");
        return empty;
    }
    if (!it->is_array()) fail(path + "." + name, "must be a list");
    return *it;
}

LocalText localText(const json& v, const std::string& path) {
    if (!v.is_object()) fail(path, "must be an object with \"zh-CN\" and \"en\" texts");
    LocalText t;
    for (auto& [k, val] : v.items()) {
        if (k != "zh-CN" && k != "en") fail(path, "unknown language \"" + k + "\"");
        if (!val.is_string()) fail(path + "." + k, "must be text");
    }
    if (v.contains("zh-CN")) t.zh = v["zh-CN"].get<std::string>();
    if (v.contains("en")) t.en = v["en"].get<std::string>();
    if (t.zh.empty()) fail(path, "the Chinese text (\"zh-CN\") is required");
    return t;
}

LocalText localField(const json& obj, const std::string& path, const char* name, bool required = true) {
    auto it = obj.find(name);
    if (it == obj.end()) {
        if (required) fail(path, std::string("missing \"") + name + "\"");
        return {};
    }
    return localText(*it, path + "." + name);
}

std::vector<std::string> stringList(const json& obj, const std::string& path, const char* name) {
    std::vector<std::string> out;
    const json& list = array(obj, path, name, false);
    for (size_t i = 0; i < list.size(); ++i) {
        if (!list[i].is_string()) fail(path + "." + name + "[" + std::to_string(i) + "]", "must be text");
        out.push_back(list[i].get<std::string>());
    }
    return out;
}

int64_t timeField(const json& obj, const std::string& path, const char* name) {
    const std::string text = str(obj, path, name);
    int64_t t;
    if (!parseUtcTime(text, t)) fail(path + "." + name, "must be a UTC time like 2026-01-31T08:00:00Z");
    return t;
}

Matter parseMatter(const json& m, const std::string& path) {
    if (!m.is_object()) fail(path, "must be an object");
    Matter out;
    out.code = str(m, path, "code");
    if (out.code.empty() || out.code.size() > 64) fail(path + ".code", "must be 1 to 64 characters");
    out.name = localField(m, path, "name");
    out.department = localField(m, path, "department");
    const std::string theme = str(m, path, "theme");
    bool known = false;
    for (Theme t : kThemes)
        if (theme == themeCode(t)) out.theme = t, known = true;
    if (!known) fail(path + ".theme", "must be one of livelihood, registration, permit, construction");
    const std::string kind = str(m, path, "kind");
    if (kind == "instant")
        out.kind = MatterKind::instant;
    else if (kind == "promised")
        out.kind = MatterKind::promised;
    else
        fail(path + ".kind", "must be \"instant\" or \"promised\"");
    out.legalLimitDays = static_cast<int>(integer(m, path, "legal_limit_days", 0, 3650));
    out.promisedLimitDays = static_cast<int>(integer(m, path, "promised_limit_days", 0, 3650));
    if (out.promisedLimitDays > out.legalLimitDays)
        fail(path + ".promised_limit_days", "the promised limit cannot exceed the legal limit");
    out.toleranceAllowed = boolean(m, path, "tolerance_allowed", false);
    if (m.contains("collect")) {
        const json& c = object(m, path, "collect");
        out.delegateAllowed = boolean(c, path + ".collect", "delegate", true);
        out.resultPrintable = boolean(c, path + ".collect", "printable", true);
    }

    const json& g = object(m, path, "guide");
    const std::string gp = path + ".guide";
    out.guide.basis = localField(g, gp, "basis");
    out.guide.conditions = localField(g, gp, "conditions");
    out.guide.fees = localField(g, gp, "fees");
    const json& steps = array(g, gp, "procedure");
    for (size_t i = 0; i < steps.size(); ++i)
        out.guide.procedure.push_back(localText(steps[i], gp + ".procedure[" + std::to_string(i) + "]"));
    const json& faq = array(g, gp, "faq", false);
    for (size_t i = 0; i < faq.size(); ++i) {
        const std::string fp = gp + ".faq[" + std::to_string(i) + "]";
        if (!faq[i].is_object()) fail(fp, "must be an object");
        out.guide.faq.push_back({localField(faq[i], fp, "q"), localField(faq[i], fp, "a")});
    }

    const json& mats = array(m, path, "materials");
    if (mats.empty()) fail(path + ".materials", "a matter needs at least one material");
    for (size_t i = 0; i < mats.size(); ++i) {
        const std::string mp = path + ".materials[" + std::to_string(i) + "]";
        if (!mats[i].is_object()) fail(mp, "must be an object");
        Material mat;
        mat.name = localField(mats[i], mp, "name");
        mat.key = boolean(mats[i], mp, "key", false);
        mat.original = boolean(mats[i], mp, "original", false);
        mat.copies = static_cast<int>(integer(mats[i], mp, "copies", 0, 99, 1));
        mat.note = localField(mats[i], mp, "note", false);
        out.materials.push_back(std::move(mat));
    }

    const json& form = array(m, path, "form", false);
    std::set<std::string> keys;
    for (size_t i = 0; i < form.size(); ++i) {
        const std::string fp = path + ".form[" + std::to_string(i) + "]";
        if (!form[i].is_object()) fail(fp, "must be an object");
        FormField f;
        f.key = str(form[i], fp, "key");
        if (f.key.empty() || f.key.size() > 32 ||
            f.key.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos)
            fail(fp + ".key", "must be 1 to 32 of a-z, 0-9 and _");
        if (!keys.insert(f.key).second) fail(fp + ".key", "duplicate key " + f.key);
        f.label = localField(form[i], fp, "label");
        f.hint = localField(form[i], fp, "hint", false);
        const std::string type = str(form[i], fp, "type");
        bool known = false;
        for (auto t : {FormField::Type::text, FormField::Type::number, FormField::Type::date, FormField::Type::choice,
                       FormField::Type::phone, FormField::Type::idNumber, FormField::Type::digits})
            if (type == fieldTypeCode(t)) f.type = t, known = true;
        if (!known) fail(fp + ".type", "must be one of text, number, date, choice, phone, id_number, digits");
        f.required = boolean(form[i], fp, "required", true);
        f.maxLength = static_cast<int>(integer(form[i], fp, "max_length", 1, 500, 50));
        f.min = integer(form[i], fp, "min", -1000000000000, 1000000000000, 0);
        f.max = integer(form[i], fp, "max", -1000000000000, 1000000000000, 0);
        if (f.min > f.max) fail(fp + ".max", "must not be below min");
        const json& choices = array(form[i], fp, "choices", f.type == FormField::Type::choice);
        for (size_t c = 0; c < choices.size(); ++c)
            f.choices.push_back(localText(choices[c], fp + ".choices[" + std::to_string(c) + "]"));
        if (f.type == FormField::Type::choice && f.choices.size() < 2) fail(fp + ".choices", "a choice needs at least two");
        out.form.push_back(std::move(f));
    }
    // A submission reaches the applicant by phone (the pre-check answer within 2 working days, 002 第十五条(三)),
    // and central refuses one without: a matter that can be applied for here asks for the phone, always.
    if (!out.form.empty() &&
        std::none_of(out.form.begin(), out.form.end(),
                     [](const FormField& f) { return f.type == FormField::Type::phone && f.required; }))
        fail(path + ".form", "must have a required field of type phone (the applicant is reached by it)");
    return out;
}

}  // namespace

namespace {

// "09:00" → 540; "24:00" is the end of the day.
int minuteOfDay(const json& v, const std::string& path) {
    if (!v.is_string()) fail(path, "must be a time of day like \"09:00\"");
    const std::string t = v.get<std::string>();
    if (t.size() != 5 || t[2] != ':' || !std::isdigit(static_cast<unsigned char>(t[0])) ||
        !std::isdigit(static_cast<unsigned char>(t[1])) || !std::isdigit(static_cast<unsigned char>(t[3])) ||
        !std::isdigit(static_cast<unsigned char>(t[4])))
        fail(path, "must be a time of day like \"09:00\"");
    const int h = (t[0] - '0') * 10 + (t[1] - '0'), m = (t[3] - '0') * 10 + (t[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m != 0)) fail(path, "\"" + t + "\" is not a time of day");
    return h * 60 + m;
}

// Opening hours of a week: {"mon": [["09:00", "12:00"], …], …}, each period in order, at least minMinutes long.
std::array<std::vector<protocol::OpeningPeriod>, 7> parseWeekHours(const json& hours, const std::string& path, int minMinutes) {
    std::array<std::vector<protocol::OpeningPeriod>, 7> week{};
    static const char* const kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    for (auto& [key, _] : hours.items())
        if (std::find_if(std::begin(kDays), std::end(kDays), [&](const char* d) { return key == d; }) == std::end(kDays))
            fail(path, "unknown day \"" + key + "\" (mon, tue, wed, thu, fri, sat, sun)");
    for (size_t d = 0; d < 7; ++d) {
        const std::string dp = path + "." + kDays[d];
        const json& periods = array(hours, path, kDays[d], false);
        if (periods.size() > 8) fail(dp, "holds more than 8 periods");
        int lastEnd = -1;
        for (size_t i = 0; i < periods.size(); ++i) {
            const std::string pp = dp + "[" + std::to_string(i) + "]";
            if (!periods[i].is_array() || periods[i].size() != 2) fail(pp, "must be [\"from\", \"to\"] like [\"09:00\", \"12:00\"]");
            protocol::OpeningPeriod p{minuteOfDay(periods[i][0], pp + "[0]"), minuteOfDay(periods[i][1], pp + "[1]")};
            if (p.to <= p.from) fail(pp, "must end after it begins");
            if (p.from < lastEnd) fail(pp, "begins before the period before it ends (periods in order, not overlapping)");
            if (p.to - p.from < minMinutes) fail(pp, "is shorter than one slot of " + std::to_string(minMinutes) + " minutes");
            lastEnd = p.to;
            week[d].push_back(p);
        }
    }
    return week;
}

// content.appointments: the hall's capacity and the rules of booking (预约服务制度), checked against the catalogue.
protocol::AppointmentRules parseAppointments(const json& a, const Bundle& b) {
    const std::string path = "content.appointments";
    protocol::AppointmentRules r;
    r.slotMinutes = static_cast<int>(integer(a, path, "slot_minutes", 5, 240));
    r.hours = parseWeekHours(object(a, path, "hours"), path + ".hours", r.slotMinutes);
    bool open = false;
    for (const auto& day : r.hours) open = open || !day.empty();
    if (!open) fail(path + ".hours", "must open on at least one day");
    const json& places = object(a, path, "places");
    for (auto& [theme, v] : places.items()) {
        if (std::none_of(std::begin(kThemes), std::end(kThemes), [&](Theme t) { return theme == themeCode(t); }))
            fail(path + ".places", "unknown theme \"" + theme + "\"");
        if (!v.is_number_integer() || v.get<int64_t>() < 0 || v.get<int64_t>() > 500)
            fail(path + ".places." + theme, "must be a whole number from 0 to 500");
        r.themePlaces.emplace_back(theme, static_cast<int>(v.get<int64_t>()));
    }
    const json& matters = array(a, path, "matters");
    if (matters.empty()) fail(path + ".matters", "must name at least one matter that can be booked");
    std::set<std::string> seen;
    for (size_t i = 0; i < matters.size(); ++i) {
        const std::string mp = path + ".matters[" + std::to_string(i) + "]";
        if (!matters[i].is_object()) fail(mp, "must be an object");
        protocol::BookableMatter m;
        m.code = str(matters[i], mp, "code");
        const Matter* matter = b.findMatter(m.code);
        if (!matter) fail(mp + ".code", "\"" + m.code + "\" is not a matter of the catalogue");
        if (!seen.insert(m.code).second) fail(mp + ".code", "lists " + m.code + " twice");
        m.theme = themeCode(matter->theme);
        m.places = static_cast<int>(integer(matters[i], mp, "places", 1, 500, 0));
        if (r.themePlacesOf(m.theme) == 0)
            fail(mp + ".code", m.code + "'s theme " + m.theme + " has no places in " + path + ".places");
        if (m.places > r.themePlacesOf(m.theme))
            fail(mp + ".places", "cannot exceed the " + std::to_string(r.themePlacesOf(m.theme)) + " places of its theme");
        r.matters.push_back(std::move(m));
    }
    r.horizonWorkingDays = static_cast<int>(integer(a, path, "horizon_working_days", 1, 60));
    r.leadMinutes = static_cast<int>(integer(a, path, "lead_minutes", 0, 10080));
    r.cancelCutoffMinutes = static_cast<int>(integer(a, path, "cancel_cutoff_minutes", 0, 10080));
    const json& limits = object(a, path, "limits");
    r.perDay = static_cast<int>(integer(limits, path + ".limits", "per_day", 1, 10));
    r.perWeek = static_cast<int>(integer(limits, path + ".limits", "per_week", 1, 50));
    if (r.perWeek < r.perDay) fail(path + ".limits.per_week", "cannot be less than per_day");
    const json& noShow = object(a, path, "no_show");
    r.noShow.count = static_cast<int>(integer(noShow, path + ".no_show", "count", 1, 10));
    r.noShow.withinDays = static_cast<int>(integer(noShow, path + ".no_show", "within_days", 1, 365));
    r.noShow.banDays = static_cast<int>(integer(noShow, path + ".no_show", "ban_days", 1, 365));
    const json& checkIn = object(a, path, "check_in");
    r.checkInBeforeMinutes = static_cast<int>(integer(checkIn, path + ".check_in", "before_minutes", 0, 120));
    // More than 30 minutes late forfeits the appointment (预约服务制度): the window cannot run longer.
    r.checkInAfterMinutes =
        static_cast<int>(integer(checkIn, path + ".check_in", "after_minutes", 0, protocol::kLatestCheckInMinutes));
    r.reminderMinutesBefore = static_cast<int>(integer(a, path, "reminder_minutes_before", 0, 10080));
    return r;
}

// content.queue: each theme's prefix and daily cap, the windows and the themes each serves, the fair rule.
protocol::QueueRules parseQueue(const json& q) {
    const std::string path = "content.queue";
    protocol::QueueRules r;
    const json& themes = object(q, path, "themes");
    std::set<char> prefixes;
    for (auto& [theme, v] : themes.items()) {
        const std::string tp = path + ".themes." + theme;
        if (std::none_of(std::begin(kThemes), std::end(kThemes), [&](Theme t) { return theme == themeCode(t); }))
            fail(path + ".themes", "unknown theme \"" + theme + "\"");
        if (!v.is_object()) fail(tp, "must be {\"prefix\", \"daily_cap\"}");
        const std::string prefix = str(v, tp, "prefix");
        if (prefix.size() != 1 || prefix[0] < 'A' || prefix[0] > 'Z') fail(tp + ".prefix", "must be one letter A to Z");
        if (!prefixes.insert(prefix[0]).second) fail(tp + ".prefix", "\"" + prefix + "\" is another theme's prefix too");
        r.themes.push_back({theme, prefix[0], static_cast<int>(integer(v, tp, "daily_cap", 1, 999))});
    }
    if (r.themes.empty()) fail(path + ".themes", "must give at least one theme its numbers");
    std::sort(r.themes.begin(), r.themes.end(), [](const auto& a, const auto& b) { return a.prefix < b.prefix; });  // A first
    const json& windows = array(q, path, "windows");
    if (windows.empty()) fail(path + ".windows", "must name at least one window");
    for (size_t i = 0; i < windows.size(); ++i) {
        const std::string wp = path + ".windows[" + std::to_string(i) + "]";
        if (!windows[i].is_object()) fail(wp, "must be {\"id\", \"themes\"}");
        protocol::QueueWindow w{str(windows[i], wp, "id"), stringList(windows[i], wp, "themes")};
        if (w.id.empty() || w.id.size() > 2 || !std::all_of(w.id.begin(), w.id.end(), [](char c) { return c >= '0' && c <= '9'; }))
            fail(wp + ".id", "must be the window's number, 1 to 99");
        if (r.window(w.id)) fail(wp + ".id", "window " + w.id + " is listed twice");
        if (w.themes.empty()) fail(wp + ".themes", "must name at least one theme the window serves");
        for (const auto& t : w.themes)
            if (!r.theme(t)) fail(wp + ".themes", "\"" + t + "\" has no numbers in " + path + ".themes");
        r.windows.push_back(std::move(w));
    }
    for (const auto& t : r.themes)
        if (std::none_of(r.windows.begin(), r.windows.end(), [&](const protocol::QueueWindow& w) {
                return std::find(w.themes.begin(), w.themes.end(), t.theme) != w.themes.end();
            }))
            fail(path + ".windows", "no window serves " + t.theme + ": its numbers would never be called");
    r.priorityRun = static_cast<int>(integer(q, path, "priority_run", 1, 10, 2));
    r.recalls = static_cast<int>(integer(q, path, "recalls", 0, 5, 2));
    r.serviceMinutes = static_cast<int>(integer(q, path, "service_minutes", 1, 240, 10));
    return r;
}

}  // namespace

Result<Bundle> parseBundle(std::string_view text) {
    if (text.size() > kMaxBundleBytes)
        return Error{"bundle is " + std::to_string(text.size()) + " bytes, over the cap of " +
                     std::to_string(kMaxBundleBytes)};
    json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded()) return Error{"bundle is not valid JSON (or not valid UTF-8)"};
    if (!doc.is_object()) return Error{"bundle must be a JSON object"};
    try {
        Bundle b;
        if (str(doc, "bundle", "format") != kBundleFormat)
            fail("bundle.format", std::string("must be \"") + kBundleFormat + "\"");
        b.version = integer(doc, "bundle", "version", 1, INT64_MAX);
        b.issuedAt = timeField(doc, "bundle", "issued_at");
        b.expiresAt = timeField(doc, "bundle", "expires_at");
        if (b.expiresAt <= b.issuedAt) fail("bundle.expires_at", "must be later than issued_at");
        const json& scope = object(doc, "bundle", "scope");
        b.scope.halls = stringList(scope, "bundle.scope", "halls");
        b.scope.terminals = stringList(scope, "bundle.scope", "terminals");
        if (b.scope.halls.empty() && b.scope.terminals.empty())
            fail("bundle.scope", "must name at least one hall (or \"*\") or terminal");

        const json& content = object(doc, "bundle", "content");
        const json& hall = object(content, "content", "hall");
        b.hallId = str(hall, "content.hall", "id");
        b.hallName = localField(hall, "content.hall", "name");
        b.servicePhone = str(hall, "content.hall", "service_phone", false);
        b.hallAddress = localField(hall, "content.hall", "address", false);

        if (content.contains("ui")) {
            const json& ui = object(content, "content", "ui");
            b.ui.idleTimeoutS = static_cast<int>(integer(ui, "content.ui", "idle_timeout_s", 20, 600, 60));
            b.ui.countdownS = static_cast<int>(integer(ui, "content.ui", "countdown_s", 5, 60, 10));
            b.ui.requiredDevices = stringList(ui, "content.ui", "required_devices");
            for (const auto& d : b.ui.requiredDevices)
                if (d != "idcard" && d != "scanner" && d != "camera-scanner" && d != "receipt" && d != "a4")
                    fail("content.ui.required_devices", "unknown device \"" + d + "\"");
            if (b.ui.countdownS >= b.ui.idleTimeoutS)
                fail("content.ui.countdown_s", "must be shorter than idle_timeout_s");
            const std::string lang = str(ui, "content.ui", "default_lang", false);
            if (!lang.empty() && !parseLang(lang, b.ui.defaultLang))
                fail("content.ui.default_lang", "must be \"zh-CN\" or \"en\"");
        }
        const json& ann = array(content, "content", "announcements", false);
        for (size_t i = 0; i < ann.size(); ++i)
            b.announcements.push_back(localText(ann[i], "content.announcements[" + std::to_string(i) + "]"));

        const json& issuers = array(content, "content", "code_issuers", false);
        for (size_t i = 0; i < issuers.size(); ++i) {
            const std::string ip = "content.code_issuers[" + std::to_string(i) + "]";
            if (!issuers[i].is_object()) fail(ip, "must be an object");
            const std::string id = str(issuers[i], ip, "id");
            const std::string key = str(issuers[i], ip, "public_key");
            PublicKey pk{};
            size_t len = 0;
            if (sodium_base642bin(pk.data(), pk.size(), key.data(), key.size(), nullptr, &len, nullptr,
                                  sodium_base64_VARIANT_ORIGINAL) != 0 ||
                len != pk.size())
                fail(ip + ".public_key", "must be a base64 Ed25519 public key (32 bytes)");
            b.codeIssuers[id] = pk;
        }

        if (content.contains("calendar")) {
            // The State Council's holiday arrangement (国务院办公厅关于部分节假日安排的通知), year by year.
            const json& cal = object(content, "content", "calendar");
            for (const char* key : {"holidays", "workdays"}) {
                const std::string path = std::string("content.calendar.") + key;
                auto dates = stringList(cal, "content.calendar", key);
                if (dates.size() > 2000) fail(path, "holds more than 2000 dates");
                for (const auto& d : dates)
                    if (!protocol::validDate(d)) fail(path, "\"" + d + "\" is not a date as YYYY-MM-DD");
                std::sort(dates.begin(), dates.end());
                if (std::adjacent_find(dates.begin(), dates.end()) != dates.end()) fail(path, "lists a date twice");
                (key[0] == 'h' ? b.calendar.holidays : b.calendar.workdays) = std::move(dates);
            }
            for (const auto& d : b.calendar.workdays) {
                if (std::binary_search(b.calendar.holidays.begin(), b.calendar.holidays.end(), d))
                    fail("content.calendar.workdays", d + " is a holiday as well");
                if (protocol::WorkCalendar{}.isWorkingDay(d))
                    fail("content.calendar.workdays", d + " is a weekday already (only a weekend day is worked in exchange)");
            }
        }

        const json& matters = array(content, "content", "matters");
        if (matters.empty()) fail("content.matters", "the catalogue must hold at least one matter");
        std::set<std::string> codes;
        for (size_t i = 0; i < matters.size(); ++i) {
            Matter m = parseMatter(matters[i], "content.matters[" + std::to_string(i) + "]");
            if (!codes.insert(m.code).second)
                fail("content.matters[" + std::to_string(i) + "].code", "duplicate code " + m.code);
            b.matters.push_back(std::move(m));
        }
        if (content.contains("appointments")) b.appointments = parseAppointments(object(content, "content", "appointments"), b);
        if (content.contains("queue")) b.queue = parseQueue(object(content, "content", "queue"));
        if (content.contains("reports"))
            b.reportDeadlineWorkingDays = static_cast<int>(
                integer(object(content, "content", "reports"), "content.reports", "deadline_working_days", 1, 60, 15));
        if (content.contains("schedule")) {
            // The hours this terminal serves (001 第六条): a 7×24 hall gives none (always); a village station its own.
            const json& sc = object(content, "content", "schedule");
            if (sc.contains("hours")) {
                protocol::AppointmentRules hours;
                hours.hours = parseWeekHours(object(sc, "content.schedule", "hours"), "content.schedule.hours", 1);
                bool any = false;
                for (const auto& day : hours.hours) any = any || !day.empty();
                if (!any) fail("content.schedule.hours", "serves on no day (leave the hours out to serve always)");
                b.serviceHours = std::move(hours);
            }
            // A daily restart at a quiet hour (北京时间), only with nobody being served.
            if (sc.contains("restart_at")) b.restartAtMinute = minuteOfDay(sc["restart_at"], "content.schedule.restart_at");
            // Dimmed at night but never black (the kiosk platforms' commonest complaint: black screens after hours).
            if (sc.contains("dim")) {
                const json& dim = object(sc, "content.schedule", "dim");
                Bundle::Dimming d;
                if (!dim.contains("from") || !dim.contains("to")) fail("content.schedule.dim", "needs \"from\" and \"to\" (HH:MM)");
                d.fromMinute = minuteOfDay(dim["from"], "content.schedule.dim.from");
                d.toMinute = minuteOfDay(dim["to"], "content.schedule.dim.to");
                if (d.fromMinute == d.toMinute) fail("content.schedule.dim", "\"from\" and \"to\" are the same minute");
                if (dim.contains("level")) {
                    if (!dim["level"].is_number() || dim["level"].get<double>() < 0.2 || dim["level"].get<double>() > 0.8)
                        fail("content.schedule.dim.level", "must be a number from 0.2 to 0.8 (of full brightness; never black)");
                    d.level = dim["level"].get<double>();
                }
                b.dimming = d;
            }
        }
        if (content.contains("collection"))
            b.collectionWindow = localField(object(content, "content", "collection"), "content.collection", "window");
        return b;
    } catch (const Invalid& e) {
        return Error{e.message};
    }
}

}  // namespace ow::core
