// The font atlas: every BMP CJK character renders as a real glyph; characters met later are added in place.
#include "screens/font_atlas.h"

#include <gtest/gtest.h>
#include <imgui.h>

#include "kiosk/utf8.h"
#include "platform/font_locator.h"

using namespace ow;

namespace {

class FontAtlasTest : public ::testing::Test {
protected:
    void SetUp() override {
        screens::useMappedFontsWithoutCopies();
        ImGui::CreateContext();
        auto fonts = platform::findUiFonts();
        ASSERT_TRUE(fonts.ok()) << fonts.error();
        auto r = screens::mapFont(fonts->regular.path, fonts->regular.index);
        auto b = screens::mapFont(fonts->bold.path, fonts->bold.index);
        auto f = screens::mapFont(fonts->fallback.path, fonts->fallback.index);
        ASSERT_TRUE(r.ok() && b.ok() && f.ok());
        ASSERT_TRUE(atlas_.open(*r, *b, *f).ok());
    }
    void TearDown() override { ImGui::DestroyContext(); }

    static std::string utf8(char32_t cp) {
        std::string s;
        core::appendUtf8(s, cp);
        return s;
    }
    screens::FontAtlas atlas_;
};

const core::ScaleMetrics kSmall{16, 22, 44};

}  // namespace

// URO (U+4E00–U+9FFF) and Extension A (U+3400–U+4DBF), the rare characters of personal names included.
TEST_F(FontAtlasTest, EveryBmpCjkCharacterRendersAsARealGlyph) {
    std::vector<char32_t> all;
    for (char32_t cp = 0x3400; cp <= 0x4DBF; ++cp) all.push_back(cp);
    for (char32_t cp = 0x4E00; cp <= 0x9FFF; ++cp) all.push_back(cp);
    size_t missing = 0;
    std::string firstMissing;
    for (size_t start = 0; start < all.size(); start += 2000) {
        core::GlyphSet glyphs, heading;
        for (size_t i = start; i < std::min(all.size(), start + 2000); ++i) glyphs.add(utf8(all[i]));
        ASSERT_TRUE(atlas_.build(kSmall, glyphs, heading).ok());
        for (size_t i = start; i < std::min(all.size(), start + 2000); ++i) {
            const ImFontGlyph* g = atlas_.body()->FindGlyphNoFallback(static_cast<ImWchar>(all[i]));
            if (!g || !g->Visible) {
                if (missing++ == 0) firstMissing = utf8(all[i]);
            }
        }
        atlas_.releasePixels();
    }
    EXPECT_EQ(missing, 0u) << "first missing: " << firstMissing;
}

TEST_F(FontAtlasTest, NewCharactersAreAddedWithoutRebuildingTheAtlas) {
    core::GlyphSet glyphs, heading;
    glyphs.add("请选择您要办理的业务");
    heading.add("请选择您要办理的业务");
    ASSERT_TRUE(atlas_.build(kSmall, glyphs, heading).ok());
    const int w = atlas_.width(), h = atlas_.height();
    atlas_.releasePixels();
    EXPECT_EQ(atlas_.body()->FindGlyphNoFallback(0x4DAE), nullptr);

    // A name read from an ID card: 䶮 (Ext A), and 䶹 (U+4DB9, Unicode 13) from the fallback face.
    glyphs.add("欧阳䶮䶹");
    heading.add("欧阳䶮䶹");
    int uploads = 0, inked = 0;
    const auto growth = atlas_.grow(glyphs, heading, [&](int x, int y, int gw, int gh, const uint8_t* px) {
        ++uploads;
        EXPECT_GE(x, 0);
        EXPECT_LE(x + gw, w);
        EXPECT_LE(y + gh, h);
        for (int i = 0; i < gw * gh; ++i) inked += px[i] > 128;
    });
    EXPECT_EQ(growth, screens::FontAtlas::Growth::added);
    EXPECT_EQ(uploads, 8);  // four characters, body and heading
    EXPECT_GT(inked, 100);
    EXPECT_EQ(atlas_.width(), w);
    for (char32_t cp : {U'欧', U'阳', char32_t(0x4DAE), char32_t(0x4DB9)}) {
        const ImFontGlyph* g = atlas_.body()->FindGlyphNoFallback(static_cast<ImWchar>(cp));
        ASSERT_NE(g, nullptr) << utf8(cp);
        EXPECT_TRUE(g->Visible);
        EXPECT_GT(g->AdvanceX, 10.0f);
        EXPECT_NE(atlas_.heading()->FindGlyphNoFallback(static_cast<ImWchar>(cp)), nullptr);
    }
    EXPECT_EQ(atlas_.grow(glyphs, heading, [](int, int, int, int, const uint8_t*) {}),
              screens::FontAtlas::Growth::none);
    // Body-only text (an address) goes into the body face alone.
    glyphs.add("喆");
    int bodyOnly = 0;
    atlas_.grow(glyphs, heading, [&](int, int, int, int, const uint8_t*) { ++bodyOnly; });
    EXPECT_EQ(bodyOnly, 1);
    EXPECT_NE(atlas_.body()->FindGlyphNoFallback(U'喆'), nullptr);
    EXPECT_EQ(atlas_.heading()->FindGlyphNoFallback(U'喆'), nullptr);
}

TEST_F(FontAtlasTest, AFullStripRebuildsWithEverythingInUse) {
    core::GlyphSet glyphs, heading;
    glyphs.add("办事指南");
    ASSERT_TRUE(atlas_.build(kSmall, glyphs, heading).ok());
    atlas_.releasePixels();
    for (char32_t cp = 0x5000; cp < 0x5000 + 3000; ++cp) glyphs.add(utf8(cp));
    const auto growth = atlas_.grow(glyphs, heading, [](int, int, int, int, const uint8_t*) {});
    EXPECT_EQ(growth, screens::FontAtlas::Growth::rebuilt);
    for (char32_t cp : {U'办', char32_t(0x5000), char32_t(0x5000 + 2999)})
        EXPECT_NE(atlas_.body()->FindGlyphNoFallback(static_cast<ImWchar>(cp)), nullptr);
}
