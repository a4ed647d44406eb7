// Request signing: a good signature verifies; any change to what was signed, or a stale time, does not.
#include "kiosk/protocol/signing.h"

#include <gtest/gtest.h>
#include <sodium.h>

using namespace ow::protocol;

TEST(Signing, VerifiesOnlyWhatWasSigned) {
    ASSERT_GE(sodium_init(), 0);
    const std::string secret = randomHex(32), body = R"({"events":[]})";
    ASSERT_EQ(secret.size(), 64u);
    const Signature s = sign("k-1", secret, "POST", "/v1/events", body, 1795334400);
    EXPECT_EQ(verify(s, secret, "POST", "/v1/events", body, 1795334400), "");
    EXPECT_EQ(verify(s, secret, "POST", "/v1/events", body + " ", 1795334400), "the signature does not match");
    EXPECT_EQ(verify(s, secret, "POST", "/v1/heartbeat", body, 1795334400), "the signature does not match");
    EXPECT_EQ(verify(s, randomHex(32), "POST", "/v1/events", body, 1795334400), "the signature does not match");
    EXPECT_EQ(verify(s, secret, "POST", "/v1/events", body, 1795334400 + 301),
              "the timestamp is outside the allowed window");
    Signature unsigned_{};
    EXPECT_EQ(verify(unsigned_, secret, "POST", "/v1/events", body, 0), "the request is not signed");
    const Signature again = sign("k-1", secret, "POST", "/v1/events", body, 1795334400);
    EXPECT_NE(again.nonce, s.nonce) << "every request has its own nonce";
}

TEST(Signing, CanonicalTextNamesEveryPart) {
    EXPECT_EQ(canonical("POST", "/v1/events", "1", "n0nce", ""),
              "POST\n/v1/events\n1\nn0nce\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}
