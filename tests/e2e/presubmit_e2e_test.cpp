// Pre-submission end to end: the real kiosk under Xvfb with the simulated card reader, document camera and receipt
// printer, against a real kiosk-central — the form with a wrong ID check character put right, pages photographed,
// the tolerance commitment signed on the pad, the receipt on paper whose QR opens the case; and with central down,
// the submission kept on the terminal, the receipt saying so, and central holding it once when it is back.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "e2e_support.h"
#include "kiosk/config_boot.h"
#include "kiosk/store.h"
#include "kiosk/sync/sync_client.h"
#include "tests/central/central_process.h"

using namespace ow::e2e;

namespace {

// 张三's card, the form of 个体工商户设立登记 filled in: `wrongId` first types an X where a 6 belongs.
std::string fillForm(bool wrongId) {
    std::string s = "tap @attract.touch_to_start\ntap @service.presubmit.title\nscreenshot card\nevent idcard.place 0\n"
                    "wait-for \"个体工商户设立登记\" 10s\ntap \"个体工商户设立登记\"\n";
    if (wrongId) s += "tap @field.1\ntap @keypad.delete\ntap @digit.X\n";
    s += "tap @field.2\n" + taps("13800138000") + "tap @field.3\n" + taps("xiaochi") + "tap \"小吃\"\n" + taps("dian") +
         "tap \"店\"\ntap @field.4\ntap @choice.0\nwait 200ms\n" + taps("50000") + "tap @presubmit.next\n";
    if (wrongId) s += "screenshot problem\ntap @field.1\ntap @keypad.delete\ntap @digit.6\ntap @presubmit.next\n";
    return s + "wait-for \"检查材料\" 5s\n";
}

// Photographs material m (waiting until the page count shows `pages`).
std::string photograph(int m, int pages) {
    return "tap @capture." + std::to_string(m) + "\nwait-for \"已拍摄 " + std::to_string(pages) + " 页\" 10s\nwait 300ms\n";
}

// The application form's page as the document camera sees it: a document printed onto simulated paper.
std::string pageImage(const Kiosk& k) {
    const std::string png = k.dir().file("page.png");
    std::string err;
    EXPECT_EQ(ow::test::run({OW_DIAG_BIN, "render-receipt", ow::test::assetsDir() + "/documents/sample-application.json", png}, 30, &err), 0)
        << err;
    return png;
}

}  // namespace

TEST_F(KioskE2E, APreSubmissionWithAMissingNonKeyMaterialIsSignedSubmittedAndReceipted) {
    Kiosk k("");
    const std::string dbFile = k.dir().file("central.db"), db = "sqlite:" + dbFile, paper = k.dir().file("paper");
    std::filesystem::create_directories(paper);
    std::string token, err;
    ASSERT_EQ(ow::test::run({OW_KIOSKCTL_BIN, "enroll", "--db", db, "--hall", "qingpu", "--name", "t1"}, 30, &err, &token), 0) << err;
    token.pop_back();
    std::ofstream(k.dir().file("script.txt"))
        << fillForm(true) << "event document.place " << pageImage(k) << "\n"
        << photograph(0, 1) << "tap @capture.1\nwait 800ms\n" << photograph(1, 2)
        << "tap @missing.2\ntap @missing.3\nscreenshot materials\ntap @presubmit.check\nscreenshot commitment\n"
        << "tap @presubmit.sign_submit\nwait 500ms\nexpect \"签名并提交\"\n"  // not signed yet: nothing happens
        << "drag 760 150 840 290\ndrag 860 140 960 280\ndrag 980 210 1180 230\n"
        // The roll ends in the middle of the receipt: held, then printed whole once the paper is refilled.
        << "event receipt.run-out 8\ntap @presubmit.sign_submit\n"
        << "wait-for \"YS-\" 10s\nwait-for \"打印机暂时缺纸\" 10s\nscreenshot held\nevent receipt.paper-ok\nwait 5s\n"
        << "screenshot submitted\nevent receipt.save " << paper << "\nwait 500ms\ntap @nav.finish\n"
        // The same person asks about progress with the card: the new case is there, received.
        << "event idcard.remove\nwait 500ms\ntap @attract.touch_to_start\ntap @service.progress.title\nevent idcard.place 0\n"
        << "wait-for \"个体工商户设立登记\" 15s\nscreenshot progress\nquit\n";
    ow::test::Central central(db);
    ASSERT_EQ(k.run({"--central", central.url(), "--enroll-token", token, "--heartbeat", "5"}), 0) << k.stderrText();

    EXPECT_TRUE(shows(k.shot("card"), "请先将本人身份证放在读卡区"));
    const json problem = k.shot("problem");
    EXPECT_EQ(problem["screen"], "form");
    EXPECT_TRUE(shows(problem, "身份证号码最后一位不是 X")) << problem.dump();
    const json materials = k.shot("materials");
    EXPECT_TRUE(shows(materials, "已拍摄 2 页"));
    EXPECT_TRUE(shows(materials, "本次没有带"));
    // Each material photographed shows its newest page; the ones not brought show none.
    EXPECT_NE(find(materials, "page.0"), nullptr);
    EXPECT_NE(find(materials, "page.1"), nullptr);
    EXPECT_EQ(find(materials, "page.2"), nullptr);
    const json commitment = k.shot("commitment");
    EXPECT_EQ(commitment["screen"], "commitment");
    EXPECT_TRUE(shows(commitment, "经营场所使用证明"));
    EXPECT_TRUE(shows(commitment, "310118********0016"));
    const json submitted = k.shot("submitted");
    EXPECT_EQ(submitted["screen"], "submitted");
    EXPECT_TRUE(shows(submitted, "申报已提交"));
    std::string receiptNo;
    for (const auto& it : submitted["items"]) {
        const std::string t = it["text"];
        if (auto at = t.find("YS-"); at != std::string::npos) receiptNo = t.substr(at, 26);
    }
    ASSERT_EQ(receiptNo.size(), 26u) << submitted.dump();

    const json held = k.shot("held");
    EXPECT_EQ(held["screen"], "submitted") << "the submission stands while the paper is out";
    EXPECT_EQ(underNotice(held, "打印机暂时缺纸"), std::vector<std::string>{}) << "the notice covers nothing, "
                                                                                 "\"再打印一份\" included";
    EXPECT_FALSE(shows(submitted, "打印机暂时缺纸")) << "refilled: the notice is gone";

    // The receipt and the signed commitment came out of the printer; the receipt's QR reads back as this receipt.
    ASSERT_TRUE(std::filesystem::exists(paper + "/receipt-1.png"));
    EXPECT_TRUE(std::filesystem::exists(paper + "/receipt-2.png")) << "the commitment";
    const std::string receipt = readText(paper + "/receipt-1.txt"), signedCommitment = readText(paper + "/receipt-2.txt");
    EXPECT_EQ(receipt.rfind("收件凭证", 0), 0u) << receipt;
    EXPECT_NE(receipt.find("申报编号：" + receiptNo), std::string::npos) << receipt;
    EXPECT_NE(receipt.find("310118********0016"), std::string::npos) << receipt;
    EXPECT_EQ(receipt.find("310118199003070016"), std::string::npos) << "the ID number is masked on paper";
    EXPECT_NE(receipt.find("2. 个体工商户设立登记申请书 （2 页）"), std::string::npos) << receipt;
    EXPECT_NE(receipt.find("1. 经营场所使用证明"), std::string::npos) << receipt;
    EXPECT_NE(receipt.find("申报已送往审批部门"), std::string::npos) << receipt;
    EXPECT_NE(signedCommitment.find("容缺受理承诺书"), std::string::npos) << signedCommitment;
    EXPECT_NE(signedCommitment.find("3. 经营场所使用证明"), std::string::npos) << signedCommitment;
    std::string qr;
    ASSERT_EQ(ow::test::run({OW_DIAG_BIN, "decode", paper + "/receipt-1.png"}, 30, &err, &qr), 0) << err;
    EXPECT_NE(qr.find("OW1.C." + receiptNo + "."), std::string::npos) << qr;

    // Central holds one case for it, received, with the form and the three pages.
    std::string shown;
    ASSERT_EQ(ow::test::run({OW_KIOSKCTL_BIN, "case", "show", receiptNo, "--db", db, "--pages", k.dir().path()}, 30, &err, &shown), 0) << err;
    EXPECT_NE(shown.find("个体工商户设立登记"), std::string::npos) << shown;
    EXPECT_NE(shown.find("status received"), std::string::npos) << shown;
    EXPECT_NE(shown.find("个体工商户名称: 小吃店"), std::string::npos) << shown;
    EXPECT_NE(shown.find("(key) 个体工商户设立登记申请书: 2 page(s) held"), std::string::npos) << shown;
    EXPECT_NE(shown.find("经营场所使用证明: missing"), std::string::npos) << shown;
    EXPECT_NE(shown.find("tolerance acceptance: signed commitment"), std::string::npos) << shown;
    EXPECT_EQ(sql(dbFile, "SELECT count(*) FROM case_file"), "1");
    EXPECT_EQ(sql(dbFile, "SELECT count(*) FROM case_page"), "3");
    // A page as the back office gets it: a JPEG the size the camera's page was scaled to.
    const std::string caseNo = shown.substr(0, 16);
    int w = 0, h = 0, n = 0;
    unsigned char* px = stbi_load((k.dir().path() + "/" + caseNo + "-2-2.jpg").c_str(), &w, &h, &n, 1);
    ASSERT_NE(px, nullptr) << shown;
    stbi_image_free(px);
    EXPECT_GT(w, 300);
    EXPECT_GT(h, 300);

    const json progress = k.shot("progress");
    EXPECT_TRUE(shows(progress, "已收件"));
    EXPECT_TRUE(shows(progress, "申报编号：" + receiptNo)) << "the number on the person's receipt is on the case";
    EXPECT_EQ(k.log().find("310118199003070016"), std::string::npos) << "no ID number in the log";
    EXPECT_EQ(k.log().find("13800138000"), std::string::npos) << "nor the phone typed";
    // Nor in the data folder: the receipt and commitment were journalled sealed, and dropped once printed.
    for (const std::string f : {"kiosk.db", "kiosk.db-wal", "kiosk.log"}) {
        std::ifstream in(k.dir().file("data/" + f), std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        EXPECT_EQ(bytes.find("\xD5\xC5\xC8\xFD"), std::string::npos) << f << " holds 张三 in GB18030 (the receipt's text)";
        EXPECT_EQ(bytes.find("张三"), std::string::npos) << f << " holds 张三";
        EXPECT_EQ(bytes.find("310118********0016"), std::string::npos) << f << " holds the receipt's masked ID number";
        EXPECT_EQ(bytes.find("310118199003070016"), std::string::npos) << f << " holds the ID number";
    }
}

TEST_F(KioskE2E, WithCentralDownASubmissionIsKeptDeliveredLaterOnceAndItsReceiptOpensIt) {
    Kiosk k("quit\n");
    const std::string dbFile = k.dir().file("central.db"), db = "sqlite:" + dbFile, paper = k.dir().file("paper");
    std::filesystem::create_directories(paper);
    std::string token, err;
    ASSERT_EQ(ow::test::run({OW_KIOSKCTL_BIN, "enroll", "--db", db, "--hall", "qingpu", "--name", "t1"}, 30, &err, &token), 0) << err;
    token.pop_back();
    ow::test::Central central(db);
    ASSERT_EQ(k.run({"--central", central.url(), "--enroll-token", token}), 0) << k.stderrText();  // enrolled
    central.kill9();

    std::ofstream(k.dir().file("script.txt"))
        << fillForm(false) << "event document.place " << pageImage(k) << "\n"
        << photograph(0, 1) << "tap @capture.1\nwait-for \"已拍摄 1 页\" 10s\nwait 800ms\n"
        << "tap @capture.2\nwait 800ms\ntap @capture.3\nwait 1500ms\nscreenshot materials\ntap @presubmit.check\n"
        << "screenshot confirm\ntap @presubmit.submit\nwait-for \"YS-\" 10s\nwait 2500ms\nscreenshot queued\n"
        << "event receipt.save " << paper << "\nwait 500ms\ntap @nav.finish\nquit\n";
    ASSERT_EQ(k.run({"--central", central.url(), "--heartbeat", "5"}), 0) << k.stderrText();
    const json confirm = k.shot("confirm");
    EXPECT_EQ(confirm["screen"], "confirm") << k.shot("materials").dump();
    const json queued = k.shot("queued");
    EXPECT_TRUE(shows(queued, "申报已保存，将自动提交"));
    EXPECT_TRUE(shows(queued, "网络恢复后自动送达，无需再次提交"));
    EXPECT_EQ(underNotice(queued, "正在打印收件凭证"), std::vector<std::string>{}) << "printing: its notice covers nothing, "
                                                                                   "\"再打印一份\" included";
    // Kept on the terminal (encrypted), nothing at central.
    EXPECT_EQ(sql(k.dir().file("data/kiosk.db"), "SELECT count(*) FROM outbox WHERE type IN ('case.material', 'case.submitted')"), "5");
    EXPECT_EQ(sql(k.dir().file("data/kiosk.db"), "SELECT count(*) FROM outbox WHERE CAST(payload AS TEXT) LIKE '%310118199003070016%'"), "0");
    {
        // Sealed with the terminal's own key: the secret central holds (and a leak of central's database) opens
        // none of it.
        auto creds = ow::core::loadCredentials(k.dir().file("data/credentials.json"));
        ASSERT_TRUE(creds.ok()) << creds.error();
        auto store = ow::core::Store::open(k.dir().file("data/kiosk.db"));
        ASSERT_TRUE(store.ok()) << store.error();
        EXPECT_FALSE(store->peekOutbox(100, ow::core::legacyOutboxKey(*creds)).ok());
        auto dataKey = ow::core::loadOrCreateDataKey(k.dir().file("data/data.key"));
        ASSERT_TRUE(dataKey.ok()) << dataKey.error();
        auto kept = store->peekOutbox(100, ow::core::outboxKey(*dataKey));
        ASSERT_TRUE(kept.ok()) << kept.error();
        EXPECT_GE(kept->size(), 5u);
    }
    const std::string receipt = readText(paper + "/receipt-1.txt");
    EXPECT_NE(receipt.find("本机暂时连不上政务服务中心：申报已安全保存在本机，网络恢复后自动送达"), std::string::npos) << receipt;
    std::string qr;
    ASSERT_EQ(ow::test::run({OW_DIAG_BIN, "decode", paper + "/receipt-1.png"}, 30, &err, &qr), 0) << err;
    while (!qr.empty() && (qr.back() == '\n' || qr.back() == ' ')) qr.pop_back();
    const auto at = qr.find("OW1.C.YS-");
    ASSERT_NE(at, std::string::npos) << qr;
    qr = qr.substr(at);

    // Central is back: the terminal sends what it kept, and the receipt's QR opens the case.
    central.start();
    std::ofstream(k.dir().file("script.txt"))
        << "wait 4s\nevent scanner.scan " << qr << "\nwait-for \"个体工商户设立登记\" 15s\nscreenshot by-receipt\ntap @nav.finish\nquit\n";
    ASSERT_EQ(k.run({"--central", central.url(), "--heartbeat", "5"}), 0) << k.stderrText();
    EXPECT_TRUE(shows(k.shot("by-receipt"), "已收件"));
    EXPECT_EQ(sql(dbFile, "SELECT count(*) FROM case_file"), "1");
    EXPECT_EQ(sql(dbFile, "SELECT count(*) FROM case_page"), "4");
    EXPECT_EQ(sql(dbFile, "SELECT count(*) FROM event WHERE type = 'case.submitted' AND result = 'accepted'"), "1");
    EXPECT_EQ(sql(k.dir().file("data/kiosk.db"), "SELECT count(*) FROM outbox"), "0") << "acknowledged and deleted";
    // And once more after a restart of the terminal: nothing is sent twice.
    std::ofstream(k.dir().file("script.txt")) << "wait 2s\nquit\n";
    ASSERT_EQ(k.run({"--central", central.url()}), 0) << k.stderrText();
    EXPECT_EQ(sql(dbFile, "SELECT count(*) FROM case_file"), "1");
}

// At elderly scale, with key materials missing, everything missing is listed at once and the button that prints
// that list is on screen (not pushed below the bottom bar by the list).
TEST_F(KioskE2E, AtElderlyScaleTheMissingListCanBePrinted) {
    Kiosk k("");
    std::ofstream(k.dir().file("script.txt"))
        << "tap @attract.touch_to_start\ntap @scale.elderly\ntap @service.presubmit.title\nevent idcard.place 0\n"
        << "wait-for \"最低生活保障申请\" 10s\ntap \"最低生活保障申请\"\ntap @field.2\n" << taps("13800138000")
        << "tap @presubmit.next\n" << taps("3") << "tap @presubmit.next\n" << taps("2000") << "tap @presubmit.next\n"
        << "wait-for \"检查材料\" 5s\n" << photograph(0, 1) << "tap @missing.1\ntap @presubmit.check\nwait 300ms\n"
        << "screenshot incomplete\ntap @guide.print_receipt\nwait 2500ms\nscreenshot printed\nquit\n";
    ASSERT_EQ(k.run(), 0) << k.stderrText();
    const json shot = k.shot("incomplete");
    EXPECT_EQ(shot["screen"], "incomplete");
    EXPECT_EQ(shot["scale"], "elderly");
    EXPECT_TRUE(shows(shot, "户口簿"));
    EXPECT_TRUE(shows(shot, "家庭财产申报及核对授权书")) << "every missing key material, at once";
    const json* print = find(shot, "guide.print_receipt");
    ASSERT_NE(print, nullptr);
    const float bottomBar = shot["window"][1].get<float>() - shot["target_px"].get<float>();
    EXPECT_LT((*print)["rect"][3].get<float>(), bottomBar) << "the print button is above the bottom bar";
    EXPECT_NE(k.log().find("state=done"), std::string::npos) << "the notice was printed: " << k.log();
    EXPECT_EQ(underNotice(k.shot("printed"), "正在打印一次性告知书"), std::vector<std::string>{});
}

