// Staff codes for service mode: made with the configuration's key and checked by a terminal that trusts that key; a
// code signed by another key, changed after signing, or expired is refused, each in words; the PIN checks against the
// argon2id hash the code carries.
#include "kiosk/staff_code.h"

#include <gtest/gtest.h>
#include <sodium.h>

using namespace ow::core;

namespace {
struct Keys {
    Keys() {
        const auto pair = generateKeyPair();
        secret = *decodeSecretKey(pair.secretKey);
        trusted = {{"ops", *decodePublicKey(pair.publicKey)}};
    }
    SecretKey secret{};
    TrustedKeys trusted;
};
constexpr int64_t kNow = 1796349600;
StaffCode code(StaffRole role = StaffRole::maintenance) { return {"a1b2c3d4e5f60718", "qingpu", "陈工", "", role, kNow + 86400}; }
}  // namespace

TEST(StaffCode, AGoodCodeIsTakenAndItsPinChecked) {
    ASSERT_GE(sodium_init(), 0);
    Keys k;
    auto made = makeStaffCode(code(), "482913", "ops", k.secret);
    ASSERT_TRUE(made.ok()) << made.error();
    EXPECT_TRUE(looksLikeStaffCode(*made));
    EXPECT_EQ(made->find("482913"), std::string::npos) << "the PIN is not in the code";
    auto got = verifyStaffCode(*made, k.trusted, kNow);
    ASSERT_TRUE(got.ok()) << got.error();
    EXPECT_EQ(got->name, "陈工");
    EXPECT_EQ(got->hall, "qingpu");
    EXPECT_EQ(got->role, StaffRole::maintenance);
    EXPECT_TRUE(staffPinMatches(*got, "482913"));
    EXPECT_FALSE(staffPinMatches(*got, "482914"));
    EXPECT_FALSE(staffPinMatches(*got, ""));
}

TEST(StaffCode, AForgedChangedOrExpiredCodeIsRefusedInWords) {
    Keys k, other;
    const std::string good = *makeStaffCode(code(StaffRole::clear), "482913", "ops", k.secret);
    EXPECT_EQ(verifyStaffCode(*makeStaffCode(code(), "482913", "ops", other.secret), k.trusted, kNow).error(),
              "the staff code's signature does not match") << "signed by a key of the same name this terminal does not hold";
    EXPECT_EQ(verifyStaffCode(*makeStaffCode(code(), "482913", "x9", other.secret), k.trusted, kNow).error(),
              "the staff code is signed by a key this terminal does not trust");
    // The role changed after signing (clear → maintenance, in its base64url payload).
    std::string changed = good;
    const auto at = changed.find('.', 6);
    changed[at - 5] = changed[at - 5] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(verifyStaffCode(changed, k.trusted, kNow).ok());
    EXPECT_EQ(verifyStaffCode(good, k.trusted, kNow + 86400).error(), "the staff code has expired");
    EXPECT_EQ(verifyStaffCode("OW1.S.garbage", k.trusted, kNow).error(), "the staff code is malformed");
    EXPECT_FALSE(looksLikeStaffCode("OW1.Q.0123456789abcdef01234567"));
    EXPECT_EQ(makeStaffCode(code(), "123", "ops", k.secret).error(), "the PIN must have at least 6 digits");
}
