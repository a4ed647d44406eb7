// Line breaking: Chinese breaks between characters, English at spaces, punctuation never starts a line.
#include "kiosk/text_layout.h"

#include <gtest/gtest.h>

#include "kiosk/utf8.h"

using namespace ow::core;

namespace {
// Every character is 1 unit wide except CJK, which is 2.
float advance(char32_t c) { return c >= 0x2E80 ? 2.0f : 1.0f; }
}  // namespace

TEST(TextLayout, ChineseBreaksBetweenCharacters) {
    const auto lines = wrapText("一二三四五六七八", 8, advance);
    EXPECT_EQ(lines, (std::vector<std::string>{"一二三四", "五六七八"}));
}

TEST(TextLayout, EnglishBreaksAtSpaces) {
    const auto lines = wrapText("touch the screen to start", 12, advance);
    EXPECT_EQ(lines, (std::vector<std::string>{"touch the", "screen to", "start"}));
}

TEST(TextLayout, ClosingPunctuationNeverStartsALine) {
    // "一二三，四" at width 6: the comma would start line 2, so "三" moves down with it.
    const auto lines = wrapText("一二三，四五", 6, advance);
    ASSERT_GE(lines.size(), 2u);
    for (const auto& l : lines) EXPECT_NE(l.rfind("，", 0), 0u) << l;
}

TEST(TextLayout, OverlongWordStillBreaks) {
    const auto lines = wrapText("abcdefghij", 4, advance);
    EXPECT_EQ(lines.size(), 3u);
}

TEST(TextLayout, NewlinesAreKept) {
    EXPECT_EQ(wrapText("a\nb", 100, advance), (std::vector<std::string>{"a", "b"}));
}

TEST(TextLayout, NoLineIsWiderThanAllowedWhenItCanBeAvoided) {
    const std::string text = "请到综合受理窗口办理，工作人员会为您服务；也可以返回首页选择其他业务。";
    for (float width : {10.0f, 17.0f, 31.0f}) {
        for (const auto& line : wrapText(text, width, advance)) {
            std::vector<char32_t> cps;
            decodeUtf8(line, cps);
            float w = 0;
            for (char32_t c : cps) w += advance(c);
            EXPECT_LE(w, width + 2) << line;  // +2: a kinsoku pull may add one character
        }
    }
}

TEST(TextLayout, LastLineNeverHoldsASingleChineseCharacter) {
    // Width 8 fits four characters; five would leave "五" alone on line two.
    const auto lines = wrapText("一二三四五", 8, advance);
    EXPECT_EQ(lines, (std::vector<std::string>{"一二三", "四五"}));
}
