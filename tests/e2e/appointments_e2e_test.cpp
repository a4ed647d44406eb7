// Appointments end to end: the real kiosk under Xvfb with the simulated card reader, scanner and receipt printer,
// against a real kiosk-central given the hall's signed bundle — booked by card, the slip on paper whose QR (read
// back from the paper) shows the appointment at the terminal, moved, cancelled, every step at central; a hall's
// cancellation seen by the person; central down while booking; and the whole flow at elderly scale.
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "e2e_support.h"
#include "kiosk/config_boot.h"
#include "tests/central/central_process.h"

using namespace ow::e2e;

namespace {

// Central with the demo bundle signed and published to the hall qingpu (where its capacity comes from), and a
// token for one terminal.
struct Hall {
    explicit Hall(const Kiosk& k) : db("sqlite:" + k.dir().file("central.db")), central(db) {
        std::string err, out;
        const std::string key = k.dir().file("admin.key"), doc = k.dir().file("bundle.json");
        EXPECT_EQ(ow::test::run({OW_KIOSKCTL_BIN, "keygen", "--key-id", "ops", "--out", key}, 30, &err), 0) << err;
        std::filesystem::copy_file(ow::test::assetsDir() + "/bundles/demo.json", doc);
        EXPECT_EQ(ow::test::run({OW_KIOSKCTL_BIN, "sign", doc, "--key", key, "--out", doc + ".signed"}, 30, &err), 0) << err;
        EXPECT_EQ(ow::test::run({OW_KIOSKCTL_BIN, "publish", doc + ".signed", "--db", db, "--scope", "halls:qingpu"}, 30, &err), 0)
            << err;
        EXPECT_EQ(ow::test::run({OW_KIOSKCTL_BIN, "enroll", "--db", db, "--hall", "qingpu", "--name", "t1"}, 30, &err, &token), 0)
            << err;
        while (!token.empty() && token.back() == '\n') token.pop_back();
    }
    std::vector<std::string> args() const { return {"--central", central.url(), "--enroll-token", token, "--heartbeat", "5"}; }
    std::string ctl(const std::vector<std::string>& a) {
        std::vector<std::string> argv{OW_KIOSKCTL_BIN};
        argv.insert(argv.end(), a.begin(), a.end());
        argv.insert(argv.end(), {"--db", db});
        std::string out, err;
        EXPECT_EQ(ow::test::run(argv, 30, &err, &out), 0) << err;
        return out;
    }
    std::string db, token;
    ow::test::Central central;
};

// 张三 (card 0) books 个体工商户设立登记 on the second day offered, at its first slot.
std::string bookByCard(const std::string& paper) {
    return "tap @attract.touch_to_start\ntap @service.appointments.title\nscreenshot card\nevent idcard.place 0\n"
           "wait-for \"个体工商户设立登记\" 10s\nscreenshot matters\ntap \"个体工商户设立登记\"\nwait-for \"余 \" 10s\n"
           "screenshot days\ntap @day.1\nwait-for \"请选择时段\" 10s\nscreenshot slots\ntap @slot.0\n"
           "wait-for \"请确认预约\" 5s\nscreenshot confirm\ntap @appointment.phone_edit\n" + taps("13900139000") +
           "screenshot phone\ntap @appointment.book\nwait-for \"预约成功\" 10s\nwait 3s\n"
           "screenshot booked\nevent receipt.save " + paper + "\nwait 300ms\n";
}

std::string numberOn(const json& shot) {
    for (const auto& it : shot["items"]) {
        const std::string t = it["text"];
        if (auto at = t.find("YY"); at != std::string::npos && t.size() >= at + 18) return t.substr(at, 18);
    }
    return "";
}

// A first visit: 张三 books by card, the slip is saved under DIR/paper, and he leaves. The kiosk's exit code.
int bookAndLeave(Kiosk& k, const Hall& hall) {
    const std::string paper = k.dir().file("paper");
    std::filesystem::create_directories(paper);
    std::ofstream(k.dir().file("script.txt")) << bookByCard(paper) << "tap @nav.finish\nevent idcard.remove\nwait 500ms\nquit\n";
    return k.run(hall.args());
}

}  // namespace

TEST_F(KioskE2E, AnAppointmentIsBookedPrintedFoundByItsSlipMovedAndCancelled) {
    Kiosk k("");
    Hall hall(k);
    const std::string paper = k.dir().file("paper");
    ASSERT_EQ(bookAndLeave(k, hall), 0) << k.stderrText();
    EXPECT_TRUE(shows(k.shot("card"), "请将身份证放在读卡区"));
    EXPECT_EQ(buttons(k.shot("matters"), "book."), 6) << "the six bookable matters of the demo hall";
    const json confirm = k.shot("confirm");
    EXPECT_TRUE(shows(confirm, "张三（310118********0016）"));
    EXPECT_TRUE(shows(confirm, "迟到超过 30 分钟，预约自动作废"));
    EXPECT_TRUE(shows(confirm, "公园路100号"));
    const json booked = k.shot("booked");
    EXPECT_EQ(booked["screen"], "appointment_booked");
    const std::string no = numberOn(booked);
    ASSERT_EQ(no.size(), 18u) << booked.dump();

    // The slip: its words, and its QR read back from the paper.
    const std::string slip = readText(paper + "/receipt-1.txt");
    EXPECT_NE(slip.find("预约回执"), std::string::npos) << slip;
    EXPECT_NE(slip.find(no), std::string::npos) << slip;
    EXPECT_NE(slip.find("310118********0016"), std::string::npos) << slip;
    EXPECT_EQ(slip.find("张三"), std::string::npos) << "the slip names the person masked: " << slip;
    std::string qr, err;
    ASSERT_EQ(ow::test::run({OW_DIAG_BIN, "decode", paper + "/receipt-1.png"}, 30, &err, &qr), 0) << err;
    const auto at = qr.find("OW1.A." + no + ".");
    ASSERT_NE(at, std::string::npos) << qr;
    qr = qr.substr(at);
    while (!qr.empty() && (qr.back() == '\n' || qr.back() == ' ')) qr.pop_back();

    // At central: booked, with the person's name for the hall's list.
    EXPECT_NE(hall.ctl({"appointments", "show", no}).find("booked"), std::string::npos);
    // The mobile typed for notices: the confirmation waits at central (no gateway here), the phone masked.
    EXPECT_TRUE(shows(k.shot("phone"), "短信提醒手机号（选填）：13900139000"));
    const std::string notices = hall.ctl({"notifications"});
    EXPECT_NE(notices.find("booked"), std::string::npos) << notices;
    EXPECT_NE(notices.find("139****9000"), std::string::npos) << notices;
    EXPECT_NE(notices.find("pending"), std::string::npos) << notices;

    // Another visit: the slip scanned shows it (no change without the card); the card then allows moving and
    // cancelling it.
    std::ofstream(k.dir().file("script.txt"))
        << "wait 500ms\nevent scanner.scan " << qr << "\nwait-for \"已预约\" 10s\nscreenshot by-slip\n"
        << "event idcard.place 0\nwait-for \"改约\" 10s\nscreenshot mine\ntap @appointment.move.0\nwait-for \"余 \" 10s\n"
        << "screenshot moving\ntap @day.2\nwait-for \"请选择时段\" 10s\ntap @slot.1\nwait-for \"请确认改约\" 5s\n"
        << "screenshot move-confirm\ntap @appointment.move\nwait-for \"改约成功\" 10s\nwait 3s\nscreenshot moved\n"
        << "event receipt.save " << paper << "/second\ntap @appointment.mine\nwait-for \"取消预约\" 10s\n"
        << "tap @appointment.cancel.0\nwait 300ms\nscreenshot cancel-ask\ntap @appointment.cancel_yes\n"
        << "wait-for \"已取消\" 10s\nscreenshot cancelled\ntap @nav.finish\nquit\n";
    ASSERT_EQ(k.run(hall.args()), 0) << k.stderrText();
    const json bySlip = k.shot("by-slip");
    EXPECT_EQ(bySlip["screen"], "appointment_mine");
    EXPECT_TRUE(shows(bySlip, no));
    EXPECT_EQ(buttons(bySlip, "appointment.cancel."), 0) << "without the card nothing can be changed";
    EXPECT_EQ(buttons(k.shot("mine"), "appointment.cancel."), 1);
    EXPECT_TRUE(shows(k.shot("moving"), "正在改约"));
    EXPECT_TRUE(shows(k.shot("move-confirm"), "原预约时间"));
    EXPECT_EQ(numberOn(k.shot("moved")), no) << "moved, the same appointment (its slip still good)";
    EXPECT_TRUE(shows(k.shot("cancel-ask"), "确定要取消这个预约吗"));
    EXPECT_TRUE(shows(k.shot("cancelled"), "预约 " + no + " 已取消。"));
    const std::string moved = readText(paper + "/second/receipt-1.txt");
    EXPECT_NE(moved.find(no), std::string::npos) << "the moved appointment's new slip: " << moved;
    const std::string steps = hall.ctl({"appointments", "show", no});
    EXPECT_NE(steps.find("booked"), std::string::npos) << steps;
    EXPECT_NE(steps.find("moved"), std::string::npos) << steps;
    EXPECT_NE(steps.find("cancelled"), std::string::npos) << steps;
    // Nothing personal in the terminal's log.
    const std::string log = k.log();
    EXPECT_EQ(log.find("310118199003070016"), std::string::npos);
    EXPECT_EQ(log.find("张三"), std::string::npos);
}

TEST_F(KioskE2E, AHallsCancellationIsToldToThePersonOnTheHomeScreenAtTheirNextVisit) {
    Kiosk k("");
    Hall hall(k);
    ASSERT_EQ(bookAndLeave(k, hall), 0) << k.stderrText();
    const std::string no = numberOn(k.shot("booked"));
    ASSERT_EQ(no.size(), 18u);
    EXPECT_NE(hall.ctl({"appointments", "cancel", no, "--reason", "窗口设备检修", "--by", "王科长"}).find("cancelled"),
              std::string::npos);
    std::ofstream(k.dir().file("script.txt"))
        << "tap @attract.touch_to_start\nevent idcard.place 0\nwait-for \"服务中心已取消您\" 10s\nscreenshot notice\n"
        << "tap @service.appointments.title\nwait-for \"我的预约\" 10s\ntap @appointment.mine\nwait-for \"窗口设备检修\" 10s\n"
        << "screenshot told\ntap @nav.finish\nevent idcard.remove\nwait 500ms\n"
        // Told once: the next time the card is read there is no notice.
        << "tap @attract.touch_to_start\nevent idcard.place 0\nwait 2s\nscreenshot again\nquit\n";
    ASSERT_EQ(k.run(hall.args()), 0) << k.stderrText();
    const json notice = k.shot("notice");
    EXPECT_EQ(notice["screen"], "home") << "told on the home screen as the card is read";
    EXPECT_TRUE(shows(notice, "原因：窗口设备检修")) << notice.dump();
    EXPECT_FALSE(shows(k.shot("again"), "服务中心已取消您")) << "told once";
    const json told = k.shot("told");
    EXPECT_TRUE(shows(told, "服务中心已取消此预约，原因：窗口设备检修"));
    EXPECT_TRUE(shows(told, "已取消"));
}

TEST_F(KioskE2E, WithCentralDownNothingIsBookedAndTryAgainBooksOnceWhenItIsBack) {
    Kiosk k("");
    Hall hall(k);
    // Up to the confirmation; central goes away; "book" says so plainly; central comes back; "try again" books.
    std::ofstream(k.dir().file("script.txt"))
        << "tap @attract.touch_to_start\ntap @service.appointments.title\nevent idcard.place 0\n"
        << "wait-for \"个体工商户设立登记\" 10s\ntap \"个体工商户设立登记\"\nwait-for \"余 \" 10s\ntap @day.1\n"
        << "wait-for \"请选择时段\" 10s\ntap @slot.0\nwait-for \"请确认预约\" 5s\nwait 3s\n"
        << "tap @appointment.book\nwait-for \"连不上\" 15s\nscreenshot offline\nwait 4s\n"
        << "tap @appointment.retry\nwait-for \"预约成功\" 15s\nscreenshot booked\nquit\n";
    // Central goes away once the slots have been shown, and comes back once the terminal has said it is away.
    std::thread outage([&] {
        const auto waitFor = [&](const std::string& line) {
            for (int i = 0; i < 600 && k.log().find(line) == std::string::npos; ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
        };
        waitFor("appointments.answered op=slots outcome=answered");
        hall.central.kill9();
        waitFor("appointments.answered op=book outcome=offline");
        hall.central.start();
    });
    const int rc = k.run(hall.args());
    outage.join();
    ASSERT_EQ(rc, 0) << k.stderrText();
    const json offline = k.shot("offline");
    EXPECT_TRUE(shows(offline, "预约没有办成"));
    EXPECT_TRUE(shows(offline, "021-12345")) << "the hall's phone, as the next step";
    EXPECT_NE(find(offline, "appointment.retry"), nullptr);
    const std::string no = numberOn(k.shot("booked"));
    ASSERT_EQ(no.size(), 18u);
    EXPECT_EQ(sql(k.dir().file("central.db"), "SELECT count(*) FROM appointment"), "1") << "booked once";
}

TEST_F(KioskE2E, AtElderlyScaleTheWholeBookingCanBeDone) {
    Kiosk k("");
    Hall hall(k);
    std::ofstream(k.dir().file("script.txt"))
        << "tap @attract.touch_to_start\ntap @scale.elderly\ntap @service.appointments.title\nevent idcard.place 0\n"
        << "wait-for \"我的预约\" 10s\nwait 500ms\nscreenshot matters\n"
        // One matter a row at this size: 个体工商户设立登记 is the third, below the fold; a finger scrolls to it.
        << "drag 640 650 640 250\nwait 500ms\ntap \"个体工商户设立登记\"\nwait-for \"余 \" 10s\n"
        << "screenshot days\ntap @day.1\nwait-for \"请选择时段\" 10s\nscreenshot slots\n"
        // The last slot of the day, at the bottom of the list.
        << "drag 640 650 640 150\nwait 300ms\ndrag 640 650 640 150\nwait 500ms\nscreenshot slots-end\ntap @slot.12\n"
        << "wait-for \"请确认预约\" 5s\nscreenshot confirm\ntap @appointment.book\nwait-for \"预约成功\" 10s\n"
        << "screenshot booked\nquit\n";
    ASSERT_EQ(k.run(hall.args()), 0) << k.stderrText();
    EXPECT_TRUE(shows(k.shot("confirm"), "16:30–17:00")) << "the last slot of the day was reached";
    for (const char* name : {"matters", "days", "slots", "slots-end", "confirm", "booked"}) {
        const json shot = k.shot(name);
        EXPECT_EQ(shot["scale"], "elderly") << name;
        // Every button drawn is whole on the screen or reachable by scrolling its list: none lies off to the side.
        for (const auto& it : shot["items"])
            if (it["kind"] == "button") {
                EXPECT_GE(it["rect"][0].get<float>(), 0.f) << name << " " << it["key"];
                EXPECT_LE(it["rect"][2].get<float>(), 1280.f) << name << " " << it["key"];
            }
    }
    EXPECT_EQ(k.shot("booked")["screen"], "appointment_booked");
}
