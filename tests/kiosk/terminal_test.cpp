// Session and navigation: idle timeout with a visible countdown, wipe on every ending, home/back, language.
#include "kiosk/terminal.h"

#include <gtest/gtest.h>

#include "kiosk/config_boot.h"
#include "demo_terminal.h"
#include "test_paths.h"

using namespace ow::core;
using K = Intent::Kind;

namespace {
using ow::test::makeTerminal;
const IdentityInput kCitizen{"欧阳䶮", "11010519491231002X", "19491231", "北京市朝阳区望京街道喆园路1号", "13812345678"};
}  // namespace

TEST(Terminal, StartsOnAttractAndTouchOpensHome) {
    Terminal t = makeTerminal();
    EXPECT_EQ(t.screen(), ScreenId::attract);
    EXPECT_FALSE(t.session().active());
    t.apply(Intent::of(K::start), 1000);
    EXPECT_EQ(t.screen(), ScreenId::home);
    EXPECT_TRUE(t.session().active());
    EXPECT_EQ(t.homeView(1795399200).tiles.size(), 8u);
}

TEST(Terminal, IdleCountdownShowsForTheLastTenSecondsThenEndsTheSession) {
    Terminal t = makeTerminal();
    t.apply(Intent::of(K::start), 0);
    EXPECT_EQ(t.countdownSeconds(49'000), -1);
    EXPECT_EQ(t.countdownSeconds(50'000), 10);
    EXPECT_EQ(t.countdownSeconds(55'500), 5);
    EXPECT_FALSE(t.tick(59'999));
    EXPECT_TRUE(t.tick(60'000));
    EXPECT_EQ(t.screen(), ScreenId::attract);
    EXPECT_FALSE(t.session().active());
    EXPECT_EQ(t.countdownSeconds(60'000), -1);
}

TEST(Terminal, ContinueAndAnyTouchResetTheIdleTime) {
    Terminal t = makeTerminal();
    t.apply(Intent::of(K::start), 0);
    t.apply(Intent::of(K::continueSession), 55'000);
    EXPECT_EQ(t.countdownSeconds(55'000), -1);
    EXPECT_FALSE(t.tick(110'000));
    t.activity(110'000);
    EXPECT_FALSE(t.tick(169'000));
    EXPECT_TRUE(t.tick(170'000));
}

TEST(Terminal, TimeoutWipesTheIdentityFromMemory) {
    Terminal t = makeTerminal();
    t.identify(kCitizen, 0);
    ASSERT_EQ(t.screen(), ScreenId::home);
    const SensitiveText& name = t.session().identity().name;
    const char* buf = name.data();
    const size_t cap = name.capacity();
    ASSERT_GE(cap, std::string(kCitizen.name).size());
    EXPECT_NE(t.homeView(1795399200).greeting.find("欧阳䶮"), std::string::npos);
    EXPECT_NE(t.homeView(1795399200).greeting.find("110105********002X"), std::string::npos);
    EXPECT_EQ(t.homeView(1795399200).greeting.find("11010519491231002X"), std::string::npos);

    ASSERT_TRUE(t.tick(60'000));
    EXPECT_FALSE(t.session().identity().present());
    EXPECT_TRUE(t.homeView(1795399200).greeting.empty());
    for (size_t i = 0; i < cap; ++i) ASSERT_EQ(buf[i], 0) << "byte " << i << " of the name survived the wipe";
}

TEST(Terminal, FinishEndsAndWipesAtOnce) {
    Terminal t = makeTerminal();
    t.identify(kCitizen, 0);
    const uint64_t gen = t.sessionGeneration();
    t.apply(Intent::of(K::finish), 1000);
    EXPECT_EQ(t.screen(), ScreenId::attract);
    EXPECT_FALSE(t.session().identity().present());
    EXPECT_GT(t.sessionGeneration(), gen);
}

TEST(Terminal, NextPersonGetsDefaultLanguageAndScale) {
    Terminal t = makeTerminal();
    t.apply(Intent::of(K::start), 0);
    t.apply(Intent::of(K::setLang, static_cast<int>(Lang::en)), 10);
    t.apply(Intent::of(K::setScale, static_cast<int>(TextScale::elderly)), 20);
    EXPECT_EQ(t.tr("nav.home"), "Home");
    t.apply(Intent::of(K::finish), 30);
    EXPECT_EQ(t.lang(), Lang::zhCN);
    EXPECT_EQ(t.scale(), TextScale::standard);
    EXPECT_EQ(t.tr("nav.home"), "返回首页");
}

TEST(Terminal, BackAndHomeNavigateWithinTheSession) {
    Terminal t = makeTerminal();
    t.apply(Intent::of(K::start), 0);
    t.apply(Intent::of(K::openService, static_cast<int>(Service::collect)), 1);
    EXPECT_EQ(t.screen(), ScreenId::notBuilt);
    EXPECT_EQ(t.notBuiltView().serviceTitle, "领取结果");
    EXPECT_NE(t.notBuiltView().phoneLine.find("021-12345"), std::string::npos);
    t.apply(Intent::of(K::back), 2);
    EXPECT_EQ(t.screen(), ScreenId::home);
    t.apply(Intent::of(K::back), 3);
    EXPECT_EQ(t.screen(), ScreenId::home);  // back never leaves the session for attract
    t.apply(Intent::of(K::openService, static_cast<int>(Service::callStaff)), 4);
    EXPECT_NE(t.notBuiltView().body.find("综合受理窗口"), std::string::npos);
    t.apply(Intent::of(K::home), 5);
    EXPECT_EQ(t.screen(), ScreenId::home);
}

TEST(Terminal, AttractSleepsUntilTheNextMinute) {
    Terminal t = makeTerminal();
    EXPECT_EQ(t.msUntilChange(0, 1'795'334'400'000), 60'000);
    EXPECT_EQ(t.msUntilChange(0, 1'795'334'459'250), 750);
}

TEST(Terminal, SessionSleepsUntilTheCountdownThenWakesEachSecond) {
    Terminal t = makeTerminal();
    t.apply(Intent::of(K::start), 0);
    EXPECT_EQ(t.msUntilChange(0, 0), 50'000);
    EXPECT_EQ(t.msUntilChange(50'000, 0), 1000);
    EXPECT_EQ(t.msUntilChange(50'400, 0), 600);
}

TEST(Terminal, AttractShowsDateTimeAndAnnouncementsInTheCurrentLanguage) {
    Terminal t = makeTerminal();
    const std::time_t noon = 1'795'334'400 + 4 * 3600;  // Sunday 22 November 2026, 12:00 UTC
    setenv("TZ", "UTC", 1);
    tzset();
    auto v = t.attractView(noon);
    EXPECT_EQ(v.time, "12:00");
    EXPECT_EQ(v.date, "2026年11月22日 星期日");
    EXPECT_EQ(v.announcements.size(), 3u);
    t.apply(Intent::of(K::setLang, static_cast<int>(Lang::en)), 0);
    v = t.attractView(noon);
    EXPECT_EQ(v.date, "Sunday 22 November 2026");
    EXPECT_NE(v.hallName.find("Qingpu"), std::string::npos);
}

TEST(Terminal, MasksTheMiddleOfIdNumbers) {
    EXPECT_EQ(maskIdNumber("11010519491231002X"), "110105********002X");
    EXPECT_EQ(maskIdNumber("123"), "***");
}

TEST(Terminal, DeviceEventsIdentifyOrExplain) {
    Terminal t = makeTerminal();
    ow::drivers::IdCardPresented card{"张三", "男", "汉", "19900307", "上海市青浦区华新镇华腾路1号",
                                      "310118199003070016", "上海市公安局青浦分局", "20150101", "20350101",
                                      false, ""};
    ow::drivers::IdCardPresented expired = card;
    expired.expired = true;
    expired.validTo = "20200101";
    t.onDevice(expired, 0);
    EXPECT_FALSE(t.session().active());
    EXPECT_EQ(t.notice(1000), "您的身份证已于 2020-01-01 过期，不能用于办理。请到综合受理窗口，或轻触屏幕改用办件编号查询。");
    EXPECT_EQ(t.notice(16'000), "") << "a notice goes away by itself";
    EXPECT_EQ(t.msUntilChange(1000, 0), 14'000) << "the loop wakes when the notice is due to go";
    t.onDevice(card, 20'000);
    EXPECT_TRUE(t.session().active());
    EXPECT_EQ(t.screen(), ScreenId::home);
    EXPECT_EQ(t.notice(20'000), "");
    t.onDevice(ow::drivers::DeviceStatusChanged{"idcard", ow::drivers::DeviceState::noDevice,
                                                ow::drivers::SuggestedAction::maintenance, "unplugged"},
               21'000);
    EXPECT_FALSE(t.deviceOnline("idcard"));
    t.onDevice(ow::drivers::IdCardUnreadable{"SW3 0x41: reading the card failed"}, 22'000);
    EXPECT_NE(t.notice(22'000).find("没有读出身份证"), std::string::npos);
    EXPECT_TRUE(t.session().active()) << "a failed read does not end the session of the person already served";
}

TEST(Terminal, OutOfServiceOnlyWhenADeviceEveryServiceNeedsIsDown) {
    auto strings = Strings::load(ow::test::assetsDir());
    auto bundle = parseBundle(*readFile(ow::test::assetsDir() + "/bundles/demo.json"));
    Terminal anyDevice(std::move(*strings), *bundle);
    const ow::drivers::DeviceStatusChanged paperOut{"receipt", ow::drivers::DeviceState::userError,
                                                   ow::drivers::SuggestedAction::clear, "out of paper"};
    anyDevice.onDevice(paperOut, 0);
    EXPECT_FALSE(anyDevice.outOfService()) << "the demo terminal serves people without its printer";

    bundle->ui.requiredDevices = {"receipt"};
    Terminal printKiosk(std::move(*Strings::load(ow::test::assetsDir())), *bundle);
    printKiosk.onDevice(paperOut, 0);
    EXPECT_TRUE(printKiosk.outOfService());
    printKiosk.apply(Intent::of(K::start), 10);
    EXPECT_EQ(printKiosk.screen(), ScreenId::attract) << "no session starts on a terminal that cannot serve";
    printKiosk.onDevice(ow::drivers::DeviceStatusChanged{"receipt", ow::drivers::DeviceState::online,
                                                         ow::drivers::SuggestedAction::none, ""}, 20);
    EXPECT_FALSE(printKiosk.outOfService());
}

// 适老化: a holder of 60 or more is told of the green channel and offered large text, once, never forced.
TEST(Terminal, AHolderOfSixtyOrMoreIsOfferedTheGreenChannelAndLargeText) {
    EXPECT_EQ(ageOn("19661123", "2026-11-23"), 60);
    EXPECT_EQ(ageOn("19661124", "2026-11-23"), 59);
    EXPECT_EQ(ageOn("19661324", "2026-11-23"), -1);
    Terminal t = makeTerminal();
    t.identify(kCitizen, 0);  // born 1949
    HomeView v = t.homeView(1795399200);
    EXPECT_NE(v.greenChannel.find("绿色通道"), std::string::npos);
    EXPECT_TRUE(v.offerElderlyScale);
    EXPECT_EQ(t.scale(), TextScale::standard) << "offered, not imposed";
    t.apply(Intent::of(K::dismissOffer), 10);
    EXPECT_FALSE(t.homeView(1795399200).offerElderlyScale);
    EXPECT_FALSE(t.homeView(1795399200).greenChannel.empty());
    t.endSession(SessionEnd::finished);
    t.identify({"李四", "440304198505120033", "19850512", "", ""}, 20);
    v = t.homeView(1795399200);
    EXPECT_TRUE(v.greenChannel.empty());
    EXPECT_FALSE(v.offerElderlyScale);
}

// Voice: on by itself at elderly scale, the person's choice wins, back to automatic for the next person; what
// is said aloud helps to go on and never names the person.
TEST(Terminal, VoiceIsOnAtElderlyScaleAndSaysNothingPersonal) {
    Terminal t = makeTerminal();
    t.identify(kCitizen, 0);
    EXPECT_FALSE(t.voiceOn());
    t.apply(Intent::of(K::setScale, static_cast<int>(TextScale::elderly)), 10);
    EXPECT_TRUE(t.voiceOn());
    const std::string home = t.spokenPrompt();
    EXPECT_NE(home.find("请选择您要办理的业务"), std::string::npos) << home;
    for (Lang lang : kLangs) {
        t.apply(Intent::of(K::setLang, static_cast<int>(lang)), 15);
        for (auto s : {Service::progress, Service::guides, Service::appointments}) {
            t.apply(Intent::of(K::openService, static_cast<int>(s)), 20);
            const std::string said = t.spokenPrompt();
            EXPECT_FALSE(said.empty()) << serviceCode(s);
            EXPECT_EQ(said.find("欧阳"), std::string::npos) << said;
            EXPECT_EQ(said.find("002X"), std::string::npos) << said;
            t.apply(Intent::of(K::home), 25);
        }
    }
    t.apply(Intent::of(K::toggleVoice), 30);
    EXPECT_FALSE(t.voiceOn()) << "muted, though at elderly scale";
    t.apply(Intent::of(K::toggleVoice), 40);
    EXPECT_TRUE(t.voiceOn());
    t.apply(Intent::of(K::toggleVoice), 50);
    t.endSession(SessionEnd::finished);
    t.apply(Intent::of(K::start), 60);
    t.apply(Intent::of(K::setScale, static_cast<int>(TextScale::elderly)), 70);
    EXPECT_TRUE(t.voiceOn()) << "the last person's mute does not carry over";
}
