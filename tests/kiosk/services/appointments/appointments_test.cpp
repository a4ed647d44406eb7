// Appointments at the terminal: the card first, the matter, day and slot with central's places left, the
// confirmation, the slip printed with its code; refusals in plain words with the next step; "try again" never
// books twice; a slip scanned shows the appointment; cancel and move; nothing of the person after the session.
#include "kiosk/services/appointments/appointments.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "demo_terminal.h"
#include "kiosk/bundle_signing.h"
#include "kiosk/scan_code.h"
#include <sodium.h>
#include "kiosk/services/appointments/appointment_wire.h"

using namespace ow::core;
using namespace ow::test;
namespace ap = ow::core::appointments;
using Op = AppointmentQuestion::Op;

namespace {

const IdentityInput kCitizen{"张三", "11010519491231002X", "19491231", "北京市朝阳区", ""};
const int64_t kFriday10 = 1796349600;  // 2026-12-04 10:00 北京时间

AppointmentAnswer answer(Op op, int status, const std::string& body) { return parseAppointmentAnswer(op, status, body); }

const ap::Appointments& svc(const Terminal& t) { return t.service<ap::Appointments>(); }

std::string booked(const std::string& no, const std::string& slot, const std::string& state = "booked",
                   const std::string& extra = "") {
    const int64_t start = *ow::protocol::slotStart(slot);
    return R"({"no":")" + no + R"(","matter":"310118-DJ-001","matter_name":"个体工商户设立登记","slot":")" + slot +
           R"(","start":)" + std::to_string(start) + R"(,"end":)" + std::to_string(start + 1800) + R"(,"state":")" + state +
           R"(","name":"张*","id_number":"110105********002X")" + extra + "}";
}

// The card read: the quiet question for the hall's changes to tell (answered: none).
void identify(Terminal& t) {
    t.identify(kCitizen, 0);
    auto q = takeAppointmentQuestion(t);
    ASSERT_TRUE(q);
    ASSERT_TRUE(q->second.notices);
    t.answer({q->first, answer(Op::mine, 200, R"({"appointments":[]})")});
}

// From the tile to the confirmation of 2026-12-08 09:30 for 个体工商户设立登记.
void toConfirm(Terminal& t) {
    identify(t);
    t.apply(Intent::open(ap::kCode), 10);
    ASSERT_EQ(t.screen(), ap::kMatters);
    const auto matters = svc(t).mattersView(t);
    int dj = -1;
    for (const auto& m : matters.matters)
        if (m.name == "个体工商户设立登记") dj = m.index;
    ASSERT_GE(dj, 0);
    t.apply(Intent::of(ap::Kind::chooseMatter, dj), 20);
    auto q = takeAppointmentQuestion(t);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->second.path(), "/v1/appointments/days");
    EXPECT_EQ(q->second.body(""), R"({"matter":"310118-DJ-001"})");
    t.answer({q->first, answer(Op::days, 200, R"({"days":[{"date":"2026-12-07","left":0},{"date":"2026-12-08","left":23}]})")});
    t.apply(Intent::of(ap::Kind::chooseDay, 0), 30);
    EXPECT_FALSE(takeAppointmentQuestion(t)) << "a full day cannot be chosen";
    t.apply(Intent::of(ap::Kind::chooseDay, 1), 40);
    q = takeAppointmentQuestion(t);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->second.body(""), R"({"date":"2026-12-08","matter":"310118-DJ-001"})");
    t.answer({q->first, answer(Op::slots, 200,
                               R"({"slots":[{"slot":"2026-12-08T09:00","start":1796691600,"end":1796693400,"left":0},)"
                               R"({"slot":"2026-12-08T09:30","start":1796693400,"end":1796695200,"left":2}]})")});
    t.apply(Intent::of(ap::Kind::chooseSlot, 1), 50);
    ASSERT_EQ(t.screen(), ap::kConfirm);
}

}  // namespace

TEST(Appointments, TheCardComesFirstThenTheDayAndSlotWithThePlacesCentralSaysAreLeft) {
    Terminal t = makeTerminal();
    t.apply(Intent::of(ShellKind::start), 0);
    t.apply(Intent::open(ap::kCode), 5);
    EXPECT_EQ(t.screen(), ap::kCard);
    EXPECT_NE(t.spokenPrompt().find("身份证"), std::string::npos);
    Terminal u = makeTerminal();
    toConfirm(u);
    const auto days = svc(u).daysView(u);
    ASSERT_EQ(days.days.size(), 2u);
    EXPECT_EQ(days.days[0].label, "2026年12月7日 星期一");
    EXPECT_TRUE(days.days[0].full);
    EXPECT_EQ(days.days[0].left, "已约满");
    EXPECT_EQ(days.days[1].left, "余 23 个号");
    const auto slots = svc(u).slotsView(u);
    ASSERT_EQ(slots.slots.size(), 2u);
    EXPECT_EQ(slots.slots[1].time, "09:30–10:00");
    EXPECT_TRUE(slots.slots[0].full);
    const auto c = svc(u).confirmView(u);
    EXPECT_EQ(c.when, "2026年12月8日 星期二 09:30–10:00");
    EXPECT_EQ(c.who, "张三（110105********002X）");
    EXPECT_NE(c.address.find("公园路100号"), std::string::npos);
    ASSERT_EQ(c.rules.size(), 2u);
    EXPECT_NE(c.rules[0].find("迟到超过 30 分钟，预约自动作废"), std::string::npos) << c.rules[0];
    EXPECT_NE(c.rules[1].find("2 小时以前"), std::string::npos) << c.rules[1];
    EXPECT_EQ(u.spokenPrompt().find("张三"), std::string::npos) << "the confirmation is said without the name";
}

TEST(Appointments, BookedTheSlipIsPrintedWithItsCodeAndTheMaskedName) {
    Terminal t = makeTerminal();
    t.onDevice(ow::drivers::DeviceStatusChanged{"receipt", ow::drivers::DeviceState::online, ow::drivers::SuggestedAction::none, ""}, 0);
    toConfirm(t);
    t.apply(Intent::of(ap::Kind::confirm), 60);
    auto q = takeAppointmentQuestion(t);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->second.path(), "/v1/appointments/book");
    const auto body = nlohmann::json::parse(q->second.body("PUBKEY"));
    EXPECT_EQ(body["slot"], "2026-12-08T09:30");
    EXPECT_EQ(body["person"]["id_number"], "11010519491231002X");
    EXPECT_EQ(body["person"]["name"], "张三");
    EXPECT_EQ(body["receipt_key"], "PUBKEY");
    EXPECT_GE(body["key"].get<std::string>().size(), 16u);
    auto a = answer(Op::book, 200, "{\"appointment\":" + booked("YY2026120412345678", "2026-12-08T09:30") + "}");
    a.slipCode = "OW1.A.YY2026120412345678.0123456789abcdef.sig";
    t.answer({q->first, std::move(a)});
    EXPECT_EQ(t.screen(), ap::kBooked);
    const auto v = svc(t).bookedView(t);
    EXPECT_EQ(v.no, "YY2026120412345678");
    EXPECT_EQ(v.when, "2026年12月8日 星期二 09:30–10:00");
    auto slip = takePrintRequest(t);
    ASSERT_TRUE(slip);
    EXPECT_EQ(slip->document.kind, "appointment");
    std::string text;
    bool qr = false;
    for (const auto& b : slip->document.blocks) {
        text += b.text + "|" + b.value + "\n";
        qr |= b.kind == DocBlock::Kind::qr && b.text == "OW1.A.YY2026120412345678.0123456789abcdef.sig";
    }
    EXPECT_TRUE(qr) << "the slip carries its signed code";
    EXPECT_NE(text.find("预约回执"), std::string::npos);
    EXPECT_NE(text.find("张*"), std::string::npos) << text;
    EXPECT_EQ(text.find("张三"), std::string::npos) << "no full name on the slip";
    EXPECT_EQ(text.find("11010519491231002X"), std::string::npos);
    EXPECT_NE(text.find("迟到超过 30 分钟"), std::string::npos);
    EXPECT_NE(text.find("公园路100号"), std::string::npos);
    const std::string said = t.spokenPrompt();
    EXPECT_NE(said.find("个体工商户设立登记"), std::string::npos) << said;
    EXPECT_EQ(said.find("张三"), std::string::npos) << said;
}

TEST(Appointments, WithoutAPrinterTheScreenGivesTheNumberToNoteDown) {
    Terminal t = makeTerminal();
    toConfirm(t);
    t.apply(Intent::of(ap::Kind::confirm), 60);
    auto q = takeAppointmentQuestion(t);
    t.answer({q->first, answer(Op::book, 200, "{\"appointment\":" + booked("YY2026120412345678", "2026-12-08T09:30") + "}")});
    EXPECT_FALSE(takePrintRequest(t));
    EXPECT_FALSE(svc(t).bookedView(t).printed);
    EXPECT_FALSE(svc(t).bookedView(t).canPrint);
}

TEST(Appointments, TryAgainAfterAnOutageSendsTheSameKeyAndALateAnswerIsDropped) {
    Terminal t = makeTerminal();
    toConfirm(t);
    t.apply(Intent::of(ap::Kind::confirm), 60);
    auto first = takeAppointmentQuestion(t);
    ASSERT_TRUE(first);
    t.answer({first->first, answer(Op::book, 503, R"({"error":{"code":"store_unavailable","message":"x"}})")});
    EXPECT_EQ(svc(t).confirmView(t).asking, ap::Asking::offline);
    EXPECT_NE(svc(t).confirmView(t).problem.find("021-12345"), std::string::npos) << "the hall's phone, as the next step";
    t.apply(Intent::of(ap::Kind::retry), 70);
    auto again = takeAppointmentQuestion(t);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->second.key, first->second.key) << "the same decision: central books it once";
    t.answer({first->first, answer(Op::book, 200, "{\"appointment\":" + booked("YY2026120400000001", "2026-12-08T09:30") + "}")});
    EXPECT_EQ(t.screen(), ap::kConfirm) << "the answer to the question given up is not taken";
    t.answer({again->first, answer(Op::book, 200, "{\"appointment\":" + booked("YY2026120400000001", "2026-12-08T09:30") + "}")});
    EXPECT_EQ(t.screen(), ap::kBooked);
}

TEST(Appointments, ASlotJustTakenOffersTheNearestFreeOnesAndANewChoiceIsANewRequest) {
    Terminal t = makeTerminal();
    toConfirm(t);
    t.apply(Intent::of(ap::Kind::confirm), 60);
    auto first = takeAppointmentQuestion(t);
    t.answer({first->first, answer(Op::book, 409,
                                   R"({"refused":{"code":"slot_taken","message":"x","nearest":["2026-12-08T10:00","2026-12-08T10:30"]}})")});
    auto v = svc(t).confirmView(t);
    EXPECT_EQ(v.problem, "这个时段刚刚被约满了。请选择下面最近的空余时段，或返回选择其他时间。");
    ASSERT_EQ(v.nearest.size(), 2u);
    EXPECT_EQ(v.nearest[0], "2026年12月8日 星期二 10:00–10:30");
    t.apply(Intent::of(ap::Kind::chooseNearest, 1), 70);
    EXPECT_EQ(svc(t).confirmView(t).when, "2026年12月8日 星期二 10:30–11:00");
    EXPECT_TRUE(svc(t).confirmView(t).problem.empty());
    t.apply(Intent::of(ap::Kind::confirm), 80);
    auto second = takeAppointmentQuestion(t);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->second.slot, "2026-12-08T10:30");
    EXPECT_NE(second->second.key, first->second.key) << "another slot is another decision";
}

TEST(Appointments, EveryRefusalIsPlainWordsWithTheNextStep) {
    const std::pair<const char*, const char*> cases[] = {
        {R"({"refused":{"code":"banned","message":"x","until":1804032000}})", "2027-03-03 之前不能自助预约。请直接到综合受理窗口取号办理"},
        {R"({"refused":{"code":"limit_day","message":"x"}})", "同一天最多预约 1 次"},
        {R"({"refused":{"code":"limit_week","message":"x"}})", "每周最多预约 3 次"},
        {R"({"refused":{"code":"limit_matter","message":"x","appointment":"YY2026120400000009"}})", "预约号 YY2026120400000009"},
        {R"({"refused":{"code":"beyond_horizon","message":"x"}})", "还没有开放预约"},
        {R"({"refused":{"code":"something_new","message":"x"}})", "请到综合受理窗口办理，咨询电话：021-12345"},
    };
    for (const auto& [body, words] : cases) {
        Terminal t = makeTerminal();
        toConfirm(t);
        t.apply(Intent::of(ap::Kind::confirm), 60);
        auto q = takeAppointmentQuestion(t);
        t.answer({q->first, answer(Op::book, 409, body)});
        EXPECT_NE(svc(t).confirmView(t).problem.find(words), std::string::npos) << svc(t).confirmView(t).problem;
        EXPECT_EQ(svc(t).confirmView(t).asking, ap::Asking::refused);
    }
}

TEST(Appointments, ASlipScannedShowsTheAppointmentAndChangingItNeedsTheCard) {
    ASSERT_GE(sodium_init(), 0);
    // A slip printed by another terminal: signed with its own key (its id's 16 hex), which only central holds.
    const auto keys = generateKeyPair();
    const std::string code = makeScanCode('A', "YY2026120412345678", "0123456789abcdef", *decodeSecretKey(keys.secretKey));
    Terminal t = makeTerminal();
    t.onDevice(ow::drivers::CodeScanned{code, "scanner"}, 0);
    EXPECT_TRUE(t.session().active());
    EXPECT_EQ(t.screen(), ap::kMine);
    auto q = takeAppointmentQuestion(t);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->second.body(""), "{\"code\":\"" + code + "\"}");
    t.answer({q->first, answer(Op::mine, 200, "{\"appointments\":[" +
                                                  booked("YY2026120412345678", "2026-12-08T09:30", "cancelled",
                                                         R"(,"hall_change":{"what":"cancelled","reason":"窗口设备故障"})") +
                                                  "]}")});
    const auto v = svc(t).mineView(t, kFriday10);
    ASSERT_EQ(v.items.size(), 1u);
    EXPECT_EQ(v.items[0].state, "已取消");
    EXPECT_NE(v.items[0].hallNote.find("窗口设备故障"), std::string::npos);
    EXPECT_FALSE(v.items[0].canChange);
}

TEST(Appointments, CancelIsAskedOnceMoreAndMoveGoesThroughTheDaysAgain) {
    Terminal t = makeTerminal();
    identify(t);
    t.apply(Intent::open(ap::kCode), 10);
    t.apply(Intent::of(ap::Kind::showMine), 20);
    auto q = takeAppointmentQuestion(t);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->second.body(""), R"({"id_number":"11010519491231002X"})");
    t.answer({q->first, answer(Op::mine, 200, "{\"appointments\":[" + booked("YY2026120412345678", "2026-12-08T09:30") + "," +
                                                  booked("YY2026120400000002", "2026-12-09T14:00") + "]}")});
    auto v = svc(t).mineView(t, kFriday10);
    ASSERT_EQ(v.items.size(), 2u);
    EXPECT_TRUE(v.items[0].canChange);
    EXPECT_FALSE(svc(t).mineView(t, *ow::protocol::slotStart("2026-12-08T08:00")).items[0].canChange)
        << "within two hours of the slot it is the counter's";
    t.apply(Intent::of(ap::Kind::askCancel, 0), 30);
    EXPECT_EQ(svc(t).mineView(t, kFriday10).askingCancel, 0);
    EXPECT_FALSE(takeAppointmentQuestion(t)) << "not before the person says yes";
    t.apply(Intent::of(ap::Kind::cancelYes), 40);
    q = takeAppointmentQuestion(t);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->second.path(), "/v1/appointments/cancel");
    EXPECT_EQ(q->second.no, "YY2026120412345678");
    t.answer({q->first, answer(Op::cancel, 200, "{\"appointment\":" + booked("YY2026120412345678", "2026-12-08T09:30", "cancelled") + "}")});
    v = svc(t).mineView(t, kFriday10);
    EXPECT_EQ(v.done, "预约 YY2026120412345678 已取消。");
    EXPECT_EQ(v.items[0].state, "已取消");
    // Move the other one: its matter's days, then a slot, then "move it".
    t.apply(Intent::of(ap::Kind::startMove, 1), 50);
    EXPECT_EQ(t.screen(), ap::kDays);
    EXPECT_NE(svc(t).daysView(t).moving.find("2026年12月9日 星期三 14:00–14:30"), std::string::npos);
    q = takeAppointmentQuestion(t);
    t.answer({q->first, answer(Op::days, 200, R"({"days":[{"date":"2026-12-10","left":5}]})")});
    t.apply(Intent::of(ap::Kind::chooseDay, 0), 60);
    q = takeAppointmentQuestion(t);
    t.answer({q->first, answer(Op::slots, 200, R"({"slots":[{"slot":"2026-12-10T15:00","start":1796972400,"end":1796974200,"left":1}]})")});
    t.apply(Intent::of(ap::Kind::chooseSlot, 0), 70);
    t.apply(Intent::of(ap::Kind::confirm), 80);
    q = takeAppointmentQuestion(t);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->second.path(), "/v1/appointments/move");
    EXPECT_EQ(nlohmann::json::parse(q->second.body("")),
              nlohmann::json::parse(R"({"key":")" + q->second.key +
                                    R"(","no":"YY2026120400000002","id_number":"11010519491231002X","slot":"2026-12-10T15:00"})"));
}

TEST(Appointments, NothingOfThePersonIsLeftForTheNext) {
    Terminal t = makeTerminal();
    toConfirm(t);
    t.apply(Intent::of(ap::Kind::confirm), 60);
    auto q = takeAppointmentQuestion(t);
    t.answer({q->first, answer(Op::book, 200, "{\"appointment\":" + booked("YY2026120412345678", "2026-12-08T09:30") + "}")});
    t.apply(Intent::of(ShellKind::finish), 100);
    EXPECT_TRUE(svc(t).bookedView(t).no.empty());
    EXPECT_TRUE(svc(t).mineView(t, kFriday10).items.empty());
    EXPECT_TRUE(svc(t).confirmView(t).when.empty() || svc(t).confirmView(t).when == "");
}

TEST(Appointments, AHallWithoutBookingsSaysSoAndWhereToGo) {
    auto strings = Strings::load(assetsDir());
    auto j = nlohmann::json::parse(*readFile(assetsDir() + "/bundles/demo.json"));
    j["content"].erase("appointments");
    auto bundle = parseBundle(j.dump());
    Terminal t(std::move(*strings), std::move(*bundle));
    t.identify(kCitizen, 0);
    t.apply(Intent::open(ap::kCode), 10);
    EXPECT_FALSE(svc(t).mattersView(t).bookable);
    EXPECT_NE(t.spokenPrompt().find("综合受理窗口"), std::string::npos);
}

// The mobile for SMS notices, typed on the keypad: optional, and checked before anything is sent.
TEST(Appointments, AMobileForNoticesIsTypedOnTheKeypadAndChecked) {
    Terminal t = makeTerminal();
    toConfirm(t);
    EXPECT_EQ(svc(t).confirmView(t).phone, "") << "a card carries no phone";
    t.apply(Intent::of(ap::Kind::editPhone), 60);
    EXPECT_TRUE(svc(t).confirmView(t).editingPhone);
    for (int d : {1, 3, 9, 0}) t.apply(Intent::of(ap::Kind::phoneKey, d), 61);
    t.apply(Intent::of(ap::Kind::confirm), 62);
    EXPECT_FALSE(takeAppointmentQuestion(t)) << "four digits are no mobile";
    EXPECT_EQ(svc(t).confirmView(t).phoneProblem, "手机号应是 1 开头的 11 位数字；不需要短信提醒可以清空。");
    for (int d : {0, 1, 3, 9, 0, 0, 0}) t.apply(Intent::of(ap::Kind::phoneKey, d), 63);
    EXPECT_FALSE(svc(t).confirmView(t).editingPhone) << "eleven digits: the keypad closes";
    EXPECT_EQ(svc(t).confirmView(t).phone, "13900139000");
    t.apply(Intent::of(ap::Kind::confirm), 64);
    auto q = takeAppointmentQuestion(t);
    ASSERT_TRUE(q);
    EXPECT_EQ(nlohmann::json::parse(q->second.body(""))["person"]["phone"], "13900139000");
    t.apply(Intent::of(ShellKind::finish), 70);
    EXPECT_EQ(svc(t).confirmView(t).phone, "") << "the next person starts without it";
}

// From a matter's guide (found by theme or by pinyin): "book a time" goes to its days, after the card.
TEST(Appointments, AGuideBooksItsMatterAfterTheCard) {
    Terminal t = makeTerminal();
    t.apply(Intent::of(ShellKind::start), 0);
    int dj = -1;
    for (size_t i = 0; i < t.bundle().matters.size(); ++i)
        if (t.bundle().matters[i].code == "310118-DJ-001") dj = static_cast<int>(i);
    ASSERT_GE(dj, 0);
    t.apply(Intent::of(ap::Kind::bookMatter, dj), 10);
    EXPECT_EQ(t.screen(), ap::kCard);
    t.identify(kCitizen, 20);
    std::vector<AppointmentQuestion> asked;
    while (auto q = takeAppointmentQuestion(t)) asked.push_back(q->second);
    ASSERT_EQ(asked.size(), 2u);
    EXPECT_EQ(asked[0].path(), "/v1/appointments/days");
    EXPECT_EQ(asked[0].matter, "310118-DJ-001");
    EXPECT_TRUE(asked[1].notices);
    EXPECT_EQ(t.screen(), ap::kDays);
    int notBookable = -1;
    for (size_t i = 0; i < t.bundle().matters.size(); ++i)
        if (!t.bundle().appointments->matter(t.bundle().matters[i].code)) notBookable = static_cast<int>(i);
    t.apply(Intent::of(ap::Kind::bookMatter, notBookable), 30);
    EXPECT_EQ(t.screen(), ap::kDays) << "a matter the hall takes no bookings for does nothing";
}

// Whoever identifies, on any screen, is told of a change the hall made to their appointment, once.
TEST(Appointments, ACardReadAnywhereTellsThePersonOfTheHallsChange) {
    Terminal t = makeTerminal();
    t.apply(Intent::of(ShellKind::start), 0);
    t.identify(kCitizen, 10);
    auto q = takeAppointmentQuestion(t);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->second.body(""), R"({"id_number":"11010519491231002X","notices":true})");
    t.answer({q->first, answer(Op::mine, 200, "{\"appointments\":[" +
                                                  booked("YY2026120412345678", "2026-12-08T09:30", "cancelled",
                                                         R"(,"hall_change":{"what":"cancelled","reason":"窗口设备检修","unseen":true})") +
                                                  "]}")});
    EXPECT_EQ(t.screen(), kHome) << "the person stays where they are";
    const std::string notice = t.notice(20);
    EXPECT_NE(notice.find("服务中心已取消您 2026年12月8日 星期二 09:30–10:00 的个体工商户设立登记预约"), std::string::npos) << notice;
    EXPECT_NE(notice.find("窗口设备检修"), std::string::npos) << notice;
    // Told before (not unseen): nothing shown.
    Terminal u = makeTerminal();
    u.identify(kCitizen, 0);
    q = takeAppointmentQuestion(u);
    u.answer({q->first, answer(Op::mine, 200, "{\"appointments\":[" +
                                                  booked("YY2026120412345678", "2026-12-08T09:30", "cancelled",
                                                         R"(,"hall_change":{"what":"cancelled","reason":"x","unseen":false})") +
                                                  "]}")});
    EXPECT_EQ(u.notice(20), "");
}

TEST(AppointmentWire, CentralsRepliesAreReadOrRefusedWhole) {
    auto a = answer(Op::slots, 200, R"({"slots":[{"slot":"2026-12-08T09:00","start":1,"end":2,"left":3}]})");
    EXPECT_EQ(a.outcome, AppointmentAnswer::Outcome::answered);
    ASSERT_EQ(a.slots.size(), 1u);
    EXPECT_EQ(a.slots[0].left, 3);
    EXPECT_EQ(answer(Op::slots, 200, R"({"slots":[{"slot":"x"}]})").outcome, AppointmentAnswer::Outcome::failed);
    EXPECT_EQ(answer(Op::book, 200, "not json").outcome, AppointmentAnswer::Outcome::failed);
    EXPECT_EQ(answer(Op::book, 409, R"({"refused":{}})").outcome, AppointmentAnswer::Outcome::failed) << "a refusal needs its code";
    EXPECT_EQ(answer(Op::book, 503, "").outcome, AppointmentAnswer::Outcome::offline);
    EXPECT_EQ(answer(Op::book, 401, "").outcome, AppointmentAnswer::Outcome::offline) << "a clock or enrolment problem";
    EXPECT_EQ(answer(Op::book, 400, R"({"error":{"message":"key must be"}})").outcome, AppointmentAnswer::Outcome::failed);
    a = answer(Op::mine, 200, "{\"appointments\":[" + booked("YY2026120412345678", "2026-12-08T09:30") + "]}");
    ASSERT_EQ(a.appointments.size(), 1u);
    wipeAppointments(a);
    EXPECT_TRUE(a.appointments.empty());
}
