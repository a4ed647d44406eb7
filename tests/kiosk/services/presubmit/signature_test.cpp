// The signature pad's strokes, and the tolerance commitment they sign.
#include "kiosk/signature.h"

#include <gtest/gtest.h>

#include "demo_commitment.h"

using namespace ow::core;

namespace {
bool ink(const std::vector<uint8_t>& bits, int width, int x, int y) {
    return bits[static_cast<size_t>(y) * static_cast<size_t>((width + 7) / 8) + static_cast<size_t>(x / 8)] & (0x80 >> (x % 8));
}
int inkCount(const std::vector<uint8_t>& bits) {
    int n = 0;
    for (uint8_t b : bits) n += __builtin_popcount(b);
    return n;
}
}  // namespace

TEST(Signature, ATapIsNotASignature) {
    Signature s;
    EXPECT_FALSE(s.looksSigned());
    s.strokes.push_back({{0.5f, 0.5f}, {0.51f, 0.5f}});
    EXPECT_FALSE(s.looksSigned());
    EXPECT_TRUE(ow::test::scribble().looksSigned());
}

TEST(Signature, TheImageHasInkAlongTheStrokesOnly) {
    Signature s;
    s.strokes.push_back({{0.0f, 0.5f}, {1.0f, 0.5f}});  // one line across the middle
    const auto bits = s.rasterize(200, 50);
    ASSERT_EQ(bits.size(), 25u * 50u);
    for (int x = 0; x < 200; x += 20) EXPECT_TRUE(ink(bits, 200, x, 25)) << x;
    EXPECT_FALSE(ink(bits, 200, 100, 5));
    EXPECT_FALSE(ink(bits, 200, 100, 45));
    EXPECT_EQ(inkCount(Signature{}.rasterize(200, 50)), 0);
}

TEST(Signature, TheCommitmentCarriesTheMissingItemsTheDateAndTheSignature) {
    const Document d = ow::test::demoCommitment();
    EXPECT_EQ(d.kind, "commitment");
    std::string all;
    const DocBlock* image = nullptr;
    for (const auto& b : d.blocks) {
        all += b.text + (b.value.empty() ? "" : "：" + b.value) + "\n";
        if (b.kind == DocBlock::Kind::image) image = &b;
    }
    EXPECT_EQ(d.blocks.at(0).text, "容缺受理承诺书");
    EXPECT_NE(all.find("申请人：欧阳䶮"), std::string::npos) << all;
    EXPECT_NE(all.find("身份证号码：110105********002X"), std::string::npos);
    EXPECT_EQ(all.find("11010519491231002X"), std::string::npos) << "the full ID number is not printed";
    EXPECT_NE(all.find("3. 经营场所使用证明"), std::string::npos);
    EXPECT_EQ(all.find("申请人居民身份证"), std::string::npos) << "only what is missing";
    EXPECT_NE(all.find("补正期限：2026-11-24"), std::string::npos);
    EXPECT_NE(all.find("承诺在 2026-11-24 前补交齐全"), std::string::npos);
    ASSERT_NE(image, nullptr);
    EXPECT_GT(inkCount(image->bits), 500);
}
