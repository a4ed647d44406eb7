// kioskctl: the administrators' tool. Terminals, admin tokens and the fleet work directly on the central
// store (--db, SQLite or PostgreSQL); keys and signing work offline, on the admin's own machine.
#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "central/api.h"
#include "central/appointments.h"
#include "central/store.h"
#include "central/tls_certs.h"
#include "central/queue.h"
#include "central/collections.h"
#include "kiosk/staff_code.h"
#include "central/hall_figures.h"
#include "central/ratings.h"
#include "central/reports.h"
#include "central/staff.h"
#include "kiosk/bundle_signing.h"
#include "kiosk/services/progress/case_progress.h"
#include "kiosk/config_boot.h"
#include "kiosk/protocol/signing.h"
#include "kiosk/protocol/submission.h"

namespace {

const char* kUsage =
    "usage: kioskctl enroll --db DB --hall HALL --name NAME      prints a one-time enrolment token\n"
    "       kioskctl revoke --db DB KIOSK_ID\n"
    "       kioskctl fleet --db DB                     every terminal: hall, state, last seen, config, devices\n"
    "       kioskctl quarantine --db DB [--kiosk ID]   events central refused, newest first\n"
    "       kioskctl admin-token --db DB --name NAME   prints a token for the admin endpoints (kept hashed)\n"
    "       kioskctl keygen --key-id ID --out FILE     Ed25519 signing key FILE (0600) and FILE.pub (trusted keys)\n"
    "       kioskctl sign BUNDLE.json --key FILE [--out SIGNED.json]\n"
    "       kioskctl publish SIGNED.json --db DB --scope all|halls:H1,H2|terminals:K1,K2|percent:N\n"
    "       kioskctl case create --db DB --matter CODE --matter-name NAME --department DEPT --holder-name NAME\n"
    "                            --holder-id ID --phone PHONE (--promised-days N | --instant yes) [--by WHO] [--hall HALL]\n"
    "       kioskctl case attach CASE_NO FILE.pdf --db DB [--name NAME] [--by WHO]   a result document, printed at collection\n"
    "       kioskctl staff code --db DB --hall HALL --name NAME --role clear|maintenance --key ADMIN.key [--days 30]\n"
    "                            a staff code for a terminal's service mode (its QR text and a PIN shown once)\n"
    "       kioskctl collect list --db DB --hall HALL [--overdue yes] [--on DAY]   results to post (邮政速递), mailed within 1 working day\n"
    "       kioskctl case advance CASE_NO --db DB --to STATUS [--reason TEXT] [--missing \"A;B\"]\n"
    "                            [--supplement-by YYYY-MM-DD] [--tracking-no NO] [--by WHO]\n"
    "       kioskctl case show CASE_NO|RECEIPT_NO --db DB [--pages DIR]   (DIR: the photographed pages as JPEG)\n"
    "       kioskctl appointments list --db DB --hall HALL --day YYYY-MM-DD   a day's appointments, with names\n"
    "       kioskctl appointments show NO --db DB        an appointment and every change to it\n"
    "       kioskctl appointments cancel NO --db DB --reason TEXT [--by WHO] [--force yes]\n"
    "       kioskctl appointments move NO --db DB --to YYYY-MM-DDTHH:MM --reason TEXT [--by WHO] [--force yes]\n"
    "                            (less than 8 hours before the slot only with --force yes; the person is told)\n"
    "       kioskctl notifications --db DB             notices to people, newest first: pending, delivered, no_phone\n"
    "       kioskctl queue call --db DB --hall HALL --window N   call the next ticket at a window (the fair rule)\n"
    "       kioskctl queue take --db DB --hall HALL --theme THEME [--class ordinary|priority|asked]\n"
    "                            a number from the hall's desk (导服台), for someone who cannot use a terminal\n"
    "       kioskctl stats queue --db DB --hall HALL [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--csv yes]\n"
    "                            tickets, waits and service times (median, 90th percentile), no-shows, forfeited\n"
    "                            appointments: overall, per theme, window and day (default: today, 北京时间)\n"
    "       kioskctl stats hall --db DB --hall HALL [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--csv yes]   the hall's services:\n"
    "                            ratings, cases on time, collections, work orders, calls for staff (per terminal, per day)\n"
    "       kioskctl staff add --db DB --hall HALL --name NAME --role window|hall-admin   prints a first password once\n"
    "       kioskctl staff reset --db DB --hall HALL --name NAME   a new first password (and the lock lifted)\n"
    "       kioskctl reports list --db DB --hall HALL [--overdue yes]   work orders of what could not be done (办不成事)\n"
    "       kioskctl reports show NO --db DB          a work order with every step (the person's name, for the lead office)\n"
    "       kioskctl reports advance NO --db DB --to STATE --by WHO [--note TEXT]\n"
    "       kioskctl ratings list --db DB --hall HALL [--overdue yes] [--on DAY]   bad ratings' follow-ups (好差评, 1-4-13)\n"
    "       kioskctl ratings show ID --db DB          a follow-up with the rater's name and every step (audited)\n"
    "       kioskctl ratings advance ID --db DB --to STATE|requested|upheld|rejected --by WHO [--note TEXT] [--complex yes]\n"
    "                            received, classified, transferred, resolved, replied, verified: one step at a time\n"
    "       kioskctl audit --db DB --hall HALL         the hall's audit: sign-ins and every action, newest first\n"
    "       kioskctl ca create --out DIR [--name NAME]        a private CA: DIR/ca.pem, DIR/ca.key\n"
    "       kioskctl ca server-cert --ca DIR --host H[,H2] --out DIR   server.pem, server.key\n"
    "DB is sqlite:PATH or postgresql://…\n";

using nlohmann::json;

int usage();

// kioskctl stats queue: the period's figures as a table or CSV.
template <typename Flag>
int queueStats(ow::central::Store& store, const Flag& flag) {
    const std::string today = ow::protocol::dateOf(std::time(nullptr));
    const std::string from = flag("from").empty() ? today : flag("from"), to = flag("to").empty() ? from : flag("to");
    if (flag("hall").empty() || !ow::protocol::validDate(from) || !ow::protocol::validDate(to) || to < from) return usage();
    auto s = store.queue().stats(flag("hall"), from, to);
    if (!s) return std::fprintf(stderr, "kioskctl: %s\n", s.error().c_str()), 1;
    const bool csv = flag("csv") == "yes";
    const auto mins = [](int64_t sec) { return std::to_string(sec / 60) + "m" + (sec % 60 < 10 ? "0" : "") + std::to_string(sec % 60) + "s"; };
    const auto row = [&](const char* group, const ow::central::QueueStats::Row& r) {
        if (csv)
            std::printf("%s,%s,%d,%d,%d,%d,%d,%lld,%lld,%lld,%lld\n", group, r.key.c_str(), r.tickets, r.called, r.done, r.noShows,
                        r.forfeited, static_cast<long long>(r.waitMedian), static_cast<long long>(r.waitP90),
                        static_cast<long long>(r.serviceMedian), static_cast<long long>(r.serviceP90));
        else
            std::printf("%-8s %-13s %7d %7d %7d %8d %9d   %8s %8s   %8s %8s\n", group, r.key.empty() ? "-" : r.key.c_str(), r.tickets,
                        r.called, r.done, r.noShows, r.forfeited, mins(r.waitMedian).c_str(), mins(r.waitP90).c_str(),
                        mins(r.serviceMedian).c_str(), mins(r.serviceP90).c_str());
    };
    if (csv) std::printf("group,key,tickets,called,done,no_shows,forfeited,wait_median_s,wait_p90_s,service_median_s,service_p90_s\n");
    else
        std::printf("queue of %s, %s to %s (北京时间)\n%-8s %-13s %7s %7s %7s %8s %9s   %8s %8s   %8s %8s\n", flag("hall").c_str(),
                    from.c_str(), to.c_str(), "", "", "tickets", "called", "done", "no-shows", "forfeited", "wait p50", "p90",
                    "service", "p90");
    row("overall", s->overall);
    for (const auto& r : s->byTheme) row("theme", r);
    for (const auto& r : s->byWindow) row("window", r);
    for (const auto& r : s->byDay) row("day", r);
    if (csv)
        std::printf("help,calls,%d,%d,,,,%lld,%lld,,\n", s->helpCalls, s->helpTaken, static_cast<long long>(s->helpTakeMedian),
                    static_cast<long long>(s->helpTakeP90));
    else
        std::printf("calls for staff: %d, taken %d; raised to taken p50 %s, p90 %s\n", s->helpCalls, s->helpTaken,
                    mins(s->helpTakeMedian).c_str(), mins(s->helpTakeP90).c_str());
    return 0;
}

// The hall's services of a period (002 第二十二条): ratings, cases on time, collections, work orders, calls for staff.
template <typename Flag>
int hallStats(ow::central::Store& store, const Flag& flag) {
    const std::string today = ow::protocol::dateOf(std::time(nullptr));
    const std::string from = flag("from").empty() ? today : flag("from"), to = flag("to").empty() ? from : flag("to");
    if (flag("hall").empty() || !ow::protocol::validDate(from) || !ow::protocol::validDate(to) || to < from) return usage();
    auto f = store.serviceFigures(flag("hall"), from, to, today);
    if (!f) return std::fprintf(stderr, "kioskctl: %s\n", f.error().c_str()), 1;
    if (flag("csv") == "yes") {
        std::fputs(ow::central::serviceFiguresCsv(*f).c_str(), stdout);
        return 0;
    }
    std::printf("services of %s, %s to %s (北京时间)\n%-8s %-18s %7s %6s %6s %5s %8s %8s %8s %7s %8s %8s %6s %8s\n", flag("hall").c_str(),
                from.c_str(), to.c_str(), "", "", "ratings", "rate%", "satis%", "bad", "put right", "cases", "on time", "collect",
                "orders", "on time", "help", "take p50");
    const auto row = [](const char* group, const ow::central::ServiceFigures::Row& r) {
        std::printf("%-8s %-18s %7d %5d%% %5d%% %5d %5d/%-3d %8d %8d %7d %8d %8d %6d %7llds\n", group, r.key.empty() ? "-" : r.key.c_str(),
                    r.ratings, r.ratingRatePercent(), r.satisfactionPercent(), r.bad, r.badFixedOnTime, r.bad, r.casesDecided,
                    r.casesOnTime, r.collections, r.workOrders, r.workOrdersOnTime, r.helpCalls,
                    static_cast<long long>(r.helpTakeMedianS));
    };
    row("overall", f->overall);
    for (const auto& r : f->byTerminal) row("terminal", r);
    for (const auto& r : f->byDay) row("day", r);
    return 0;
}

int usage() { return std::fputs(kUsage, stderr), 2; }
int fail(const std::string& why) { return std::fprintf(stderr, "kioskctl: %s\n", why.c_str()), 1; }

std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> out;
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, sep);)
        if (!part.empty()) out.push_back(part);
    return out;
}

// "all" | "halls:a,b" | "terminals:k1" | "percent:10" → the JSON central keeps.
std::string scopeJson(const std::string& arg) {
    if (arg == "all") return json{{"all", true}}.dump();
    const auto colon = arg.find(':');
    if (colon == std::string::npos) return "";
    const std::string kind = arg.substr(0, colon), rest = arg.substr(colon + 1);
    if (kind == "halls" || kind == "terminals") return json{{kind, split(rest, ',')}}.dump();
    if (kind == "percent") return json{{"percent", std::atoi(rest.c_str())}}.dump();
    return "";
}

int fleet(ow::central::Store& store) {
    const int64_t now = std::time(nullptr);
    std::printf("%-18s %-12s %-10s %-8s %-10s %-7s %-7s %s\n", "terminal", "hall", "name", "state", "last seen", "config",
                "outbox", "devices needing attention / refused bundles");
    for (const auto& k : store.fleet()) {
        const auto hb = json::parse(k.heartbeat.empty() ? "{}" : k.heartbeat, nullptr, false);
        std::string attention;
        // Devices that need someone (clear: hall staff; maintenance: an engineer), and supplies running low
        // ("paper near end") on devices that still work.
        if (hb.is_object() && hb.contains("devices"))
            for (const auto& d : hb["devices"]) {
                const std::string action = d.value("action", "none"), detail = d.value("detail", "");
                if (action != "none")
                    attention += d.value("device", "?") + " (" + action + (detail.empty() ? "" : ": " + detail) + ") ";
                else if (!detail.empty())
                    attention += d.value("device", "?") + " (" + detail + ") ";
            }
        if (hb.is_object() && hb.contains("rejected_bundles") && !hb["rejected_bundles"].empty()) {
            const auto& last = hb["rejected_bundles"].back();
            attention += "bundle " + std::to_string(last.value("version", 0)) + " refused: " + last.value("code", "") + " ";
        }
        const std::string state = ow::central::fleetState(k, now);
        const std::string seen = k.lastSeen == 0 ? "never" : std::to_string(now - k.lastSeen) + " s ago";
        const std::string config = hb.is_object() && hb.contains("config_version") ? hb["config_version"].dump() : "-";
        const std::string outbox = hb.is_object() && hb.contains("outbox_depth") ? hb["outbox_depth"].dump() : "-";
        std::printf("%-18s %-12s %-10s %-8s %-10s %-7s %-7s %s\n", k.id.c_str(), k.hall.c_str(), k.name.c_str(),
                    state.c_str(), seen.c_str(), config.c_str(), outbox.c_str(), attention.empty() ? "-" : attention.c_str());
    }
    return 0;
}

// A case as the back office reads it: number, matter, holder, status, deadline, and every step with its time.
void printCase(const std::string& caseJson) {
    const auto c = ow::protocol::caseFromJson(caseJson);
    if (!c) return;
    std::printf("%s  %s %s (%s)\n  holder %s %s, phone %s\n  status %s, promised by %s\n", c->caseNo.c_str(),
                c->matterCode.c_str(), c->matterName.c_str(), c->department.c_str(), c->holderName.c_str(),
                c->holderId.c_str(), c->phone.c_str(), ow::protocol::caseStatusCode(c->status), c->deadline.c_str());
    for (const auto& s : c->steps) {
        const std::string when = ow::core::caseTime(s.at);  // 北京时间, as the terminals show it
        std::string extra = s.reason;
        for (const auto& m : s.missing) extra += (extra.empty() ? "missing: " : "; ") + m;
        if (!s.supplementBy.empty()) extra += " (by " + s.supplementBy + ")";
        if (!s.trackingNo.empty()) extra += "tracking " + s.trackingNo;
        std::printf("  %s  %-12s %s%s%s\n", when.c_str(), ow::protocol::caseStatusCode(s.status), s.by.c_str(),
                    extra.empty() ? "" : "  ", extra.c_str());
    }
    // Submitted at a terminal: the receipt number, the form as filled in, each material and its pages.
    const json j = json::parse(caseJson, nullptr, false);
    if (!j.is_object() || !j.contains("submission") || !j["submission"].is_object()) return;
    const json& sub = j["submission"];
    std::printf("  submitted at terminal %s, receipt %s\n", sub.value("kiosk_id", "").c_str(), sub.value("receipt_no", "").c_str());
    const json& form = sub["form"];
    if (!form.is_object()) return;
    for (const auto& f : form.value("fields", json::array()))
        std::printf("  %s: %s\n", f.value("label", "").c_str(), f.value("value", "").c_str());
    std::map<int, std::pair<int, size_t>> held;  // material → pages held, bytes
    for (const auto& p : sub.value("pages", json::array())) {
        auto& h = held[p.value("material", 0)];
        ++h.first;
        h.second += p.value("bytes", size_t{0});
    }
    int i = 0;
    for (const auto& m : form.value("materials", json::array())) {
        const auto h = held[i++];
        if (m.value("missing", false))
            std::printf("  material %d %s%s: missing\n", i, m.value("key", false) ? "(key) " : "", m.value("name", "").c_str());
        else
            std::printf("  material %d %s%s: %d page(s) held, %zu bytes\n", i, m.value("key", false) ? "(key) " : "",
                        m.value("name", "").c_str(), h.first, h.second);
    }
    if (form.value("tolerance", false))
        std::printf("  tolerance acceptance: signed commitment, supplement by %s\n", form.value("supplement_by", "").c_str());
}

// The case commands go through the same handlers as the admin API, so both check a case the same way.
int caseCommand(ow::central::Store& store, const std::vector<std::string>& positional,
                const std::function<std::string(const char*)>& flag) {
    const std::string sub = positional.empty() ? "" : positional[0];
    const int64_t now = std::time(nullptr);
    ow::central::Reply reply;
    if (sub == "create") {
        json body{{"matter_code", flag("matter")}, {"matter_name", flag("matter-name")}, {"department", flag("department")},
                  {"holder", {{"name", flag("holder-name")}, {"id_number", flag("holder-id")}, {"phone", flag("phone")}}},
                  {"instant", flag("instant") == "yes"}, {"by", flag("by")}, {"hall", flag("hall")}};
        if (!flag("promised-days").empty()) body["promised_days"] = std::atoi(flag("promised-days").c_str());
        reply = ow::central::handleCreateCase(store, body.dump(), now);
    } else if (sub == "advance" && positional.size() == 2) {
        json body{{"case_no", positional[1]}, {"to", flag("to")}};
        for (const char* key : {"reason", "supplement-by", "tracking-no", "by"})
            if (!flag(key).empty()) {
                std::string k = key;
                std::replace(k.begin(), k.end(), '-', '_');
                body[k] = flag(key);
            }
        if (!flag("missing").empty()) body["missing"] = split(flag("missing"), ';');
        reply = ow::central::handleAdvanceCase(store, body.dump(), now);
    } else if (sub == "attach" && positional.size() == 3) {
        // A result document for the terminal to print when the person collects (领取).
        auto pdf = ow::core::readFile(positional[2]);
        if (!pdf) return fail(pdf.error());
        std::string b64(sodium_base64_ENCODED_LEN(pdf->size(), sodium_base64_VARIANT_ORIGINAL), '\0');
        sodium_bin2base64(b64.data(), b64.size(), reinterpret_cast<const unsigned char*>(pdf->data()), pdf->size(),
                          sodium_base64_VARIANT_ORIGINAL);
        b64.resize(b64.size() - 1);
        const std::string name = flag("name").empty() ? std::filesystem::path(positional[2]).stem().string() : flag("name");
        reply = ow::central::handleAttachDocument(store, json{{"case_no", positional[1]}, {"name", name}, {"pdf", b64}, {"by", flag("by")}}.dump(),
                                                  now);
    } else if (sub == "show" && positional.size() == 2) {
        std::string caseNo = positional[1];
        if (ow::protocol::validReceiptNo(caseNo)) {  // a terminal's receipt number finds its case too
            auto r = store.caseByReceipt(caseNo);
            if (!r) return fail(r.error());
            if (!*r) return fail("no case has the receipt number " + caseNo);
            caseNo = (*r)->first.caseNo;
        }
        reply = ow::central::handleGetCase(store, caseNo);
        // The photographed pages, as JPEG files, for the back office to read.
        if (reply.status == 200 && !flag("pages").empty()) {
            auto sub = store.submittedCase(caseNo);
            if (!sub) return fail(sub.error());
            if (*sub)
                for (const auto& p : (*sub)->pages) {
                    std::string bytes(p.jpegBase64.size(), '\0');
                    size_t len = 0;
                    sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), p.jpegBase64.data(),
                                      p.jpegBase64.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL);
                    const std::string path = flag("pages") + "/" + caseNo + "-" + std::to_string(p.material + 1) + "-" +
                                             std::to_string(p.page) + ".jpg";
                    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(len));
                }
        }
    } else {
        return usage();
    }
    if (reply.status >= 300) {
        const auto err = json::parse(reply.body, nullptr, false);
        return fail(err.is_object() && err.contains("error") ? err["error"].value("message", reply.body) : reply.body);
    }
    printCase(reply.body);
    return 0;
}

// One appointment on a line: time, number, state, who, matter, and what the hall did.
void printAppointment(const json& a) {
    const std::string slot = a.value("slot", "");
    std::printf("%s  %s  %-9s  %s  %s  %s", slot.c_str(), a.value("no", "").c_str(), a.value("state", "").c_str(),
                a.value("name", "").c_str(), a.value("id_number", "").c_str(), a.value("matter_name", "").c_str());
    if (a.contains("hall_change"))
        std::printf("  (hall %s: %s)", a["hall_change"].value("what", "").c_str(), a["hall_change"].value("reason", "").c_str());
    std::printf("\n");
}

// The hall's side of appointments, through the same handlers as the admin API.
int appointmentsCommand(ow::central::Store& store, const std::vector<std::string>& positional,
                        const std::function<std::string(const char*)>& flag) {
    const std::string sub = positional.empty() ? "" : positional[0];
    const int64_t now = std::time(nullptr);
    ow::central::Reply reply;
    if (sub == "list") {
        reply = ow::central::handleHallAppointments(store, flag("hall"), flag("day"));
    } else if (sub == "show" && positional.size() == 2) {
        auto a = store.appointments().byNumber(positional[1]);
        if (!a) return fail(a.error());
        if (!*a) return fail("no appointment " + positional[1]);
        json j = json::parse(ow::central::appointmentJson(**a));
        j["name"] = (*a)->holderName;
        printAppointment(j);
        auto steps = store.appointments().steps(positional[1]);
        if (!steps) return fail(steps.error());
        for (const auto& st : *steps)
            std::printf("  %s  %-22s %s%s%s\n", ow::protocol::slotIdOf(st.at).c_str(), st.action.c_str(), st.slot.c_str(),
                        st.by.empty() ? "" : ("  by " + st.by).c_str(), st.reason.empty() ? "" : ("  " + st.reason).c_str());
        return 0;
    } else if ((sub == "cancel" || sub == "move") && positional.size() == 2) {
        const char* user = std::getenv("USER");
        json body{{"no", positional[1]}, {"reason", flag("reason")}, {"by", flag("by").empty() ? (user ? user : "kioskctl") : flag("by")},
                  {"force", flag("force") == "yes"}};
        if (sub == "move") body["slot"] = flag("to");
        reply = ow::central::handleHallChange(store, body.dump(), now, sub == "move");
    } else {
        return usage();
    }
    const json j = json::parse(reply.body, nullptr, false);
    if (reply.status >= 300) {
        if (j.is_object() && j.contains("refused")) return fail(j["refused"].value("message", reply.body));
        return fail(j.is_object() && j.contains("error") ? j["error"].value("message", reply.body) : reply.body);
    }
    if (j.contains("appointment")) printAppointment(j["appointment"]);
    if (j.contains("appointments")) {
        if (j["appointments"].empty()) std::printf("no appointments\n");
        for (const auto& a : j["appointments"]) printAppointment(a);
    }
    return 0;
}

int keygen(const std::string& keyId, const std::string& out) {
    if (keyId.empty() || out.empty()) return usage();
    // A signing key is never overwritten: bundles signed with it would no longer be reproducible.
    if (std::ifstream(out).good()) return fail(out + " already exists; choose another --out");
    const auto pair = ow::core::generateKeyPair();
    if (auto st = ow::core::writePrivateFile(out, json{{"key_id", keyId}, {"secret_key", pair.secretKey}}.dump(1) + "\n"); !st)
        return fail(st.error());
    std::ofstream(out + ".pub") << json{{keyId, pair.publicKey}}.dump(1) << "\n";
    std::printf("signing key %s written to %s (keep it offline)\ntrusted key for terminals: %s.pub\n", keyId.c_str(),
                out.c_str(), out.c_str());
    return 0;
}

// An administrators' signing key made by `kioskctl keygen`: its id and secret (wiped when it goes).
struct AdminKey {
    std::string id;
    ow::core::SecretKey secret{};
    AdminKey() = default;
    AdminKey(AdminKey&& o) noexcept : id(std::move(o.id)), secret(o.secret) { sodium_memzero(o.secret.data(), o.secret.size()); }
    ~AdminKey() { sodium_memzero(secret.data(), secret.size()); }
};
ow::core::Result<AdminKey> adminKey(const std::string& path) {
    auto text = ow::core::readFile(path);
    if (!text) return ow::core::Error{text.error()};
    const json k = json::parse(*text, nullptr, false);
    if (!k.is_object() || !k.contains("key_id") || !k["key_id"].is_string() || !k.contains("secret_key") || !k["secret_key"].is_string())
        return ow::core::Error{path + " is not a key from kioskctl keygen"};
    auto secret = ow::core::decodeSecretKey(k["secret_key"].get<std::string>());
    if (!secret) return ow::core::Error{path + ": " + secret.error()};
    AdminKey key;
    key.id = k["key_id"].get<std::string>();
    key.secret = *secret;
    sodium_memzero(secret->data(), secret->size());
    return key;
}

int sign(const std::string& bundlePath, const std::string& keyPath, std::string out) {
    if (bundlePath.empty() || keyPath.empty()) return usage();
    auto text = ow::core::readFile(bundlePath);
    if (!text) return fail(text.error());
    auto key = adminKey(keyPath);
    if (!key) return fail(key.error());
    auto signedDoc = ow::core::signBundle(*text, key->id, key->secret);
    if (!signedDoc) return fail(bundlePath + ": " + signedDoc.error());
    if (out.empty()) out = bundlePath.substr(0, bundlePath.rfind(".json")) + ".signed.json";
    std::ofstream f(out, std::ios::trunc);
    f << *signedDoc;
    if (!f) return fail("cannot write " + out);
    std::printf("signed %s with key %s → %s\n", bundlePath.c_str(), key->id.c_str(), out.c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || sodium_init() < 0) return usage();
    const std::string cmd = argv[1];
    std::map<std::string, std::string> flags;
    std::vector<std::string> positional;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        if (a.rfind("--", 0) == 0 && i + 1 < argc) flags[a.substr(2)] = argv[++i];
        else if (a.rfind("--", 0) == 0) return usage();
        else positional.push_back(a);
    }
    auto flag = [&](const char* name) { return flags.count(name) ? flags[name] : std::string(); };

    if (cmd == "keygen") return keygen(flag("key-id"), flag("out"));
    if (cmd == "sign") return sign(positional.empty() ? "" : positional[0], flag("key"), flag("out"));
    if (cmd == "ca") {
        const std::string sub = positional.empty() ? "" : positional[0];
        const int days = flags.count("days") ? std::atoi(flag("days").c_str()) : 3650;
        if (sub == "create" && !flag("out").empty()) {
            if (auto st = ow::central::createCa(flag("out"), flags.count("name") ? flag("name") : "OneWindow CA", days); !st)
                return fail(st.error());
            std::printf("CA written to %s/ca.pem (install on terminals) and %s/ca.key (keep safe)\n", flag("out").c_str(),
                        flag("out").c_str());
            return 0;
        }
        if (sub == "server-cert" && !flag("ca").empty() && !flag("out").empty()) {
            if (auto st = ow::central::createServerCert(flag("ca"), split(flag("host"), ','), flag("out"), std::min(days, 825)); !st)
                return fail(st.error());
            std::printf("server certificate written to %s/server.pem and %s/server.key\n", flag("out").c_str(),
                        flag("out").c_str());
            return 0;
        }
        return usage();
    }

    if (flag("db").empty()) return usage();
    auto opened = ow::central::openStore(flag("db"));
    if (!opened) return fail(opened.error());
    ow::central::Store& store = **opened;
    if (cmd == "enroll") {
        if (flag("hall").empty() || flag("name").empty()) return usage();
        auto token = store.createEnrolToken(flag("hall"), flag("name"));
        if (!token) return fail(token.error());
        std::printf("%s\n", token->c_str());
        return 0;
    }
    if (cmd == "revoke" && positional.size() == 1) {
        if (auto st = store.revoke(positional[0]); !st) return fail(st.error());
        std::printf("revoked %s\n", positional[0].c_str());
        return 0;
    }
    if (cmd == "fleet") return fleet(store);
    if (cmd == "case") return caseCommand(store, positional, flag);
    if (cmd == "appointments") return appointmentsCommand(store, positional, flag);
    if (cmd == "queue" && positional.size() == 1 && positional[0] == "call") {
        const auto reply =
            ow::central::handleCallNext(store, json{{"hall", flag("hall")}, {"window", flag("window")}}.dump(), std::time(nullptr));
        const json j = json::parse(reply.body, nullptr, false);
        if (reply.status != 200) return fail(j.is_object() && j.contains("refused") ? j["refused"].value("message", reply.body) : reply.body);
        std::printf("%s to window %s (%s, %s)\n", j["ticket"].value("number", "").c_str(), flag("window").c_str(),
                    j["ticket"].value("theme", "").c_str(), j["ticket"].value("class", "").c_str());
        return 0;
    }
    if (cmd == "queue" && positional.size() == 1 && positional[0] == "take") {
        if (flag("hall").empty() || flag("theme").empty()) return usage();
        ow::central::QueueBook::Request r{"desk", ow::protocol::randomHex(12), flag("hall"), flag("theme")};
        const std::string cls = flag("class");
        if (cls == "priority") r.cls = ow::protocol::TicketClass::priority;
        else if (cls == "asked") r.priorityAsked = true;
        else if (!cls.empty() && cls != "ordinary") return usage();
        auto taken = store.queue().take(r, std::time(nullptr));
        if (!taken) return fail(taken.error());
        if (const auto* no = std::get_if<ow::central::NoTicket>(&*taken)) return fail(no->code + ": " + no->message);
        const auto& t = std::get<ow::central::Ticket>(*taken);
        std::printf("%s (%s, %s), %d ahead, about %d minutes; windows", t.number.c_str(), t.theme.c_str(), t.cls.c_str(), t.ahead,
                    t.waitMinutes);
        for (const auto& w : t.windows) std::printf(" %s", w.c_str());
        std::printf("\n");
        return 0;
    }
    if (cmd == "stats" && positional.size() == 1 && positional[0] == "queue") return queueStats(store, flag);
    if (cmd == "stats" && positional.size() == 1 && positional[0] == "hall") return hallStats(store, flag);
    if (cmd == "staff" && positional.size() == 1 && positional[0] == "code") {
        // A staff code for a terminal's service mode: signed with the configuration's key, expiring; its PIN shown
        // once here and kept in the code only as an argon2id hash.
        if (flag("hall").empty() || flag("name").empty() || flag("key").empty() ||
            (flag("role") != "clear" && flag("role") != "maintenance"))
            return usage();
        const int days = flag("days").empty() ? 30 : std::atoi(flag("days").c_str());
        if (days < 1 || days > 366) return fail("--days must be 1 to 366");
        auto key = adminKey(flag("key"));
        if (!key) return fail(key.error());
        ow::core::StaffCode code;
        code.id = ow::protocol::randomHex(8), code.hall = flag("hall"), code.name = flag("name");
        code.role = flag("role") == "maintenance" ? ow::core::StaffRole::maintenance : ow::core::StaffRole::clear;
        code.expiresAt = std::time(nullptr) + int64_t{days} * 86400;
        std::string pin = flag("pin");
        if (pin.empty())
            for (int i = 0; i < 6; ++i) pin += static_cast<char>('0' + randombytes_uniform(10));
        auto made = ow::core::makeStaffCode(code, pin, key->id, key->secret);
        if (!made) return fail(made.error());
        store.staff().audit(code.hall, "kioskctl", "staff_code_issued", code.id + " " + code.name + " " + ow::core::staffRoleCode(code.role),
                            std::time(nullptr));
        std::printf("staff code %s for %s (%s) at %s, valid until %s; PIN (shown once; give it in person): %s\n%s\n", code.id.c_str(),
                    code.name.c_str(), ow::core::staffRoleCode(code.role), code.hall.c_str(),
                    ow::protocol::dateOf(code.expiresAt).c_str(), pin.c_str(), made->c_str());
        sodium_memzero(pin.data(), pin.size());
        return 0;
    }
    if (cmd == "staff" && positional.size() == 1 && (positional[0] == "add" || positional[0] == "reset")) {
        if (flag("hall").empty() || flag("name").empty() || (positional[0] == "add" && flag("role").empty())) return usage();
        auto password = positional[0] == "add" ? store.staff().add(flag("hall"), flag("name"), flag("role"), std::time(nullptr))
                                               : store.staff().resetPassword(flag("hall"), flag("name"), std::time(nullptr));
        if (!password) return fail(password.error());
        std::printf("first password for %s at %s (shown once; give it in person): %s\n", flag("name").c_str(), flag("hall").c_str(),
                    password->c_str());
        return 0;
    }
    if (cmd == "reports" && !positional.empty()) {
        const int64_t now = std::time(nullptr);
        const auto print = [](const ow::central::WorkOrder& w, bool steps) {
            std::printf("%s  %-11s deadline %s%s  %s  %s  %s: %s\n", w.no.c_str(), w.state.c_str(), w.deadline.c_str(),
                        w.overdue ? " OVERDUE" : "", w.name.c_str(), w.phoneMasked.c_str(), w.department.c_str(),
                        (w.category + (w.text.empty() ? "" : " - " + w.text)).c_str());
            if (steps)
                for (const auto& s : w.steps)
                    std::printf("  %s  %-11s %s%s\n", ow::protocol::slotIdOf(s.at).c_str(), s.state.c_str(), s.by.c_str(),
                                s.note.empty() ? "" : ("  " + s.note).c_str());
        };
        if (positional[0] == "list" && !flag("hall").empty()) {
            auto list = store.reports().ofHall(flag("hall"), flag("overdue") == "yes", now);
            if (!list) return fail(list.error());
            if (list->empty()) std::printf("no work orders\n");
            for (const auto& w : *list) print(w, false);
            return 0;
        }
        if (positional.size() == 2 && positional[0] == "show") {
            auto w = store.reports().byNumber(positional[1], now);
            if (!w) return fail(w.error());
            if (!*w) return fail("no work order " + positional[1]);
            print(**w, true);
            return 0;
        }
        if (positional.size() == 2 && positional[0] == "advance" && !flag("to").empty()) {
            auto r = store.reports().advance(positional[1], flag("to"), flag("by"), flag("note"), now);
            if (!r) return fail(r.error());
            if (const auto* why = std::get_if<std::string>(&*r)) return fail(*why);
            print(std::get<ow::central::WorkOrder>(*r), true);
            return 0;
        }
        return usage();
    }
    if (cmd == "collect" && positional.size() == 1 && positional[0] == "list" && !flag("hall").empty()) {
        // Results asked to be posted (邮政速递): mailed within 1 working day, the tracking number entered with
        // `kioskctl case advance NO --to mailed --tracking-no X`.
        const std::string onDay = flag("on").empty() ? ow::protocol::dateOf(std::time(nullptr)) : flag("on");
        if (!ow::protocol::validDate(onDay)) return fail("--on must be a date like 2026-12-07");
        auto list = store.collections().postal(flag("hall"), flag("overdue") == "yes", onDay);
        if (!list) return fail(list.error());
        if (list->empty()) std::printf("no results to post\n");
        for (const auto& p : *list)
            std::printf("%s  %s  mail by %s%s  %s  %s  %s\n", p.caseNo.c_str(), p.mailedAt ? ("mailed " + p.tracking).c_str() : "to mail",
                        p.mailBy.c_str(), p.overdue ? " OVERDUE" : "", p.matter.c_str(), p.addressMasked.c_str(), p.phoneMasked.c_str());
        return 0;
    }
    if (cmd == "ratings" && !positional.empty()) {
        // Bad ratings' follow-ups (好差评, 1-4-13); the rater masked, except in `show`, which is audited.
        const int64_t now = std::time(nullptr);
        const std::string onDay = flag("on").empty() ? ow::protocol::dateOf(now) : flag("on");
        if (!ow::protocol::validDate(onDay)) return fail("--on must be a date like 2026-12-07");
        const auto print = [](const ow::central::Rating& r, bool full) {
            const auto& f = *r.followUp;
            std::printf("%s  level %d  %-8s contact by %s, put right by %s%s%s%s  %s  %s %s: %s\n", r.id.c_str(), r.level,
                        f.state.c_str(), f.contactBy.c_str(), (f.complex ? f.complexBy : f.fixBy).c_str(), f.complex ? " (complex)" : "",
                        f.overdue ? " OVERDUE" : "", f.appeal.empty() ? "" : (" appeal " + f.appeal).c_str(),
                        (full ? r.name : r.nameMasked).c_str(), r.stage.c_str(), r.subject.c_str(),
                        (r.what + (r.window.empty() ? "" : ", window " + r.window + " " + r.staff) + " — " + r.reasons +
                         (r.text.empty() ? "" : " — " + r.text))
                            .c_str());
            if (full)
                for (const auto& s : f.steps)
                    std::printf("  %s  %-16s %s%s\n", ow::protocol::slotIdOf(s.at).c_str(), s.state.c_str(), s.by.c_str(),
                                s.note.empty() ? "" : ("  " + s.note).c_str());
        };
        if (positional[0] == "list" && !flag("hall").empty()) {
            auto list = store.ratings().followUps(flag("hall"), flag("overdue") == "yes", onDay);
            if (!list) return fail(list.error());
            if (list->empty()) std::printf("no follow-ups of bad ratings\n");
            for (const auto& r : *list) print(r, false);
            return 0;
        }
        if (positional.size() == 2 && (positional[0] == "show" || positional[0] == "advance")) {
            ow::core::Result<std::variant<ow::central::Rating, std::string>> r = ow::core::Error{""};
            if (positional[0] == "show") {
                auto found = store.ratings().byId(positional[1], onDay);
                if (!found) return fail(found.error());
                if (!*found || !(*found)->followUp) return fail("no follow-up of a rating " + positional[1]);
                r = std::variant<ow::central::Rating, std::string>(**found);
            } else {
                if (flag("to").empty()) return usage();
                r = store.ratings().advance(positional[1], flag("to"), flag("by"), flag("note"), flag("complex") == "yes", now);
            }
            if (!r) return fail(r.error());
            if (const auto* why = std::get_if<std::string>(&*r)) return fail(*why);
            const auto& rating = std::get<ow::central::Rating>(*r);
            // The rater's identity is looked up: who and when go into the hall's audit (never the name itself).
            store.staff().audit(rating.hall, "kioskctl", positional[0] == "show" ? "rater_looked_up" : "follow_up_" + flag("to"),
                                rating.id, now);
            print(rating, true);
            return 0;
        }
        return usage();
    }
    if (cmd == "audit") {
        if (flag("hall").empty()) return usage();
        auto log = store.staff().auditLog(flag("hall"), 200);
        if (!log) return fail(log.error());
        if (log->empty()) std::printf("nothing in the audit of %s\n", flag("hall").c_str());
        for (const auto& e : *log)
            std::printf("%s  %-20s %-18s %s\n", ow::protocol::slotIdOf(e.at).c_str(), e.who.c_str(), e.action.c_str(), e.detail.c_str());
        return 0;
    }
    if (cmd == "notifications") {
        auto list = store.appointments().notifications(200);
        if (!list) return fail(list.error());
        if (list->empty()) std::printf("no notifications\n");
        for (const auto& n : *list)
            std::printf("%s  %-14s %-9s %s  due %s  %s%s\n", n.id.c_str(), n.kind.c_str(), n.state.c_str(), n.phoneMasked.c_str(),
                        ow::protocol::slotIdOf(n.dueAt).c_str(), n.text.c_str(),
                        n.lastError.empty() ? "" : ("  (" + std::to_string(n.attempts) + " tries: " + n.lastError + ")").c_str());
        return 0;
    }
    if (cmd == "quarantine") {
        const auto list = store.quarantine(flag("kiosk"), 100);
        if (list.empty()) std::printf("nothing in quarantine\n");
        for (const auto& q : list)
            std::printf("%s seq %lld %s: %s\n  %s\n", q.kioskId.c_str(), static_cast<long long>(q.seq), q.type.c_str(),
                        q.reason.c_str(), q.payload.c_str());
        return 0;
    }
    if (cmd == "admin-token") {
        if (flag("name").empty()) return usage();
        auto token = store.createAdminToken(flag("name"));
        if (!token) return fail(token.error());
        std::printf("%s\n", token->c_str());
        return 0;
    }
    if (cmd == "publish" && positional.size() == 1) {
        const std::string scope = scopeJson(flag("scope"));
        if (scope.empty()) return usage();
        auto text = ow::core::readFile(positional[0]);
        if (!text) return fail(text.error());
        auto prepared = ow::central::preparePublish(*text, scope, std::time(nullptr));
        if (!prepared) return fail(positional[0] + ": " + prepared.error());
        if (auto st = store.publishBundle(*prepared); !st) return fail(st.error());
        std::printf("published bundle version %lld to %s\n", static_cast<long long>(prepared->version), scope.c_str());
        return 0;
    }
    return usage();
}
