// Signed bundles on the terminal: every attack is refused with its reason and the active configuration stays;
// a good one is applied whole; a power cut at any step of applying leaves the old or the new bundle, never a mix.
#include <gtest/gtest.h>
#include <signal.h>
#include <sodium.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "kiosk/bundle_signing.h"
#include "kiosk/bundle_update.h"
#include "kiosk/config_boot.h"
#include "kiosk/store.h"
#include "test_paths.h"

using namespace ow::core;
using nlohmann::json;

namespace {

constexpr int64_t kNow = 1795334400;  // 2026-11-22

class BundleUpdate : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_GE(sodium_init(), 0);
        auto pair = generateKeyPair();
        key_ = *decodeSecretKey(pair.secretKey);
        trusted_.emplace("ops", *decodePublicKey(pair.publicKey));
        auto other = generateKeyPair();
        otherKey_ = *decodeSecretKey(other.secretKey);
        base_ = json::parse(*readFile(ow::test::assetsDir() + "/bundles/demo.json"));
        auto store = Store::open(path());
        ASSERT_TRUE(store->activateBundle(1, base_.dump()).ok());
    }
    std::string path() const { return dir_.file("kiosk.db"); }
    /** The demo bundle as version v, changed by edit, signed by key. */
    template <typename Edit>
    std::string make(int64_t v, Edit edit, const SecretKey* key = nullptr, const char* keyId = "ops") {
        json b = base_;
        b["version"] = v;
        b["content"]["hall"]["service_phone"] = "021-" + std::to_string(10000 + v);
        edit(b);
        auto doc = signBundle(b.dump(), keyId, key ? *key : key_);
        EXPECT_TRUE(doc.ok()) << doc.error();
        return doc.ok() ? *doc : "";
    }
    std::string make(int64_t v) {
        return make(v, [](json&) {});
    }
    BundleVerdict receive(const std::string& doc, int64_t now = kNow, const std::string& kiosk = "k-1",
                          const std::string& hall = "qingpu") {
        auto store = Store::open(path());
        return receiveBundle(*store, doc, trusted_, kiosk, hall, now);
    }
    int64_t activeVersion() { return Store::open(path())->activeBundle()->version; }
    json refusals() { return json::parse(bundleRefusalsJson(*Store::open(path()))); }

    ow::test::TempDir dir_;
    SecretKey key_{}, otherKey_{};
    TrustedKeys trusted_;
    json base_;
};

}  // namespace

TEST_F(BundleUpdate, AGoodBundleBecomesActiveAndThePreviousOneIsKept) {
    const auto v = receive(make(2));
    EXPECT_EQ(v.refusal, BundleRefusal::none) << v.reason;
    auto store = Store::open(path());
    EXPECT_EQ(store->activeBundle()->version, 2);
    EXPECT_EQ(json::parse(store->activeBundle()->body)["content"]["hall"]["service_phone"], "021-10002");
    EXPECT_EQ(store->lastGoodBundle()->version, 1);
    EXPECT_TRUE(refusals().empty());
}

TEST_F(BundleUpdate, EveryAttackIsRefusedWithItsReasonAndTheActiveConfigStays) {
    const std::string good = make(5);
    json tampered = json::parse(good);
    std::string text = tampered["bundle"];
    text.replace(text.find("021-10005"), 9, "021-66666");
    tampered["bundle"] = text;
    json unsignedDoc = json::parse(good);
    unsignedDoc.erase("signature");
    json badSig = json::parse(good);
    badSig["signature"] = "AAAA";
    json notText = json::parse(good);
    notText["bundle"] = json::parse(notText["bundle"].get<std::string>());
    struct Case {
        const char* what;
        std::string doc;
        BundleRefusal refusal;
        int64_t now = kNow;
    } cases[] = {
        {"a bare, unsigned bundle", base_.dump(), BundleRefusal::unsigned_},
        {"a signed document without its signature", unsignedDoc.dump(), BundleRefusal::unsigned_},
        {"signed by a key the terminal does not trust", make(5, [](json&) {}, &otherKey_, "ops"), BundleRefusal::badSignature},
        {"signed under an unknown key id", make(5, [](json&) {}, &otherKey_, "intruder"), BundleRefusal::unknownKey},
        {"changed after signing", tampered.dump(), BundleRefusal::badSignature},
        {"a signature that is not base64 of 64 bytes", badSig.dump(), BundleRefusal::badSignature},
        {"not newer than the active one", make(1), BundleRefusal::rollback},
        {"expired", make(5,
                         [](json& b) {
                             b["issued_at"] = "2025-06-01T00:00:00Z";
                             b["expires_at"] = "2026-01-01T00:00:00Z";
                         }),
         BundleRefusal::expired},
        {"issued in the future", make(5, [](json& b) { b["issued_at"] = "2027-06-01T00:00:00Z"; }), BundleRefusal::notYetValid},
        {"for another hall", make(5, [](json& b) { b["scope"] = {{"halls", {"songjiang"}}, {"terminals", json::array()}}; }),
         BundleRefusal::outOfScope},
        {"over the size cap", std::string(kMaxSignedBundleBytes + 1, ' '), BundleRefusal::tooLarge},
        {"not JSON", "{\"format\": ", BundleRefusal::malformed},
        {"the bundle as an object, not signed text", notText.dump(), BundleRefusal::malformed},
        {"signed, but invalid inside", [&] {
             json b = base_;
             b["version"] = 5;
             b["content"]["matters"][0]["theme"] = "astrology";
             unsigned char sig[crypto_sign_BYTES];
             const std::string t = b.dump();
             crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(t.data()), t.size(), key_.data());
             char b64[200];
             sodium_bin2base64(b64, sizeof b64, sig, sizeof sig, sodium_base64_VARIANT_ORIGINAL);
             return json{{"format", kSignedBundleFormat}, {"key_id", "ops"}, {"signature", b64}, {"bundle", t}}.dump();
         }(),
         BundleRefusal::malformed},
    };
    for (const auto& c : cases) {
        const auto v = receive(c.doc, c.now);
        EXPECT_EQ(v.refusal, c.refusal) << c.what << ": " << v.reason;
        EXPECT_FALSE(v.reason.empty()) << c.what;
        EXPECT_EQ(activeVersion(), 1) << c.what;
        ASSERT_FALSE(refusals().empty()) << c.what;
        EXPECT_EQ(refusals().back()["code"], refusalCode(c.refusal)) << c.what;
    }
    EXPECT_LE(refusals().size(), 10u) << "the heartbeat carries the latest ten";
    EXPECT_EQ(receive(good).refusal, BundleRefusal::none) << "and the genuine one still goes through";
}

TEST_F(BundleUpdate, WindingTheClockBackAdmitsNothingOld) {
    // A bundle issued "now" is seen; then the clock is set back a year, when an old expired bundle would be valid.
    ASSERT_EQ(receive(make(2, [](json& b) { b["issued_at"] = "2026-11-22T00:00:00Z"; })).refusal, BundleRefusal::none);
    const std::string stale = make(3, [](json& b) {
        b["issued_at"] = "2025-01-01T00:00:00Z";
        b["expires_at"] = "2026-02-01T00:00:00Z";
    });
    EXPECT_EQ(receive(stale, kNow - 365 * 86400).refusal, BundleRefusal::expired);
    EXPECT_EQ(trustedNow(*Store::open(path()), kNow - 365 * 86400), 1795305600) << "the newest signed time";
}

TEST_F(BundleUpdate, ABundleThatFailsItsHealthCheckIsRolledBackAndNotFetchedAgain) {
    ASSERT_EQ(receive(make(2)).refusal, BundleRefusal::none);
    ASSERT_EQ(receive(make(3)).refusal, BundleRefusal::none);
    auto store = Store::open(path());
    ASSERT_TRUE(rollBackFailedBundle(*store, 3, "no font has the character U+12000", kNow).ok());
    EXPECT_EQ(store->activeBundle()->version, 2);
    EXPECT_EQ(store->highestBundleVersion(), 3) << "version 3 is not offered again as new";
    EXPECT_EQ(refusals().back()["code"], "health_check_failed");
    EXPECT_EQ(refusals().back()["reason"], "no font has the character U+12000");
    EXPECT_EQ(receive(make(3)).refusal, BundleRefusal::rollback);
    EXPECT_EQ(receive(make(4)).refusal, BundleRefusal::none) << "a fixed, newer bundle is taken";
    // With no last good bundle there is nothing to go back to: the active one stays and the caller is told.
    ow::test::TempDir other;
    auto lone = Store::open(other.file("k.db"));
    ASSERT_TRUE(lone->activateBundle(1, base_.dump()).ok());
    EXPECT_FALSE(rollBackFailedBundle(*lone, 1, "x", kNow).ok());
    EXPECT_EQ(lone->activeBundle()->version, 1);
}

// A power cut (SIGKILL) at each step of receiving and applying: afterwards the store holds the old bundle or
// the new one, whole, and the terminal starts with it.
TEST_F(BundleUpdate, KillAtEachStepLeavesTheOldOrTheNewBundleNeverAMix) {
    const std::string doc = make(2);
    for (const char* point :
         {"bundle.received", "bundle.verified", "bundle.before_activate", "bundle.activating", "bundle.activated"}) {
        ow::test::TempDir d;
        {
            auto s = Store::open(d.file("kiosk.db"));
            ASSERT_TRUE(s->activateBundle(1, base_.dump()).ok());
        }
        const pid_t pid = fork();
        if (pid == 0) {
            setenv("OW_CRASH_AT", point, 1);
            auto s = Store::open(d.file("kiosk.db"));
            receiveBundle(*s, doc, trusted_, "k-1", "qingpu", kNow);
            _exit(0);  // not reached: the crash point kills the process
        }
        int status = 0;
        waitpid(pid, &status, 0);
        ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << point;
        auto s = Store::open(d.file("kiosk.db"));
        const auto active = s->activeBundle();
        ASSERT_TRUE(active.has_value()) << point;
        auto parsed = parseBundle(active->body);
        ASSERT_TRUE(parsed.ok()) << point << ": " << parsed.error();
        EXPECT_EQ(parsed->version, active->version) << point << ": the stored version and body belong together";
        EXPECT_EQ(parsed->servicePhone, active->version == 2 ? "021-10002" : base_["content"]["hall"]["service_phone"].get<std::string>())
            << point;
        EXPECT_EQ(active->version, std::string(point) == "bundle.activated" ? 2 : 1) << point;
        auto boot = bootConfig(*s, ow::test::assetsDir() + "/bundles/demo.json");
        ASSERT_TRUE(boot.ok()) << point;
        EXPECT_EQ(boot->bundle.version, active->version) << point << ": the terminal starts with it";
        // And the interrupted update completes when offered again.
        EXPECT_EQ(receiveBundle(*s, doc, trusted_, "k-1", "qingpu", kNow).refusal,
                  active->version == 2 ? BundleRefusal::rollback : BundleRefusal::none)
            << point;
    }
}
