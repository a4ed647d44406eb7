// A matter's one-time notice (一次性告知书): every material, the key ones marked, the limit, and tolerance
// acceptance only where the matter allows it.
#include "kiosk/guide_notice.h"

#include <gtest/gtest.h>

#include "demo_notice.h"
#include "demo_terminal.h"

using namespace ow::core;
using namespace ow::test;

namespace {
std::string textOf(const Document& d) {
    std::string all;
    for (const auto& b : d.blocks) all += b.text + (b.value.empty() ? "" : "：" + b.value) + "\n";
    return all;
}
}  // namespace

TEST(GuideNotice, EveryMaterialOnceWithTheKeyOnesMarked) {
    const Document d = ow::test::demoNotice();
    EXPECT_EQ(d.kind, "notice");
    const std::string all = textOf(d);
    EXPECT_EQ(d.blocks.at(0).text, "一次性告知书");
    EXPECT_NE(all.find("1. ★ 申请人居民身份证（原件 1 份）"), std::string::npos) << all;
    EXPECT_NE(all.find("3. 经营场所使用证明（复印件 1 份）"), std::string::npos) << all;
    EXPECT_EQ(all.find("★ 经营场所使用证明"), std::string::npos) << "a non-key material is not marked key";
    EXPECT_NE(all.find("承诺时限：1 个工作日"), std::string::npos);
    EXPECT_NE(all.find("可容缺受理"), std::string::npos);
    EXPECT_NE(all.find("咨询电话：021-12345"), std::string::npos);
    EXPECT_NE(textOf(ow::test::demoNotice(Lang::en)).find("One-time notice"), std::string::npos);
}

TEST(GuideNotice, ToleranceIsOfferedOnlyWhereTheMatterAllowsIt) {
    Terminal t = ow::test::makeTerminal();
    for (const auto& m : t.bundle().matters) {
        const std::string all = textOf(oneTimeNotice(m, t.bundle(), t.strings(), Lang::zhCN, 0));
        EXPECT_EQ(all.find("可容缺受理") != std::string::npos, m.toleranceAllowed) << m.code;
        for (const auto& mat : m.materials) EXPECT_NE(all.find(mat.name.zh), std::string::npos) << m.code << " " << mat.name.zh;
    }
}
