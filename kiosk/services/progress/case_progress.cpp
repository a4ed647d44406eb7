// Case progress on the terminal: the question, the answer, and the views of each case.
#include "kiosk/services/progress/case_progress.h"

#include <sodium.h>

#include "kiosk/session.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace ow::core {

using nlohmann::json;

std::string CaseQuestion::body() const {
    if (!idNumber.empty()) return json{{"id_number", idNumber}}.dump();
    if (!receiptCode.empty()) return json{{"receipt_code", receiptCode}}.dump();
    return json{{"case_no", caseNo}, {"phone", phone}}.dump();
}

void CaseQuestion::wipe() {
    for (auto* s : {&idNumber, &receiptCode, &caseNo, &phone}) wipeText(*s);
}

CaseAnswer parseCaseAnswer(std::string_view body) {
    CaseAnswer a;
    const json j = json::parse(body, nullptr, false);
    if (!j.is_object() || !j.contains("cases") || !j["cases"].is_array()) {
        a.outcome = CaseAnswer::Outcome::refused;
        a.detail = "central's answer has no list of cases";
        return a;
    }
    for (const auto& c : j["cases"]) {
        std::string why;
        auto parsed = protocol::caseFromJson(c.dump(), &why);
        if (!parsed) {
            wipeCases(a.cases);
            a.outcome = CaseAnswer::Outcome::refused;
            a.detail = "a case in central's answer is malformed: " + why;
            return a;
        }
        a.cases.push_back(std::move(*parsed));
    }
    a.outcome = CaseAnswer::Outcome::answered;
    return a;
}

void wipeCases(std::vector<protocol::CaseRecord>& cases) {
    for (auto& c : cases) {
        for (auto* s : {&c.caseNo, &c.matterCode, &c.matterName, &c.department, &c.holderName, &c.holderId, &c.phone, &c.deadline,
                        &c.receiptNo})
            wipeText(*s);
        for (auto& step : c.steps) {
            for (auto* s : {&step.reason, &step.supplementBy, &step.trackingNo, &step.by}) wipeText(*s);
            for (auto& m : step.missing) wipeText(m);
        }
    }
    cases.clear();
}

std::string typedLookupProblem(const TypedLookup& t) {
    if (t.caseDigits.size() != kCaseDigits) return "lookup.bad_case";
    if (t.phone.size() < 7 || t.phone.size() > 12) return "lookup.bad_phone";
    return "";
}

std::string caseTime(int64_t unixSeconds) {
    const int64_t local = unixSeconds + 8 * 3600;
    const int64_t secOfDay = ((local % 86400) + 86400) % 86400;
    char hm[8];
    std::snprintf(hm, sizeof hm, "%02d:%02d", static_cast<int>(secOfDay / 3600), static_cast<int>(secOfDay / 60 % 60));
    return protocol::dateOf(unixSeconds) + " " + hm;
}

std::vector<CaseView> caseViews(const std::vector<protocol::CaseRecord>& cases, const Strings& strings, Lang lang,
                                const std::string& today, const protocol::WorkCalendar& calendar) {
    const auto tr = [&](const std::string& key) -> const std::string& { return strings.text(lang, key); };
    std::vector<CaseView> out;
    for (const auto& c : cases) {
        CaseView v;
        v.caseNo = c.caseNo;
        v.receiptNo = c.receiptNo;
        v.matter = c.matterName;
        v.status = tr(std::string("case.status.") + protocol::caseStatusCode(c.status));
        v.mark = protocol::deadlineMark(c.status, c.deadline, today, calendar);
        if (!protocol::caseDecided(c.status)) v.deadline = fill(tr("case.deadline"), {{"date", c.deadline}});
        if (v.mark == protocol::DeadlineMark::dueSoon) v.markText = tr("case.due_soon");
        if (v.mark == protocol::DeadlineMark::overdue) v.markText = tr("case.overdue");
        const auto next = protocol::nextStep(c);
        v.next = fill(tr(next.key), next.values);
        for (const auto& s : c.steps) {
            CaseStepView sv{tr(std::string("case.status.") + protocol::caseStatusCode(s.status)), caseTime(s.at), ""};
            if (!s.by.empty()) sv.detail = s.by;
            v.steps.push_back(std::move(sv));
        }
        out.push_back(std::move(v));
    }
    return out;
}

}  // namespace ow::core
