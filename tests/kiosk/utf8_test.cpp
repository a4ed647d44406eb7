// UTF-8 decoding: valid text round-trips, malformed bytes are refused.
#include "kiosk/utf8.h"

#include <gtest/gtest.h>

using namespace ow::core;

TEST(Utf8, DecodesChineseAndRareExtensionACharacters) {
    std::vector<char32_t> cps;
    ASSERT_TRUE(decodeUtf8("王䶮A", cps));
    ASSERT_EQ(cps.size(), 3u);
    EXPECT_EQ(cps[0], U'王');
    EXPECT_EQ(cps[1], 0x4DAEu);
    EXPECT_EQ(cps[2], U'A');
}

TEST(Utf8, RefusesMalformedSequences) {
    EXPECT_FALSE(isValidUtf8("\xC0\xAF"));          // overlong '/'
    EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));      // surrogate
    EXPECT_FALSE(isValidUtf8("\xE4\xB8"));          // truncated
    EXPECT_FALSE(isValidUtf8("\xFF"));
    EXPECT_TRUE(isValidUtf8("政务服务 ok"));
}

TEST(Utf8, EncodeRoundTrips) {
    std::string s;
    for (char32_t c : {U'a', U'é', U'中', char32_t(0x20BB7)}) appendUtf8(s, c);
    std::vector<char32_t> back;
    ASSERT_TRUE(decodeUtf8(s, back));
    EXPECT_EQ(back, (std::vector<char32_t>{U'a', U'é', U'中', char32_t(0x20BB7)}));
}
