// The glyph set grows with the text shown and reports only what is new.
#include "kiosk/glyph_set.h"

#include <gtest/gtest.h>

using namespace ow::core;

TEST(GlyphSet, AddsOnlyNewCharactersAndHandsThemOverOnce) {
    GlyphSet g;
    EXPECT_EQ(g.add("办事指南"), 4u);
    EXPECT_EQ(g.add("指南"), 0u);
    EXPECT_EQ(g.takeNew().size(), 4u);
    EXPECT_FALSE(g.hasNew());
    EXPECT_EQ(g.add("欧阳䶮"), 3u);
    EXPECT_TRUE(g.contains(0x4DAE));
    EXPECT_EQ(g.takeNew(), (std::vector<char32_t>{U'欧', U'阳', 0x4DAE}));
}

TEST(GlyphSet, IgnoresControlsInvalidBytesAndCharactersBeyondTheBmp) {
    GlyphSet g;
    EXPECT_EQ(g.add("\n\t\xFF\xC0" "a\U00020BB7"), 1u);  // only 'a'
    EXPECT_EQ(g.size(), 1u);
}

TEST(GlyphSet, RangesAreMergedAndAscending) {
    GlyphSet g;
    g.add("cabz");
    const auto r = g.ranges();
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0], (std::pair<char32_t, char32_t>{U'a', U'c'}));
    EXPECT_EQ(r[1], (std::pair<char32_t, char32_t>{U'z', U'z'}));
}
