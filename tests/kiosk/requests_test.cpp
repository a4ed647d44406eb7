// The way out: what a request or an answer holds of a person is zeroed before it is dropped, and the terminal
// drops (and wipes) requests and answers that belong to nobody any more.
#include "kiosk/requests.h"

#include <gtest/gtest.h>

#include "demo_terminal.h"
#include "kiosk/services/progress/progress.h"

using namespace ow::core;
using namespace ow::test;

namespace {
const IdentityInput kCitizen{"欧阳䶮", "11010519491231002X", "19491231", "北京市朝阳区望京街道喆园路1号", "13812345678"};

bool allZero(const char* p, size_t n) {
    for (size_t i = 0; i < n; ++i)
        if (p[i] != 0) return false;
    return true;
}
}  // namespace

TEST(Requests, ADocumentToPrintIsZeroedInPlace) {
    Request r{1, PrintRequest{}};
    auto& doc = std::get<PrintRequest>(r.body).document;
    DocBlock applicant;
    applicant.kind = DocBlock::Kind::field;
    applicant.text = "申请人";
    applicant.value = "欧阳䶮（110105********002X）";
    doc.blocks.push_back(applicant);
    std::string& value = doc.blocks[0].value;
    const char* buf = value.data();
    const size_t len = value.size();
    wipe(r);
    EXPECT_TRUE(value.empty());
    EXPECT_TRUE(allZero(buf, len)) << "the name printed on a receipt lingers in memory";
}

TEST(Requests, APhotographedPageAndCentralsCasesAreWipedWithTheirAnswer) {
    CapturedPage page;
    page.jpeg.assign(4096, 0x5A);
    Answer captured{2, PageCaptured{0, std::move(page)}};
    const auto& jpeg = std::get<PageCaptured>(captured.body).page->jpeg;
    const char* bytes = reinterpret_cast<const char*>(jpeg.data());
    wipe(captured);
    EXPECT_TRUE(jpeg.empty());
    EXPECT_TRUE(allZero(bytes, 4096)) << "a person's papers linger in memory";

    CaseAnswer cases;
    cases.outcome = CaseAnswer::Outcome::answered;
    ow::protocol::CaseRecord record;
    record.holderName = "欧阳䶮";
    record.holderId = "11010519491231002X";
    cases.cases.push_back(record);
    Answer answered{3, std::move(cases)};
    wipe(answered);
    EXPECT_TRUE(std::get<CaseAnswer>(answered.body).cases.empty());
}

// A card read on the lookup screen asks central; the person leaves before the question is taken: it never goes out.
TEST(Requests, AQuestionNotYetAskedWhenThePersonLeavesIsNeverAsked) {
    Terminal t = makeTerminal();
    t.apply(Intent::of(ShellKind::start), 0);
    t.apply(Intent::open(progress::kCode), 10);
    t.identify(kCitizen, 20);
    ASSERT_EQ(t.screen(), progress::kProgress);
    t.endSession(SessionEnd::finished);
    EXPECT_TRUE(t.takeRequests().empty());
}

// The answer to a question asked again meanwhile is dropped; the newer one is shown.
TEST(Requests, OnlyTheAnswerToTheNewestQuestionIsShown) {
    Terminal t = makeTerminal();
    t.identify(kCitizen, 0);
    t.apply(Intent::open(progress::kCode), 10);
    auto first = takeCaseQuestion(t);
    ASSERT_TRUE(first);
    onCaseAnswer(t, first->first, CaseAnswer{});  // offline
    t.apply(Intent::of(progress::Kind::retry), 20);
    auto second = takeCaseQuestion(t);
    ASSERT_TRUE(second);
    t.apply(Intent::of(progress::Kind::retry), 30);  // answered nothing yet: asked once more
    auto third = takeCaseQuestion(t);
    ASSERT_TRUE(third);
    CaseAnswer stale;
    stale.outcome = CaseAnswer::Outcome::answered;
    onCaseAnswer(t, second->first, std::move(stale));
    EXPECT_EQ(t.service<progress::CaseProgress>().progressView(t, 0).state, progress::ProgressView::State::asking);
}
