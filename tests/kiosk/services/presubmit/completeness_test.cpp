// The completeness check of a pre-submission: complete; tolerance acceptance only when every key material is
// there, the matter allows it and the applicant is not excluded, with the supplement date within the promised
// limit; otherwise everything missing at once, and a notice that lists it.
#include "kiosk/services/presubmit/completeness.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "demo_terminal.h"
#include "kiosk/guide_notice.h"
#include "kiosk/protocol/case_status.h"

using namespace ow::core;
using V = Completeness::Verdict;

namespace {
const Matter& matter(const Terminal& t, const std::string& code) {
    for (const auto& m : t.bundle().matters)
        if (m.code == code) return m;
    throw std::runtime_error("no matter " + code);
}
}  // namespace

TEST(Completeness, OnlyNonKeyMissingIsToleratedWhereAllowed) {
    const Terminal t = ow::test::makeTerminal();
    const Matter& dj = matter(t, "310118-DJ-001");  // 4 materials, the first two key, tolerance allowed, 1 day
    ASSERT_TRUE(dj.toleranceAllowed);
    EXPECT_EQ(checkCompleteness(dj, {true, true, true, true}, false, "2026-11-23").verdict, V::complete);

    const auto tol = checkCompleteness(dj, {true, true, false, true}, false, "2026-11-20");
    EXPECT_EQ(tol.verdict, V::tolerance);
    EXPECT_EQ(tol.missingOther, std::vector<int>{2});
    EXPECT_EQ(tol.supplementBy, "2026-11-23") << "1 working day after a Friday, never beyond the promised limit";
    // On the eve of a holiday week, the next working day is after it (the calendar of the signed configuration).
    const ow::protocol::WorkCalendar nationalDay{{"2025-10-01", "2025-10-02", "2025-10-03", "2025-10-06", "2025-10-07"}, {}};
    EXPECT_EQ(checkCompleteness(dj, {true, true, false, true}, false, "2025-09-30", nationalDay).supplementBy, "2025-10-08");

    const auto key = checkCompleteness(dj, {false, true, false, false}, false, "2026-11-23");
    EXPECT_EQ(key.verdict, V::incomplete);
    EXPECT_EQ(key.missingKey, std::vector<int>{0});
    EXPECT_EQ(key.missingOther, (std::vector<int>{2, 3})) << "everything missing, at once";
    EXPECT_TRUE(key.supplementBy.empty());

    const auto excluded = checkCompleteness(dj, {true, true, false, true}, true, "2026-11-23");
    EXPECT_EQ(excluded.verdict, V::incomplete);
    EXPECT_EQ(excluded.why, "tolerance.excluded");
    EXPECT_EQ(checkCompleteness(dj, {true, true}, false, "2026-11-23").missingOther, (std::vector<int>{2, 3}))
        << "materials not answered for count as missing";
}

TEST(Completeness, MattersThatDoNotAllowToleranceSaySo) {
    const Terminal t = ow::test::makeTerminal();
    for (const auto& m : t.bundle().matters) {
        std::vector<bool> captured(m.materials.size(), true);
        int nonKey = -1;
        for (size_t i = 0; i < m.materials.size(); ++i)
            if (!m.materials[i].key) nonKey = static_cast<int>(i);
        if (nonKey < 0) continue;
        captured[static_cast<size_t>(nonKey)] = false;
        const auto c = checkCompleteness(m, captured, false, "2026-11-23");
        if (!m.toleranceAllowed) {
            EXPECT_EQ(c.verdict, V::incomplete) << m.code;
            EXPECT_EQ(c.why, "tolerance.not_for_matter") << m.code;
        } else if (m.kind == MatterKind::promised && m.promisedLimitDays > 0) {
            EXPECT_EQ(c.verdict, V::tolerance) << m.code;
            EXPECT_LE(ow::protocol::workingDaysBetween("2026-11-23", c.supplementBy), m.promisedLimitDays) << m.code;
        }
    }
}

TEST(Completeness, TheNoticeForAnIncompleteSubmissionListsWhatIsMissingFirst) {
    const Terminal t = ow::test::makeTerminal();
    const Matter& dj = matter(t, "310118-DJ-001");
    const auto c = checkCompleteness(dj, {false, true, false, true}, false, "2026-11-23");
    std::vector<int> missing = c.missingKey;
    missing.insert(missing.end(), c.missingOther.begin(), c.missingOther.end());
    const Document d = oneTimeNotice(dj, t.bundle(), t.strings(), Lang::zhCN, 0, missing);
    std::vector<std::string> texts;
    for (const auto& b : d.blocks) texts.push_back(b.text);
    const auto at = std::find(texts.begin(), texts.end(), "本次缺少的材料");
    ASSERT_NE(at, texts.end());
    EXPECT_EQ(*(at + 1), "1. ★ 申请人居民身份证（原件 1 份）");
    EXPECT_EQ(*(at + 2), "3. 经营场所使用证明（复印件 1 份）");
    EXPECT_LT(at - texts.begin(), std::find(texts.begin(), texts.end(), "申请材料") - texts.begin());
}

// The receipt says when the pre-check answer is due, 2 working days on (002 第十五条(三)): after a holiday week
// when the person submits on its eve.
TEST(Completeness, TheReceiptsAnswerDateSkipsTheHolidaysOfTheCalendar) {
    const Terminal t = ow::test::makeTerminal();
    const Matter& dj = matter(t, "310118-DJ-001");
    ow::protocol::Submission sub;
    sub.receiptNo = "YS-3F9A21C0D41B7E22-000002";
    sub.submittedAt = 1759197600;  // 2025-09-30 10:00 北京时间
    const auto answerLine = [&](const Bundle& b) {
        for (const auto& block : submissionReceipt(sub, dj, b, t.strings(), Lang::zhCN, sub.submittedAt, "qr", false).blocks)
            if (block.text.find("预审结果将在") != std::string::npos) return block.text;
        return std::string("no answer date on the receipt");
    };
    Bundle b = t.bundle();
    EXPECT_EQ(answerLine(b), "预审结果将在 2025-10-02 前（2 个工作日内）告知。") << "Monday to Friday without a calendar";
    b.calendar = {{"2025-10-01", "2025-10-02", "2025-10-03", "2025-10-06", "2025-10-07", "2025-10-08"}, {"2025-10-11"}};
    EXPECT_EQ(answerLine(b), "预审结果将在 2025-10-10 前（2 个工作日内）告知。");
}
