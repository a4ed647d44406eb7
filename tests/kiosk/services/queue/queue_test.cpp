// Queue numbers at the terminal: a walk-in number by theme with or without a card, the green channel by the card's
// birth date or asked for, the ticket printed with its place and a QR; a check-in by card or by the slip's QR where a
// check-in waits, a forfeited or early one in plain words with a walk-in number offered; central unreachable: the desk,
// never a number of ours; a ticket's QR shows its place from any screen; nothing of the person after the session.
#include "kiosk/services/queue/queue.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "demo_terminal.h"
#include "kiosk/bundle_signing.h"
#include "kiosk/protocol/appointments.h"
#include "kiosk/scan_code.h"

using namespace ow::core;
using namespace ow::test;
namespace q = ow::core::queue;
using Op = QueueQuestion::Op;
using nlohmann::json;

namespace {

const IdentityInput kElder{"欧阳䶮", "11010519491231002X", "19491231", "北京市朝阳区", ""};
const IdentityInput kYounger{"张三", "310118199003070016", "19900307", "上海市青浦区", ""};
const std::string kTicketId = "0123456789abcdef01234567";

const q::Queue& svc(const Terminal& t) { return t.service<q::Queue>(); }
auto takeQueueQuestion(Terminal& t) { return t.takeRequest<QueueQuestion>(); }

std::string ticketBody(const std::string& number, const std::string& cls, int ahead, const std::string& extra = "") {
    return R"({"ticket":{"id":")" + kTicketId + R"(","number":")" + number + R"(","theme":"livelihood","class":")" + cls +
           R"(","day":"2026-12-04","ahead":)" + std::to_string(ahead) +
           R"(,"state":"waiting","wait_minutes":15,"windows":["1","2"],"issued_at":1796349600)" + extra + "}}";
}

void receiptOnline(Terminal& t) {
    t.onDevice(ow::drivers::DeviceStatusChanged{"receipt", ow::drivers::DeviceState::online, ow::drivers::SuggestedAction::none, ""}, 0);
}

int themeIndex(const Terminal& t, const std::string& theme) {
    const auto& themes = t.bundle().queue->themes;
    for (size_t i = 0; i < themes.size(); ++i)
        if (themes[i].theme == theme) return static_cast<int>(i);
    return -1;
}

// Home → 取号 → 现场取号 → the theme: the question central gets.
QueueQuestion takeNumber(Terminal& t, const std::string& theme = "livelihood") {
    t.apply(Intent::open(q::kCode), 10);
    EXPECT_EQ(t.screen(), q::kStart);
    t.apply(Intent::of(q::Kind::walkIn), 20);
    EXPECT_EQ(t.screen(), q::kThemes);
    t.apply(Intent::of(q::Kind::chooseTheme, themeIndex(t, theme)), 30);
    EXPECT_EQ(t.screen(), q::kTicket);
    auto question = takeQueueQuestion(t);
    EXPECT_TRUE(question);
    return question ? question->second : QueueQuestion{};
}

std::string documentText(const Document& d) {
    std::string all;
    for (const auto& b : d.blocks) all += b.text + "|" + b.value + "\n";
    return all;
}

}  // namespace

TEST(QueueService, AWalkInNumberWithoutACardIsCentralsAndItsTicketIsPrinted) {
    Terminal t = makeTerminal();
    receiptOnline(t);
    t.apply(Intent::of(ShellKind::start), 0);
    const auto themes = svc(t).themesView(t, 1796349600);
    ASSERT_FALSE(themes.themes.empty());
    EXPECT_EQ(themes.themes[static_cast<size_t>(themeIndex(t, "livelihood"))].windows, "请留意 1、2 号窗口叫号");
    t.apply(Intent::open(q::kCode), 10);
    t.apply(Intent::of(q::Kind::walkIn), 20);
    t.apply(Intent::of(q::Kind::chooseTheme, themeIndex(t, "livelihood")), 30);
    auto question = takeQueueQuestion(t);
    ASSERT_TRUE(question);
    EXPECT_EQ(question->second.path(), "/v1/queue/take");
    const json body = json::parse(question->second.body());
    EXPECT_EQ(body["theme"], "livelihood");
    EXPECT_EQ(body["class"], "ordinary");
    EXPECT_TRUE(std::regex_match(body["key"].get<std::string>(), std::regex("[0-9a-f]{24}")));
    EXPECT_EQ(svc(t).ticketView(t).asking, q::Asking::waiting);
    EXPECT_FALSE(takePrintRequest(t)) << "nothing printed before central gives the number";
    t.answer({question->first, parseQueueAnswer(Op::take, 200, ticketBody("A012", "ordinary", 3))});
    const auto v = svc(t).ticketView(t);
    EXPECT_EQ(v.number, "A012");
    EXPECT_EQ(v.ahead, "前面还有 3 人");
    EXPECT_EQ(v.wait, "预计等候约 15 分钟");
    EXPECT_EQ(v.windows, "请留意 1、2 号窗口叫号");
    EXPECT_EQ(v.kind, "普通");
    EXPECT_TRUE(v.printed);
    auto paper = takePrintRequest(t);
    ASSERT_TRUE(paper);
    EXPECT_FALSE(paper->a4) << "on the receipt printer";
    EXPECT_EQ(paper->document.kind, "ticket");
    const std::string text = documentText(paper->document);
    EXPECT_NE(text.find("A012|"), std::string::npos) << text;
    EXPECT_NE(text.find("前面等候|3 人"), std::string::npos) << text;
    EXPECT_NE(text.find("办理窗口|1、2 号窗口"), std::string::npos) << text;
    EXPECT_NE(text.find("预计等候|约 15 分钟"), std::string::npos) << text;
    EXPECT_NE(text.find("取号时间|"), std::string::npos) << text;
    bool qr = false;
    for (const auto& b : paper->document.blocks) qr |= b.kind == DocBlock::Kind::qr && b.text == "OW1.Q." + kTicketId;
    EXPECT_TRUE(qr) << "the QR that shows its place at any terminal";
    t.apply(Intent::of(q::Kind::reprint), 40);
    EXPECT_TRUE(takePrintRequest(t)) << "printed again on request";
}

// Central unreachable: plain words and the desk, never a number of ours; "try again" sends the same key (central gives
// one number for it).
TEST(QueueService, OfflineSaysGoToTheDeskAndTryAgainAsksWithTheSameKey) {
    Terminal t = makeTerminal();
    receiptOnline(t);
    t.apply(Intent::of(ShellKind::start), 0);
    t.apply(Intent::open(q::kCode), 10);
    t.apply(Intent::of(q::Kind::walkIn), 20);
    t.apply(Intent::of(q::Kind::chooseTheme, themeIndex(t, "registration")), 30);
    auto question = takeQueueQuestion(t);
    ASSERT_TRUE(question);
    QueueAnswer offline;
    offline.op = Op::take;
    offline.detail = "connection refused";
    t.answer({question->first, offline});
    const auto v = svc(t).ticketView(t);
    EXPECT_EQ(v.asking, q::Asking::offline);
    EXPECT_TRUE(v.number.empty());
    EXPECT_NE(v.problem.find("导服台"), std::string::npos) << v.problem;
    EXPECT_TRUE(v.canRetry);
    EXPECT_FALSE(takePrintRequest(t)) << "no ticket of ours";
    t.apply(Intent::of(q::Kind::retry), 40);
    auto again = takeQueueQuestion(t);
    ASSERT_TRUE(again);
    EXPECT_EQ(json::parse(again->second.body())["key"], json::parse(question->second.body())["key"]);
    t.answer({again->first, parseQueueAnswer(Op::take, 200, ticketBody("B003", "ordinary", 0))});
    EXPECT_EQ(svc(t).ticketView(t).number, "B003");
}

// The green channel: 60 or more by the card's birth date; the disabled and pregnant ask, and staff confirm.
TEST(QueueService, TheGreenChannelByTheCardsBirthDateOrAskedFor) {
    Terminal t = makeTerminal();
    t.identify(kElder, 0);
    EXPECT_TRUE(svc(t).themesView(t, std::time(nullptr)).green);
    EXPECT_EQ(json::parse(takeNumber(t).body())["class"], "priority");
    t.endSession(SessionEnd::finished);

    Terminal u = makeTerminal();
    u.identify(kYounger, 0);
    EXPECT_FALSE(svc(u).themesView(u, std::time(nullptr)).green);
    u.apply(Intent::open(q::kCode), 10);
    u.apply(Intent::of(q::Kind::walkIn), 20);
    u.apply(Intent::of(q::Kind::askGreen), 25);
    EXPECT_TRUE(svc(u).themesView(u, std::time(nullptr)).asked);
    u.apply(Intent::of(q::Kind::chooseTheme, 0), 30);
    auto question = takeQueueQuestion(u);
    ASSERT_TRUE(question);
    EXPECT_EQ(json::parse(question->second.body())["class"], "asked");
    u.answer({question->first, parseQueueAnswer(Op::take, 200, ticketBody("A013", "ordinary", 4, R"(,"priority_asked":true)"))});
    EXPECT_EQ(svc(u).ticketView(u).kind, "已申请绿色通道");
}

// Check-in by the card read on the start screen; a forfeited appointment in plain words, and a number offered.
TEST(QueueService, ACheckInByCardMoreThanHalfAnHourLateIsForfeitedAndANumberIsOffered) {
    Terminal t = makeTerminal();
    t.apply(Intent::of(ShellKind::start), 0);
    t.apply(Intent::open(q::kCode), 10);
    t.apply(Intent::of(q::Kind::checkIn), 20);
    EXPECT_EQ(t.screen(), q::kCheckIn) << "no card yet: asks for the card or the slip";
    t.identify(kYounger, 30);
    auto question = takeQueueQuestion(t);
    ASSERT_TRUE(question);
    EXPECT_EQ(question->second.path(), "/v1/queue/checkin");
    EXPECT_EQ(json::parse(question->second.body())["id_number"], kYounger.idNumber);
    EXPECT_EQ(t.screen(), q::kTicket);
    t.answer({question->first,
              parseQueueAnswer(Op::checkin, 409, R"({"refused":{"code":"forfeited","message":"late","appointment":"YY2026120412345678"}})")});
    const auto v = svc(t).ticketView(t);
    EXPECT_TRUE(v.checkIn);
    EXPECT_NE(v.problem.find("作废"), std::string::npos) << v.problem;
    EXPECT_NE(v.problem.find("爽约"), std::string::npos) << v.problem;
    EXPECT_TRUE(v.offerWalkIn);
    t.apply(Intent::of(q::Kind::walkIn), 40);
    EXPECT_EQ(t.screen(), q::kThemes);
}

TEST(QueueService, ACheckInTooEarlySaysWhenItOpensAndAnAppointmentNumberIsCalledFirst) {
    Terminal t = makeTerminal();
    receiptOnline(t);
    t.identify(kYounger, 0);
    t.apply(Intent::open(q::kCode), 10);
    t.apply(Intent::of(q::Kind::checkIn), 20);
    auto question = takeQueueQuestion(t);
    ASSERT_TRUE(question) << "the card already read: checked in at once";
    const int64_t opens = *ow::protocol::slotStart("2026-12-04T10:00");
    t.answer({question->first, parseQueueAnswer(Op::checkin, 409,
                                                R"({"refused":{"code":"too_early","until":)" + std::to_string(opens) + "}}")});
    EXPECT_NE(svc(t).ticketView(t).problem.find("10:00 起可以签到"), std::string::npos) << svc(t).ticketView(t).problem;
    t.apply(Intent::open(q::kCode), 30);
    t.apply(Intent::of(q::Kind::checkIn), 40);
    question = takeQueueQuestion(t);
    ASSERT_TRUE(question);
    t.answer({question->first, parseQueueAnswer(Op::checkin, 200,
                                                ticketBody("B002", "appointment", 0, R"(,"appointment":"YY2026120412345678")"))});
    const auto v = svc(t).ticketView(t);
    EXPECT_EQ(v.number, "B002");
    EXPECT_EQ(v.kind, "预约");
    EXPECT_EQ(v.appointment, "YY2026120412345678");
    auto paper = takePrintRequest(t);
    ASSERT_TRUE(paper);
    EXPECT_NE(documentText(paper->document).find("YY2026120412345678"), std::string::npos);
}

// The slip's QR scanned where a check-in waits checks in with it; scanned on home, it shows the appointment as before.
TEST(QueueService, ASlipScannedWhereACheckInWaitsChecksIn) {
    const auto keys = generateKeyPair();
    const std::string slip = makeScanCode('A', "YY2026120412345678", "0123456789abcdef", *decodeSecretKey(keys.secretKey));
    Terminal t = makeTerminal();
    t.apply(Intent::of(ShellKind::start), 0);
    t.apply(Intent::open(q::kCode), 10);
    t.apply(Intent::of(q::Kind::checkIn), 20);
    t.onDevice(ow::drivers::CodeScanned{slip, "scanner"}, 30);
    auto question = takeQueueQuestion(t);
    ASSERT_TRUE(question);
    EXPECT_EQ(json::parse(question->second.body())["code"], slip);
    EXPECT_FALSE(takeAppointmentQuestion(t));
    t.apply(Intent::of(ShellKind::home), 40);
    t.onDevice(ow::drivers::CodeScanned{slip, "scanner"}, 50);
    EXPECT_FALSE(takeQueueQuestion(t));
    EXPECT_TRUE(takeAppointmentQuestion(t)) << "on home: the appointment, as the appointments service shows it";
}

// A ticket's QR, from the attract screen: its place.
TEST(QueueService, ATicketsQrShowsItsPlaceFromAnyScreen) {
    Terminal t = makeTerminal();
    t.onDevice(ow::drivers::CodeScanned{"OW1.Q." + kTicketId, "scanner"}, 0);
    EXPECT_EQ(t.screen(), q::kPlace);
    auto question = takeQueueQuestion(t);
    ASSERT_TRUE(question);
    EXPECT_EQ(question->second.path(), "/v1/queue/status");
    t.answer({question->first, parseQueueAnswer(Op::status, 200,
                                                R"({"ticket":{"id":")" + kTicketId + R"(","number":"A012","theme":"livelihood",)"
                                                R"("class":"ordinary","state":"called","ahead":0,"window":"2","windows":["1","2"]}})")});
    EXPECT_EQ(svc(t).placeView(t).state, "已叫号，请到 2 号窗口");
    EXPECT_FALSE(takePrintRequest(t)) << "looking at a ticket prints nothing";
    t.onDevice(ow::drivers::CodeScanned{"OW1.Q.not-a-ticket", "scanner"}, 10);
    EXPECT_FALSE(takeQueueQuestion(t)) << "not a ticket's code";
}

// Central's replies that do not read are the terminal's fault, not the person's: said as offline, no number.
TEST(QueueService, RepliesThatDoNotReadGiveNoNumber) {
    for (const auto& [status, body] : std::vector<std::pair<int, std::string>>{
             {200, "{}"}, {200, "not json"}, {200, R"({"ticket":{"id":"x","number":""}})"}, {409, "{}"}, {409, R"({"refused":{}})"},
             {400, R"({"error":{"code":"bad_request"}})"}, {503, ""}}) {
        const auto a = parseQueueAnswer(Op::take, status, body);
        EXPECT_NE(a.outcome, QueueAnswer::Outcome::answered) << status << " " << body;
        EXPECT_FALSE(a.ticket) << status << " " << body;
    }
    EXPECT_EQ(parseQueueAnswer(Op::status, 404, R"({"error":{}})").refusal, "no_such_ticket");
}

// Nothing of the person after the session: the ID number sent for a check-in is gone.
TEST(QueueService, EndingTheSessionForgetsTheCheckIn) {
    Terminal t = makeTerminal();
    t.identify(kYounger, 0);
    t.apply(Intent::open(q::kCode), 10);
    t.apply(Intent::of(q::Kind::checkIn), 20);
    auto question = takeQueueQuestion(t);
    ASSERT_TRUE(question);
    QueueAnswer offline;
    offline.op = Op::checkin;
    t.answer({question->first, offline});
    t.endSession(SessionEnd::idleTimeout);
    t.apply(Intent::of(ShellKind::start), 100);
    t.apply(Intent::open(q::kCode), 110);
    t.apply(Intent::of(q::Kind::retry), 120);
    EXPECT_FALSE(takeQueueQuestion(t)) << "nothing left to ask again";
    EXPECT_EQ(svc(t).ticketView(t).asking, q::Asking::idle);
}
