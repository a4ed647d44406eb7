// The queue end to end: the real kiosk under Xvfb with the simulated card reader, scanner and receipt printer, against
// a real kiosk-central on SQLite whose hall is open every hour (so these run at any time) with 5-minute slots bookable
// at once. An appointment booked for the next slot, checked in by its slip's QR (read back from the paper), the ticket
// printed with its place and a QR of its own; the number then called from the caller page in a real browser and shown
// on the display. A check-in more than 30 minutes late is forfeited and a walk-in number taken instead; a card of
// someone 76 years old gets the green channel. Calls for staff and reports of what could not be done (办不成事) end to
// end as well.
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "e2e_support.h"
#include "kiosk/protocol/appointments.h"
#include "tests/central/central_process.h"

using namespace ow::e2e;

namespace {

struct OpenHall {
    explicit OpenHall(const Kiosk& k) : file(k.dir().file("central.db")), db("sqlite:" + file), central(db) {
        std::string err;
        const std::string key = k.dir().file("admin.key"), doc = k.dir().file("bundle.json");
        EXPECT_EQ(ow::test::run({OW_KIOSKCTL_BIN, "keygen", "--key-id", "ops", "--out", key}, 30, &err), 0) << err;
        std::ifstream in(ow::test::assetsDir() + "/bundles/demo.json");
        json bundle = json::parse(in);
        auto& a = bundle["content"]["appointments"];
        for (const char* day : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}) a["hours"][day] = json::array({json::array({"00:00", "24:00"})});
        a["slot_minutes"] = 5;
        a["lead_minutes"] = 0;
        std::ofstream(doc) << bundle.dump();
        std::ofstream(k.dir().file("terminal-bundle.json")) << bundle.dump();  // the terminal boots the same hall
        bundleArg = k.dir().file("terminal-bundle.json");
        EXPECT_EQ(ow::test::run({OW_KIOSKCTL_BIN, "sign", doc, "--key", key, "--out", doc + ".signed"}, 30, &err), 0) << err;
        ctl({"publish", doc + ".signed", "--scope", "halls:qingpu"});
        token = ctl({"enroll", "--hall", "qingpu", "--name", "t1"});
        while (!token.empty() && token.back() == '\n') token.pop_back();
        const std::string added = ctl({"staff", "add", "--hall", "qingpu", "--name", "王芳", "--role", "window"});
        password = added.substr(added.rfind(' ') + 1);
        while (!password.empty() && password.back() == '\n') password.pop_back();
    }
    std::vector<std::string> args() const {
        return {"--central", central.url(), "--enroll-token", token, "--heartbeat", "5", "--bundle", bundleArg};
    }
    std::string ctl(const std::vector<std::string>& a) const {
        std::vector<std::string> argv{OW_KIOSKCTL_BIN};
        argv.insert(argv.end(), a.begin(), a.end());
        argv.insert(argv.end(), {"--db", db});
        std::string out, err;
        EXPECT_EQ(ow::test::run(argv, 30, &err, &out), 0) << err;
        return out;
    }
    std::string file, db, token, password, bundleArg;
    ow::test::Central central;
};

// 张三 (card 0) books 个体工商户设立登记 (theme registration: numbers B, windows 2 and 3) at the first slot of today.
std::string bookTodayByCard(const std::string& paper) {
    return "tap @attract.touch_to_start\ntap @service.appointments.title\nevent idcard.place 0\n"
           "wait-for \"个体工商户设立登记\" 10s\ntap \"个体工商户设立登记\"\nwait-for \"余 \" 10s\ntap @day.0\n"
           "wait-for \"请选择时段\" 10s\ntap @slot.0\nwait-for \"请确认预约\" 5s\ntap @appointment.book\n"
           "wait-for \"预约成功\" 10s\nwait 3s\nscreenshot booked\nevent receipt.save " + paper +
           "\nwait 300ms\ntap @nav.finish\nevent idcard.remove\nwait 500ms\n";
}

std::string appointmentOn(const json& shot) {
    for (const auto& it : shot["items"]) {
        const std::string t = it["text"];
        if (auto at = t.find("YY"); at != std::string::npos && t.size() >= at + 18) return t.substr(at, 18);
    }
    return "";
}

std::string decoded(const std::string& png, const std::string& prefix) {
    std::string out, err;
    EXPECT_EQ(ow::test::run({OW_DIAG_BIN, "decode", png}, 30, &err, &out), 0) << err;
    const auto at = out.find(prefix);
    if (at == std::string::npos) return "";
    out = out.substr(at);
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

}  // namespace

TEST_F(KioskE2E, AnAppointmentCheckedInByItsSlipIsCalledAtTheWindowAndShownOnTheHallDisplay) {
    Kiosk k("");
    OpenHall hall(k);
    const std::string paper = k.dir().file("paper");
    std::filesystem::create_directories(paper + "/ticket");
    std::ofstream(k.dir().file("script.txt")) << bookTodayByCard(paper) << "quit\n";
    ASSERT_EQ(k.run(hall.args()), 0) << k.stderrText();
    const std::string no = appointmentOn(k.shot("booked"));
    ASSERT_EQ(no.size(), 18u) << k.shot("booked").dump();
    const std::string slip = decoded(paper + "/receipt-1.png", "OW1.A." + no + ".");
    ASSERT_FALSE(slip.empty());

    // At the terminal again: 取号 → 预约签到 → the slip's QR.
    std::ofstream(k.dir().file("script.txt"))
        << "tap @attract.touch_to_start\ntap @service.queue.title\nwait-for \"预约签到\" 5s\nscreenshot start\n"
        << "tap @queue.check_in\nwait-for \"预约回执上的二维码\" 5s\nscreenshot check-in\nevent scanner.scan " << slip
        << "\nwait-for \"签到成功\" 10s\nwait 3s\nscreenshot ticket\nevent receipt.save " << paper
        << "/ticket\nwait 300ms\ntap @nav.finish\nquit\n";
    ASSERT_EQ(k.run(hall.args()), 0) << k.stderrText();
    const json ticket = k.shot("ticket");
    EXPECT_EQ(ticket["screen"], "queue_ticket");
    EXPECT_TRUE(shows(ticket, "B001")) << ticket.dump();
    EXPECT_TRUE(shows(ticket, "预约")) << ticket.dump();
    EXPECT_TRUE(shows(ticket, "前面还有 0 人")) << ticket.dump();
    EXPECT_TRUE(shows(ticket, "请留意 2、3 号窗口叫号")) << ticket.dump();
    const std::string text = readText(paper + "/ticket/receipt-1.txt");
    EXPECT_NE(text.find("取号凭条"), std::string::npos) << text;
    EXPECT_NE(text.find("B001"), std::string::npos) << text;
    EXPECT_NE(text.find(no), std::string::npos) << text;
    EXPECT_NE(text.find("前面等候：0 人"), std::string::npos) << text;
    EXPECT_EQ(text.find("张三"), std::string::npos) << "the ticket does not name the person: " << text;
    const std::string code = decoded(paper + "/ticket/receipt-1.png", "OW1.Q.");
    EXPECT_EQ(code.size(), 6u + 24u) << "the ticket's own QR: " << code;
    EXPECT_NE(hall.ctl({"appointments", "show", no}).find("checked_in"), std::string::npos);

    // The window's caller in a real browser calls it; the hall display shows it within a second.
    std::string out, err;
    EXPECT_EQ(ow::test::run({"/usr/bin/python3", std::string(OW_SOURCE_DIR) + "/tests/web/hall_pages_test.py", "--call-and-show",
                             hall.central.url(), "qingpu", "王芳", hall.password, "2", "B001"},
                            120, &err, &out),
              0)
        << out << err;
    EXPECT_NE(out.find("B001 shown at window 2"), std::string::npos) << out << err;

    // Its QR at the terminal now: called, to window 2.
    std::ofstream(k.dir().file("script.txt")) << "event scanner.scan " << code << "\nwait-for \"号窗口\" 10s\nscreenshot place\nquit\n";
    ASSERT_EQ(k.run(hall.args()), 0) << k.stderrText();
    EXPECT_TRUE(shows(k.shot("place"), "已叫号，请到 2 号窗口")) << k.shot("place").dump();
    const std::string log = k.log();
    EXPECT_EQ(log.find("310118199003070016"), std::string::npos) << "nothing personal in the log";
    EXPECT_EQ(log.find("张三"), std::string::npos);
}

TEST_F(KioskE2E, ACheckInMoreThanHalfAnHourLateIsForfeitedAndAnElderGetsTheGreenChannel) {
    Kiosk k("");
    OpenHall hall(k);
    const std::string paper = k.dir().file("paper");
    std::filesystem::create_directories(paper);
    std::ofstream(k.dir().file("script.txt")) << bookTodayByCard(paper) << "quit\n";
    ASSERT_EQ(k.run(hall.args()), 0) << k.stderrText();
    const std::string no = appointmentOn(k.shot("booked"));
    ASSERT_EQ(no.size(), 18u);
    // The person comes 40 minutes after the slot began: the appointment's slot is moved back 40 minutes (as a clock
    // moved on would; just after midnight, to last evening's).
    const int64_t start = std::time(nullptr) - 40 * 60;
    const std::string slot = ow::protocol::slotIdOf(start - start % 300);
    sql(hall.file, "UPDATE appointment SET slot = '" + slot + "', slot_start = " + std::to_string(start - start % 300) +
                       " WHERE appt_no = '" + no + "'");

    std::ofstream(k.dir().file("script.txt"))
        << "tap @attract.touch_to_start\ntap @service.queue.title\nwait-for \"预约签到\" 5s\ntap @queue.check_in\n"
        << "event idcard.place 0\nwait-for \"按规定这次预约作废\" 10s\nscreenshot forfeited\ntap @queue.walk_in\n"
        << "wait-for \"请选择要办理的业务类别\" 5s\nscreenshot themes\ntap @theme.0\nwait-for \"您的号码\" 10s\nwait 500ms\n"
        << "screenshot walk-in\ntap @nav.finish\nevent idcard.remove\nwait 500ms\n"
        // 欧阳䶮 (card 1), 76: the green channel, said before the theme is chosen and on the ticket.
        << "tap @attract.touch_to_start\nevent idcard.place 1\nwait 300ms\ntap @service.queue.title\nwait-for \"绿色通道\" 5s\n"
        << "screenshot green-start\ntap @queue.walk_in\nwait-for \"请选择要办理的业务类别\" 5s\ntap @theme.0\n"
        << "wait-for \"您的号码\" 10s\nwait 500ms\nscreenshot green\ntap @nav.finish\nquit\n";
    ASSERT_EQ(k.run(hall.args()), 0) << k.stderrText();
    const json forfeited = k.shot("forfeited");
    EXPECT_TRUE(shows(forfeited, "按规定这次预约作废")) << forfeited.dump();
    EXPECT_EQ(buttons(forfeited, "queue.walk_in"), 1) << "a walk-in number offered";
    EXPECT_NE(hall.ctl({"appointments", "show", no}).find("forfeited"), std::string::npos);
    EXPECT_TRUE(shows(k.shot("themes"), "社会民生")) << "theme A first";
    const json walkIn = k.shot("walk-in");
    EXPECT_TRUE(shows(walkIn, "A001")) << walkIn.dump();
    EXPECT_TRUE(shows(walkIn, "普通"));
    EXPECT_TRUE(shows(k.shot("green-start"), "您已满60周岁"));
    const json green = k.shot("green");
    EXPECT_TRUE(shows(green, "A002")) << green.dump();
    EXPECT_TRUE(shows(green, "绿色通道"));
    EXPECT_TRUE(shows(green, "前面还有 0 人")) << "called before A001, who came first";
    // The day's figures (from the slot's day: just after midnight, yesterday's): two tickets, one appointment forfeited.
    const std::string stats = hall.ctl({"stats", "queue", "--hall", "qingpu", "--from", slot.substr(0, 10), "--to",
                                        ow::protocol::dateOf(std::time(nullptr)), "--csv", "yes"});
    EXPECT_NE(stats.find("overall,,2,0,0,0,1,"), std::string::npos) << "two tickets, one appointment forfeited: " << stats;
}

// Call staff (帮办) from a screen of a service: the call reaches the caller page in a real browser, a member of staff
// takes it there, and the terminal says someone is coming; the call's times are in the day's figures.
TEST_F(KioskE2E, ACallForStaffIsTakenOnTheCallerPageAndTheTerminalSaysSomeoneIsComing) {
    Kiosk k("");
    OpenHall hall(k);
    std::string out, err;
    int taken = -1;
    std::thread staff([&] {
        taken = ow::test::run({"/usr/bin/python3", std::string(OW_SOURCE_DIR) + "/tests/web/hall_pages_test.py", "--take-help",
                               hall.central.url(), "qingpu", "王芳", hall.password},
                              120, &err, &out);
    });
    std::ofstream(k.dir().file("script.txt"))
        << "tap @attract.touch_to_start\nevent idcard.place 1\nwait 300ms\ntap @service.guides.title\nwait 300ms\n"
        << "tap @nav.call_staff\nwait-for \"已通知大厅工作人员\" 10s\nscreenshot raised\nwait-for \"正在赶来\" 60s\n"
        << "screenshot coming\ntap @nav.finish\nquit\n";
    const int kiosk = k.run(hall.args());
    staff.join();
    ASSERT_EQ(kiosk, 0) << k.stderrText();
    EXPECT_EQ(taken, 0) << out << err;
    EXPECT_NE(out.find("60岁以上"), std::string::npos) << "the page says the person is 60 or more: " << out;
    EXPECT_NE(out.find("办事指南"), std::string::npos) << "and where they are: " << out;
    EXPECT_TRUE(shows(k.shot("raised"), "取消呼叫"));
    EXPECT_TRUE(shows(k.shot("coming"), "工作人员已接到呼叫，正在赶来。"));
    const std::string stats = hall.ctl({"stats", "queue", "--hall", "qingpu", "--csv", "yes"});
    EXPECT_NE(stats.find("help,calls,1,1,"), std::string::npos) << stats;
    EXPECT_EQ(k.log().find("欧阳"), std::string::npos) << "nothing personal in the log";
}

// A report of what could not be done, from the terminal to the hall admin's page: 张三's card, 办不成事反映 → 我要反映,
// the office and the problem picked, a phone typed, what will be sent confirmed; the work order's number on screen and
// on its slip; the slip's QR scanned later shows its state; the admin's work orders page in a real browser lists it.
TEST_F(KioskE2E, AWorkOrderFiledAtTheTerminalIsOnTheAdminsPageAndItsSlipShowsItsState) {
    Kiosk k("");
    OpenHall hall(k);
    const std::string added = hall.ctl({"staff", "add", "--hall", "qingpu", "--name", "赵敏", "--role", "hall-admin"});
    std::string admin = added.substr(added.rfind(' ') + 1);
    while (!admin.empty() && admin.back() == '\n') admin.pop_back();
    const std::string paper = k.dir().file("paper");
    std::filesystem::create_directories(paper);
    std::ofstream(k.dir().file("script.txt"))
        << "tap @attract.touch_to_start\nevent idcard.place 0\nwait 300ms\ntap @service.report.title\nwait-for \"我要反映\" 5s\n"
        << "screenshot start\ntap @report.new\nwait-for \"涉及部门\" 5s\ntap @choice.0\ntap @choice.1\ntap @field.2\n"
        << "tap @digit.1\ntap @digit.3\ntap @digit.9\ntap @digit.0\ntap @digit.0\ntap @digit.1\ntap @digit.3\ntap @digit.9\n"
        << "tap @digit.0\ntap @digit.0\ntap @digit.0\nscreenshot form\ntap @presubmit.next\nwait-for \"请核对反映内容\" 5s\n"
        << "screenshot confirm\ntap @report.send\nwait-for \"生成了督办工单\" 10s\nwait 2s\nscreenshot filed\n"
        << "event receipt.save " << paper << "\nwait 300ms\ntap @nav.finish\nevent idcard.remove\nquit\n";
    ASSERT_EQ(k.run(hall.args()), 0) << k.stderrText();
    const json confirm = k.shot("confirm");
    EXPECT_TRUE(shows(confirm, "区公安分局")) << confirm.dump();
    EXPECT_TRUE(shows(confirm, "跑了多次还没办成")) << confirm.dump();
    EXPECT_TRUE(shows(confirm, "13900139000")) << confirm.dump();
    std::string no;
    const json filed = k.shot("filed");
    for (const auto& it : filed["items"]) {
        const std::string t = it["text"];
        if (auto at = t.find("GD"); at != std::string::npos && t.size() >= at + 16) no = t.substr(at, 16);
    }
    ASSERT_EQ(no.size(), 16u) << filed.dump();
    const std::string text = readText(paper + "/receipt-1.txt");
    EXPECT_NE(text.find("办不成事反映回执"), std::string::npos) << text;
    EXPECT_NE(text.find(no), std::string::npos) << text;
    EXPECT_EQ(text.find("张三"), std::string::npos) << "the name masked on the slip: " << text;
    const std::string code = decoded(paper + "/receipt-1.png", "OW1.W.");
    ASSERT_EQ(code.size(), 6u + 24u) << "the slip's QR: " << code;

    // On the hall admin's page, with the person's name for the lead office; moved on by kioskctl.
    std::string out, err;
    EXPECT_EQ(ow::test::run({"/usr/bin/python3", std::string(OW_SOURCE_DIR) + "/tests/web/hall_pages_test.py", "--see-report",
                             hall.central.url(), "qingpu", "赵敏", admin, no},
                            120, &err, &out),
              0)
        << out << err;
    for (const char* words : {"张三", "139****9000", "区公安分局", "跑了多次还没办成", "已受理"})
        EXPECT_NE(out.find(words), std::string::npos) << words << " not on the page: " << out;
    hall.ctl({"reports", "advance", no, "--to", "classified", "--by", "督查科", "--note", "已联系申请人"});

    // The slip's QR at the terminal, without a card: its state now.
    std::ofstream(k.dir().file("script.txt")) << "event scanner.scan " << code << "\nwait-for \"已分类\" 10s\nscreenshot state\nquit\n";
    ASSERT_EQ(k.run(hall.args()), 0) << k.stderrText();
    const json state = k.shot("state");
    EXPECT_TRUE(shows(state, no)) << state.dump();
    EXPECT_TRUE(shows(state, "已联系申请人")) << state.dump();
    const std::string log = k.log();
    EXPECT_EQ(log.find("310118199003070016"), std::string::npos) << "nothing personal in the log";
    EXPECT_EQ(log.find("张三"), std::string::npos);
    EXPECT_EQ(log.find("13900139000"), std::string::npos);
}

// A bad rating from the terminal, followed up at central: 张三 looks at his case by card, the bottom bar offers a
// rating, he taps 非常不满意 and what went wrong; the terminal says when he will be contacted; at central the follow-up
// is on time that day and overdue the working day after its contact deadline (kioskctl's --on moves the clock).
TEST_F(KioskE2E, ABadRatingOfACaseOpensAFollowUpThatTurnsOverdueWhenTheClockIsMoved) {
    Kiosk k("");
    OpenHall hall(k);
    hall.ctl({"case", "create", "--matter", "310118-DJ-001", "--matter-name", "个体工商户设立登记", "--department", "区市场监督管理局",
              "--holder-name", "张三", "--holder-id", "310118199003070016", "--phone", "13800138000", "--promised-days", "1", "--by",
              "综合窗口"});
    std::ofstream(k.dir().file("script.txt"))
        << "tap @attract.touch_to_start\nevent idcard.place 0\nwait 300ms\ntap @service.progress.title\n"
        << "wait-for \"个体工商户设立登记\" 10s\nscreenshot progress\ntap @nav.rate\nwait-for \"您对这次服务满意吗\" 5s\n"
        << "screenshot levels\ntap @rate.level.1\nwait-for \"哪里让您不满意\" 5s\ntap @rate.reason.0\ntap @rate.reason.1\n"
        << "screenshot reasons\ntap @rate.submit\nwait-for \"感谢您的评价\" 10s\nscreenshot thanks\ntap @nav.finish\nquit\n";
    ASSERT_EQ(k.run(hall.args()), 0) << k.stderrText();
    EXPECT_TRUE(shows(k.shot("levels"), "非常不满意")) << k.shot("levels").dump();
    EXPECT_TRUE(shows(k.shot("reasons"), "排队等候时间长")) << k.shot("reasons").dump();
    const json thanks = k.shot("thanks");
    std::string contactBy;
    for (const auto& it : thanks["items"]) {
        const std::string t = it["text"];
        if (auto at = t.find("我们会在 "); at != std::string::npos) contactBy = t.substr(at + std::string("我们会在 ").size(), 10);
    }
    ASSERT_TRUE(ow::protocol::validDate(contactBy)) << thanks.dump();

    const std::string today = ow::protocol::dateOf(std::time(nullptr));
    const std::string onTime = hall.ctl({"ratings", "list", "--hall", "qingpu", "--on", today});
    EXPECT_NE(onTime.find("level 1"), std::string::npos) << onTime;
    EXPECT_NE(onTime.find("排队等候时间长；材料要求不清楚或反复要求"), std::string::npos) << onTime;
    EXPECT_NE(onTime.find("张*"), std::string::npos) << "masked in the list: " << onTime;
    EXPECT_EQ(onTime.find("OVERDUE"), std::string::npos) << onTime;
    const std::string dayAfter = ow::protocol::dateOfDayIndex(ow::protocol::dayIndex(contactBy) + 1);
    const std::string late = hall.ctl({"ratings", "list", "--hall", "qingpu", "--overdue", "yes", "--on", dayAfter});
    EXPECT_NE(late.find("OVERDUE"), std::string::npos) << "not contacted by " << contactBy << ": " << late;
    EXPECT_EQ(hall.ctl({"ratings", "list", "--hall", "qingpu", "--overdue", "yes", "--on", contactBy}).find("OVERDUE"), std::string::npos);
    const std::string log = k.log();
    EXPECT_EQ(log.find("310118199003070016"), std::string::npos) << "nothing personal in the log";
    EXPECT_EQ(log.find("张三"), std::string::npos);
}

namespace {
// The terminal's A4 printer on the test's own cupsd, and a result document to attach (the sample licence as a PDF);
// "" when it could not be rendered.
std::string useCupsAndRenderLicence(const Kiosk& k, const PrintServers& servers) {
    std::filesystem::create_directories(k.dir().file("data"));
    std::ofstream(k.dir().file("data/devices.json")) << servers.devicesJson();
    std::string out, err;
    const std::string pdf = k.dir().file("licence.pdf");
    const int rc = ow::test::run({OW_DIAG_BIN, "render-a4", ow::test::assetsDir() + "/documents/sample-licence.json", pdf}, 60, &err, &out);
    EXPECT_EQ(rc, 0) << err;
    return rc == 0 ? pdf : "";
}
}  // namespace

// A result held by an empty tray when the person leaves (finish): the job is cancelled in CUPS itself, so the
// licence does not print for the next person when paper is put back, and the case stays ready.
TEST_F(KioskE2E, AResultHeldWhenThePersonLeavesIsCancelledInCups) {
    Kiosk k("");
    OpenHall hall(k);
    PrintServers servers;
    ASSERT_TRUE(servers.ok()) << servers.started;
    const std::string pdf = useCupsAndRenderLicence(k, servers);
    ASSERT_FALSE(pdf.empty());
    std::string no = hall.ctl({"case", "create", "--matter", "310118-DJ-001", "--matter-name", "个体工商户设立登记", "--department",
                               "区市场监督管理局", "--holder-name", "张三", "--holder-id", "310118199003070016", "--phone", "13800138000",
                               "--promised-days", "1", "--by", "综合窗口", "--hall", "qingpu"});
    no = no.substr(0, no.find(' '));
    for (const char* to : {"accepted", "review", "approved", "ready"}) hall.ctl({"case", "advance", no, "--to", to, "--by", "区市场监督管理局"});
    hall.ctl({"case", "attach", no, pdf, "--name", "营业执照"});
    std::ofstream(servers.dir + "/media-empty") << "out";
    std::ofstream(k.dir().file("script.txt"))
        << "tap @attract.touch_to_start\nevent idcard.place 0\nwait 300ms\ntap @service.collect.title\nwait-for \"" << no
        << "\" 10s\ntap @collect.case.0\nwait-for \"打印并领取\" 30s\ntap @collect.print\nwait-for \"签名确认领取\" 5s\n"
        << "drag 100 330 300 420\ndrag 320 300 600 440\ntap @collect.signed\nwait-for \"打印暂停\" 60s\nscreenshot held\n"
        << "tap @nav.finish\nevent idcard.remove\nwait 3s\nquit\n";
    ASSERT_EQ(k.run(hall.args()), 0) << k.stderrText();
    const std::string log = k.log();
    EXPECT_NE(log.find("print.cancel job=1 printer=a4"), std::string::npos) << log;
    EXPECT_NE(log.find("print.job job=1 state=failed detail=\"cancelled: the session ended while it waited\""), std::string::npos) << log;
    const std::string queued = ow::test::capture("CUPS_SERVER=" + servers.dir + "/cups.sock lpstat -o A4 2>&1");
    EXPECT_EQ(queued.find("A4-"), std::string::npos) << "a job is still in CUPS's queue:\n" << queued;
    EXPECT_NE(hall.ctl({"case", "show", no}).find("ready"), std::string::npos) << "the case stays ready to collect";
}

// Collecting results through a real cupsd and ippeveprinter: 张三's licence, attached at central as a PDF, printed
// on A4 after he signs; the printer out of paper holds the job, and the case stays ready (central says so while
// it is held); paper put back, the job completes and only then is the case collected, with the record on the receipt
// printer. Then 欧阳䶮 collects 张三's second result for him by its number and his phone, the authorisation
// photographed under the document camera (central records the delegate), and asks for her own result to be posted,
// which moves to mailed only when the tracking number is entered.
TEST_F(KioskE2E, AResultHeldByAnEmptyTrayIsCollectedOnlyAfterTheRefillThenADelegateAndThePost) {
    Kiosk k("");
    OpenHall hall(k);
    PrintServers servers;
    ASSERT_TRUE(servers.ok()) << servers.started;
    const std::string pdf = useCupsAndRenderLicence(k, servers);
    ASSERT_FALSE(pdf.empty());
    const auto readyCase = [&](const char* name, const char* id, const char* phone) {
        std::string no = hall.ctl({"case", "create", "--matter", "310118-DJ-001", "--matter-name", "个体工商户设立登记", "--department",
                                   "区市场监督管理局", "--holder-name", name, "--holder-id", id, "--phone", phone, "--promised-days", "1",
                                   "--by", "综合窗口", "--hall", "qingpu"});
        no = no.substr(0, no.find(' '));
        for (const char* to : {"accepted", "review", "approved", "ready"})
            hall.ctl({"case", "advance", no, "--to", to, "--by", "区市场监督管理局"});
        hall.ctl({"case", "attach", no, pdf, "--name", "营业执照"});
        return no;
    };
    const std::string first = readyCase("张三", "310118199003070016", "13800138000");

    // The tray is empty: the job is held; the case must still be ready then. Paper put back: printed, collected.
    std::ofstream(servers.dir + "/media-empty") << "out";
    std::string whileHeld;
    std::thread staff([&] {
        for (int i = 0; i < 600 && k.log().find("state=held") == std::string::npos; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        whileHeld = hall.ctl({"case", "show", first});
        std::this_thread::sleep_for(std::chrono::seconds(2));
        std::filesystem::remove(servers.dir + "/media-empty");
    });
    const std::string paper = k.dir().file("paper");
    std::filesystem::create_directories(paper);
    const std::string sign = "drag 100 330 300 420\ndrag 320 300 600 440\ndrag 620 320 760 340\n";
    std::ofstream(k.dir().file("script.txt"))
        << "tap @attract.touch_to_start\nevent idcard.place 0\nwait 300ms\ntap @service.collect.title\nwait-for \"" << first
        << "\" 10s\nscreenshot list\ntap @collect.case.0\nwait-for \"打印并领取\" 30s\nscreenshot case\ntap @collect.print\n"
        << "wait-for \"签名确认领取\" 5s\n" << sign << "screenshot signed\ntap @collect.signed\nwait-for \"打印暂停\" 60s\nscreenshot held\n"
        << "wait-for \"领取完成\" 90s\nwait 2s\nscreenshot collected\nevent receipt.save " << paper
        << "\nwait 300ms\ntap @nav.finish\nevent idcard.remove\nquit\n";
    const int ran = k.run(hall.args());
    staff.join();
    ASSERT_EQ(ran, 0) << k.stderrText();
    EXPECT_NE(whileHeld.find("ready"), std::string::npos) << "held: still ready to collect\n" << whileHeld;
    EXPECT_EQ(whileHeld.find("collected"), std::string::npos) << whileHeld;
    EXPECT_TRUE(shows(k.shot("held"), "您的办件仍为“待领取”")) << k.shot("held").dump();
    EXPECT_NE(hall.ctl({"case", "show", first}).find("collected"), std::string::npos) << "collected once printed";
    const std::string record = readText(paper + "/receipt-1.txt");
    EXPECT_NE(record.find("领取记录"), std::string::npos) << record;
    EXPECT_NE(record.find(first), std::string::npos) << record;
    std::string spooled;
    for (const auto& f : std::filesystem::directory_iterator(servers.dir + "/spool"))
        spooled += ow::test::capture("pdftotext '" + f.path().string() + "' - 2>/dev/null");
    EXPECT_NE(spooled.find("营业执照"), std::string::npos) << "the licence reached the printer";

    // 欧阳䶮 collects 张三's second result for him, then asks for her own to be posted.
    const std::string second = readyCase("张三", "310118199003070016", "13800138000");
    const std::string hers = readyCase("欧阳䶮", "11010519491231002X", "13812345678");
    std::ofstream(k.dir().file("script.txt"))
        << "tap @attract.touch_to_start\nevent idcard.place 1\nwait 300ms\ntap @service.collect.title\nwait-for \"" << hers
        << "\" 10s\ntap @collect.for_someone\nwait-for \"办件编号\" 5s\ntap @field.0\n" << taps(second.substr(2)) << "tap @field.1\n"
        << taps("13800138000") << "tap @collect.find\nwait-for \"代 张* 领取\" 10s\nwait-for \"打印并领取\" 30s\nscreenshot delegate-case\n"
        << "tap @collect.print\nwait-for \"拍摄授权委托书\" 5s\ntap @collect.capture\nwait-for \"已拍摄授权委托书\" 15s\n"
        << "screenshot authorisation\ntap @collect.authorised\nwait-for \"签名确认领取\" 5s\n" << sign
        << "tap @collect.signed\nwait-for \"领取完成\" 90s\nscreenshot delegate-collected\ntap @nav.home\ntap @service.collect.title\n"
        << "wait-for \"" << hers << "\" 10s\ntap @collect.case.0\nwait-for \"邮寄到家\" 10s\ntap @collect.post\nwait-for \"收件地址\" 5s\n"
        << taps("shanghai") << "wait 300ms\ntap @candidate.0\ntap @field.1\n" << taps("13812345678")
        << "screenshot post-form\ntap @collect.post_send\nwait-for \"已登记邮寄\" 10s\nscreenshot posted\ntap @nav.finish\nquit\n";
    ASSERT_EQ(k.run(hall.args()), 0) << k.stderrText();
    EXPECT_NE(hall.ctl({"case", "show", second}).find("代领"), std::string::npos) << "central records who collected for whom";
    EXPECT_TRUE(shows(k.shot("posted"), "前寄出")) << k.shot("posted").dump();
    std::string list = hall.ctl({"collect", "list", "--hall", "qingpu"});
    EXPECT_NE(list.find(hers + "  to mail"), std::string::npos) << list;
    hall.ctl({"case", "advance", hers, "--to", "mailed", "--tracking-no", "EMS1234567890", "--by", "综合窗口"});
    list = hall.ctl({"collect", "list", "--hall", "qingpu"});
    EXPECT_NE(list.find(hers + "  mailed EMS1234567890"), std::string::npos) << list;
    const std::string log = k.log();
    for (const char* personal : {"310118199003070016", "11010519491231002X", "张三", "欧阳", "13812345678"})
        EXPECT_EQ(log.find(personal), std::string::npos) << personal << " in the log";
}

// Service mode on the real kiosk: a staff code made with kioskctl (signed with the hall's configuration key, which
// the terminal trusts) scanned on the attract screen, its PIN typed; hall staff take the terminal out of service, and
// the attract screen then sends people to a window; the sign-in and the action reach the hall's audit at central.
TEST_F(KioskE2E, AStaffCodeAndItsPinOpenServiceModeAndTheActionsReachCentralsAudit) {
    Kiosk k("");
    OpenHall hall(k);
    std::filesystem::create_directories(k.dir().file("data"));
    std::filesystem::copy_file(k.dir().file("admin.key.pub"), k.dir().file("data/trusted-keys.json"));  // as installed
    // The code names the hall of the terminal's configuration (the demo bundle's, demo-hall; central enrols it in qingpu).
    const std::string issued = hall.ctl({"staff", "code", "--hall", "demo-hall", "--name", "陈工", "--role", "clear", "--key",
                                         k.dir().file("admin.key"), "--pin", "482913"});
    const std::string code = issued.substr(issued.find("OW1.S."), issued.find('\n', issued.find("OW1.S.")) - issued.find("OW1.S."));
    ASSERT_GT(code.size(), 100u) << issued;
    std::ofstream(k.dir().file("script.txt"))
        << "wait 500ms\nevent scanner.scan " << code << "\nwait-for \"请输入 PIN\" 10s\n" << taps("482913")
        << "screenshot pin\ntap @service.enter\nwait-for \"打印测试小票\" 10s\nscreenshot menu\ntap @service_out_of_service\n"
        << "wait-for \"终端已暂停服务\" 5s\ntap @service.leave\nwait 500ms\nscreenshot attract\nwait 6s\nquit\n";
    ASSERT_EQ(k.run(hall.args()), 0) << k.stderrText() << k.log();
    EXPECT_TRUE(shows(k.shot("menu"), "陈工（大厅工作人员）")) << k.shot("menu").dump();
    EXPECT_TRUE(shows(k.shot("attract"), "暂停")) << k.shot("attract").dump();
    std::string audit;
    for (int i = 0; i < 50 && audit.find("terminal_out_of_service") == std::string::npos; ++i) {
        audit = hall.ctl({"audit", "--hall", "qingpu"});
        if (audit.find("terminal_out_of_service") == std::string::npos) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    EXPECT_NE(audit.find("terminal_signed_in"), std::string::npos) << audit;
    EXPECT_NE(audit.find("terminal_out_of_service"), std::string::npos) << audit;
    EXPECT_NE(hall.ctl({"audit", "--hall", "demo-hall"}).find("staff_code_issued"), std::string::npos);
    EXPECT_EQ(k.log().find("482913"), std::string::npos) << "the PIN is in no log";
}

// An engineer's service mode on the real kiosk with a real central: every simulated device answers the self-test
// through its real driver, the network test passes its four steps (TLS "not used" on http://), the device configuration
// in use is listed, and the self-test and network test reach central's audit.
TEST_F(KioskE2E, AnEngineersSelfTestAndNetworkTestOnTheRealKiosk) {
    Kiosk k("");
    OpenHall hall(k);
    std::filesystem::create_directories(k.dir().file("data"));
    std::filesystem::copy_file(k.dir().file("admin.key.pub"), k.dir().file("data/trusted-keys.json"));
    const std::string issued = hall.ctl({"staff", "code", "--hall", "demo-hall", "--name", "王工", "--role", "maintenance", "--key",
                                         k.dir().file("admin.key"), "--pin", "246810"});
    const std::string code = issued.substr(issued.find("OW1.S."), issued.find('\n', issued.find("OW1.S.")) - issued.find("OW1.S."));
    std::ofstream(k.dir().file("script.txt"))
        << "wait 500ms\nevent scanner.scan " << code << "\nwait-for \"请输入 PIN\" 10s\n" << taps("246810")
        << "tap @service.enter\nwait-for \"打印测试小票\" 10s\nwait 1s\nscreenshot menu\ntap @service.self_test\nwait-for \"设备自检\" 5s\nwait 1500ms\n"
        << "screenshot selftest\ntap @service.network_test\nwait-for \"签名请求：通过\" 15s\nscreenshot network\n"
        << "drag 640 650 640 150\nwait 500ms\nscreenshot scrolled\ntap @service.leave\nwait 6s\nquit\n";
    ASSERT_EQ(k.run(hall.args()), 0) << k.stderrText() << k.log();
    const json selftest = k.shot("selftest");
    for (const char* device : {"身份证阅读器：通过", "小票打印机：通过", "扫码器：通过", "摄像头扫码：通过", "高拍仪：通过"})
        EXPECT_TRUE(shows(selftest, device)) << device << "\n" << selftest.dump();
    EXPECT_FALSE(shows(selftest, "无应答")) << selftest.dump();
    EXPECT_TRUE(shows(k.shot("scrolled"), "idcard: simulator")) << "the device configuration in use";
    EXPECT_EQ(find(k.shot("menu"), "nav.call_staff"), nullptr) << "no call for staff in service mode";
    const json network = k.shot("network");
    EXPECT_TRUE(shows(network, "域名解析（DNS）：通过")) << network.dump();
    EXPECT_TRUE(shows(network, "TCP 连接：通过"));
    EXPECT_TRUE(shows(network, "TLS（只信任固定的 CA）：未使用"));
    std::string audit;
    for (int i = 0; i < 50 && audit.find("terminal_network_tested") == std::string::npos; ++i) {
        audit = hall.ctl({"audit", "--hall", "qingpu"});
        if (audit.find("terminal_network_tested") == std::string::npos) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    EXPECT_NE(audit.find("terminal_self_test"), std::string::npos) << audit;
    EXPECT_NE(audit.find("terminal_network_tested"), std::string::npos) << audit;
    EXPECT_EQ(k.log().find("246810"), std::string::npos) << "the PIN is in no log";
}
