// Searching the catalogue with the screen keyboard through the real pinyin engine (libgooglepinyin): initials
// or full pinyin become characters, and the matters they name are found.
#include "kiosk/pinyin_input.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "demo_terminal.h"

using namespace ow::core;
using K = Intent::Kind;

namespace {
bool has(const std::vector<std::string>& list, const std::string& s) { return std::find(list.begin(), list.end(), s) != list.end(); }
void type(Terminal& t, std::string_view letters) {
    for (char c : letters) t.apply(Intent::of(K::typeLetter, c - 'a'), 0);
}
}  // namespace

TEST(PinyinInput, InitialsAndFullPinyinBecomeCharacters) {
    ow::test::TempDir dir;
    auto engine = PinyinInput::open(dir.file("user.dat"));
    ASSERT_TRUE(engine.ok()) << engine.error();
    EXPECT_TRUE(has((*engine)->candidates("yyzz", 8), "营业执照"));
    EXPECT_TRUE(has((*engine)->candidates("gth", 8), "个体户"));
    EXPECT_TRUE(has((*engine)->candidates("shipin", 8), "食品"));
    EXPECT_TRUE((*engine)->candidates("", 8).empty());
    EXPECT_TRUE((*engine)->candidates("1;DROP", 8).empty()) << "only the letters a-z are pinyin";
    EXPECT_FALSE(PinyinInput::open(dir.file("other.dat")).ok()) << "one engine per process";
}

TEST(PinyinInput, ShortenedNamesAreHeld) {
    EXPECT_TRUE(nameHolds("个体工商户设立登记", "个体户"));
    EXPECT_TRUE(nameHolds("个体工商户设立登记", "设立"));
    EXPECT_FALSE(nameHolds("个体工商户设立登记", "个户")) << "two characters must be together";
    EXPECT_FALSE(nameHolds("个体工商户设立登记", "户个体"));
}

TEST(PinyinInput, TheGuidesSearchFindsMattersByInitialsAndByCharacters) {
    ow::test::TempDir dir;
    auto engine = PinyinInput::open(dir.file("user.dat"));
    ASSERT_TRUE(engine.ok()) << engine.error();
    Terminal t = ow::test::makeTerminal();
    t.setPinyin(engine->get());
    t.apply(Intent::of(K::start), 0);
    t.apply(Intent::of(K::openService, static_cast<int>(Service::guides)), 0);
    t.apply(Intent::of(K::openSearch), 0);
    EXPECT_TRUE(t.guidesView().matters.empty());
    type(t, "gth");
    GuidesView v = t.guidesView();
    EXPECT_EQ(v.letters, "gth");
    ASSERT_FALSE(v.matters.empty());
    EXPECT_EQ(v.matters[0].name, "个体工商户设立登记");
    ASSERT_FALSE(v.candidates.empty());
    EXPECT_EQ(v.candidates[0], "个体户");
    t.apply(Intent::of(K::pickCandidate, 0), 0);
    v = t.guidesView();
    EXPECT_EQ(v.query, "个体户");
    EXPECT_EQ(v.letters, "");
    ASSERT_EQ(v.matters.size(), 1u);
    EXPECT_EQ(v.matters[0].name, "个体工商户设立登记");
    t.apply(Intent::of(K::searchDelete), 0);
    EXPECT_EQ(t.guidesView().query, "个体");
    t.apply(Intent::of(K::searchClear), 0);
    type(t, "sp");
    v = t.guidesView();
    ASSERT_FALSE(v.matters.empty());
    EXPECT_EQ(v.matters[0].name, "食品经营许可证核发");
    t.apply(Intent::of(K::searchClear), 0);
    type(t, "qqqqq");
    EXPECT_TRUE(t.guidesView().matters.empty()) << "nothing named so";
    t.apply(Intent::of(K::closeSearch), 0);
    EXPECT_FALSE(t.guidesView().searching);
    EXPECT_FALSE(t.guidesView().matters.empty()) << "back to the theme's list";
    t.apply(Intent::of(K::openSearch), 0);
    type(t, "gth");
    t.endSession(SessionEnd::finished);
    t.apply(Intent::of(K::start), 0);
    t.apply(Intent::of(K::openService, static_cast<int>(Service::guides)), 0);
    EXPECT_FALSE(t.guidesView().searching) << "the next person starts afresh";
}
