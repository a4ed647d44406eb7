// Scanned codes: ours are accepted only with a trusted signature; others are named for what they are.
#include "kiosk/scan_code.h"

#include <gtest/gtest.h>
#include <sodium.h>

using namespace ow::core;

namespace {
struct Issuer {
    PublicKey pk{};
    std::array<unsigned char, 64> sk{};
    Issuer() {
        if (sodium_init() < 0) std::abort();
        crypto_sign_keypair(pk.data(), sk.data());
    }
};
}  // namespace

TEST(ScanCode, OurSignedCodesAreRecognised) {
    Issuer central;
    const TrustedKeys keys{{"central1", central.pk}};
    const std::string receipt = makeScanCode('C', "QP2026112200017", "central1", central.sk);
    EXPECT_EQ(receipt.rfind("OW1.C.QP2026112200017.central1.", 0), 0u);
    const ScanCode c = classifyScan(receipt, keys);
    EXPECT_EQ(c.kind, ScanKind::caseReceipt);
    EXPECT_EQ(c.id, "QP2026112200017");
    const ScanCode a = classifyScan(makeScanCode('A', "A-0931", "central1", central.sk) + "\r\n", keys);
    EXPECT_EQ(a.kind, ScanKind::appointment);
    EXPECT_EQ(a.id, "A-0931");
}

TEST(ScanCode, AlteredOrUntrustedCodesAreRefusedWithAReason) {
    Issuer central, stranger;
    const TrustedKeys keys{{"central1", central.pk}};
    std::string code = makeScanCode('C', "QP2026112200017", "central1", central.sk);
    std::string altered = code;
    altered[8] = '9';  // another case number, same signature
    EXPECT_EQ(classifyScan(altered, keys).kind, ScanKind::forged);
    EXPECT_EQ(classifyScan(altered, keys).reason, "the signature does not match");
    EXPECT_EQ(classifyScan(makeScanCode('C', "X1", "other", stranger.sk), keys).reason, "signed by an unknown key other");
    EXPECT_EQ(classifyScan(makeScanCode('C', "X1", "central1", stranger.sk), keys).reason,
              "the signature does not match");
    EXPECT_EQ(classifyScan("OW2.C.X.k.sig", keys).reason, "unknown code version OW2");
    EXPECT_EQ(classifyScan("OW1.C.x y.central1.AAAA", keys).reason, "the number in the code is malformed");
    EXPECT_EQ(classifyScan("OW1.C.X1.central1.!!", keys).reason, "the signature is malformed");
}

TEST(ScanCode, OtherCodesAreForeignAndJunkIsUnreadable) {
    const TrustedKeys keys;
    EXPECT_EQ(classifyScan("https://zwfw.example.gov.cn/case?id=1", keys).kind, ScanKind::foreign);
    EXPECT_EQ(classifyScan("6901234567892", keys).kind, ScanKind::foreign);
    EXPECT_EQ(classifyScan("", keys).kind, ScanKind::unreadable);
    EXPECT_EQ(classifyScan("\xFF\xFE", keys).reason, "the code is not text");
    EXPECT_EQ(classifyScan(std::string("ab\x01" "cd"), keys).reason, "the code holds control characters");
}
