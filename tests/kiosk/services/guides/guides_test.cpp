// The guides service: the catalogue by theme, a matter's guide and its printed one-time notice, and the search
// with the screen keyboard through the real pinyin engine (libgooglepinyin).
#include "kiosk/services/guides/guides.h"

#include <gtest/gtest.h>

#include "demo_terminal.h"
#include "kiosk/pinyin_input.h"

using namespace ow::core;
using namespace ow::test;

namespace {
int indexOf(const Terminal& t, const std::string& code) {
    for (size_t i = 0; i < t.bundle().matters.size(); ++i)
        if (t.bundle().matters[i].code == code) return static_cast<int>(i);
    return -1;
}
void online(Terminal& t, const char* device) {
    t.onDevice(ow::drivers::DeviceStatusChanged{device, ow::drivers::DeviceState::online, ow::drivers::SuggestedAction::none, ""}, 0);
}
void type(Terminal& t, std::string_view letters) {
    for (char c : letters) t.apply(Intent::of(guides::Kind::typeLetter, c - 'a'), 0);
}
}  // namespace

TEST(Guides, ThemesListTheirMattersAndAGuideOpensAndPrints) {
    Terminal t = ow::test::makeTerminal();
    t.apply(Intent::of(ShellKind::start), 0);
    t.apply(Intent::open(guides::kCode), 10);
    EXPECT_EQ(t.screen(), guides::kGuides);
    t.apply(Intent::of(guides::Kind::selectTheme, static_cast<int>(Theme::registration)), 20);
    const guides::GuidesView v = t.service<guides::Guides>().guidesView(t);
    ASSERT_FALSE(v.matters.empty());
    for (const auto& item : v.matters)
        EXPECT_EQ(t.bundle().matters[static_cast<size_t>(item.index)].theme, Theme::registration) << item.name;
    const int dj1 = indexOf(t, "310118-DJ-001");
    t.apply(Intent::of(guides::Kind::openMatter, dj1), 30);
    EXPECT_EQ(t.screen(), guides::kGuide);
    guides::GuideView g = t.service<guides::Guides>().guideView(t);
    EXPECT_EQ(g.name, "个体工商户设立登记");
    ASSERT_EQ(g.materials.size(), 4u);
    EXPECT_TRUE(g.materials[0].key);
    EXPECT_FALSE(g.materials[2].key);
    EXPECT_FALSE(g.canPrintReceipt) << "no printer reported yet";
    t.apply(Intent::of(guides::Kind::printNotice, 0), 40);
    EXPECT_FALSE(takePrintRequest(t)) << "nothing is sent to a printer that is not there";

    online(t, "receipt");
    EXPECT_TRUE(t.service<guides::Guides>().guideView(t).canPrintReceipt);
    EXPECT_FALSE(t.service<guides::Guides>().guideView(t).canPrintA4);
    t.apply(Intent::of(guides::Kind::printNotice, 0), 50);
    auto print = takePrintRequest(t);
    ASSERT_TRUE(print);
    EXPECT_FALSE(print->a4);
    EXPECT_EQ(print->document.blocks.at(0).text, "一次性告知书");
    EXPECT_FALSE(takePrintRequest(t)) << "printed once";
    EXPECT_EQ(t.notice(60), "正在打印一次性告知书，请在出纸口取走。");
    t.apply(Intent::of(guides::Kind::openMatter, 9999), 70);
    EXPECT_EQ(t.screen(), guides::kGuide) << "an index outside the catalogue changes nothing";
    t.apply(Intent::of(ShellKind::back), 80);
    EXPECT_EQ(t.screen(), guides::kGuides);
}

TEST(PinyinInput, TheGuidesSearchFindsMattersByInitialsAndByCharacters) {
    ow::test::TempDir dir;
    auto engine = PinyinInput::open(dir.file("user.dat"));
    ASSERT_TRUE(engine.ok()) << engine.error();
    Terminal t = ow::test::makeTerminal();
    t.setPinyin(engine->get());
    t.apply(Intent::of(ShellKind::start), 0);
    t.apply(Intent::open(guides::kCode), 0);
    t.apply(Intent::of(guides::Kind::openSearch), 0);
    EXPECT_TRUE(t.service<guides::Guides>().guidesView(t).matters.empty());
    type(t, "gth");
    guides::GuidesView v = t.service<guides::Guides>().guidesView(t);
    EXPECT_EQ(v.letters, "gth");
    ASSERT_FALSE(v.matters.empty());
    EXPECT_EQ(v.matters[0].name, "个体工商户设立登记");
    ASSERT_FALSE(v.candidates.empty());
    EXPECT_EQ(v.candidates[0], "个体户");
    t.apply(Intent::of(guides::Kind::pickCandidate, 0), 0);
    v = t.service<guides::Guides>().guidesView(t);
    EXPECT_EQ(v.query, "个体户");
    EXPECT_EQ(v.letters, "");
    ASSERT_EQ(v.matters.size(), 1u);
    EXPECT_EQ(v.matters[0].name, "个体工商户设立登记");
    t.apply(Intent::of(guides::Kind::searchDelete), 0);
    EXPECT_EQ(t.service<guides::Guides>().guidesView(t).query, "个体");
    t.apply(Intent::of(guides::Kind::searchClear), 0);
    type(t, "sp");
    v = t.service<guides::Guides>().guidesView(t);
    ASSERT_FALSE(v.matters.empty());
    EXPECT_EQ(v.matters[0].name, "食品经营许可证核发");
    t.apply(Intent::of(guides::Kind::searchClear), 0);
    type(t, "qqqqq");
    EXPECT_TRUE(t.service<guides::Guides>().guidesView(t).matters.empty()) << "nothing named so";
    t.apply(Intent::of(guides::Kind::closeSearch), 0);
    EXPECT_FALSE(t.service<guides::Guides>().guidesView(t).searching);
    EXPECT_FALSE(t.service<guides::Guides>().guidesView(t).matters.empty()) << "back to the theme's list";
    t.apply(Intent::of(guides::Kind::openSearch), 0);
    type(t, "gth");
    t.endSession(SessionEnd::finished);
    t.apply(Intent::of(ShellKind::start), 0);
    t.apply(Intent::open(guides::kCode), 0);
    EXPECT_FALSE(t.service<guides::Guides>().guidesView(t).searching) << "the next person starts afresh";
}
