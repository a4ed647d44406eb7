// Guides at the terminal: the catalogue by theme, a matter's guide, and its one-time notice — every material,
// the key ones marked, the limit, and tolerance acceptance only where the matter allows it.
#include "kiosk/guide_notice.h"

#include <gtest/gtest.h>

#include "demo_notice.h"
#include "demo_terminal.h"

using namespace ow::core;
using K = Intent::Kind;

namespace {
std::string textOf(const Document& d) {
    std::string all;
    for (const auto& b : d.blocks) all += b.text + (b.value.empty() ? "" : "：" + b.value) + "\n";
    return all;
}
int indexOf(const Terminal& t, const std::string& code) {
    for (size_t i = 0; i < t.bundle().matters.size(); ++i)
        if (t.bundle().matters[i].code == code) return static_cast<int>(i);
    return -1;
}
void online(Terminal& t, const char* device) {
    t.onDevice(ow::drivers::DeviceStatusChanged{device, ow::drivers::DeviceState::online, ow::drivers::SuggestedAction::none, ""}, 0);
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

TEST(Guides, ThemesListTheirMattersAndAGuideOpensAndPrints) {
    Terminal t = ow::test::makeTerminal();
    t.apply(Intent::of(K::start), 0);
    t.apply(Intent::of(K::openService, static_cast<int>(Service::guides)), 10);
    EXPECT_EQ(t.screen(), ScreenId::guides);
    t.apply(Intent::of(K::selectTheme, static_cast<int>(Theme::registration)), 20);
    const GuidesView v = t.guidesView();
    ASSERT_FALSE(v.matters.empty());
    for (const auto& item : v.matters)
        EXPECT_EQ(t.bundle().matters[static_cast<size_t>(item.index)].theme, Theme::registration) << item.name;
    const int dj1 = indexOf(t, "310118-DJ-001");
    t.apply(Intent::of(K::openMatter, dj1), 30);
    EXPECT_EQ(t.screen(), ScreenId::guide);
    GuideView g = t.guideView();
    EXPECT_EQ(g.name, "个体工商户设立登记");
    ASSERT_EQ(g.materials.size(), 4u);
    EXPECT_TRUE(g.materials[0].key);
    EXPECT_FALSE(g.materials[2].key);
    EXPECT_FALSE(g.canPrintReceipt) << "no printer reported yet";
    t.apply(Intent::of(K::printNotice, 0), 40);
    EXPECT_FALSE(t.takePrintRequest()) << "nothing is sent to a printer that is not there";

    online(t, "receipt");
    EXPECT_TRUE(t.guideView().canPrintReceipt);
    EXPECT_FALSE(t.guideView().canPrintA4);
    t.apply(Intent::of(K::printNotice, 0), 50);
    auto print = t.takePrintRequest();
    ASSERT_TRUE(print);
    EXPECT_FALSE(print->a4);
    EXPECT_EQ(print->document.blocks.at(0).text, "一次性告知书");
    EXPECT_FALSE(t.takePrintRequest()) << "printed once";
    EXPECT_EQ(t.notice(60), "正在打印一次性告知书，请在出纸口取走。");
    t.apply(Intent::of(K::openMatter, 9999), 70);
    EXPECT_EQ(t.screen(), ScreenId::guide) << "an index outside the catalogue changes nothing";
    t.apply(Intent::of(K::back), 80);
    EXPECT_EQ(t.screen(), ScreenId::guides);
}
