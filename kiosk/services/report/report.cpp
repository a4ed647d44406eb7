// Reports of what could not be done at the terminal.
#include "kiosk/services/report/report.h"


#include <ctime>
#include <nlohmann/json.hpp>

#include "kiosk/guide_notice.h"
#include "kiosk/log.h"
#include "kiosk/protocol/case_status.h"
#include "kiosk/protocol/signing.h"
#include "kiosk/services/progress/case_progress.h"
#include "kiosk/terminal.h"

namespace ow::core::report {

using nlohmann::json;

static_assert(static_cast<int>(Kind::formChoice) - static_cast<int>(Kind::formField) == static_cast<int>(FormEdit::choice),
              "the form's intents follow FormEdit's order");

namespace {

LocalText both(const Strings& s, const std::string& key) { return {s.text(Lang::zhCN, key), s.text(Lang::en, key)}; }

// The kinds of what went wrong a person can pick (then say more in their own words).
constexpr const char* kCategories[] = {"report.cat_materials", "report.cat_runs", "report.cat_overdue", "report.cat_shirked",
                                       "report.cat_system", "report.cat_nowhere", "report.cat_other"};
constexpr size_t kDepartment = 0, kCategory = 1, kPhone = 2, kText = 3;

}  // namespace

std::vector<FormField> reportFields(const Bundle& bundle, const Strings& s) {
    const auto field = [&](const char* key, const char* label, const char* hint, FormField::Type type) {
        FormField f;
        f.key = key, f.label = both(s, label), f.type = type;
        if (hint) f.hint = both(s, hint);
        return f;
    };
    FormField dept = field("department", "report.f_department", "report.f_department_hint", FormField::Type::choice);
    for (const auto& m : bundle.matters) {
        bool seen = false;
        for (const auto& d : dept.choices) seen = seen || d.zh == m.department.zh;
        if (!seen && !m.department.zh.empty()) dept.choices.push_back(m.department);
    }
    dept.choices.push_back(both(s, "report.dept_unknown"));
    FormField category = field("category", "report.f_category", nullptr, FormField::Type::choice);
    for (const char* key : kCategories) category.choices.push_back(both(s, key));
    FormField text = field("text", "report.f_text", "report.f_text_hint", FormField::Type::text);
    text.required = false, text.maxLength = 200;
    return {dept, category, field("phone", "report.f_phone", "report.f_phone_hint", FormField::Type::phone), text};
}

void Report::open(Terminal& t) {
    wipe();
    fields_ = reportFields(t.bundle(), t.strings());
    t.showFromHome(kStart);
}

void Report::identified(Terminal& t, ScreenId screen) {
    if (screen == kStart) t.showFromHome(kStart);  // now with the person's choices
}

// A work order slip's QR shows its state, from any screen.
bool Report::scanned(Terminal& t, const ScanCode&, const std::string& payload, int64_t nowMs) {
    if (protocol::lookupIdOfCode('W', payload).empty()) return false;
    t.beginSession(nowMs, "report_code");
    t.setCurrent(kCode);
    t.clearNotice();
    ask(t, status, "/v1/reports/status", json{{"code", payload}}.dump(), kMine);
    return true;
}

void Report::apply(Terminal& t, int kind, int value, int64_t) {
    const Identity& id = t.session().identity();
    switch (static_cast<Kind>(kind)) {
        case Kind::formField:
        case Kind::formKey:
        case Kind::formLetter:
        case Kind::formCandidate:
        case Kind::formChoice:
            if (t.screen() == kForm) form_.edit(fields_, static_cast<FormEdit>(kind), value, t.pinyin());
            break;
        case Kind::start:
            if (!id.present()) break;  // real-name: the card first (the start screen asks for it)
            if (fields_.empty()) fields_ = reportFields(t.bundle(), t.strings());
            form_.start(fields_.size());
            form_.set(kPhone, id.phone.view());
            form_.selectFirstEmpty();
            t.navigate(kForm);
            break;
        case Kind::mine:
            if (id.present()) ask(t, mine, "/v1/reports/mine", json{{"id_number", id.idNumber.view()}}.dump(), kMine);
            break;
        case Kind::next:
            if (t.screen() != kForm) break;
            if (form_.check(fields_)) t.navigate(kConfirm);
            log(Level::info, "report.form", {{"problems", form_.hasProblems() ? "some" : "0"}});
            break;
        case Kind::send: {
            if (t.screen() != kConfirm || !id.present() || form_.size() != fields_.size()) break;
            json body = {{"key", protocol::randomHex(12)},  // one decision: every retry of it sends this key
                         {"name", id.name.view()},
                         {"id_number", id.idNumber.view()},
                         {"phone", form_.value(kPhone)},
                         {"department", form_.text(fields_, kDepartment)},
                         {"category", form_.text(fields_, kCategory)},
                         {"text", form_.value(kText)}};
            std::string text = body.dump();
            body.clear();
            ask(t, file, "/v1/reports/file", std::move(text), kFiled);
            break;
        }
        case Kind::retry:
            central_.retry(t, *this);
            break;
        case Kind::reprint:
            printSlip(t);
            break;
    }
}

void Report::ask(Terminal& t, int op, std::string path, std::string body, ScreenId show) {
    printed_ = false;
    central_.ask(t, *this, op, std::move(path), std::move(body));
    if (t.screen() != show) {
        if (op == file) t.navigate(show);  // "back" from the order goes to what was sent
        else t.showFromHome(show);
    }
}

void Report::answered(Terminal& t, Answer& a) {
    const CentralReply* r = central_.take(a);
    if (!r || central_.state() != Asking::answered || r->op != file) return;
    const json j = json::parse(r->body, nullptr, false);
    wipeText(slipCode_);
    if (j.is_object() && j.contains("code") && j["code"].is_string()) slipCode_ = j["code"].get<std::string>();
    printSlip(t);
}

OrderView Report::orderView(const Terminal& t, const std::string& text) const {
    OrderView v;
    const json j = json::parse(text, nullptr, false);
    if (!j.is_object()) return v;
    const auto str = [&](const char* key) { return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : ""; };
    v.no = str("no"), v.department = str("department"), v.category = str("category");
    const std::string state = str("state");
    const std::string key = "report.state." + state;
    v.state = t.strings().has(t.lang(), key) ? t.tr(key) : state;
    v.closed = state == "replied" || state == "verified";
    v.deadline = str("deadline");
    v.overdue = j.value("overdue", false);
    if (j.contains("received_at") && j["received_at"].is_number_integer()) v.received = caseTime(j["received_at"].get<int64_t>());
    if (j.contains("steps") && j["steps"].is_array())
        for (const auto& s : j["steps"])
            if (s.is_object() && s.contains("note") && s["note"].is_string() && !s["note"].get<std::string>().empty())
                v.latestNote = s["note"].get<std::string>();
    return v;
}

void Report::printSlip(Terminal& t) {
    const auto v = filedView(t);
    if (!v.order || slipCode_.empty() || !t.deviceOnline("receipt")) return;
    ReportSlipFacts facts{v.order->no, t.applicant().name, v.order->department, v.order->category, v.order->received,
                          v.order->deadline};
    t.request(*this, PrintRequest{reportSlip(facts, slipCode_, t.bundle(), t.strings(), t.lang(), std::time(nullptr)), false});
    printed_ = true;
}

std::string Report::problemText(const Terminal& t) const {
    if (asking() == Asking::offline) return t.tr(central_.question().op == file ? "report.offline_file" : "report.offline");
    if (asking() == Asking::refused) return t.tr("report.not_found");
    return "";
}

StartView Report::startView(const Terminal& t) const {
    StartView v;
    v.identified = t.session().identity().present();
    if (v.identified) v.who = t.applicantLine();
    return v;
}

FormView Report::formView(const Terminal& t) const {
    return form_.view(fields_, t.strings(), t.lang(), t.tr("report.form_title"));
}

ConfirmView Report::confirmView(const Terminal& t) const {
    ConfirmView v;
    if (form_.size() != fields_.size()) return v;
    v.name = t.applicantLine();
    const FormView f = form_.view(fields_, t.strings(), t.lang());
    v.department = f.fields[kDepartment].value, v.category = f.fields[kCategory].value;
    v.phone = f.fields[kPhone].value, v.text = f.fields[kText].value;
    return v;
}

FiledView Report::filedView(const Terminal& t) const {
    FiledView v;
    v.asking = asking();
    v.problem = problemText(t);
    v.canRetry = asking() == Asking::offline;
    if (!t.bundle().servicePhone.empty()) v.phoneLine = fill(t.tr("call_staff.phone"), {{"phone", t.bundle().servicePhone}});
    if (const CentralReply* r = central_.reply(); asking() == Asking::answered && r && r->op == file) {
        const json j = json::parse(r->body, nullptr, false);
        if (j.is_object() && j.contains("report")) v.order = orderView(t, j["report"].dump());
        v.printed = printed_;
        v.canPrint = t.deviceOnline("receipt") && !slipCode_.empty();
    }
    return v;
}

MineView Report::mineView(const Terminal& t) const {
    MineView v;
    v.asking = asking();
    v.problem = problemText(t);
    if (!central_.reply() || asking() != Asking::answered) return v;
    const json j = json::parse(central_.reply()->body, nullptr, false);
    if (!j.is_object()) return v;
    if (j.contains("report")) {
        v.byCode = true;
        v.orders.push_back(orderView(t, j["report"].dump()));
    } else if (j.contains("reports") && j["reports"].is_array()) {
        for (const auto& r : j["reports"]) v.orders.push_back(orderView(t, r.dump()));
    }
    return v;
}

std::string Report::spokenPrompt(const Terminal& t, ScreenId screen) const {
    if (screen == kStart) return t.tr(t.session().identity().present() ? "voice.report.start" : "voice.report.card");
    if (screen == kForm) return t.tr(form_.hasProblems() ? "presubmit.voice_form_problems" : "voice.report.form");
    if (screen == kConfirm) return t.tr("voice.report.confirm");
    if (asking() == Asking::waiting) return t.tr("report.asking");
    if (!problemText(t).empty()) return problemText(t);
    if (screen == kFiled) return t.tr("voice.report.filed");
    if (screen == kMine) return fill(t.tr("voice.report.mine"), {{"n", std::to_string(mineView(t).orders.size())}});
    return "";
}

void Report::wipe() {
    form_.wipe();
    central_.wipe();
    wipeText(slipCode_);
    printed_ = false;
}

}  // namespace ow::core::report
