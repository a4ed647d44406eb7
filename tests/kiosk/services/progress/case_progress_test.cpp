// Case progress at the terminal: how a person is asked, what is shown of central's answer, and that nothing of
// one person's cases survives into the next session.
#include "kiosk/services/progress/case_progress.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include "kiosk/bundle_signing.h"
#include "kiosk/config_boot.h"
#include "kiosk/terminal.h"
#include "demo_terminal.h"
#include "kiosk/services/call_staff/call_staff.h"
#include "kiosk/services/guides/guides.h"
#include "kiosk/services/presubmit/presubmit.h"
#include "kiosk/services/progress/progress.h"
#include "test_paths.h"

using namespace ow::core;
using namespace ow::test;
using ow::protocol::CaseRecord;
using ow::protocol::CaseStatus;

namespace {
const IdentityInput kCitizen{"张三", "11010519491231002X", "19491231", "北京市朝阳区", ""};
const std::time_t kMonday = 1795399200;  // 2026-11-23 10:00 北京时间

CaseRecord supplementCase() {
    CaseRecord c{"OW20261116000007", "SC-001", "食品经营许可", "市场监管局", "张三", "11010519491231002X", "13800138000",
                 false, 5, "2026-11-24", CaseStatus::supplement, {}};
    c.steps = {{CaseStatus::received, kMonday - 7 * 86400, "", "", "", "综合窗口"},
               {CaseStatus::supplement, kMonday - 86400, "", "2026-11-27", "", "市场监管局", {"营业执照副本", "健康证明"}}};
    return c;
}

CaseAnswer answered(std::vector<CaseRecord> cases) {
    CaseAnswer a;
    a.outcome = CaseAnswer::Outcome::answered;
    a.cases = std::move(cases);
    return a;
}
}  // namespace

TEST(CaseProgress, ACardHolderSeesTheirCasesWithTheNextStepAndTheDeadlineMark) {
    Terminal t = makeTerminal();
    t.identify(kCitizen, 0);
    t.apply(Intent::open(progress::kCode), 10);
    EXPECT_EQ(t.screen(), progress::kProgress);
    EXPECT_EQ(t.service<progress::CaseProgress>().progressView(t, kMonday).state, progress::ProgressView::State::asking);
    auto q = takeCaseQuestion(t);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->second.body(), R"({"id_number":"11010519491231002X"})");
    EXPECT_FALSE(takeCaseQuestion(t)) << "a question is taken once";

    onCaseAnswer(t, q->first, answered({supplementCase()}));
    const progress::ProgressView v = t.service<progress::CaseProgress>().progressView(t, kMonday);
    ASSERT_EQ(v.state, progress::ProgressView::State::cases);
    EXPECT_EQ(v.heading, "张三 的办件");
    ASSERT_EQ(v.cases.size(), 1u);
    const CaseView& c = v.cases[0];
    EXPECT_EQ(c.status, "需补正材料");
    EXPECT_EQ(c.markText, "即将到期");  // promised by Tuesday, it is Monday
    EXPECT_EQ(c.deadline, "承诺办结：2026-11-24");
    EXPECT_EQ(c.next, "请在 2026-11-27 前补交：营业执照副本; 健康证明。可到综合窗口或本机“预审提交”补交。");
    ASSERT_EQ(c.steps.size(), 2u);
    EXPECT_EQ(c.steps[0].status, "已收件");
    EXPECT_EQ(c.steps[0].time, "2026-11-16 10:00");

    // Said aloud: the matter and its status; not whose case it is, nor its details (they are on screen).
    const std::string said = t.spokenPrompt();
    EXPECT_NE(said.find("食品经营许可"), std::string::npos) << said;
    EXPECT_NE(said.find("需补正材料"), std::string::npos) << said;
    EXPECT_EQ(said.find("营业执照副本"), std::string::npos) << said;
    EXPECT_EQ(said.find("张三"), std::string::npos) << said;

    t.apply(Intent::of(ShellKind::setLang, static_cast<int>(Lang::en)), 20);
    EXPECT_EQ(t.service<progress::CaseProgress>().progressView(t, kMonday + 2 * 86400).cases[0].markText, "Overdue");
}

TEST(CaseProgress, WithoutACardTheCaseNumberAndPhoneAreTypedAndChecked) {
    Terminal t = makeTerminal();
    t.apply(Intent::of(ShellKind::start), 0);
    t.apply(Intent::open(progress::kCode), 10);
    EXPECT_EQ(t.screen(), progress::kLookup);
    for (int d : {2, 0, 2, 6}) t.apply(Intent::of(progress::Kind::keypad, d), 20);
    t.apply(Intent::of(progress::Kind::lookupSubmit), 30);
    EXPECT_EQ(t.screen(), progress::kLookup);
    EXPECT_EQ(t.service<progress::CaseProgress>().lookupView(t).problem, "办件编号是 OW 后面 14 位数字，请对照收件凭证再输一次。");
    EXPECT_FALSE(takeCaseQuestion(t));
    for (int d : {1, 1, 1, 6, 0, 0, 0, 0, 0, 7}) t.apply(Intent::of(progress::Kind::keypad, d), 40);
    EXPECT_EQ(t.service<progress::CaseProgress>().lookupView(t).caseNo, "OW20261116000007");
    EXPECT_EQ(t.service<progress::CaseProgress>().lookupView(t).field, 1) << "a full case number moves on to the phone";
    for (int d : {1, 3, 8, 0, 0, 1, 3, 8, 0, 0, 0, 9, 9}) t.apply(Intent::of(progress::Kind::keypad, d), 50);
    EXPECT_EQ(t.service<progress::CaseProgress>().lookupView(t).phone, "138001380009") << "at most 12 digits";
    t.apply(Intent::of(progress::Kind::keypad, kKeypadDelete), 55);
    EXPECT_EQ(t.service<progress::CaseProgress>().lookupView(t).phone, "13800138000");
    t.apply(Intent::of(progress::Kind::lookupSubmit), 60);
    EXPECT_EQ(t.screen(), progress::kProgress);
    auto q = takeCaseQuestion(t);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->second.body(), R"({"case_no":"OW20261116000007","phone":"13800138000"})");
    onCaseAnswer(t, q->first, answered({}));
    EXPECT_EQ(t.service<progress::CaseProgress>().progressView(t, kMonday).state, progress::ProgressView::State::none);
    EXPECT_EQ(t.service<progress::CaseProgress>().progressView(t, kMonday).heading, "办件 OW20261116000007");
}

TEST(CaseProgress, OfflineSaysSoAndTryAgainAsksAgain) {
    Terminal t = makeTerminal();
    t.identify(kCitizen, 0);
    t.apply(Intent::open(progress::kCode), 10);
    auto q = takeCaseQuestion(t);
    onCaseAnswer(t, q->first, CaseAnswer{});  // offline
    EXPECT_EQ(t.service<progress::CaseProgress>().progressView(t, kMonday).state, progress::ProgressView::State::offline);
    t.apply(Intent::of(progress::Kind::retry), 20);
    auto again = takeCaseQuestion(t);
    ASSERT_TRUE(again);
    EXPECT_NE(again->first, q->first);
    EXPECT_EQ(again->second.body(), q->second.body());
    onCaseAnswer(t, q->first, answered({supplementCase()}));  // a late answer to the first question
    EXPECT_EQ(t.service<progress::CaseProgress>().progressView(t, kMonday).state, progress::ProgressView::State::asking) << "only the newest question's answer counts";
    onCaseAnswer(t, again->first, answered({supplementCase()}));
    EXPECT_EQ(t.service<progress::CaseProgress>().progressView(t, kMonday).state, progress::ProgressView::State::cases);
}

TEST(CaseProgress, AnAnswerForAPersonWhoLeftIsNeverShownToTheNext) {
    Terminal t = makeTerminal();
    t.identify(kCitizen, 0);
    t.apply(Intent::open(progress::kCode), 10);
    auto q = takeCaseQuestion(t);
    t.apply(Intent::of(ShellKind::finish), 20);
    t.apply(Intent::of(ShellKind::start), 30);  // the next person
    onCaseAnswer(t, q->first, answered({supplementCase()}));
    t.apply(Intent::open(progress::kCode), 40);
    EXPECT_EQ(t.screen(), progress::kLookup);
    EXPECT_EQ(t.service<progress::CaseProgress>().lookupView(t).caseNo, "OW");
    EXPECT_FALSE(takeCaseQuestion(t));
    // And one shown to its person is gone once the session ends.
    t.identify(kCitizen, 50);
    t.apply(Intent::open(progress::kCode), 60);
    auto mine = takeCaseQuestion(t);
    onCaseAnswer(t, mine->first, answered({supplementCase()}));
    ASSERT_EQ(t.service<progress::CaseProgress>().progressView(t, kMonday).cases.size(), 1u);
    t.endSession(SessionEnd::idleTimeout);
    EXPECT_TRUE(t.service<progress::CaseProgress>().progressView(t, kMonday).cases.empty());
}

TEST(CaseProgress, AScannedReceiptOpensItsCaseFromAnyScreen) {
    ASSERT_GE(sodium_init(), 0);
    // An issuer the hall's bundle names (the shipped demo bundle names none).
    const auto keys = generateKeyPair();
    auto bundle = parseBundle(*readFile(ow::test::assetsDir() + "/bundles/demo.json"));
    ASSERT_TRUE(bundle.ok()) << bundle.error();
    EXPECT_TRUE(bundle->codeIssuers.empty()) << "the shipped bundle trusts an issuer";
    const std::string code = makeScanCode('C', "OW20261116000007", "qingpu1", *decodeSecretKey(keys.secretKey));
    Terminal shipped = makeTerminal();
    shipped.onDevice(ow::drivers::CodeScanned{code, "scanner"}, 0);
    EXPECT_FALSE(takeCaseQuestion(shipped)) << "a terminal whose bundle names no issuer took a code as a receipt";
    bundle->codeIssuers["qingpu1"] = *decodePublicKey(keys.publicKey);
    Terminal t(std::move(*Strings::load(ow::test::assetsDir())), std::move(*bundle));
    t.onDevice(ow::drivers::CodeScanned{code, "scanner"}, 0);
    EXPECT_TRUE(t.session().active());
    EXPECT_EQ(t.screen(), progress::kProgress);
    auto q = takeCaseQuestion(t);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->second.body(), "{\"receipt_code\":\"" + code + "\"}");
    // Someone else's code still gets plain words, not a lookup.
    t.onDevice(ow::drivers::CodeScanned{"https://example.com/pay?x=1", "scanner"}, 10);
    EXPECT_FALSE(takeCaseQuestion(t));
    EXPECT_FALSE(t.notice(10).empty());
}

TEST(CaseProgress, AMalformedAnswerFromCentralIsRefusedWhole) {
    EXPECT_EQ(parseCaseAnswer("{}").outcome, CaseAnswer::Outcome::refused);
    EXPECT_EQ(parseCaseAnswer(R"({"cases": [{"case_no": 1}]})").outcome, CaseAnswer::Outcome::refused);
    EXPECT_EQ(parseCaseAnswer(R"({"cases": []})").outcome, CaseAnswer::Outcome::answered);
    const auto good = parseCaseAnswer("{\"cases\": [" + ow::protocol::caseToJson(supplementCase()) + "]}");
    ASSERT_EQ(good.outcome, CaseAnswer::Outcome::answered);
    EXPECT_EQ(good.cases.at(0).steps.at(1).missing.at(1), "健康证明");
}
