// Session and navigation: idle timeout with a visible countdown, wipe on every ending, home/back, language.
#include "kiosk/terminal.h"

#include <gtest/gtest.h>

#include <ctime>
#include <nlohmann/json.hpp>

#include "kiosk/config_boot.h"
#include "kiosk/protocol/case_status.h"
#include "demo_terminal.h"
#include "kiosk/services/call_staff/call_staff.h"
#include "kiosk/services/collect/collect.h"
#include "kiosk/services/guides/guides.h"
#include "kiosk/services/presubmit/presubmit.h"
#include "kiosk/services/progress/progress.h"
#include "test_paths.h"

using namespace ow::core;
using namespace ow::test;

namespace {
const IdentityInput kCitizen{"欧阳䶮", "11010519491231002X", "19491231", "北京市朝阳区望京街道喆园路1号", "13812345678"};
}  // namespace

TEST(Terminal, StartsOnAttractAndTouchOpensHome) {
    Terminal t = makeTerminal();
    EXPECT_EQ(t.screen(), kAttract);
    EXPECT_FALSE(t.session().active());
    t.apply(Intent::of(ShellKind::start), 1000);
    EXPECT_EQ(t.screen(), kHome);
    EXPECT_TRUE(t.session().active());
    EXPECT_EQ(t.homeView(1795399200).tiles.size(), 9u);
}

TEST(Terminal, IdleCountdownShowsForTheLastTenSecondsThenEndsTheSession) {
    Terminal t = makeTerminal();
    t.apply(Intent::of(ShellKind::start), 0);
    EXPECT_EQ(t.countdownSeconds(49'000), -1);
    EXPECT_EQ(t.countdownSeconds(50'000), 10);
    EXPECT_EQ(t.countdownSeconds(55'500), 5);
    EXPECT_FALSE(t.tick(59'999));
    EXPECT_TRUE(t.tick(60'000));
    EXPECT_EQ(t.screen(), kAttract);
    EXPECT_FALSE(t.session().active());
    EXPECT_EQ(t.countdownSeconds(60'000), -1);
}

TEST(Terminal, ContinueAndAnyTouchResetTheIdleTime) {
    Terminal t = makeTerminal();
    t.apply(Intent::of(ShellKind::start), 0);
    t.apply(Intent::of(ShellKind::continueSession), 55'000);
    EXPECT_EQ(t.countdownSeconds(55'000), -1);
    EXPECT_FALSE(t.tick(110'000));
    t.activity(110'000);
    EXPECT_FALSE(t.tick(169'000));
    EXPECT_TRUE(t.tick(170'000));
}

TEST(Terminal, TimeoutWipesTheIdentityFromMemory) {
    Terminal t = makeTerminal();
    t.identify(kCitizen, 0);
    ASSERT_EQ(t.screen(), kHome);
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
    t.apply(Intent::of(ShellKind::finish), 1000);
    EXPECT_EQ(t.screen(), kAttract);
    EXPECT_FALSE(t.session().identity().present());
    EXPECT_GT(t.sessionGeneration(), gen);
}

TEST(Terminal, NextPersonGetsDefaultLanguageAndScale) {
    Terminal t = makeTerminal();
    t.apply(Intent::of(ShellKind::start), 0);
    t.apply(Intent::of(ShellKind::setLang, static_cast<int>(Lang::en)), 10);
    t.apply(Intent::of(ShellKind::setScale, static_cast<int>(TextScale::elderly)), 20);
    EXPECT_EQ(t.tr("nav.home"), "Home");
    t.apply(Intent::of(ShellKind::finish), 30);
    EXPECT_EQ(t.lang(), Lang::zhCN);
    EXPECT_EQ(t.scale(), TextScale::standard);
    EXPECT_EQ(t.tr("nav.home"), "返回首页");
}

TEST(Terminal, BackAndHomeNavigateWithinTheSession) {
    Terminal t = makeTerminal();
    t.apply(Intent::of(ShellKind::start), 0);
    t.apply(Intent::open("collect"), 1);
    EXPECT_EQ(t.screen(), collect::kStart);
    t.apply(Intent::of(ShellKind::back), 2);
    EXPECT_EQ(t.screen(), kHome);
    t.apply(Intent::of(ShellKind::back), 3);
    EXPECT_EQ(t.screen(), kHome);  // back never leaves the session for attract
    t.apply(Intent::open(call_staff::kCode), 4);
    EXPECT_EQ(t.screen(), call_staff::kCallStaff);
    EXPECT_EQ(t.service<call_staff::CallStaff>().view(t).message, "正在呼叫工作人员……");
    EXPECT_NE(t.service<call_staff::CallStaff>().view(t).phoneLine.find("021-12345"), std::string::npos);
    t.apply(Intent::of(ShellKind::home), 5);
    EXPECT_EQ(t.screen(), kHome);
}

TEST(Terminal, AttractSleepsUntilTheNextMinute) {
    Terminal t = makeTerminal();
    EXPECT_EQ(t.msUntilChange(0, 1'795'334'400'000), 60'000);
    EXPECT_EQ(t.msUntilChange(0, 1'795'334'459'250), 750);
}

TEST(Terminal, SessionSleepsUntilTheCountdownThenWakesEachSecond) {
    Terminal t = makeTerminal();
    t.apply(Intent::of(ShellKind::start), 0);
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
    t.apply(Intent::of(ShellKind::setLang, static_cast<int>(Lang::en)), 0);
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
    EXPECT_EQ(t.screen(), kHome);
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
    printKiosk.apply(Intent::of(ShellKind::start), 10);
    EXPECT_EQ(printKiosk.screen(), kAttract) << "no session starts on a terminal that cannot serve";
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
    t.apply(Intent::of(ShellKind::dismissOffer), 10);
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
    t.apply(Intent::of(ShellKind::setScale, static_cast<int>(TextScale::elderly)), 10);
    EXPECT_TRUE(t.voiceOn());
    const std::string home = t.spokenPrompt();
    EXPECT_NE(home.find("请选择您要办理的业务"), std::string::npos) << home;
    for (Lang lang : kLangs) {
        t.apply(Intent::of(ShellKind::setLang, static_cast<int>(lang)), 15);
        for (std::string_view s : {progress::kCode, guides::kCode, std::string_view("appointments")}) {
            t.apply(Intent::open(s), 20);
            const std::string said = t.spokenPrompt();
            EXPECT_FALSE(said.empty()) << s;
            EXPECT_EQ(said.find("欧阳"), std::string::npos) << said;
            EXPECT_EQ(said.find("002X"), std::string::npos) << said;
            t.apply(Intent::of(ShellKind::home), 25);
        }
    }
    t.apply(Intent::of(ShellKind::toggleVoice), 30);
    EXPECT_FALSE(t.voiceOn()) << "muted, though at elderly scale";
    t.apply(Intent::of(ShellKind::toggleVoice), 40);
    EXPECT_TRUE(t.voiceOn());
    t.apply(Intent::of(ShellKind::toggleVoice), 50);
    t.endSession(SessionEnd::finished);
    t.apply(Intent::of(ShellKind::start), 60);
    t.apply(Intent::of(ShellKind::setScale, static_cast<int>(TextScale::elderly)), 70);
    EXPECT_TRUE(t.voiceOn()) << "the last person's mute does not carry over";
}

// Intents carry their service: the same kind number means different things to two services, and each hears only its
// own; an intent for a service that is not in the list changes nothing.
TEST(Terminal, EachServiceHearsOnlyItsOwnIntents) {
    Terminal t = makeTerminal();
    t.apply(Intent::of(ShellKind::start), 0);
    t.apply(Intent::open(progress::kCode), 1);
    ASSERT_EQ(t.screen(), progress::kLookup);
    static_assert(static_cast<int>(progress::Kind::keypad) == static_cast<int>(guides::Kind::selectTheme));
    t.apply(Intent::of(guides::Kind::selectTheme, 3), 2);
    EXPECT_EQ(t.service<progress::CaseProgress>().lookupView(t).caseNo, "OW") << "a guides intent typed a digit";
    EXPECT_EQ(t.service<guides::Guides>().guidesView(t).theme, static_cast<Theme>(3));
    t.apply(Intent::of(progress::Kind::keypad, 3), 3);
    EXPECT_EQ(t.service<progress::CaseProgress>().lookupView(t).caseNo, "OW3");
    t.apply(Intent{"parking", 0, 1}, 4);
    EXPECT_EQ(t.screen(), progress::kLookup);
    EXPECT_EQ(t.service<progress::CaseProgress>().lookupView(t).caseNo, "OW3");
}

// Ending a session wipes every service (through the one interface): nothing typed, searched or chosen remains.
TEST(Terminal, EndingASessionLeavesNoServiceWithTheLastPersonsData) {
    Terminal t = makeTerminal();
    t.identify(kCitizen, 0);
    t.apply(Intent::open(progress::kCode), 1);
    t.apply(Intent::of(ShellKind::home), 2);
    t.apply(Intent::open(guides::kCode), 3);
    t.apply(Intent::of(guides::Kind::selectTheme, 2), 4);
    t.apply(Intent::of(guides::Kind::openSearch), 5);
    t.apply(Intent::of(guides::Kind::typeLetter, 6), 6);
    t.apply(Intent::of(ShellKind::home), 7);
    t.apply(Intent::open(presubmit::kCode), 8);
    const auto& pre = t.service<presubmit::Presubmit>();
    t.apply(Intent::of(presubmit::Kind::openMatter, pre.presubmitView(t).matters.at(0).index), 9);
    ASSERT_EQ(t.screen(), presubmit::kForm);
    ASSERT_FALSE(pre.formView(t).title.empty());
    t.endSession(SessionEnd::idleTimeout);

    t.apply(Intent::of(ShellKind::start), 20);
    EXPECT_EQ(t.service<progress::CaseProgress>().progressView(t, 0).heading, "办件查询") << "the last question is gone";
    const auto g = t.service<guides::Guides>().guidesView(t);
    EXPECT_FALSE(g.searching);
    EXPECT_EQ(g.letters, "");
    EXPECT_EQ(g.theme, Theme::livelihood);
    EXPECT_TRUE(pre.formView(t).title.empty()) << "the last person's form is gone";
    EXPECT_TRUE(t.takeRequests().empty()) << "nothing the last person asked for goes out";
}

// The terminal's hours (content.schedule, 001 第六条): outside them the attract screen says when it serves again
// (never a black screen), and neither a touch, a card nor a code starts anything; a session already running when
// the hours end goes on to its end. Without a schedule (a 7×24 hall) it always serves.
TEST(Terminal, OutsideItsHoursItSaysWhenItServesAgainAndLetsASessionFinish) {
    auto strings = Strings::load(ow::test::assetsDir());
    auto doc = nlohmann::json::parse(*readFile(ow::test::assetsDir() + "/bundles/demo.json"));
    // Open only on the weekday two days from now (Beijing time), never today.
    const std::time_t now = std::time(nullptr);
    const int64_t today = ow::protocol::dayIndex(ow::protocol::dateOf(now));
    const int weekday = static_cast<int>((today + 3 + 2) % 7);  // 1970-01-01 was a Thursday (index 3 from Monday)
    static const char* const kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    doc["content"]["schedule"] = {{"hours", {{kDays[weekday], nlohmann::json::array({nlohmann::json::array({"08:00", "20:00"})})}}}};
    auto bundle = parseBundle(doc.dump());
    ASSERT_TRUE(bundle.ok()) << bundle.error();
    Terminal closed(std::move(*strings), std::move(*bundle));
    EXPECT_TRUE(closed.closedAt(now));
    const std::string said = closed.attractView(now).closed;
    EXPECT_NE(said.find("将于 " + ow::protocol::dateOfDayIndex(today + 2) + " 08:00 开放"), std::string::npos) << said;
    closed.apply(Intent::of(ShellKind::start), 0);
    EXPECT_EQ(closed.screen(), kAttract) << "a touch starts nothing";
    ow::drivers::IdCardPresented card;
    card.name = "张三", card.idNumber = "310118199003070016", card.birth = "19900307", card.validTo = "20300101";
    closed.onDevice(card, 10);
    EXPECT_FALSE(closed.session().active()) << "nor a card";

    Terminal always = makeTerminal();  // the demo hall: 7×24, no schedule
    EXPECT_FALSE(always.closedAt(now));
    EXPECT_EQ(always.attractView(now).closed, "");
    // Someone is being served when the hours end (the schedule arrives with a new bundle): they go on.
    always.identify({"张三", "310118199003070016", "19900307", "上海市", ""}, 0);
    always.apply(Intent::open(guides::kCode), 10);
    always.setBundle(*parseBundle(doc.dump()));
    EXPECT_TRUE(always.closedAt(now));
    always.apply(Intent::of(ShellKind::home), 20);
    EXPECT_EQ(always.screen(), kHome) << "the session goes on to its end";
    EXPECT_TRUE(always.session().active());
    always.apply(Intent::of(ShellKind::finish), 30);
    always.apply(Intent::of(ShellKind::start), 40);
    EXPECT_EQ(always.screen(), kAttract) << "the next one is not started";
}

// Dimmed at night (content.schedule.dim, 北京时间, across midnight) on the attract screen only, never black, and a
// touch wakes it for a minute; someone being served is never dimmed.
TEST(Terminal, AtNightTheAttractScreenIsDimmedButNeverBlackAndATouchWakesIt) {
    auto doc = nlohmann::json::parse(*readFile(ow::test::assetsDir() + "/bundles/demo.json"));
    doc["content"]["schedule"] = {{"dim", {{"from", "22:00"}, {"to", "06:00"}, {"level", 0.3}}}};
    auto strings = Strings::load(ow::test::assetsDir());
    Terminal t(std::move(*strings), *parseBundle(doc.dump()));
    constexpr int64_t kMidnight = 1796400000;  // 2026-12-05 00:00 北京时间
    const int64_t later = 10 * 60 * 1000;      // the terminal's clock, long after any touch
    EXPECT_FLOAT_EQ(t.brightness(kMidnight - 2 * 3600 - 60, later), 1.0f) << "21:59: not yet";
    EXPECT_FLOAT_EQ(t.brightness(kMidnight - 2 * 3600, later), 0.3f) << "22:00";
    EXPECT_FLOAT_EQ(t.brightness(kMidnight + 3 * 3600, later), 0.3f) << "03:00, after midnight";
    EXPECT_FLOAT_EQ(t.brightness(kMidnight + 6 * 3600, later), 1.0f) << "06:00: day";
    t.activity(later);
    EXPECT_FLOAT_EQ(t.brightness(kMidnight + 3 * 3600, later + 1000), 0.3f) << "a pointer's drift does not wake it";
    t.touched(later);
    EXPECT_FLOAT_EQ(t.brightness(kMidnight + 3 * 3600, later + 1000), 1.0f) << "a touch wakes it";
    EXPECT_FLOAT_EQ(t.brightness(kMidnight + 3 * 3600, later + 61000), 0.3f) << "and a minute later it rests again";
    t.apply(Intent::of(ShellKind::start), later + 70000);
    ASSERT_TRUE(t.session().active());
    EXPECT_FLOAT_EQ(t.brightness(kMidnight + 3 * 3600, later + 200000), 1.0f) << "never while someone is served";
    EXPECT_FLOAT_EQ(makeTerminal().brightness(kMidnight + 3 * 3600, later), 1.0f) << "no dim hours: never dimmed";
}
