// Searching the catalogue with the screen keyboard through the real pinyin engine (libgooglepinyin): initials
// or full pinyin become characters, and the matters they name are found.
#include "kiosk/pinyin_input.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "demo_terminal.h"

using namespace ow::core;
using namespace ow::test;

namespace {
bool has(const std::vector<std::string>& list, const std::string& s) { return std::find(list.begin(), list.end(), s) != list.end(); }
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

