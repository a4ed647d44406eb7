// Text scales and colours: elderly scale meets the MIIT elderly-friendly minimums; all text is ≥ 4.5:1.
#include "kiosk/appearance.h"

#include <gtest/gtest.h>

using namespace ow::core;

TEST(Appearance, EveryTextColourPairMeetsWcagAA) {
    const Palette& p = palette();
    const std::pair<Color, Color> pairs[] = {{p.text, p.background},       {p.mutedText, p.background},
                                             {p.barText, p.bar},           {p.tileText, p.tile},
                                             {p.mutedText, p.tile},        {p.accentText, p.accent},
                                             {p.warningText, p.warning},   {p.text, p.tile}};
    for (auto [fg, bg] : pairs) EXPECT_GE(contrastRatio(fg, bg), 4.5);
}

TEST(Appearance, ContrastRatioMatchesKnownValues) {
    EXPECT_NEAR(contrastRatio({0, 0, 0}, {255, 255, 255}), 21.0, 1e-9);
    EXPECT_NEAR(contrastRatio({0x77, 0x77, 0x77}, {255, 255, 255}), 4.48, 0.01);
}

TEST(Appearance, ElderlyScaleMeetsTheMinimumsOnEverySupportedScreen) {
    for (int h : {600, 768, 800, 1024, 1080, 1920}) {
        const ScaleMetrics m = scaleMetrics(TextScale::elderly, h);
        EXPECT_GE(m.bodyPt(), 18.0f) << h;
        EXPECT_GE(m.headingPt(), 30.0f) << h;
        EXPECT_GE(m.target, 60.0f) << h;  // 60 dp targets
    }
}

TEST(Appearance, PointSizesFollowTheFontsEm) {
    // A 58 px line of Noto Sans CJK has an em of 58 / 1.448 ≈ 40 px, which is 30 pt at 96 dpi.
    const ScaleMetrics m{35, 58, 80};
    EXPECT_NEAR(m.headingPt(), 30.0, 0.1);
    EXPECT_NEAR(m.bodyPt(), 18.1, 0.1);
}

TEST(Appearance, ScalesGrowFromStandardToElderly) {
    for (int h : {800, 1080}) {
        const auto s = scaleMetrics(TextScale::standard, h), l = scaleMetrics(TextScale::large, h),
                   e = scaleMetrics(TextScale::elderly, h);
        EXPECT_LT(s.em, l.em);
        EXPECT_LT(l.em, e.em);
        EXPECT_LE(s.target, e.target);
    }
}

TEST(Appearance, ScaleCodesRoundTrip) {
    for (TextScale s : kTextScales) {
        TextScale back;
        ASSERT_TRUE(parseScale(scaleCode(s), back));
        EXPECT_EQ(back, s);
    }
}
