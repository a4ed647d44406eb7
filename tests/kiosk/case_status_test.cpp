// The case lifecycle as a citizen and a department meet it: allowed moves, deadlines in working days, the
// warning marks, the next step in plain words, and the case's JSON form.
#include "kiosk/protocol/case_status.h"

#include <gtest/gtest.h>

#include "kiosk/protocol/id_number.h"

using namespace ow::protocol;

TEST(CaseStatus, CodesRoundTripAndUnknownCodesAreRefused) {
    for (auto s : kCaseStatuses) EXPECT_EQ(parseCaseStatus(caseStatusCode(s)), s);
    EXPECT_FALSE(parseCaseStatus("done"));
    EXPECT_FALSE(parseCaseStatus(""));
}

TEST(CaseStatus, NoStepIsSkipped) {
    EXPECT_TRUE(canMove(CaseStatus::received, CaseStatus::accepted));
    EXPECT_TRUE(canMove(CaseStatus::received, CaseStatus::supplement));
    EXPECT_FALSE(canMove(CaseStatus::received, CaseStatus::collected));
    EXPECT_FALSE(canMove(CaseStatus::received, CaseStatus::approved));
    EXPECT_FALSE(canMove(CaseStatus::review, CaseStatus::collected));
    EXPECT_TRUE(canMove(CaseStatus::ready, CaseStatus::mailed));
    for (auto closed : {CaseStatus::notAccepted, CaseStatus::refused, CaseStatus::collected, CaseStatus::mailed}) {
        EXPECT_TRUE(caseClosed(closed));
        for (auto to : kCaseStatuses) EXPECT_FALSE(canMove(closed, to)) << caseStatusCode(closed);
    }
}

TEST(CaseStatus, AMoveSaysWhatItNeeds) {
    const std::string today = "2026-11-23";
    EXPECT_NE(checkMove(CaseStatus::received, {CaseStatus::collected}, today).find("next can be: accepted"), std::string::npos);
    EXPECT_NE(checkMove(CaseStatus::collected, {CaseStatus::mailed}, today).find("closed"), std::string::npos);
    EXPECT_NE(checkMove(CaseStatus::review, {CaseStatus::refused}, today).find("reason"), std::string::npos);
    EXPECT_EQ(checkMove(CaseStatus::review, {CaseStatus::refused, "不符合申请条件"}, today), "");
    CaseMove supplement{CaseStatus::supplement};
    EXPECT_NE(checkMove(CaseStatus::received, supplement, today).find("everything missing"), std::string::npos);
    supplement.missing = {"营业执照副本", "法定代表人身份证复印件"};
    EXPECT_NE(checkMove(CaseStatus::received, supplement, today).find("YYYY-MM-DD"), std::string::npos);
    supplement.supplementBy = "2026-11-20";
    EXPECT_NE(checkMove(CaseStatus::received, supplement, today).find("passed"), std::string::npos);
    supplement.supplementBy = "2026-12-04";
    EXPECT_EQ(checkMove(CaseStatus::received, supplement, today), "");
    supplement.missing.push_back(std::string("\xff\xfe"));
    EXPECT_NE(checkMove(CaseStatus::received, supplement, today), "");
    EXPECT_NE(checkMove(CaseStatus::ready, {CaseStatus::mailed}, today).find("tracking"), std::string::npos);
}

TEST(CaseDates, ChinaStandardTimeAndRealCalendarDates) {
    EXPECT_EQ(dateOf(1795276800), "2026-11-22");  // 2026-11-21 16:00 UTC = 2026-11-22 00:00 北京时间
    EXPECT_EQ(dateOf(1795276800 - 1), "2026-11-21");
    EXPECT_TRUE(validDate("2028-02-29"));
    EXPECT_FALSE(validDate("2026-02-29"));
    EXPECT_FALSE(validDate("2026-13-01"));
    EXPECT_FALSE(validDate("2026-1-01"));
    EXPECT_FALSE(validDate("tomorrow!!"));
}

TEST(CaseDates, PromisedLimitsCountWorkingDays) {
    EXPECT_EQ(addWorkingDays("2026-11-23", 0), "2026-11-23");  // 即办件: the same day
    EXPECT_EQ(addWorkingDays("2026-11-20", 1), "2026-11-23");  // Friday + 1 = Monday
    EXPECT_EQ(addWorkingDays("2026-11-23", 5), "2026-11-30");
    EXPECT_EQ(addWorkingDays("2026-12-28", 5), "2027-01-04");
    EXPECT_EQ(workingDaysBetween("2026-11-20", "2026-11-23"), 1);
    EXPECT_EQ(workingDaysBetween("2026-11-23", "2026-11-20"), -1);
}

// The 2025 National Day and Mid-Autumn arrangement: 1–8 October off, Sunday 28 September and Saturday
// 11 October worked in exchange (国务院办公厅关于2025年部分节假日安排的通知).
const WorkCalendar kNationalDay2025{{"2025-10-01", "2025-10-02", "2025-10-03", "2025-10-04", "2025-10-05", "2025-10-06",
                                     "2025-10-07", "2025-10-08"},
                                    {"2025-09-28", "2025-10-11"}};

TEST(CaseDates, HolidaysDoNotCountAndWeekendsWorkedInExchangeDo) {
    EXPECT_EQ(addWorkingDays("2025-09-26", 1, kNationalDay2025), "2025-09-28") << "Friday + 1: the Sunday worked";
    EXPECT_EQ(addWorkingDays("2025-09-30", 1, kNationalDay2025), "2025-10-09") << "after the holiday week";
    EXPECT_EQ(addWorkingDays("2025-09-30", 1), "2025-10-01") << "Monday to Friday without the calendar";
    EXPECT_EQ(addWorkingDays("2025-09-30", 3, kNationalDay2025), "2025-10-11") << "the Saturday worked";
    EXPECT_EQ(workingDaysBetween("2025-09-30", "2025-10-12", kNationalDay2025), 3);  // 9th, 10th, 11th
    EXPECT_TRUE(kNationalDay2025.isWorkingDay("2025-10-11"));
    EXPECT_FALSE(kNationalDay2025.isWorkingDay("2025-10-06"));
    // A case due on the Friday after the holiday is two working days away on the eve of it: due soon.
    EXPECT_EQ(deadlineMark(CaseStatus::review, "2025-10-10", "2025-09-30", kNationalDay2025), DeadlineMark::dueSoon);
    EXPECT_EQ(deadlineMark(CaseStatus::review, "2025-10-10", "2025-09-30"), DeadlineMark::none);
}

TEST(CaseDates, DueSoonAndOverdueOnlyWhileUndecided) {
    EXPECT_EQ(deadlineMark(CaseStatus::review, "2026-12-04", "2026-11-23"), DeadlineMark::none);
    EXPECT_EQ(deadlineMark(CaseStatus::review, "2026-11-25", "2026-11-23"), DeadlineMark::dueSoon);
    EXPECT_EQ(deadlineMark(CaseStatus::review, "2026-11-23", "2026-11-23"), DeadlineMark::dueSoon);
    EXPECT_EQ(deadlineMark(CaseStatus::review, "2026-11-20", "2026-11-23"), DeadlineMark::overdue);
    EXPECT_EQ(deadlineMark(CaseStatus::approved, "2026-11-20", "2026-11-23"), DeadlineMark::none);
    EXPECT_EQ(deadlineMark(CaseStatus::ready, "2026-11-20", "2026-11-23"), DeadlineMark::none);
}

TEST(CaseNextStep, SaysWhatToDoWithTheDetailsOfTheLastStep) {
    CaseRecord c;
    c.matterName = "食品经营许可";
    c.deadline = "2026-12-04";
    c.status = CaseStatus::supplement;
    c.steps = {{CaseStatus::received, 1795363200}, {CaseStatus::supplement, 1795366800, "", "2026-11-30", "", "市场监管局"}};
    c.steps.back().missing = {"营业执照副本", "健康证明"};
    auto n = nextStep(c);
    EXPECT_EQ(n.key, "case.next.supplement");
    EXPECT_EQ(n.values["missing"], "营业执照副本; 健康证明");
    EXPECT_EQ(n.values["date"], "2026-11-30");

    c.status = CaseStatus::refused;
    c.steps.push_back({CaseStatus::refused, 1795370400, "经营场所不符合要求"});
    n = nextStep(c);
    EXPECT_EQ(n.key, "case.next.refused");
    EXPECT_EQ(n.values["reason"], "经营场所不符合要求");

    c.status = CaseStatus::mailed;
    c.steps.push_back({CaseStatus::mailed, 1795370400, "", "", "EMS1234567890"});
    EXPECT_EQ(nextStep(c).values["tracking"], "EMS1234567890");
}

TEST(CaseJson, RoundTripsAndRefusesWrongShapes) {
    CaseRecord c{"OW20261123000001", "SC-001", "食品经营许可", "市场监管局", "张三", "11010519491231002X", "13800138000",
                 false, 20, "2026-12-21", CaseStatus::supplement, {}};
    c.steps = {{CaseStatus::received, 1795363200, "", "", "", "自助终端"},
               {CaseStatus::supplement, 1795366800, "", "2026-11-30", "", "市场监管局", {"营业执照副本"}}};
    std::string why;
    const auto back = caseFromJson(caseToJson(c), &why);
    ASSERT_TRUE(back) << why;
    EXPECT_EQ(back->caseNo, c.caseNo);
    EXPECT_EQ(back->status, CaseStatus::supplement);
    ASSERT_EQ(back->steps.size(), 2u);
    EXPECT_EQ(back->steps[1].missing, std::vector<std::string>{"营业执照副本"});
    EXPECT_EQ(back->steps[1].supplementBy, "2026-11-30");

    EXPECT_FALSE(caseFromJson("[]", &why));
    EXPECT_FALSE(caseFromJson(R"({"case_no": 5})", &why));
    EXPECT_NE(why.find("case_no"), std::string::npos);
    auto j = caseToJson(c);
    j.replace(j.find("\"supplement\""), 12, "\"finished\"");
    EXPECT_FALSE(caseFromJson(j, &why));
    EXPECT_NE(why.find("status"), std::string::npos);
}

TEST(IdNumber, ProblemsArePlainAndAValidNumberHasNone) {
    EXPECT_EQ(idNumberProblem("11010519491231002X"), "");
    EXPECT_NE(idNumberProblem("110105194912310021").find("should be X"), std::string::npos);
    EXPECT_NE(idNumberProblem("1101051949123100").find("18 characters"), std::string::npos);
    EXPECT_NE(idNumberProblem("11010519491331002X").find("birth date"), std::string::npos);
    EXPECT_NE(idNumberProblem("1101051949123100AX").find("digits"), std::string::npos);
}
