// Scanner streams: serial lines and keyboard-wedge keys become exactly the payloads scanned.
#include "drivers/scanner/protocol.h"

#include <gtest/gtest.h>
#include <linux/input-event-codes.h>

using namespace ow::drivers::scanner;

namespace {
std::vector<std::string> feed(LineAssembler& a, const std::string& s, int64_t t) {
    return a.feed(reinterpret_cast<const uint8_t*>(s.data()), s.size(), t);
}
}  // namespace

TEST(LineAssembler, SplitsAtCrLfAndTabAcrossChunks) {
    LineAssembler a;
    EXPECT_TRUE(feed(a, "OW1.C.QP20", 0).empty());
    EXPECT_EQ(feed(a, "26\r\nsecond\t", 10), (std::vector<std::string>{"OW1.C.QP2026", "second"}));
    EXPECT_EQ(feed(a, "\n\nthird\r", 20), (std::vector<std::string>{"third"}));
}

TEST(LineAssembler, DropsAStalePartialScanAndAnOverlongOne) {
    LineAssembler a(500);
    feed(a, "cut off", 0);
    EXPECT_EQ(feed(a, "fresh\r\n", 2000), (std::vector<std::string>{"fresh"}));
    EXPECT_EQ(a.dropped(), 1);
    EXPECT_TRUE(feed(a, std::string(kMaxPayload + 10, 'x') + "\r\n", 2100).empty());
    EXPECT_EQ(a.dropped(), 2);
    EXPECT_EQ(feed(a, "next\n", 2200), (std::vector<std::string>{"next"}));
}

TEST(KeyboardWedge, TypesUsLayoutWithShiftAndEndsAtEnter) {
    KeyboardWedge w;
    auto type = [&](uint16_t code, bool shift = false) {
        if (shift) w.key(KEY_LEFTSHIFT, 1);
        auto r = w.key(code, 1);
        w.key(code, 0);
        if (shift) w.key(KEY_LEFTSHIFT, 0);
        return r;
    };
    for (auto [code, shift] : std::vector<std::pair<uint16_t, bool>>{
             {KEY_H, false}, {KEY_T, false}, {KEY_T, false}, {KEY_P, false}, {KEY_S, false}, {KEY_SEMICOLON, true},
             {KEY_SLASH, false}, {KEY_SLASH, false}, {KEY_A, true}, {KEY_DOT, false}, {KEY_C, false},
             {KEY_N, false}, {KEY_SLASH, true}, {KEY_I, false}, {KEY_EQUAL, false}, {KEY_1, true}, {KEY_7, false}})
        EXPECT_FALSE(type(code, shift).has_value());
    const auto payload = type(KEY_ENTER);
    ASSERT_TRUE(payload.has_value());
    EXPECT_EQ(*payload, "https://A.cn?i=!7");
}

TEST(KeyboardWedge, RepeatsAndUnknownKeysTypeNothingAndTabEnds) {
    KeyboardWedge w;
    w.key(KEY_RIGHTSHIFT, 1);
    w.key(KEY_O, 1);
    w.key(KEY_O, 2);  // autorepeat
    w.key(KEY_RIGHTSHIFT, 0);
    w.key(KEY_F5, 1);
    w.key(KEY_KP1, 1);
    EXPECT_EQ(w.key(KEY_TAB, 1).value_or("?"), "O1");
    EXPECT_FALSE(w.key(KEY_ENTER, 1).has_value()) << "an empty scan is no payload";
}
