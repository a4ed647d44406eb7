// The hall's pages and their endpoints.
#include "central/hall_web.h"

#include <sys/stat.h>

#include <ctime>
#include <filesystem>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

#include "central/api.h"
#include "central/api_fields.h"
#include "central/appointments.h"
#include "central/queue.h"
#include "central/hall_figures.h"
#include "central/ratings.h"
#include "central/reports.h"
#include "central/staff.h"
#include "kiosk/protocol/case_status.h"
#include "kiosk/protocol/queue.h"
#include "platform/speech.h"


namespace ow::central {

using nlohmann::json;

namespace {

constexpr const char* kCookie = "ow_hall";

void sendJson(httplib::Response& res, int status, const std::string& body) {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    res.set_content(body, "application/json");
}

void sendError(httplib::Response& res, int status, std::string_view code, std::string_view message) {
    const Reply r = errorReply(status, code, message);
    sendJson(res, r.status, r.body);
}

std::string cookieValue(const httplib::Request& req) {
    const std::string header = req.get_header_value("Cookie");
    const std::string key = std::string(kCookie) + "=";
    for (size_t at = 0; at < header.size();) {
        while (at < header.size() && (header[at] == ' ' || header[at] == ';')) ++at;
        const size_t end = std::min(header.find(';', at), header.size());
        if (header.compare(at, key.size(), key) == 0) return header.substr(at + key.size(), end - at - key.size());
        at = end;
    }
    return "";
}

bool isDir(const std::string& path) {
    struct stat st {};
    return !path.empty() && ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// The words of calls as WAV, kept for the latest 256 texts (a day's numbers repeat the next day).
class CallAudio {
public:
    core::Result<std::string> wavOf(const std::string& text) {
        {
            std::lock_guard lock(mutex_);
            if (auto it = cache_.find(text); it != cache_.end()) return it->second;
        }
        auto samples = platform::speech::synthesize(text, "zh-CN", false);
        if (!samples) return core::Error{samples.error()};
        std::string wav = platform::speech::wav(*samples, platform::speech::sampleRate());
        std::lock_guard lock(mutex_);
        if (cache_.size() >= 256) {
            cache_.erase(order_.front());
            order_.pop_front();
        }
        if (cache_.emplace(text, wav).second) order_.push_back(text);
        return wav;
    }

private:
    std::mutex mutex_;
    std::map<std::string, std::string> cache_;
    std::list<std::string> order_;
};

// What the display shows: each window's current number, the latest calls, how many wait per theme. Nothing else.
std::string displayJson(const Board& b, int64_t nowS) {
    json windows = json::array(), calls = json::array(), waiting = json::array();
    for (const auto& w : b.windows)
        windows.push_back({{"id", w.id},
                           {"number", w.current ? json(w.current->number) : json(nullptr)},
                           {"state", w.current ? json(w.current->state) : json(nullptr)}});
    for (const auto& c : b.calls)
        calls.push_back({{"seq", c.seq}, {"number", c.number}, {"window", c.window}, {"at", c.at}, {"recall", c.recall},
                         {"said", protocol::spokenCall(c.number, c.window)}});
    for (const auto& [theme, prefix] : b.themes) {
        int n = 0;
        for (const auto& t : b.waiting) n += t.theme == theme;
        waiting.push_back({{"theme", theme}, {"prefix", std::string(1, prefix)}, {"count", n}});
    }
    return json{{"seq", b.seq},     {"now", nowS},     {"hall_name", b.hallName},
                {"windows", windows}, {"calls", calls}, {"waiting", waiting}}
        .dump();
}

struct Api {
    Api(Store& s, HallWebOptions o) : store(s), options(std::move(o)) {}
    Store& store;
    HallWebOptions options;
    CallAudio audio;

    // The member signed in by the request's cookie; for a change (POST) also its CSRF token. Replies and returns
    // nullopt when there is none.
    std::optional<StaffMember> member(const httplib::Request& req, httplib::Response& res, bool change) {
        auto s = store.staff().session(cookieValue(req), std::time(nullptr));
        if (!s) {
            sendError(res, 503, "store_unavailable", "central cannot check the session now; try again");
            return std::nullopt;
        }
        if (!*s) {
            sendError(res, 401, "signed_out", "please sign in");
            return std::nullopt;
        }
        if (change && req.get_header_value("X-CSRF-Token") != (*s)->csrf) {
            sendError(res, 403, "csrf", "the page is out of date: reload it and try again");
            return std::nullopt;
        }
        if (change && (*s)->mustChange && req.path != "/hall/api/password" && req.path != "/hall/api/sign-out") {
            sendError(res, 403, "change_password", "change your first password before anything else");
            return std::nullopt;
        }
        return **s;
    }

    void changePassword(const httplib::Request& req, httplib::Response& res) {
        const auto m = member(req, res, true);
        if (!m) return;
        json doc;
        if (auto bad = fields::parseObject(req.body, doc, 4096)) return sendJson(res, bad->status, bad->body);
        std::string current, next;
        if (auto bad = fields::textField(doc, "current", 128, current, true)) return sendJson(res, bad->status, bad->body);
        if (auto bad = fields::textField(doc, "new", 128, next, true)) return sendJson(res, bad->status, bad->body);
        auto r = store.staff().changePassword(cookieValue(req), current, next, std::time(nullptr));
        if (!r) return sendError(res, 503, "store_unavailable", "central cannot change the password now; try again");
        if (*r == "wrong") return sendError(res, 401, "wrong", "the current password is wrong");
        if (*r == "weak") return sendError(res, 400, "weak", "a password needs at least 10 characters");
        if (*r == "same") return sendError(res, 400, "same", "choose a password other than the current one");
        StaffMember changed = *m;
        changed.mustChange = false;
        sendJson(res, 200, meJson(changed));
    }

    void signIn(const httplib::Request& req, httplib::Response& res) {
        json doc;
        if (auto bad = fields::parseObject(req.body, doc, 4096)) return sendJson(res, bad->status, bad->body);
        std::string hall, name, password;
        for (auto [key, out] : {std::pair<const char*, std::string*>{"hall", &hall}, {"name", &name}, {"password", &password}})
            if (auto bad = fields::textField(doc, key, 128, *out, true)) return sendJson(res, bad->status, bad->body);
        auto r = store.staff().signIn(hall, name, password, std::time(nullptr));
        if (!r) return sendError(res, 503, "store_unavailable", "central cannot sign you in now; try again");
        if (r->refusal == "locked")
            return sendJson(res, 423,
                            json{{"error", {{"code", "locked"}, {"message", "too many wrong passwords"}, {"until", r->lockedUntil}}}}
                                .dump());
        if (!r->refusal.empty()) return sendError(res, 401, "wrong", "the name or the password is wrong");
        std::string cookie = std::string(kCookie) + "=" + r->token + "; Path=/hall; HttpOnly; SameSite=Strict; Max-Age=" +
                             std::to_string(kStaffSessionSeconds);
        if (options.tls) cookie += "; Secure";
        res.set_header("Set-Cookie", cookie);
        sendJson(res, 200, meJson(r->staff));
    }

    std::string meJson(const StaffMember& m) {
        json windows = json::array(), themes = json::array();
        std::string hallName;
        if (auto b = store.queue().board(m.hall, std::time(nullptr), 0)) {
            hallName = b->hallName;
            for (const auto& w : b->windows) windows.push_back({{"id", w.id}, {"themes", w.themes}});
            for (const auto& [t, p] : b->themes) themes.push_back({{"theme", t}, {"prefix", std::string(1, p)}});
        }
        return json{{"staff", {{"name", m.name}, {"role", m.role}, {"hall", m.hall}, {"window", m.window}, {"must_change", m.mustChange}}},
                    {"hall_name", hallName},
                    {"csrf", m.csrf},
                    {"windows", windows},
                    {"themes", themes}}
            .dump();
    }

    void board(const httplib::Request& req, httplib::Response& res) {
        const auto m = member(req, res, false);
        if (!m) return;
        const int64_t now = std::time(nullptr);
        auto b = store.queue().board(m->hall, now);
        auto a = store.appointments().ofDay(m->hall, protocol::dateOf(now));
        if (!b || !a) return sendError(res, 503, "store_unavailable", "central cannot read the queue now; it will try again");
        json doc = json::parse(boardJson(*b, now));
        json appts = json::array();
        for (const auto& ap : *a) appts.push_back(json::parse(appointmentJson(ap)));
        doc["appointments"] = std::move(appts);
        json help = json::array();
        if (auto calls = store.queue().openHelpCalls(m->hall, now))
            for (const auto& c : *calls) help.push_back(json::parse(helpCallJson(c)));
        doc["help_calls"] = std::move(help);
        sendJson(res, 200, doc.dump());
    }

    void act(const httplib::Request& req, httplib::Response& res) {
        const auto m = member(req, res, true);
        if (!m) return;
        json doc;
        if (auto bad = fields::parseObject(req.body, doc, 4096)) return sendJson(res, bad->status, bad->body);
        std::string action, arg;
        if (auto bad = fields::textField(doc, "action", 32, action, true)) return sendJson(res, bad->status, bad->body);
        if (auto bad = fields::textField(doc, "arg", 32, arg, false)) return sendJson(res, bad->status, bad->body);
        if (m->window.empty()) return sendError(res, 409, "no_window", "choose your window first");
        static const std::map<std::string, QueueBook::Action, std::less<>> kActions = {
            {"recall", QueueBook::Action::recall},         {"start", QueueBook::Action::start},
            {"done", QueueBook::Action::done},             {"transfer", QueueBook::Action::transfer},
            {"call_number", QueueBook::Action::callNumber}, {"confirm_priority", QueueBook::Action::confirmPriority}};
        const int64_t now = std::time(nullptr);
        core::Result<std::variant<Ticket, NoTicket>> r = core::Error{""};
        if (action == "next") r = store.queue().callNext(m->hall, m->window, now);
        else if (auto it = kActions.find(action); it != kActions.end())
            r = store.queue().act(m->hall, m->window, it->second, arg, now);
        else
            return sendError(res, 400, "bad_request", "no such action");
        if (!r) return sendError(res, 503, "store_unavailable", "central could not do that now; try again");
        if (const auto* no = std::get_if<NoTicket>(&*r)) {
            store.staff().audit(m->hall, m->name, action + "_refused", "window " + m->window + ": " + no->code, now);
            return sendJson(res, 409, noTicketJson(*no));
        }
        const auto& t = std::get<Ticket>(*r);
        // Who serves it, for a rating of the visit (好差评 binds the member of staff where known).
        if (action == "next" || action == "start" || action == "call_number") store.queue().servedBy(t.id, m->name);
        store.staff().audit(m->hall, m->name, action, "window " + m->window + ": " + t.number + (arg.empty() ? "" : " " + arg), now);
        sendJson(res, 200, "{\"ticket\":" + ticketJson(t) + "}");
    }

    // A member of staff takes a call for help (they are on their way) or closes it.
    void help(const httplib::Request& req, httplib::Response& res) {
        const auto m = member(req, res, true);
        if (!m) return;
        json doc;
        if (auto bad = fields::parseObject(req.body, doc, 4096)) return sendJson(res, bad->status, bad->body);
        std::string action, id;
        if (auto bad = fields::textField(doc, "action", 16, action, true)) return sendJson(res, bad->status, bad->body);
        if (auto bad = fields::textField(doc, "id", 24, id, true)) return sendJson(res, bad->status, bad->body);
        if (action != "take" && action != "close") return sendError(res, 400, "bad_request", "take or close");
        const int64_t now = std::time(nullptr);
        auto r = store.queue().helpAct(m->hall, false, id, action == "take" ? QueueBook::HelpAction::take : QueueBook::HelpAction::close,
                                       m->name, now);
        if (!r) return sendError(res, 503, "store_unavailable", "central could not do that now; try again");
        if (!*r) return sendError(res, 409, "help_gone", "the call was taken, cancelled or closed meanwhile");
        store.staff().audit(m->hall, m->name, "help_" + action, (*r)->kioskName.empty() ? (*r)->kioskId : (*r)->kioskName, now);
        sendJson(res, 200, "{\"call\":" + helpCallJson(**r) + "}");
    }

    // The hall admin's work orders (办不成事): the hall's, overdue first; one step on, with who acted and a note.
    void reports(const httplib::Request& req, httplib::Response& res) {
        const auto m = hallAdmin(req, res, false, "work orders are for the hall admin");
        if (!m) return;
        auto list = store.reports().ofHall(m->hall, req.get_param_value("overdue") == "yes", std::time(nullptr));
        if (!list) return sendError(res, 503, "store_unavailable", "central cannot read the work orders now");
        json out = json::array();
        for (const auto& w : *list) out.push_back(json::parse(workOrderJson(w, true)));
        store.staff().audit(m->hall, m->name, "work_orders_read", std::to_string(list->size()) + " shown", std::time(nullptr));
        sendJson(res, 200, json{{"reports", out}, {"states", workOrderStates()}}.dump());
    }

    void advanceReport(const httplib::Request& req, httplib::Response& res) {
        const auto m = hallAdmin(req, res, true, "work orders are for the hall admin");
        if (!m) return;
        json doc;
        if (auto bad = fields::parseObject(req.body, doc, 8192)) return sendJson(res, bad->status, bad->body);
        std::string no, to, note;
        if (auto bad = fields::textField(doc, "no", 24, no, true)) return sendJson(res, bad->status, bad->body);
        if (auto bad = fields::textField(doc, "to", 16, to, true)) return sendJson(res, bad->status, bad->body);
        if (auto bad = fields::textField(doc, "note", 500, note, false)) return sendJson(res, bad->status, bad->body);
        auto w = store.reports().byNumber(no, std::time(nullptr));
        if (!w) return sendError(res, 503, "store_unavailable", "central cannot read the work order now");
        if (!*w || (*w)->hall != m->hall) return sendError(res, 404, "not_found", "this hall has no such work order");
        auto r = store.reports().advance(no, to, m->name, note, std::time(nullptr));
        if (!r) return sendError(res, 503, "store_unavailable", "central cannot record the step now");
        if (const auto* why = std::get_if<std::string>(&*r)) return sendError(res, 409, "not_next", *why);
        store.staff().audit(m->hall, m->name, "work_order_" + to, no, std::time(nullptr));
        sendJson(res, 200, "{\"report\":" + workOrderJson(std::get<WorkOrder>(*r), true) + "}");
    }

    // Bad ratings' follow-ups (好差评, 1-4-13): the rater masked; revealing who it was is one rating at a time, audited.
    void ratings(const httplib::Request& req, httplib::Response& res) {
        const auto m = hallAdmin(req, res, false, "ratings are for the hall admin");
        if (!m) return;
        const std::string today = protocol::dateOf(std::time(nullptr));
        auto list = store.ratings().followUps(m->hall, req.get_param_value("overdue") == "yes", today);
        if (!list) return sendError(res, 503, "store_unavailable", "central cannot read the ratings now");
        json out = json::array();
        for (const auto& r : *list) out.push_back(json::parse(ratingJson(r, false)));
        auto fig = store.ratings().figures(m->hall, today.substr(0, 8) + "01", today, today);
        json figures = json::object();
        if (fig) figures = {{"ratings", fig->ratings}, {"satisfied", fig->satisfied}, {"bad", fig->bad}, {"fixed_on_time", fig->fixedOnTime},
                            {"overdue", fig->overdue}};
        sendJson(res, 200, json{{"ratings", out}, {"states", followUpStates()}, {"month", figures}}.dump());
    }

    void changeRating(const httplib::Request& req, httplib::Response& res) {
        const auto m = hallAdmin(req, res, true, "ratings are for the hall admin");
        if (!m) return;
        json doc;
        if (auto bad = fields::parseObject(req.body, doc, 8192)) return sendJson(res, bad->status, bad->body);
        std::string id, to, note;
        if (auto bad = fields::textField(doc, "id", 24, id, true)) return sendJson(res, bad->status, bad->body);
        if (auto bad = fields::textField(doc, "to", 16, to, true)) return sendJson(res, bad->status, bad->body);
        if (auto bad = fields::textField(doc, "note", 500, note, false)) return sendJson(res, bad->status, bad->body);
        const int64_t now = std::time(nullptr);
        auto found = store.ratings().byId(id, protocol::dateOf(now));
        if (!found) return sendError(res, 503, "store_unavailable", "central cannot read the rating now");
        if (!*found || (*found)->hall != m->hall || !(*found)->followUp)
            return sendError(res, 404, "not_found", "this hall has no such follow-up");
        if (to == "rater") {  // who rated: one look-up, audited
            store.staff().audit(m->hall, m->name, "rater_looked_up", id, now);
            return sendJson(res, 200, "{\"rating\":" + ratingJson(**found, true) + "}");
        }
        auto r = store.ratings().advance(id, to, m->name, note, doc.value("complex", false), now);
        if (!r) return sendError(res, 503, "store_unavailable", "central cannot record the step now");
        if (const auto* why = std::get_if<std::string>(&*r)) return sendError(res, 409, "not_next", *why);
        store.staff().audit(m->hall, m->name, "follow_up_" + to, id, now);
        sendJson(res, 200, "{\"rating\":" + ratingJson(std::get<Rating>(*r), false) + "}");
    }

    // The hall admin's own pages: refused (403) to a window's staff.
    std::optional<StaffMember> hallAdmin(const httplib::Request& req, httplib::Response& res, bool change, std::string_view refusal) {
        auto m = member(req, res, change);
        if (m && m->role != "hall-admin") {
            sendError(res, 403, "forbidden", refusal);
            return std::nullopt;
        }
        return m;
    }

    void chooseWindow(const httplib::Request& req, httplib::Response& res) {
        const auto m = member(req, res, true);
        if (!m) return;
        json doc;
        if (auto bad = fields::parseObject(req.body, doc, 4096)) return sendJson(res, bad->status, bad->body);
        std::string window;
        if (auto bad = fields::textField(doc, "window", 2, window, true)) return sendJson(res, bad->status, bad->body);
        auto b = store.queue().board(m->hall, std::time(nullptr), 0);
        if (!b) return sendError(res, 503, "store_unavailable", "central cannot read the hall's windows now");
        if (std::none_of(b->windows.begin(), b->windows.end(), [&](const Board::Window& w) { return w.id == window; }))
            return sendError(res, 400, "unknown_window", "the hall has no window " + window);
        if (auto ok = store.staff().chooseWindow(cookieValue(req), window); !ok)
            return sendError(res, 503, "store_unavailable", "central cannot record your window now");
        store.staff().audit(m->hall, m->name, "window_chosen", "window " + window, std::time(nullptr));
        StaffMember updated = *m;
        updated.window = window;
        sendJson(res, 200, meJson(updated));
    }

    void stats(const httplib::Request& req, httplib::Response& res) {
        const auto m = hallAdmin(req, res, false, "the statistics are for the hall admin");
        if (!m) return;
        const std::string today = protocol::dateOf(std::time(nullptr));
        std::string from = req.get_param_value("from"), to = req.get_param_value("to");
        if (from.empty()) from = today;
        if (to.empty()) to = from;
        if (!protocol::validDate(from) || !protocol::validDate(to) || to < from)
            return sendError(res, 400, "bad_request", "from and to must be dates like 2026-12-07, from first");
        auto s = store.queue().stats(m->hall, from, to);
        if (!s) return sendError(res, 503, "store_unavailable", "central cannot read the statistics now");
        json doc = json::parse(statsJson(*s));
        doc["from"] = from, doc["to"] = to, doc["hall"] = m->hall;
        // Beside the queue's: the hall's services (002 第二十二条).
        auto services = store.serviceFigures(m->hall, from, to, today);
        if (!services) return sendError(res, 503, "store_unavailable", "central cannot read the statistics now");
        doc["services"] = json::parse(serviceFiguresJson(*services));
        sendJson(res, 200, doc.dump());
    }

    void audit(const httplib::Request& req, httplib::Response& res) {
        const auto m = hallAdmin(req, res, false, "the audit is for the hall admin");
        if (!m) return;
        auto log = store.staff().auditLog(m->hall, 200);
        if (!log) return sendError(res, 503, "store_unavailable", "central cannot read the audit now");
        json list = json::array();
        for (const auto& e : *log) list.push_back({{"at", e.at}, {"who", e.who}, {"action", e.action}, {"detail", e.detail}});
        sendJson(res, 200, json{{"audit", list}}.dump());
    }

    // Server-sent events for the display: the board at once, then again on every change of the hall's queue (this
    // process's changes wake it at once; another process's are found within a quarter of a second), a comment every
    // 15 s to keep the connection open through proxies.
    void events(const httplib::Request& req, httplib::Response& res) {
        const std::string hall = req.get_param_value("hall");
        if (hall.empty() || hall.size() > 64) return sendError(res, 400, "bad_request", "which hall? (?hall=…)");
        struct State {
            int64_t sent = -1;
            uint64_t changes = 0;
            int idle = 0;
        };
        auto state = std::make_shared<State>();
        res.set_header("Cache-Control", "no-store");
        res.set_header("X-Accel-Buffering", "no");
        res.set_chunked_content_provider("text/event-stream", [this, hall, state](size_t, httplib::DataSink& sink) {
            if (!sink.is_writable()) return false;
            if (state->sent >= 0) state->changes = store.queue().waitForChange(state->changes, 250);
            auto seq = store.queue().boardSeq(hall);
            if (seq && *seq != state->sent) {
                const int64_t now = std::time(nullptr);
                if (auto b = store.queue().board(hall, now)) {
                    const std::string msg = "event: board\nid: " + std::to_string(b->seq) + "\ndata: " + displayJson(*b, now) + "\n\n";
                    state->sent = b->seq, state->idle = 0;
                    return sink.write(msg.data(), msg.size());
                }
            }
            if (++state->idle >= 60) {  // 60 × 250 ms
                state->idle = 0;
                static constexpr std::string_view kKeepAlive = ": still here\n\n";
                return sink.write(kKeepAlive.data(), kKeepAlive.size());
            }
            return true;
        });
    }

    void audioOf(const httplib::Request& req, httplib::Response& res) {
        const std::string hall = req.get_param_value("hall");
        const int64_t seq = std::atoll(req.get_param_value("seq").c_str());
        if (hall.empty() || hall.size() > 64 || seq <= 0) return sendError(res, 400, "bad_request", "which call? (?hall=…&seq=…)");
        auto c = store.queue().call(hall, seq);
        if (!c) return sendError(res, 503, "store_unavailable", "central cannot read the call now");
        if (!*c) return sendError(res, 404, "not_found", "no such call");
        auto wav = audio.wavOf(protocol::spokenCall((*c)->number, (*c)->window));
        if (!wav) return sendError(res, 503, "no_voice", wav.error());
        res.set_header("Cache-Control", "public, max-age=86400");
        res.set_content(*wav, "audio/wav");
    }
};

}  // namespace

// Beside the running program, so no path of the build machine is compiled in: a development build has a link `web`
// to the source tree's pages next to kiosk-central (made by CMake), an installed PREFIX/bin/kiosk-central has
// PREFIX/share/onewindow/hall.
std::string defaultHallWebRoot() {
    std::error_code ec;
    const auto exeDir = std::filesystem::read_symlink("/proc/self/exe", ec).parent_path();
    if (!ec)
        for (const auto& dir : {exeDir / "web", exeDir.parent_path() / "share" / "onewindow" / "hall"})
            if (isDir(dir.string())) return dir.string();
    return "/usr/share/onewindow/hall";
}

void mountHall(httplib::Server& server, Store& store, const HallWebOptions& options) {
    auto api = std::make_shared<Api>(store, options);
    server.set_mount_point("/hall", options.webRoot);
    // The pages load nothing from elsewhere and are framed by no one.
    server.set_file_request_handler([](const httplib::Request&, httplib::Response& res) {
        res.set_header("Content-Security-Policy",
                       "default-src 'self'; media-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'");
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_header("Referrer-Policy", "no-referrer");
        res.set_header("Cache-Control", "no-cache");
    });
    server.Get("/hall", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/hall/"); });
    server.Post("/hall/api/sign-in", [api](const httplib::Request& q, httplib::Response& r) { api->signIn(q, r); });
    server.Post("/hall/api/sign-out", [api](const httplib::Request& q, httplib::Response& r) {
        if (const auto m = api->member(q, r, true)) {
            api->store.staff().signOut(cookieValue(q));
            api->store.staff().audit(m->hall, m->name, "signed_out", "", std::time(nullptr));
            r.set_header("Set-Cookie", std::string(kCookie) + "=; Path=/hall; HttpOnly; SameSite=Strict; Max-Age=0");
            sendJson(r, 200, "{}");
        }
    });
    server.Get("/hall/api/me", [api](const httplib::Request& q, httplib::Response& r) {
        if (const auto m = api->member(q, r, false)) sendJson(r, 200, api->meJson(*m));
    });
    server.Post("/hall/api/password", [api](const httplib::Request& q, httplib::Response& r) { api->changePassword(q, r); });
    server.Post("/hall/api/window", [api](const httplib::Request& q, httplib::Response& r) { api->chooseWindow(q, r); });
    server.Get("/hall/api/board", [api](const httplib::Request& q, httplib::Response& r) { api->board(q, r); });
    server.Post("/hall/api/help", [api](const httplib::Request& q, httplib::Response& r) { api->help(q, r); });
    server.Post("/hall/api/act", [api](const httplib::Request& q, httplib::Response& r) { api->act(q, r); });
    server.Get("/hall/api/stats", [api](const httplib::Request& q, httplib::Response& r) { api->stats(q, r); });
    server.Get("/hall/api/reports", [api](const httplib::Request& q, httplib::Response& r) { api->reports(q, r); });
    server.Post("/hall/api/reports/advance", [api](const httplib::Request& q, httplib::Response& r) { api->advanceReport(q, r); });
    server.Get("/hall/api/ratings", [api](const httplib::Request& q, httplib::Response& r) { api->ratings(q, r); });
    server.Post("/hall/api/ratings/change", [api](const httplib::Request& q, httplib::Response& r) { api->changeRating(q, r); });
    server.Get("/hall/api/audit", [api](const httplib::Request& q, httplib::Response& r) { api->audit(q, r); });
    server.Get("/hall/display/events", [api](const httplib::Request& q, httplib::Response& r) { api->events(q, r); });
    server.Get("/hall/display/audio", [api](const httplib::Request& q, httplib::Response& r) { api->audioOf(q, r); });
}

}  // namespace ow::central
