// The real kiosk under Xvfb, driven by scripts: what a person sees on screen, and what the log never holds.
#include <gtest/gtest.h>
#include <stb/stb_image.h>

#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "../kiosk/test_paths.h"
#include "../support/xvfb.h"
#include "e2e_support.h"
#include "kiosk/protocol/case_status.h"
#include "tests/central/central_process.h"

using nlohmann::json;
using namespace ow::e2e;

TEST_F(KioskE2E, AttractShowsTheHallTheTimeAndHowToStart) {
    Kiosk k("wait 200ms\nscreenshot attract\nquit\n");
    ASSERT_EQ(k.run(), 0) << k.stderrText();
    const json s = k.shot("attract");
    EXPECT_EQ(s["screen"], "attract");
    EXPECT_TRUE(shows(s, "青浦区政务服务中心"));
    EXPECT_TRUE(shows(s, "也可以将身份证放在下方读卡区"));
    EXPECT_TRUE(shows(s, "本中心自助服务区7×24小时开放"));
    bool clock = false;
    for (const auto& it : s["items"]) clock = clock || std::regex_match(it["text"].get<std::string>(), std::regex(R"(\d\d:\d\d)"));
    EXPECT_TRUE(clock) << "no HH:MM clock on the attract screen";
    const json* start = find(s, "attract.touch_to_start");
    ASSERT_NE(start, nullptr);
    EXPECT_EQ((*start)["text"], "轻触屏幕，开始办理");
    EXPECT_EQ(s["missing_glyphs"], 0);
    // The start button is drawn in the accent colour and its label is visible ink on it.
    const Image img = k.image("attract");
    const auto& r = (*start)["rect"];
    EXPECT_GT(img.share(r[0], r[1], r[2], r[3], 0x0B, 0x5C, 0xD5), 0.6);
    EXPECT_GT(img.share(r[0], r[1], r[2], r[3], 0xFF, 0xFF, 0xFF), 0.004);  // white label ink
}

TEST_F(KioskE2E, HomeOffersEveryServiceInChineseAndInEnglish) {
    Kiosk k("tap @attract.touch_to_start\nscreenshot zh\ntap @lang.switch\nscreenshot en\nquit\n");
    ASSERT_EQ(k.run(), 0) << k.stderrText();
    const json zh = k.shot("zh"), en = k.shot("en");
    EXPECT_EQ(zh["screen"], "home");
    EXPECT_EQ(zh["lang"], "zh-CN");
    EXPECT_TRUE(shows(zh, "请选择您要办理的业务"));
    EXPECT_EQ(buttons(zh, "service."), 9);
    for (const char* t : {"办件查询", "办事指南", "自助申报", "预约", "取号", "领取结果", "服务评价", "办不成事反映", "呼叫工作人员"})
        EXPECT_TRUE(shows(zh, t)) << t;
    EXPECT_EQ(en["lang"], "en");
    EXPECT_TRUE(shows(en, "What would you like to do?"));
    EXPECT_FALSE(shows(en, "请选择您要办理的业务"));
    EXPECT_EQ((*find(en, "service.progress.title"))["text"], "Case progress");
    EXPECT_EQ((*find(en, "lang.switch"))["text"], "中文");
    // Home, back, call staff and finish are on the screen in both languages.
    for (const char* key : {"nav.home", "nav.back", "nav.call_staff", "nav.finish"}) {
        EXPECT_NE(find(zh, key), nullptr) << key;
        EXPECT_NE(find(en, key), nullptr) << key;
    }
}

TEST_F(KioskE2E, ElderlyScaleHasLargeTextAndLargeTargets) {
    Kiosk k("tap @attract.touch_to_start\nscreenshot standard\ntap @scale.elderly\nscreenshot elderly\nquit\n");
    ASSERT_EQ(k.run(), 0) << k.stderrText();
    const json st = k.shot("standard"), el = k.shot("elderly");
    EXPECT_EQ(el["scale"], "elderly");
    EXPECT_GE(el["body_pt"].get<double>(), 18.0);
    EXPECT_GE(el["heading_pt"].get<double>(), 30.0);
    EXPECT_GT(el["em"].get<double>(), st["em"].get<double>() * 1.4);
    for (const auto& it : el["items"]) {
        if (it["kind"] != "button") continue;
        const auto& r = it["rect"];
        EXPECT_GE(r[3].get<double>() - r[1].get<double>(), 60.0) << it["key"];  // targets ≥ 60 dp
    }
    // Measured on the picture: the heading's ink is taller at elderly scale than at standard.
    auto headingInk = [&](const json& s, const Image& img) {
        for (const auto& it : s["items"])
            if (it["text"] == "请选择您要办理的业务") {
                const auto& r = it["rect"];
                return img.inkHeight(r[0], r[1], r[2], r[3]);
            }
        return 0;
    };
    const int small = headingInk(st, k.image("standard")), large = headingInk(el, k.image("elderly"));
    // 30 pt at 96 dpi is a 40 px em; Chinese glyph ink fills about 0.88 of the em.
    EXPECT_GE(large, 35) << "heading glyphs are " << large << " px tall";
    EXPECT_GT(large, small * 1.3);
    EXPECT_EQ(el["missing_glyphs"], 0);
}

TEST_F(KioskE2E, ElderlyHomeSaysThereIsMoreAndScrollsToIt) {
    Kiosk k("tap @attract.touch_to_start\ntap @scale.elderly\nscreenshot top\ndrag 640 640 640 110\nwait 100ms\n"
            "drag 640 640 640 110\nwait 100ms\nscreenshot bottom\ntap @service.call_staff.title\nwait-for \"暂时联系不上\" 5s\n"
            "screenshot staff\nquit\n");
    ASSERT_EQ(k.run(), 0) << k.stderrText();
    const json top = k.shot("top"), bottom = k.shot("bottom");
    EXPECT_TRUE(shows(top, "向上滑动，查看更多服务"));
    EXPECT_FALSE(shows(bottom, "向上滑动，查看更多服务"));
    // After the swipe the last tile is fully on screen, above the bottom bar.
    const json* staff = find(bottom, "service.call_staff.title");
    ASSERT_NE(staff, nullptr);
    EXPECT_LE((*staff)["rect"][3].get<double>(), 800 - 60.0);
    const json s = k.shot("staff");
    EXPECT_EQ(s["screen"], "call_staff");  // the call-staff service's own page (it was the shared "not_built")
    // No central here: said plainly, with where staff are and the hall's phone, and "call again".
    EXPECT_TRUE(shows(s, "暂时联系不上大厅工作人员。")) << s.dump();
    EXPECT_TRUE(shows(s, "请到综合受理窗口或咨询台"));
    EXPECT_EQ(buttons(s, "call_staff.retry"), 1);
}

TEST_F(KioskE2E, IdleCountdownIsVisibleThenTheSessionEndsAndIsWiped) {
    Kiosk k(std::string(kCard) +
            "\nscreenshot identified\nadvance 53s\nwait 100ms\nscreenshot countdown\nadvance 8s\nwait 200ms\n"
            "screenshot after\ntap @attract.touch_to_start\nscreenshot next\nquit\n");
    ASSERT_EQ(k.run(), 0) << k.stderrText();
    const json id = k.shot("identified");
    EXPECT_TRUE(shows(id, "欧阳䶮䶹（110105********002X）"));
    EXPECT_FALSE(shows(id, "11010519491231002X"));
    EXPECT_EQ(id["missing_glyphs"], 0);

    const json cd = k.shot("countdown");
    EXPECT_GE(cd["countdown"].get<int>(), 1);
    EXPECT_LE(cd["countdown"].get<int>(), 7);
    EXPECT_TRUE(shows(cd, "您还在吗？"));
    EXPECT_TRUE(shows(cd, std::to_string(cd["countdown"].get<int>()) + " 秒后将返回首页"));
    ASSERT_NE(find(cd, "timeout.continue"), nullptr);
    const Image img = k.image("countdown");
    EXPECT_GT(img.share(440, 300, 840, 500, 0xFF, 0xF1, 0xD6), 0.4) << "the countdown panel is not on screen";

    const json after = k.shot("after");
    EXPECT_EQ(after["screen"], "attract");
    EXPECT_FALSE(after["session"].get<bool>());
    EXPECT_FALSE(shows(after, "您还在吗？"));
    const json next = k.shot("next");
    EXPECT_EQ(next["screen"], "home");
    EXPECT_FALSE(shows(next, "欧阳"));
    EXPECT_FALSE(shows(next, "002X"));
}

TEST_F(KioskE2E, ContinueKeepsTheSession) {
    Kiosk k("tap @attract.touch_to_start\nadvance 55s\nwait 100ms\ntap @timeout.continue\nadvance 20s\nwait 100ms\n"
            "screenshot kept\nquit\n");
    ASSERT_EQ(k.run(), 0) << k.stderrText();
    const json s = k.shot("kept");
    EXPECT_EQ(s["screen"], "home");
    EXPECT_EQ(s["countdown"], -1);
}

TEST_F(KioskE2E, CloseRequestsAndEscapeDoNotEndTheKiosk) {
    Kiosk k("tap @attract.touch_to_start\nkey Escape\nkey alt+F4\nevent close-request\nwait 300ms\n"
            "screenshot still\nquit\n");
    ASSERT_EQ(k.run(), 0) << k.stderrText();
    EXPECT_EQ(k.shot("still")["screen"], "home");
    EXPECT_NE(k.log().find("kiosk.close_ignored"), std::string::npos);
}

TEST_F(KioskE2E, SigtermShutsDownCleanly) {
    Kiosk k("tap @attract.touch_to_start\nevent sigterm\nwait 10s\nscreenshot never\n");
    ASSERT_EQ(k.run(), 0) << k.stderrText();
    const std::string log = k.log();
    EXPECT_NE(log.find("kiosk.signal signal=15"), std::string::npos);
    EXPECT_NE(log.find("session.end reason=shutdown"), std::string::npos);
    EXPECT_NE(log.find("kiosk.stop"), std::string::npos);
    std::ifstream shot(k.dir().file("shots/never.json"));
    EXPECT_FALSE(shot.good()) << "the kiosk kept running after SIGTERM";
    // The store was closed: SQLite checkpoints and removes its write-ahead log when the last connection closes.
    EXPECT_TRUE(std::ifstream(k.dir().file("data/kiosk.db")).good());
    EXPECT_FALSE(std::ifstream(k.dir().file("data/kiosk.db-wal")).good());
}

TEST_F(KioskE2E, NoPersonalDataReachesTheLogOfAFullSession) {
    // A session, then an expired card, a card whose check character is wrong, one whose birth date cannot be,
    // and a case number with a phone typed on the keypad.
    std::string typed;
    for (char c : std::string("20261123000001") + "13800138000") typed += std::string("tap @digit.") + c + "\n";
    Kiosk k(std::string("tap @attract.touch_to_start\n") + kCard +
            "\ntap @service.progress.title\ntap @nav.home\ntap @nav.finish\n" + kCard +
            "\nadvance 61s\nwait 200ms\n"
            "event idcard.place 2\nwait 1200ms\nevent idcard.remove\nwait 300ms\n"
            "event idcard.place 4\nwait 1200ms\nevent idcard.remove\nwait 300ms\n"
            "event idcard.place 5\nwait 1200ms\nevent idcard.remove\nwait 300ms\n"
            "tap @attract.touch_to_start\ntap @service.progress.title\n" + typed + "tap @lookup.submit\nwait 500ms\nquit\n");
    ASSERT_EQ(k.run(), 0) << k.stderrText();
    const std::string log = k.log();
    EXPECT_NE(log.find("identity.read"), std::string::npos) << log;
    EXPECT_NE(log.find("session.end reason=idle_timeout"), std::string::npos);
    EXPECT_NE(log.find("idcard.expired"), std::string::npos) << log;
    EXPECT_NE(log.find("idcard.invalid reason=\"the birth date is not a valid YYYYMMDD date\""), std::string::npos) << log;
    EXPECT_NE(log.find("cases.asked by=case_no"), std::string::npos) << log;
    for (const char* secret : {"欧阳", "䶮", "11010519491231002X", "110105", "13812345678", "望京", "喆园路", "19491231",
                               "李四", "440304198505120033", "19850512", "福中路", "赵六", "320582197808150020",
                               "19780815", "钱七", "330106198502300028", "19850230", "文三路", "13800138000"})
        EXPECT_EQ(log.find(secret), std::string::npos) << "the log holds " << secret << ":\n" << log;
}

TEST_F(KioskE2E, ScriptMistakeNamesTheLine) {
    Kiosk k("wait 100ms\ntap \"不存在的按钮\"\nquit\n");
    EXPECT_EQ(k.run(), 3);
    EXPECT_NE(k.stderrText().find("script line 2: no button \"不存在的按钮\" on screen"), std::string::npos)
        << k.stderrText();
}

TEST_F(KioskE2E, MalformedShippedBundleIsAClearStartupError) {
    Kiosk k("quit\n");
    std::ofstream(k.dir().file("bad.json")) << R"({"format": "onewindow.bundle.v1", "version": "two"})";
    EXPECT_EQ(k.run({"--bundle", k.dir().file("bad.json")}), 2);
    EXPECT_NE(k.stderrText().find("bundle.version: must be a whole number"), std::string::npos) << k.stderrText();
}

// systemd's notify protocol on a socket of our own: READY after the first frame, then watchdog pings, idle too.
TEST_F(KioskE2E, TellsSystemdItIsReadyAndKeepsPingingTheWatchdogWhenIdle) {
    Kiosk k("");
    const std::string path = k.dir().file("notify.sock");
    const int sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
    ASSERT_EQ(bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    setenv("NOTIFY_SOCKET", path.c_str(), 1);
    setenv("WATCHDOG_USEC", "400000", 1);  // a ping at least every 200 ms
    // systemd watches the unit's main process: on a terminal cage, the kiosk's parent (here, this test).
    setenv("WATCHDOG_PID", std::to_string(getpid()).c_str(), 1);
    std::vector<std::string> argv{OW_KIOSK_BIN, "--windowed", "1280x800", "--data", k.dir().file("data"),
                                  "--log-file", k.dir().file("kiosk.log")};
    // Drain the socket while the kiosk runs (a datagram queue holds only a few messages).
    std::atomic<bool> stop{false};
    int ready = 0, pings = 0, idlePings = 0;
    const auto start = std::chrono::steady_clock::now();
    std::thread reader([&] {
        timeval tv{0, 50000};
        setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        char buf[256];
        while (!stop) {
            const ssize_t n = recv(sock, buf, sizeof buf, 0);
            if (n <= 0) continue;
            const std::string msg(buf, static_cast<size_t>(n));
            ready += msg.find("READY=1") != std::string::npos;
            if (msg.find("WATCHDOG=1") == std::string::npos) continue;
            ++pings;
            // The kiosk draws for 2 s after start-up, then idles: pings after 3 s come from the idle loop.
            idlePings += std::chrono::steady_clock::now() - start > std::chrono::seconds(3);
        }
    });
    ow::test::run(argv, 5);  // no script: it runs until the time limit stops it
    stop = true;
    reader.join();
    unsetenv("NOTIFY_SOCKET");
    unsetenv("WATCHDOG_USEC");
    unsetenv("WATCHDOG_PID");
    close(sock);
    EXPECT_EQ(ready, 1);
    EXPECT_GE(pings, 15);
    EXPECT_GE(idlePings, 6) << "the loop must wake for the watchdog even when nothing is drawn";
}

// At night (content.schedule.dim) the attract screen is seen dimmed, not black, and a touch brings it back to full
// brightness: the pixels, as a person sees them.
TEST_F(KioskE2E, AtNightTheScreenIsDimmedNotBlackAndATouchWakesIt) {
    Kiosk k("wait 500ms\nscreenshot dim\ntap 640 400\nwait 300ms\nscreenshot awake\nquit\n");
    std::ifstream demo(ow::test::assetsDir() + "/bundles/demo.json");
    auto doc = json::parse(demo);
    // The dim hours around this minute, Beijing time.
    const int minute = static_cast<int>(((std::time(nullptr) + 8 * 3600) % 86400) / 60);
    const auto hhmm = [](int m) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "%02d:%02d", ((m + 1440) % 1440) / 60, ((m + 1440) % 1440) % 60);
        return std::string(buf);
    };
    doc["content"]["schedule"] = {{"dim", {{"from", hhmm(minute - 60)}, {"to", hhmm(minute + 60)}, {"level", 0.3}}}};
    std::ofstream(k.dir().file("night.json")) << doc.dump();
    ASSERT_EQ(k.run({"--bundle", k.dir().file("night.json")}), 0) << k.stderrText();
    const auto mean = [](const Image& img) {
        double sum = 0;
        for (int y = 0; y < img.h; y += 4)
            for (int x = 0; x < img.w; x += 4) {
                const uint8_t* p = img.at(x, y);
                sum += (p[0] * 299 + p[1] * 587 + p[2] * 114) / 1000.0;
            }
        return sum / ((img.h / 4) * (img.w / 4));
    };
    const double dim = mean(k.image("dim")), awake = mean(k.image("awake"));
    EXPECT_LT(dim, awake * 0.45) << "dimmed: " << dim << " awake: " << awake;
    EXPECT_GT(dim, awake * 0.2) << "never black: " << dim;
}

TEST_F(KioskE2E, MissingChineseFontIsAClearStartupError) {
    Kiosk k("quit\n");
    std::ofstream(k.dir().file("fonts.conf")) << "<?xml version=\"1.0\"?><fontconfig><dir>" << k.dir().path()
                                                << "</dir><cachedir>" << k.dir().file("fc-cache")
                                                << "</cachedir></fontconfig>";
    setenv("FONTCONFIG_FILE", k.dir().file("fonts.conf").c_str(), 1);
    const int code = k.run();
    unsetenv("FONTCONFIG_FILE");
    EXPECT_EQ(code, 2);
    EXPECT_NE(k.stderrText().find("install the Debian package fonts-noto-cjk"), std::string::npos) << k.stderrText();
}

// The ID card reader through the real driver and serial transport, against the simulator on a pty.
TEST_F(KioskE2E, ACardOnTheReaderStartsASessionForThatPerson) {
    Kiosk k("wait 300ms\nevent idcard.place 0\nwait 1200ms\nscreenshot zhang\nevent idcard.remove\n"
            "wait 400ms\nevent idcard.place 1\nwait 1200ms\nscreenshot ouyang\nquit\n");
    ASSERT_EQ(k.run(), 0) << k.stderrText();
    const json a = k.shot("zhang");
    EXPECT_EQ(a["screen"], "home");
    EXPECT_TRUE(shows(a, "张三（310118********0016）"));
    // A second person's card ends the first person's session before the second is greeted.
    const json b = k.shot("ouyang");
    EXPECT_TRUE(shows(b, "欧阳䶮（110105********002X）"));
    EXPECT_FALSE(shows(b, "张三"));
    EXPECT_EQ(b["missing_glyphs"], 0);
    const std::string log = k.log();
    EXPECT_NE(log.find("device.state device=idcard state=online"), std::string::npos);
    for (const char* secret : {"张三", "310118199003070016", "欧阳", "华腾路"})
        EXPECT_EQ(log.find(secret), std::string::npos) << secret;
}

TEST_F(KioskE2E, ExpiredInvalidAndUnreadableCardsGetPlainWordsAndNoSession) {
    Kiosk k("wait 300ms\nevent idcard.place 2\nwait 1200ms\nscreenshot expired\nevent idcard.remove\n"
            "wait 300ms\nevent idcard.place 4\nwait 1200ms\nscreenshot invalid\nevent idcard.remove\n"
            "event idcard.fault auth-failure 50\nwait 300ms\nevent idcard.place 0\nwait 1200ms\nscreenshot unreadable\n"
            "quit\n");
    ASSERT_EQ(k.run(), 0) << k.stderrText();
    const json e = k.shot("expired");
    EXPECT_EQ(e["screen"], "attract");
    EXPECT_FALSE(e["session"].get<bool>());
    EXPECT_TRUE(shows(e, "您的身份证已于 2020-01-01 过期"));
    EXPECT_FALSE(shows(e, "李四"));
    const json i = k.shot("invalid");
    EXPECT_TRUE(shows(i, "身份证信息校验未通过"));
    EXPECT_FALSE(i["session"].get<bool>());
    const json u = k.shot("unreadable");
    EXPECT_TRUE(shows(u, "没有读出身份证"));
    EXPECT_FALSE(u["session"].get<bool>());
    EXPECT_NE(k.log().find("idcard.unreadable reason=\"SW3 0x31"), std::string::npos);
    // Each notice has room of its own: nothing on the screen is drawn under it.
    for (const auto& [shot, text] : {std::pair{e, "过期"}, {i, "身份证信息校验未通过"}, {u, "没有读出身份证"}}) {
        EXPECT_EQ(underNotice(shot, text), std::vector<std::string>{}) << text;
    }
}

TEST_F(KioskE2E, AttractSaysWhenTheCardReaderIsUnavailable) {
    Kiosk k("wait 500ms\nscreenshot with\nevent idcard.unplug\nwait 1500ms\nscreenshot without\n"
            "event idcard.replug\nwait 2000ms\nscreenshot back\nquit\n");
    ASSERT_EQ(k.run(), 0) << k.stderrText();
    EXPECT_TRUE(shows(k.shot("with"), "也可以将身份证放在下方读卡区"));
    const json w = k.shot("without");
    EXPECT_TRUE(shows(w, "读卡器暂不可用"));
    EXPECT_FALSE(shows(w, "也可以将身份证放在下方读卡区"));
    EXPECT_TRUE(shows(k.shot("back"), "也可以将身份证放在下方读卡区"));
    EXPECT_NE(k.log().find("device.state device=idcard state=noDevice action=maintenance"), std::string::npos);
}

// A terminal booted on the shipped bundle trusts no issuer: a well-signed receipt code is not taken as one of this
// centre's until a signed bundle names its key (the shipped private demo key that let anyone mint codes is gone).
TEST_F(KioskE2E, TheShippedBundleTrustsNoIssuer) {
    Kiosk k("wait 300ms\nevent scanner.scan-case QP2026112200017\nwait 600ms\nscreenshot scanned\nquit\n");
    std::filesystem::create_directories(k.dir().file("data"));
    std::string err;
    ASSERT_EQ(ow::test::run({OW_KIOSKCTL_BIN, "keygen", "--key-id", "demo1", "--out", k.dir().file("data/sim-issuer.key")}, 30, &err), 0)
        << err;
    ASSERT_EQ(k.run(), 0) << k.stderrText();
    EXPECT_NE(k.shot("scanned")["screen"], "progress");
    EXPECT_TRUE(shows(k.shot("scanned"), "这个二维码无法验证")) << "the code was taken as this centre's";
    EXPECT_NE(k.log().find("signed by an unknown key demo1"), std::string::npos) << k.log();
}

// Codes through the simulated serial scanner: ours (signed by an issuer the bundle names), someone else's, altered.
TEST_F(KioskE2E, ScannedCodesAreRecognisedOrExplained) {
    Kiosk k("wait 300ms\nevent scanner.scan-case QP2026112200017\nwait 600ms\nscreenshot ours\n"
            "event scanner.scan https://www.example.com/pay?id=42\nwait 600ms\nscreenshot foreign\n"
            "event scanner.scan OW1.C.QP2026112200017.demo1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
            "wait 600ms\nscreenshot forged\nquit\n");
    k.trustSimulatorIssuer();
    ASSERT_EQ(k.run(), 0) << k.stderrText();
    // Ours opens that case's progress; this terminal has no central, so it says it cannot look it up now.
    EXPECT_EQ(k.shot("ours")["screen"], "progress");
    EXPECT_TRUE(shows(k.shot("ours"), "现在连不上政务服务系统"));
    EXPECT_TRUE(shows(k.shot("foreign"), "这不是本中心的二维码"));
    EXPECT_TRUE(shows(k.shot("forged"), "这个二维码无法验证"));
    EXPECT_EQ(underNotice(k.shot("foreign"), "这不是本中心的二维码"), std::vector<std::string>{});
    const std::string log = k.log();
    EXPECT_NE(log.find("scan source=scanner kind=case_receipt"), std::string::npos) << log;
    EXPECT_NE(log.find("kind=forged reason=\"the signature does not match\""), std::string::npos) << log;
}

// A receipt interrupted by the paper running out is held, the person told, and printed whole after a refill;
// one still unprinted at shutdown is printed when the kiosk starts again (the journal in the store).
TEST_F(KioskE2E, PaperOutMidReceiptIsResumedAfterRefillAndAcrossARestart) {
    const std::string paper = "PAPER";
    Kiosk k("wait 500ms\nevent receipt.run-out 3\nevent receipt.print-test\nwait 1500ms\nscreenshot held\n"
            "event receipt.paper-ok\nwait 2000ms\nevent receipt.save " + paper + "\nwait 200ms\nscreenshot after\nquit\n");
    // The script names the folder relative to the test's temp dir: make it absolute.
    {
        std::ifstream in(k.dir().file("script.txt"));
        std::stringstream s;
        s << in.rdbuf();
        std::string script = s.str();
        script.replace(script.find(paper), paper.size(), k.dir().file("paper"));
        std::ofstream(k.dir().file("script.txt")) << script;
        std::filesystem::create_directories(k.dir().file("paper"));
    }
    ASSERT_EQ(k.run(), 0) << k.stderrText();
    EXPECT_TRUE(shows(k.shot("held"), "打印机暂时缺纸"));
    EXPECT_FALSE(shows(k.shot("after"), "打印机暂时缺纸"));
    const std::string log = k.log();
    EXPECT_NE(log.find("print.job job=1 state=held"), std::string::npos) << log;
    EXPECT_NE(log.find("print.job job=1 state=done"), std::string::npos) << log;
    EXPECT_NE(log.find("device.state device=receipt state=userError action=clear detail=\"out of paper\""),
              std::string::npos);
    std::string out, err;
    ASSERT_EQ(ow::test::run({OW_DIAG_BIN, "decode", k.dir().file("paper/receipt-1.png")}, 30, &err, &out), 0) << err;
    EXPECT_EQ(out.rfind("OW1.C.QP2026112200017.", 0), 0u) << out;

    // Second run on the same data: paper out from the start, the job stays in the journal…
    Kiosk again("wait 500ms\nevent receipt.paper-out\nevent receipt.print-test\nwait 1000ms\nquit\n");
    std::filesystem::copy(k.dir().file("data"), again.dir().file("data"), std::filesystem::copy_options::recursive);
    ASSERT_EQ(again.run(), 0) << again.stderrText();
    EXPECT_NE(again.log().find("print.job job=2 state=held"), std::string::npos) << again.log();
    // …and the third start prints it.
    Kiosk third("wait 2500ms\nquit\n");
    std::filesystem::copy(again.dir().file("data"), third.dir().file("data"), std::filesystem::copy_options::recursive);
    ASSERT_EQ(third.run(), 0) << third.stderrText();
    EXPECT_NE(third.log().find("print.resume job=2 was=held"), std::string::npos) << third.log();
    EXPECT_NE(third.log().find("print.job job=2 state=done"), std::string::npos) << third.log();
}

// The document camera's state is its real one: unplugged, the terminal (and the heartbeat, and the materials
// screen) knows within seconds; plugged back, it is online again. It was reported online for ever.
TEST_F(KioskE2E, AnUnpluggedDocumentCameraIsReportedAndRecovers) {
    Kiosk k("wait 500ms\nevent document.unplug\nwait 4000ms\n"
            "tap @attract.touch_to_start\ntap @service.presubmit.title\nscreenshot unplugged\n"
            "event document.replug\nwait 4000ms\nquit\n");
    ASSERT_EQ(k.run(), 0) << k.stderrText();
    const std::string log = k.log();
    const size_t online = log.find("device.state device=document_camera state=online");
    const size_t gone = log.find("device.state device=document_camera state=noDevice action=maintenance");
    ASSERT_NE(online, std::string::npos) << log;
    ASSERT_NE(gone, std::string::npos) << "the unplugged camera was never reported:\n" << log;
    EXPECT_LT(online, gone);
    EXPECT_NE(log.find("device.state device=document_camera state=online", gone), std::string::npos)
        << "back online after it was plugged in again:\n" << log;
}

// A terminal configured as unusable without its printer says so on attract while the paper is out.
TEST_F(KioskE2E, OutOfServiceNoticeWhenARequiredDeviceIsDown) {
    Kiosk k("wait 800ms\nscreenshot ok\nevent receipt.paper-out\nwait 3000ms\nscreenshot down\n"
            "tap 640 500\nwait 300ms\nscreenshot tapped\nevent receipt.paper-ok\nwait 3000ms\nscreenshot back\nquit\n");
    std::ifstream in(std::string(OW_SOURCE_DIR) + "/assets/bundles/demo.json");
    json bundle = json::parse(in);
    bundle["content"]["ui"]["required_devices"] = {"receipt"};
    std::ofstream(k.dir().file("bundle.json")) << bundle.dump();
    ASSERT_EQ(k.run({"--bundle", k.dir().file("bundle.json")}), 0) << k.stderrText();
    EXPECT_FALSE(shows(k.shot("ok"), "本终端暂停服务"));
    const json down = k.shot("down");
    EXPECT_TRUE(shows(down, "本终端暂停服务"));
    EXPECT_TRUE(shows(down, "请到综合受理窗口办理"));
    EXPECT_EQ(find(down, "attract.touch_to_start"), nullptr);
    EXPECT_EQ(k.shot("tapped")["screen"], "attract");
    EXPECT_FALSE(shows(k.shot("back"), "本终端暂停服务"));
}

// The kiosk enrols with kiosk-central on its first start and sends each session's summary through the outbox.
TEST_F(KioskE2E, EnrolsWithCentralAndSendsSessionSummaries) {
    Kiosk k("tap @attract.touch_to_start\ntap @nav.finish\nwait 1500ms\nquit\n");
    const std::string db = k.dir().file("central.db");
    std::string token, err;
    ASSERT_EQ(ow::test::run({OW_KIOSKCTL_BIN, "enroll", "--db", "sqlite:" + db, "--hall", "qingpu", "--name", "t1"}, 30,
                            &err, &token), 0) << err;
    token.pop_back();
    ow::test::Central central("sqlite:" + db);
    const int code = k.run({"--central", central.url(), "--enroll-token", token});
    central.kill9();
    ASSERT_EQ(code, 0) << k.stderrText();
    EXPECT_NE(k.log().find("central.enrolled"), std::string::npos) << k.log();
    EXPECT_EQ(k.log().find("sync.failed"), std::string::npos) << k.log();
    EXPECT_TRUE(std::ifstream(k.dir().file("data/credentials.json")).good());
    // Central holds the summary, once; the kiosk's outbox is empty.
    std::string out;
    ASSERT_EQ(ow::test::run({"/usr/bin/sqlite3", db, "SELECT type || ' ' || payload FROM event"}, 30, &err, &out), 0) << err;
    EXPECT_EQ(out, "session.summary {\"duration_s\":0,\"reason\":\"finished\"}\n");
    // Its heartbeat reached central: the fleet view shows it with its configuration version.
    ASSERT_EQ(ow::test::run({OW_KIOSKCTL_BIN, "fleet", "--db", "sqlite:" + db}, 30, &err, &out), 0) << err;
    EXPECT_NE(out.find("qingpu       t1         online"), std::string::npos) << out;
    EXPECT_NE(out.find(" 1       "), std::string::npos) << out;
}

// An administrator signs and publishes a bundle; the kiosk fetches it, checks it and shows it between sessions.
// A later bundle that cannot be drawn (a character no font has) is rolled back by the kiosk, which says so.
TEST_F(KioskE2E, APublishedBundleGoesOnScreenAndOneThatCannotBeDrawnIsRolledBack) {
    Kiosk k("wait-for \"配置版本 2\" 30s\nscreenshot updated\nquit\n");
    const std::string db = "sqlite:" + k.dir().file("central.db"), key = k.dir().file("admin.key");
    std::string out, err;
    auto ctl = [&](std::vector<std::string> args) {
        args.insert(args.begin(), OW_KIOSKCTL_BIN);
        out.clear();
        const int code = ow::test::run(args, 30, &err, &out);
        EXPECT_EQ(code, 0) << err;
        while (!out.empty() && out.back() == '\n') out.pop_back();
        return out;
    };
    const std::string token = ctl({"enroll", "--db", db, "--hall", "qingpu", "--name", "t1"});
    ctl({"keygen", "--key-id", "ops", "--out", key});
    std::filesystem::create_directories(k.dir().file("data"));
    std::filesystem::copy_file(key + ".pub", k.dir().file("data/trusted-keys.json"));
    ctl({"sign", ow::test::assetsDir() + "/bundles/demo-update.json", "--key", key, "--out", k.dir().file("v2.json")});
    EXPECT_EQ(ctl({"publish", k.dir().file("v2.json"), "--db", db, "--scope", "halls:qingpu"}),
              "published bundle version 2 to {\"halls\":[\"qingpu\"]}");
    ow::test::Central central(db);
    const std::vector<std::string> args{"--central", central.url(), "--heartbeat", "5"};
    auto withToken = args;
    withToken.insert(withToken.end(), {"--enroll-token", token});
    ASSERT_EQ(k.run(withToken), 0) << k.stderrText();
    EXPECT_TRUE(shows(k.shot("updated"), "本机配置已由中心更新（配置版本 2）。"));

    // Version 3 carries a character no font on the terminal has.
    json v3 = json::parse(std::ifstream(ow::test::assetsDir() + "/bundles/demo-update.json"));
    v3["version"] = 3;
    v3["content"]["announcements"][0]["zh-CN"] = "新版本 \U00012000";
    std::ofstream(k.dir().file("v3.json")) << v3.dump();
    ctl({"sign", k.dir().file("v3.json"), "--key", key});
    ctl({"publish", k.dir().file("v3.signed.json"), "--db", db, "--scope", "all"});
    std::ofstream(k.dir().file("script.txt")) << "wait 7s\nexpect \"配置版本 2\"\nexpect-not \"新版本\"\nscreenshot kept\nquit\n";
    const int code = k.run(args);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    ctl({"fleet", "--db", db});
    const std::string fleet = out;
    central.kill9();
    ASSERT_EQ(code, 0) << k.stderrText();
    EXPECT_NE(k.log().find("bundle.health_failed"), std::string::npos) << k.log();
    EXPECT_NE(fleet.find("bundle 3 refused: health_check_failed"), std::string::npos) << fleet;
    EXPECT_NE(fleet.find(" 2       "), std::string::npos) << "still on config 2: " << fleet;
}

// Case progress end to end: the back office opens and moves cases at central; at the kiosk the holder finds them
// by ID card and by the receipt's QR code, and sees the status, the promised date and the next step; nothing of
// them stays on screen after "finish". With central down, the kiosk says so and offers what still works.
TEST_F(KioskE2E, CaseProgressByCardAndReceiptAndWhenCentralIsDown) {
    Kiosk k("");
    const std::string db = "sqlite:" + k.dir().file("central.db");
    std::string out, err;
    auto ctl = [&](std::vector<std::string> args) {
        args.insert(args.begin(), OW_KIOSKCTL_BIN);
        out.clear();
        EXPECT_EQ(ow::test::run(args, 30, &err, &out), 0) << err;
        return out.substr(0, out.find_first_of(" \n"));
    };
    const std::string token = ctl({"enroll", "--db", db, "--hall", "qingpu", "--name", "t1"});
    const std::string food = ctl({"case", "create", "--db", db, "--matter", "310118-XK-001", "--matter-name", "食品经营许可证核发",
                                  "--department", "区市场监督管理局", "--holder-name", "欧阳䶮", "--holder-id", "11010519491231002X",
                                  "--phone", "13812345678", "--promised-days", "10"});
    ctl({"case", "advance", food, "--db", db, "--to", "supplement", "--missing", "营业执照副本;从业人员健康证明", "--supplement-by",
         ow::protocol::addWorkingDays(ow::protocol::dateOf(std::time(nullptr)), 3), "--by", "区市场监督管理局"});
    const std::string other = ctl({"case", "create", "--db", db, "--matter", "310118-SM-001", "--matter-name", "居民身份证换领",
                                   "--department", "区公安分局", "--holder-name", "李四", "--holder-id", "440304198505120033",
                                   "--phone", "13900139000", "--promised-days", "15"});
    ASSERT_EQ(food.size(), 16u) << out;
    std::ofstream(k.dir().file("script.txt"))
        << kCard << "\n"
        << "tap @service.progress.title\nwait-for \"需补正材料\" 15s\nscreenshot by-card\ntap @nav.finish\n"
        << "expect-not \"食品经营许可证核发\"\n"
        << "event scanner.scan-case " << other << "\nwait-for \"居民身份证换领\" 15s\nscreenshot by-receipt\ntap @nav.finish\n"
        << "event scanner.scan-case OW20261123999999\nwait-for \"没有查到办件\" 15s\nscreenshot unknown\ntap @nav.finish\nquit\n";
    ow::test::Central central(db, {"--receipt-keys", k.trustSimulatorIssuer()});
    ASSERT_EQ(k.run({"--central", central.url(), "--enroll-token", token}), 0) << k.stderrText();
    const json byCard = k.shot("by-card");
    EXPECT_EQ(byCard["screen"], "progress");
    EXPECT_TRUE(shows(byCard, "食品经营许可证核发"));
    EXPECT_TRUE(shows(byCard, "请在 " + ow::protocol::addWorkingDays(ow::protocol::dateOf(std::time(nullptr)), 3) +
                                  " 前补交：营业执照副本; 从业人员健康证明"));
    EXPECT_TRUE(shows(byCard, "承诺办结："));
    EXPECT_FALSE(shows(byCard, "居民身份证换领")) << "another holder's case";
    EXPECT_EQ(byCard["missing_glyphs"], 0);
    const json byReceipt = k.shot("by-receipt");
    EXPECT_TRUE(shows(byReceipt, "已收件"));
    EXPECT_TRUE(shows(byReceipt, "材料已收到"));
    EXPECT_FALSE(shows(byReceipt, "食品经营许可证核发")) << "the previous person's case";
    EXPECT_TRUE(shows(k.shot("unknown"), "换一种方式查询"));
    EXPECT_EQ(k.log().find("11010519491231002X"), std::string::npos) << "no ID number in the log";
    EXPECT_EQ(k.log().find("营业执照副本"), std::string::npos);

    // Central down: plain words, and the next steps that still work.
    central.kill9();
    std::ofstream(k.dir().file("script.txt"))
        << kCard << "\ntap @service.progress.title\nwait-for \"连不上\" 30s\nscreenshot offline\ntap @progress.retry\n"
        << "wait-for \"连不上\" 30s\nquit\n";
    ASSERT_EQ(k.run({"--central", central.url()}), 0) << k.stderrText();
    const json offline = k.shot("offline");
    EXPECT_TRUE(shows(offline, "现在连不上政务服务系统，暂时查不到办件进度。"));
    EXPECT_NE(find(offline, "progress.retry"), nullptr);
    EXPECT_NE(find(offline, "service.guides.title"), nullptr);
    EXPECT_NE(find(offline, "nav.call_staff"), nullptr);
}

// A guide by theme, and its one-time notice from the receipt printer (the simulated one's paper is saved).
// A person's notice held by a printer that ran out of paper mid-way, and the person gone (finish): the job is
// cancelled when the session ends, so it does not print for the next one once paper is put back.
TEST_F(KioskE2E, AReceiptHeldWhenThePersonLeavesIsCancelledNotPrintedForTheNext) {
    Kiosk k("tap @attract.touch_to_start\ntap @service.guides.title\ntap @theme.registration\ntap \"个体工商户设立登记\"\n"
            "event receipt.run-out 3\ntap @guide.print_receipt\nwait 1500ms\nscreenshot held\ntap @nav.finish\nwait 500ms\n"
            "event receipt.paper-ok\nwait 2500ms\nquit\n");
    ASSERT_EQ(k.run(), 0) << k.stderrText();
    const std::string log = k.log();
    ASSERT_NE(log.find("print.job job=1 state=held"), std::string::npos) << log;
    EXPECT_NE(log.find("print.cancel job=1 printer=receipt"), std::string::npos) << log;
    EXPECT_NE(log.find("print.job job=1 state=failed detail=\"cancelled: the session ended while it waited\""), std::string::npos) << log;
    EXPECT_EQ(log.find("print.job job=1 state=done"), std::string::npos) << "printed with nobody there:\n" << log;
}

TEST_F(KioskE2E, AGuideIsReadByThemeAndItsOneTimeNoticePrinted) {
    Kiosk k("");
    std::ofstream(k.dir().file("script.txt"))
        << "tap @attract.touch_to_start\ntap @service.guides.title\ntap @theme.registration\nscreenshot guides\n"
        << "tap \"个体工商户设立登记\"\nscreenshot guide\ntap @guide.print_receipt\nwait 2500ms\n"
        << "event receipt.save " << k.dir().file("paper") << "\nwait 500ms\nscreenshot printed\nquit\n";
    std::filesystem::create_directories(k.dir().file("paper"));
    ASSERT_EQ(k.run(), 0) << k.stderrText();
    const json guides = k.shot("guides");
    EXPECT_EQ(guides["screen"], "guides");
    EXPECT_TRUE(shows(guides, "有限责任公司设立登记"));
    EXPECT_FALSE(shows(guides, "居民身份证换领")) << "a livelihood matter under registration";
    const json guide = k.shot("guide");
    EXPECT_EQ(guide["screen"], "guide");
    EXPECT_TRUE(shows(guide, "1. ★ 申请人居民身份证（原件 1 份）"));
    EXPECT_TRUE(shows(guide, "3. 经营场所使用证明（复印件 1 份）"));
    EXPECT_TRUE(shows(guide, "可容缺受理"));
    EXPECT_NE(find(guide, "guide.print_receipt"), nullptr);
    EXPECT_TRUE(shows(k.shot("printed"), "正在打印一次性告知书"));
    EXPECT_NE(k.log().find("matter.print matter=310118-DJ-001 printer=receipt"), std::string::npos) << k.log();
    EXPECT_NE(k.log().find("state=done"), std::string::npos) << k.log();
    EXPECT_TRUE(std::filesystem::exists(k.dir().file("paper/receipt-1.png")));
}

// Voice: silent at standard scale; at elderly scale each new screen is spoken (espeak-ng; here without a sound
// device, so it is synthesized and logged); the mute button in the top bar stops it.
TEST_F(KioskE2E, ElderlyScaleSpeaksEachScreenUntilMuted) {
    Kiosk k("tap @attract.touch_to_start\ntap @service.guides.title\ntap @nav.home\ntap @scale.elderly\nwait 200ms\n"
            "screenshot elderly\ntap @service.guides.title\nwait 200ms\ntap @voice.toggle\nwait 200ms\nscreenshot muted\n"
            "tap @nav.home\nwait 200ms\nquit\n");
    ASSERT_EQ(k.run(), 0) << k.stderrText();
    const std::string log = k.log();
    EXPECT_NE(log.find("voice.ready"), std::string::npos) << log;
    const auto first = log.find("voice.say screen=home lang=zh-CN");
    ASSERT_NE(first, std::string::npos) << "elderly scale turns the voice on: " << log;
    EXPECT_EQ(log.rfind("voice.say", first - 1), std::string::npos) << "nothing was said at standard scale";
    EXPECT_NE(log.find("voice.say screen=guides"), std::string::npos) << log;
    EXPECT_EQ(log.find("voice.say screen=home", first + 1), std::string::npos) << "muted: home is not said again";
    EXPECT_EQ(k.shot("elderly")["voice"], true);
    EXPECT_EQ(k.shot("muted")["voice"], false);
    EXPECT_NE(find(k.shot("muted"), "voice.toggle"), nullptr);
}

// Guides found by pinyin initials on the screen keyboard (the real engine), and opened from the results.
TEST_F(KioskE2E, AGuideIsFoundByPinyinInitials) {
    Kiosk k("tap @attract.touch_to_start\ntap @service.guides.title\ntap @guides.search\ntap @letter.y\ntap @letter.y\n"
            "tap @letter.z\ntap @letter.z\nscreenshot typed\ntap @letter.q\ntap @keypad.clear\ntap @letter.g\n"
            "tap @letter.t\ntap @letter.h\ntap @candidate.0\nscreenshot chosen\ntap \"个体工商户设立登记\"\nscreenshot guide\nquit\n");
    ASSERT_EQ(k.run(), 0) << k.stderrText();
    const json typed = k.shot("typed");
    EXPECT_TRUE(shows(typed, "yyzz"));
    EXPECT_NE(find(typed, "candidate.0"), nullptr);
    EXPECT_TRUE(shows(typed, "营业执照")) << "the engine's candidate";
    const json chosen = k.shot("chosen");
    EXPECT_TRUE(shows(chosen, "个体户"));
    EXPECT_TRUE(shows(chosen, "个体工商户设立登记"));
    EXPECT_EQ(chosen["missing_glyphs"], 0);
    EXPECT_EQ(k.shot("guide")["screen"], "guide");
}

// The one-time notice on A4 through a real cupsd and ippeveprinter started for this test: the kiosk offers the
// A4 button only once CUPS reports the printer, and the PDF spooled by the printer carries the guide's text.
TEST_F(KioskE2E, AOneTimeNoticeIsPrintedOnA4ThroughCups) {
    Kiosk k("");
    PrintServers servers;
    ASSERT_TRUE(servers.ok()) << servers.started;
    std::filesystem::create_directories(k.dir().file("data"));
    std::ofstream(k.dir().file("data/devices.json")) << servers.devicesJson();
    std::ofstream(k.dir().file("script.txt"))
        << "tap @attract.touch_to_start\ntap @service.guides.title\ntap @theme.registration\n"
        << "tap \"个体工商户设立登记\"\nwait-for \"打印告知书（A4）\" 20s\ntap @guide.print_a4\nwait 8s\nscreenshot printed\nquit\n";
    ASSERT_EQ(k.run(), 0) << k.stderrText();
    EXPECT_NE(k.log().find("matter.print matter=310118-DJ-001 printer=a4"), std::string::npos) << k.log();
    std::string text;
    for (int attempt = 0; attempt < 120 && text.find("一次性告知书") == std::string::npos; ++attempt) {
        text.clear();
        if (std::filesystem::exists(servers.dir + "/spool"))
            for (const auto& f : std::filesystem::directory_iterator(servers.dir + "/spool"))
                text += ow::test::capture("pdftotext '" + f.path().string() + "' - 2>/dev/null");
        if (text.find("一次性告知书") == std::string::npos) std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    text.erase(std::remove_if(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\n'; }), text.end());
    EXPECT_NE(text.find("一次性告知书"), std::string::npos) << text << k.log();
    EXPECT_NE(text.find("经营场所使用证明"), std::string::npos) << text;
}
