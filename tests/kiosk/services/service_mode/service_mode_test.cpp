// Service mode: a staff code signed with the configuration's key opens the PIN page, never in the middle of a
// citizen's business (it waits for the session to end; a quiet one is ended and wiped first); five wrong PINs lock it
// for 15 minutes; hall staff take the terminal out of service and back; five taps on the hall's name open the login
// on the attract screen; a forged or expired code is refused; every attempt and action goes to the audit.
#include "kiosk/services/service_mode/service_mode.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <ctime>

#include "demo_terminal.h"
#include "kiosk/services/guides/guides.h"

using namespace ow::core;
using namespace ow::test;
namespace sm = ow::core::service_mode;

namespace {

const IdentityInput kCitizen{"李四", "310118199003070016", "19900307", "上海市青浦区", ""};

struct Staff {
    Staff() {
        const auto pair = generateKeyPair();
        secret = *decodeSecretKey(pair.secretKey);
        keys = {{"ops", *decodePublicKey(pair.publicKey)}};
    }
    std::string code(StaffRole role = StaffRole::clear, int64_t expires = std::time(nullptr) + 86400) const {
        return *makeStaffCode({"a1b2c3d4e5f60718", "", "陈工", "", role, expires}, "482913", "ops", secret);
    }
    SecretKey secret{};
    TrustedKeys keys;
};

Terminal staffedTerminal(const Staff& s) {
    Terminal t = makeTerminal();
    t.setStaffIssuers(s.keys);
    return t;
}

void scan(Terminal& t, const std::string& payload, int64_t nowMs) { t.onDevice(ow::drivers::CodeScanned{payload, "scanner"}, nowMs); }

// The PIN typed and entered; main's side (a thread of its own there) checks it against the code's hash.
void pin(Terminal& t, const std::string& digits, int64_t nowMs) {
    for (char d : digits) t.apply(Intent::of(sm::Kind::pinKey, d - '0'), nowMs);
    t.apply(Intent::of(sm::Kind::pinEnter), nowMs);
    if (auto check = t.takeRequest<PinCheck>()) {
        EXPECT_EQ(check->second.pin, digits);
        StaffCode code;
        code.pinHash = check->second.hash;
        t.answer({check->first, PinChecked{staffPinMatches(code, check->second.pin)}});
    }
}

std::vector<std::string> audited(Terminal& t) {
    std::vector<std::string> actions;
    while (auto a = t.takeRequest<AuditRequest>()) {
        EXPECT_EQ(a->second.detail.find("李四"), std::string::npos);
        actions.push_back(a->second.action);
    }
    return actions;
}

const sm::ServiceMode& svc(const Terminal& t) { return t.service<sm::ServiceMode>(); }

}  // namespace

TEST(ServiceMode, AStaffCodeThenItsPinOpensTheMenuAndFiveWrongPinsLockIt) {
    ASSERT_GE(sodium_init(), 0);
    Staff s;
    Terminal t = staffedTerminal(s);
    scan(t, s.code(), 0);
    ASSERT_EQ(t.screen(), sm::kLogin);
    EXPECT_EQ(svc(t).loginView(t, 0).who, "陈工（大厅工作人员）");
    for (int i = 1; i <= 4; ++i) pin(t, "111111", 1000 * i);
    EXPECT_EQ(svc(t).loginView(t, 5000).problem, "PIN 不正确，还可以再试 1 次。");
    pin(t, "111111", 5000);
    EXPECT_EQ(svc(t).loginView(t, 6000).problem, "错误次数过多，服务模式已锁定，请 15 分钟后再试。");
    pin(t, "482913", 6000);
    EXPECT_EQ(t.screen(), sm::kLogin) << "locked: even the right PIN is refused";
    auto actions = audited(t);
    EXPECT_EQ(actions.front(), "code_scanned");
    EXPECT_EQ(std::count(actions.begin(), actions.end(), "pin_wrong"), 4);
    EXPECT_EQ(std::count(actions.begin(), actions.end(), "locked_out"), 1);
    EXPECT_EQ(actions.back(), "pin_refused_locked");
    scan(t, s.code(), 6000 + sm::kLockMs);  // 15 minutes on (the session long ended): the code again
    pin(t, "482913", 6000 + sm::kLockMs);
    EXPECT_EQ(t.screen(), sm::kMenu) << "after 15 minutes the right PIN opens it";
    EXPECT_TRUE(svc(t).signedIn());
    EXPECT_EQ(audited(t).back(), "signed_in");
}

// The lock-out outlives a restart: main keeps it in the store (ServiceLock), and a kiosk started with it refuses even
// the right PIN until it ends.
TEST(ServiceMode, TheLockOutIsKeptAcrossARestart) {
    Staff s;
    Terminal t = staffedTerminal(s);
    scan(t, s.code(), 0);
    for (int i = 1; i <= 5; ++i) pin(t, "111111", 1000 * i);
    t.endSession(SessionEnd::finished);  // the session ends before main takes the requests
    auto kept = t.takeRequest<ServiceLock>();
    ASSERT_TRUE(kept) << "the lock-out is handed to main to keep, the session's end notwithstanding";
    EXPECT_NEAR(static_cast<double>(kept->second.untilS), static_cast<double>(std::time(nullptr) + 15 * 60), 5);

    Terminal restarted = staffedTerminal(s);  // the kiosk started again, with what the store kept
    restarted.service<sm::ServiceMode>().restoreLock(std::time(nullptr) + 10 * 60);
    scan(restarted, s.code(), 0);
    pin(restarted, "482913", 100);
    EXPECT_EQ(restarted.screen(), sm::kLogin) << "still locked after the restart";
    EXPECT_EQ(svc(restarted).loginView(restarted, 200).problem, "错误次数过多，服务模式已锁定，请 10 分钟后再试。");
    Terminal later = staffedTerminal(s);
    later.service<sm::ServiceMode>().restoreLock(std::time(nullptr) - 1);  // a lock that has ended
    scan(later, s.code(), 0);
    pin(later, "482913", 100);
    EXPECT_EQ(later.screen(), sm::kMenu);
}

TEST(ServiceMode, HallStaffTakeTheTerminalOutOfServiceAndBack) {
    Staff s;
    Terminal t = staffedTerminal(s);
    scan(t, s.code(), 0);
    pin(t, "482913", 100);
    ASSERT_EQ(t.screen(), sm::kMenu);
    t.apply(Intent::of(sm::Kind::outOfService), 200);
    EXPECT_TRUE(t.outOfService());
    t.apply(Intent::of(sm::Kind::leave), 300);
    EXPECT_EQ(t.screen(), kAttract);
    t.apply(Intent::of(ShellKind::start), 400);
    EXPECT_EQ(t.screen(), kAttract) << "out of service: no session starts";
    scan(t, s.code(), 500);  // a staff code still works
    pin(t, "482913", 600);
    t.apply(Intent::of(sm::Kind::outOfService), 700);
    EXPECT_FALSE(t.outOfService());
    const auto actions = audited(t);
    EXPECT_NE(std::find(actions.begin(), actions.end(), "out_of_service"), actions.end());
    EXPECT_EQ(actions.back(), "back_in_service");
}

TEST(ServiceMode, ACitizenIsNeverInterruptedAQuietSessionIsEndedFirst) {
    Staff s;
    Terminal t = staffedTerminal(s);
    t.identify(kCitizen, 0);
    t.apply(Intent::open(guides::kCode), 1000);
    scan(t, s.code(), 2000);
    EXPECT_EQ(t.screen(), guides::kGuides) << "someone is being served: they go on";
    EXPECT_TRUE(t.session().identity().present());
    t.endSession(SessionEnd::finished);  // they are done
    t.tick(3000);
    EXPECT_EQ(t.screen(), sm::kLogin) << "then the staff code's login";
    EXPECT_FALSE(t.session().identity().present());
    t.apply(Intent::of(sm::Kind::leave), 4000);

    t.identify(kCitizen, 10000);  // someone who walked away without finishing
    scan(t, s.code(), 10000 + sm::kIdleForStaffMs);
    EXPECT_EQ(t.screen(), sm::kLogin);
    EXPECT_FALSE(t.session().identity().present()) << "the quiet session was ended and wiped first";
}

TEST(ServiceMode, AForgedOrExpiredCodeIsRefusedAndTheKnockAsksForACode) {
    Staff s, other;
    Terminal t = staffedTerminal(s);
    scan(t, other.code(), 0);
    EXPECT_EQ(t.screen(), kAttract);
    EXPECT_NE(t.notice(1).find("工作人员码不能使用"), std::string::npos) << t.notice(1);
    scan(t, s.code(StaffRole::clear, std::time(nullptr) - 1), 10);
    EXPECT_NE(t.notice(11).find("expired"), std::string::npos) << t.notice(11);
    const auto actions = audited(t);
    EXPECT_EQ(std::count(actions.begin(), actions.end(), "code_refused"), 2);
    for (int i = 0; i < 4; ++i) t.apply(Intent::of(sm::Kind::knock), 100 + i * 500);
    EXPECT_EQ(t.screen(), kAttract) << "four taps do nothing";
    t.apply(Intent::of(sm::Kind::knock), 5000);
    EXPECT_EQ(t.screen(), kAttract) << "taps spread over more than four seconds do nothing";
    for (int i = 0; i < 5; ++i) t.apply(Intent::of(sm::Kind::knock), 9000 + i * 300);
    EXPECT_EQ(t.screen(), sm::kLogin);
    EXPECT_FALSE(svc(t).loginView(t, 11000).haveCode) << "the code is still needed";
}

TEST(ServiceMode, AnEngineerSeesTheTerminalsOwnStateAndHallStaffCannotActAsOne) {
    Staff s;
    Terminal t = staffedTerminal(s);
    scan(t, s.code(StaffRole::clear), 0);
    pin(t, "482913", 100);
    auto status = t.takeRequest<MaintenanceRequest>();  // for the supplies count
    ASSERT_TRUE(status);
    MaintenanceStatus known;
    known.facts = {{"待发送事件", "3"}};
    known.logTail = {"INFO session.start by=staff_code"};
    t.answer({status->first, known});
    EXPECT_FALSE(svc(t).menuView(t, 0).engineer);
    EXPECT_TRUE(svc(t).menuView(t, 0).facts.empty()) << "hall staff are not shown the engineer's part";
    EXPECT_TRUE(svc(t).menuView(t, 0).logTail.empty());
    for (auto k : {sm::Kind::restart, sm::Kind::sendNow, sm::Kind::networkTest, sm::Kind::reboot, sm::Kind::powerOff}) {
        t.apply(Intent::of(k), 200);
        t.apply(Intent::of(sm::Kind::confirmPower), 210);
    }
    EXPECT_FALSE(t.takeRequest<MaintenanceRequest>()) << "nor can they restart, send, test the network, reboot or power off";
    t.apply(Intent::of(sm::Kind::selfTest), 220);
    EXPECT_FALSE(t.takeRequest<DeviceCheck>()) << "nor run the engineer's self-test";
    t.apply(Intent::of(sm::Kind::leave), 300);
    audited(t);

    scan(t, s.code(StaffRole::maintenance), 1000);
    pin(t, "482913", 1100);
    auto asked = t.takeRequest<MaintenanceRequest>();
    ASSERT_TRUE(asked);
    EXPECT_EQ(asked->second.op, MaintenanceRequest::Op::status);
    MaintenanceStatus known2;
    known2.facts = {{"待发送事件", "3"}};
    known2.logTail = {"INFO session.start by=staff_code"};
    known2.devicesInUse = {"idcard: serial /dev/onewindow/idcard 115200 baud"};
    t.answer({asked->first, known2});
    const auto v = svc(t).menuView(t, 0);
    EXPECT_TRUE(v.engineer);
    ASSERT_EQ(v.facts.size(), 1u);
    EXPECT_EQ(v.facts[0].second, "3");
    EXPECT_EQ(v.logTail.size(), 1u);
    ASSERT_EQ(v.devicesInUse.size(), 1u);
    EXPECT_EQ(v.devicesInUse[0], "idcard: serial /dev/onewindow/idcard 115200 baud");
    t.apply(Intent::of(sm::Kind::sendNow), 1200);
    auto send = t.takeRequest<MaintenanceRequest>();
    ASSERT_TRUE(send);
    EXPECT_EQ(send->second.op, MaintenanceRequest::Op::sendNow);
    EXPECT_EQ(audited(t).back(), "send_now");
}

// The daily restart (content.schedule.restart_at) comes once a day at its hour, Beijing time, for a kiosk started
// before it, within three hours of it (a terminal busy through that window waits for the next day); never without
// the setting.
TEST(ServiceMode, TheDailyRestartComesOnceAtItsHourInBeijingTime) {
    constexpr int64_t kMorning = 1796349600;  // 2026-12-04 10:00 北京时间
    const int64_t at4 = kMorning + 18 * 3600;  // 2026-12-05 04:00 北京时间
    EXPECT_FALSE(sm::dailyRestartDue(kMorning, at4 - 60, 4 * 60)) << "03:59: not yet";
    EXPECT_TRUE(sm::dailyRestartDue(kMorning, at4, 4 * 60));
    EXPECT_TRUE(sm::dailyRestartDue(kMorning, at4 + 3 * 3600 - 60, 4 * 60)) << "06:59: still within the window";
    EXPECT_FALSE(sm::dailyRestartDue(kMorning, at4 + 3 * 3600, 4 * 60)) << "07:00: busy all through it; tomorrow";
    EXPECT_FALSE(sm::dailyRestartDue(at4 + 1800, at4 + 3600, 4 * 60)) << "restarted already today";
    EXPECT_TRUE(sm::dailyRestartDue(at4 + 1800, at4 + 86400 + 60, 4 * 60)) << "the next day";
    EXPECT_FALSE(sm::dailyRestartDue(kMorning, at4, -1)) << "no restart_at: never";
}

namespace {
// A member of staff of `role` signed in (the status asked for at sign-in answered with `status`).
void signIn(Terminal& t, const Staff& s, StaffRole role, MaintenanceStatus status = {}) {
    scan(t, s.code(role), 0);
    pin(t, "482913", 100);
    auto asked = t.takeRequest<MaintenanceRequest>();
    ASSERT_TRUE(asked);
    t.answer({asked->first, std::move(status)});
    audited(t);
}
void device(Terminal& t, const char* name, ow::drivers::DeviceState state, bool checked, int64_t nowMs, std::string detail = "") {
    ow::drivers::DeviceStatusChanged st{name, state, ow::drivers::SuggestedAction::none, std::move(detail)};
    st.checked = checked;
    t.onDevice(st, nowMs);
}
}  // namespace

// 001 第四条: hall staff replace the paper (the supplies count starts again) and close the printer's cover (every device
// is asked again at once, so the list shows the truth); both audited.
TEST(ServiceMode, HallStaffReplaceThePaperAndCloseTheCover) {
    Staff s;
    Terminal t = staffedTerminal(s);
    MaintenanceStatus used;
    used.receiptsSincePaper = 137;
    signIn(t, s, StaffRole::clear, used);
    EXPECT_NE(svc(t).menuView(t, 200).supplies.find("已打印 137 张（没有换纸记录"), std::string::npos) << svc(t).menuView(t, 200).supplies;
    t.apply(Intent::of(sm::Kind::paperReplaced), 300);
    auto replaced = t.takeRequest<MaintenanceRequest>();
    ASSERT_TRUE(replaced);
    EXPECT_EQ(replaced->second.op, MaintenanceRequest::Op::paperReplaced);
    MaintenanceStatus fresh;
    fresh.paperReplacedAt = 1796349600;  // 2026-12-04 10:00 北京时间
    t.answer({replaced->first, fresh});
    EXPECT_NE(svc(t).menuView(t, 400).supplies.find("更换后已打印 0 张"), std::string::npos) << svc(t).menuView(t, 400).supplies;
    t.apply(Intent::of(sm::Kind::coverClosed), 500);
    EXPECT_TRUE(t.takeRequest<DeviceCheck>()) << "the devices are asked again";
    EXPECT_EQ(audited(t), (std::vector<std::string>{"paper_replaced", "cover_closed"}));
}

// The engineer's self-test: each device's answer since it was asked — passed, failed with its state — or, after 5 s
// without one, that it did not answer; an answer from before the question does not count.
TEST(ServiceMode, AnEngineersSelfTestShowsEachDevicesAnswerOrItsSilence) {
    Staff s;
    Terminal t = staffedTerminal(s);
    using ow::drivers::DeviceState;
    device(t, "idcard", DeviceState::online, true, 10);  // a check answered before this self-test
    device(t, "receipt", DeviceState::online, false, 20);
    signIn(t, s, StaffRole::maintenance);
    t.apply(Intent::of(sm::Kind::selfTest), 2000);
    EXPECT_TRUE(t.takeRequest<DeviceCheck>());
    EXPECT_EQ(audited(t), std::vector<std::string>{"self_test"});
    device(t, "receipt", DeviceState::userError, true, 2300, "the cover is open");
    auto v = svc(t).menuView(t, 2400);
    ASSERT_EQ(v.selfTest.size(), 2u);
    const auto of = [](const sm::MenuView& m, const std::string& name) {
        for (const auto& c : m.selfTest)
            if (c.name == name) return c;
        return sm::MenuView::Check{};
    };
    EXPECT_FALSE(of(v, "小票打印机").ok);
    EXPECT_NE(of(v, "小票打印机").result.find("未通过"), std::string::npos) << of(v, "小票打印机").result;
    EXPECT_NE(of(v, "小票打印机").result.find("the cover is open"), std::string::npos);
    EXPECT_EQ(of(v, "身份证阅读器").result, "正在检查……");
    EXPECT_EQ(t.msUntilChange(2400, 0), 4600) << "the screen is drawn again when the silent device's time is up";
    EXPECT_EQ(of(svc(t).menuView(t, 7100), "身份证阅读器").result, "5 秒内无应答");
    device(t, "idcard", DeviceState::online, true, 7200);
    EXPECT_TRUE(of(svc(t).menuView(t, 7300), "身份证阅读器").ok);
    EXPECT_EQ(of(svc(t).menuView(t, 7300), "身份证阅读器").result, "通过 · 正常");
}

// Reboot and power off ask once more before anything happens; what the system refused is said, and audited.
TEST(ServiceMode, RebootAsksForAConfirmationAndSaysWhatTheSystemRefused) {
    Staff s;
    Terminal t = staffedTerminal(s);
    signIn(t, s, StaffRole::maintenance);
    t.apply(Intent::of(sm::Kind::reboot), 300);
    EXPECT_FALSE(t.takeRequest<MaintenanceRequest>()) << "one tap does nothing yet";
    EXPECT_NE(svc(t).menuView(t, 300).confirmPower.find("确认重启整机"), std::string::npos);
    t.apply(Intent::of(sm::Kind::cancelPower), 400);
    EXPECT_TRUE(svc(t).menuView(t, 400).confirmPower.empty());
    t.apply(Intent::of(sm::Kind::confirmPower), 450);
    EXPECT_FALSE(t.takeRequest<MaintenanceRequest>()) << "a cancelled question cannot be confirmed";
    t.apply(Intent::of(sm::Kind::powerOff), 500);
    t.apply(Intent::of(sm::Kind::confirmPower), 600);
    auto off = t.takeRequest<MaintenanceRequest>();
    ASSERT_TRUE(off);
    EXPECT_EQ(off->second.op, MaintenanceRequest::Op::powerOff);
    t.answer({off->first, ActionRefused{"Access denied"}});
    EXPECT_EQ(svc(t).menuView(t, 700).refused, "系统没有执行：Access denied");
    EXPECT_EQ(audited(t), (std::vector<std::string>{"power_off", "power_refused"}));
}

// The network test's steps as the engineer reads them: passed with the time taken, failed with why, not used (no TLS
// on http://), not tried after a failure.
TEST(ServiceMode, TheNetworkTestShowsEachStep) {
    Staff s;
    Terminal t = staffedTerminal(s);
    signIn(t, s, StaffRole::maintenance);
    t.apply(Intent::of(sm::Kind::networkTest), 300);
    auto asked = t.takeRequest<MaintenanceRequest>();
    ASSERT_TRUE(asked);
    EXPECT_EQ(asked->second.op, MaintenanceRequest::Op::networkTest);
    EXPECT_EQ(svc(t).menuView(t, 310).network.at(0).result, "正在测试……");
    using O = NetworkStep::Outcome;
    t.answer({asked->first, NetworkChecked{{{"dns", O::pass, "central → 10.0.0.5", 3}, {"tcp", O::pass, "10.0.0.5:8443", 1},
                                           {"tls", O::fail, "central's certificate is not signed by the pinned CA", 4},
                                           {"signed", O::notTried, "", 0}}}});
    const auto v = svc(t).menuView(t, 400);
    ASSERT_EQ(v.network.size(), 4u);
    EXPECT_EQ(v.network[0].name, "域名解析（DNS）");
    EXPECT_EQ(v.network[0].result, "通过 · central → 10.0.0.5 · 3 ms");
    EXPECT_FALSE(v.network[2].ok);
    EXPECT_EQ(v.network[2].result, "未通过 · central's certificate is not signed by the pinned CA");
    EXPECT_EQ(v.network[3].result, "未进行（前一步未通过）");
    EXPECT_EQ(audited(t), (std::vector<std::string>{"network_test", "network_tested"}));
}
