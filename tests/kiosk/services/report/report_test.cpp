// Reports of what could not be done at the terminal: real-name by the card; the department, the problem, a phone and
// the person's own words typed in pinyin; everything shown before it is sent; the work order's number and deadline on
// screen and on its slip with a QR; central out of reach said plainly, "try again" the same report; the person's work
// orders by card, one by its slip's QR from any screen; nothing of the person after the session.
#include "kiosk/services/report/report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "demo_terminal.h"
#include "kiosk/pinyin_input.h"
#include "test_paths.h"

using namespace ow::core;
using namespace ow::test;
namespace r = ow::core::report;
using nlohmann::json;

namespace {

const IdentityInput kPerson{"李四", "310118199003070016", "19900307", "上海市青浦区", ""};
const std::string kCode = "OW1.W.0123456789abcdef01234567";
const r::Report& svc(const Terminal& t) { return t.service<r::Report>(); }
auto takeAsk(Terminal& t) { return t.takeRequest<CentralAsk>(); }

void receiptOnline(Terminal& t) {
    t.onDevice(ow::drivers::DeviceStatusChanged{"receipt", ow::drivers::DeviceState::online, ow::drivers::SuggestedAction::none, ""}, 0);
}

void edit(Terminal& t, FormEdit e, int value) {
    t.apply(Intent::of(static_cast<r::Kind>(static_cast<int>(r::Kind::formField) + static_cast<int>(e)), value), 50);
}

void typeLetters(Terminal& t, const std::string& letters) {
    for (char c : letters) edit(t, FormEdit::letter, c - 'a');
}

void typeDigits(Terminal& t, const std::string& digits) {
    for (char c : digits) edit(t, FormEdit::key, c - '0');
}

int indexOf(const std::vector<std::string>& list, const std::string& want) {
    for (size_t i = 0; i < list.size(); ++i)
        if (list[i] == want) return static_cast<int>(i);
    return -1;
}

std::string orderJson(const std::string& state, bool overdue, const std::string& note = "") {
    return R"({"no":"GD20261204123456","name":"李*","phone":"139****9000","department":"区市场监督管理局",)"
           R"("category":"跑了多次还没办成","text":"","state":")" + state + R"(","deadline":"2026-12-25","overdue":)" +
           (overdue ? "true" : "false") + R"(,"received_at":1796349600,"steps":[{"state":"received","note":"","at":1796349600},)"
           R"({"state":"classified","note":")" + note + R"(","at":1796353200}]})";
}

std::string documentText(const Document& d) {
    std::string all;
    for (const auto& b : d.blocks) all += b.text + "|" + b.value + "\n";
    return all;
}

// Home → 办不成事反映 with the card read → 我要反映 → the form filled in → confirmed: the question central gets.
std::pair<uint64_t, CentralAsk> fileAReport(Terminal& t) {
    t.identify(kPerson, 0);
    t.apply(Intent::open(r::kCode), 10);
    EXPECT_EQ(t.screen(), r::kStart);
    EXPECT_TRUE(svc(t).startView(t).identified);
    t.apply(Intent::of(r::Kind::start), 20);
    EXPECT_EQ(t.screen(), r::kForm);
    t.apply(Intent::of(r::Kind::next), 30);
    EXPECT_EQ(t.screen(), r::kForm) << "nothing chosen yet: the form stays";
    auto v = svc(t).formView(t);
    EXPECT_TRUE(v.problems);
    EXPECT_TRUE(v.fields[0].selected) << "the first field to put right";
    EXPECT_EQ(v.input, FormView::Input::choice);
    EXPECT_EQ(v.choices.back(), "不清楚 / 其他部门");
    edit(t, FormEdit::choice, indexOf(v.choices, "区市场监督管理局"));
    v = svc(t).formView(t);
    EXPECT_TRUE(v.fields[1].selected) << "picked: on to the problem";
    edit(t, FormEdit::choice, indexOf(v.choices, "跑了多次还没办成"));
    edit(t, FormEdit::field, 2);
    typeDigits(t, "13900139000");
    t.apply(Intent::of(r::Kind::next), 60);
    EXPECT_EQ(t.screen(), r::kConfirm) << "the details are optional";
    const auto c = svc(t).confirmView(t);
    EXPECT_EQ(c.name, "李四（310118********0016）") << "the name in full, the ID number masked, as on every screen";
    EXPECT_EQ(c.phone, "13900139000") << "the person sees the number they typed";
    EXPECT_EQ(c.department, "区市场监督管理局");
    EXPECT_EQ(c.category, "跑了多次还没办成");
    EXPECT_FALSE(takeAsk(t)) << "nothing is sent before the person confirms";
    t.apply(Intent::of(r::Kind::send), 70);
    EXPECT_EQ(t.screen(), r::kFiled);
    auto ask = takeAsk(t);
    EXPECT_TRUE(ask);
    return ask ? std::move(*ask) : std::pair<uint64_t, CentralAsk>{};
}

}  // namespace

TEST(ReportService, ARealNameReportIsConfirmedThenFiledAndItsSlipPrinted) {
    Terminal t = makeTerminal();
    receiptOnline(t);
    t.apply(Intent::of(ShellKind::start), 0);
    t.apply(Intent::open(r::kCode), 5);
    EXPECT_FALSE(svc(t).startView(t).identified);
    t.apply(Intent::of(r::Kind::start), 6);
    EXPECT_EQ(t.screen(), r::kStart) << "real-name: no form before the card";
    auto [ticket, ask] = fileAReport(t);
    EXPECT_EQ(ask.path, "/v1/reports/file");
    const json body = json::parse(ask.body);
    EXPECT_EQ(body["name"], "李四");
    EXPECT_EQ(body["id_number"], "310118199003070016");
    EXPECT_EQ(body["phone"], "13900139000");
    EXPECT_EQ(body["department"], "区市场监督管理局");
    EXPECT_EQ(body["category"], "跑了多次还没办成");
    EXPECT_EQ(body["text"], "");
    EXPECT_TRUE(std::regex_match(body["key"].get<std::string>(), std::regex("[0-9a-f]{24}")));
    EXPECT_EQ(svc(t).filedView(t).asking, Asking::waiting);
    t.answer({ticket, readCentralReply(ask.op, 200, R"({"report":)" + orderJson("received", false) + R"(,"code":")" + kCode + "\"}")});
    const auto v = svc(t).filedView(t);
    ASSERT_TRUE(v.order);
    EXPECT_EQ(v.order->no, "GD20261204123456");
    EXPECT_EQ(v.order->state, "已受理");
    EXPECT_EQ(v.order->deadline, "2026-12-25");
    EXPECT_TRUE(v.printed);
    auto paper = takePrintRequest(t);
    ASSERT_TRUE(paper);
    EXPECT_FALSE(paper->a4);
    EXPECT_EQ(paper->document.kind, "report");
    const std::string text = documentText(paper->document);
    EXPECT_NE(text.find("工单编号|GD20261204123456"), std::string::npos) << text;
    EXPECT_NE(text.find("答复期限|2026-12-25"), std::string::npos) << text;
    EXPECT_NE(text.find("反映人|李*"), std::string::npos) << text;
    EXPECT_EQ(text.find("李四"), std::string::npos) << "the name masked on paper";
    EXPECT_EQ(text.find("13900139000"), std::string::npos) << "no phone on paper";
    bool qr = false;
    for (const auto& b : paper->document.blocks) qr |= b.kind == DocBlock::Kind::qr && b.text == kCode;
    EXPECT_TRUE(qr) << "the QR that shows its state at any terminal";
    t.apply(Intent::of(r::Kind::reprint), 80);
    EXPECT_TRUE(takePrintRequest(t)) << "printed again on request";
}

TEST(ReportService, TheDetailsAreTypedInPinyin) {
    TempDir dir;
    auto engine = PinyinInput::open(dir.file("user.dat"));
    ASSERT_TRUE(engine.ok()) << engine.error();
    Terminal t = makeTerminal();
    t.setPinyin(engine->get());
    t.identify(kPerson, 0);
    t.apply(Intent::open(r::kCode), 10);
    t.apply(Intent::of(r::Kind::start), 20);
    edit(t, FormEdit::field, 3);
    EXPECT_EQ(svc(t).formView(t).input, FormView::Input::letters);
    typeLetters(t, "cailiao");
    const auto v = svc(t).formView(t);
    const int pick = indexOf(v.candidates, "材料");
    ASSERT_GE(pick, 0);
    edit(t, FormEdit::candidate, pick);
    EXPECT_EQ(svc(t).formView(t).fields[3].value, "材料");
}

TEST(ReportService, CentralOutOfReachIsSaidAndTryAgainSendsTheSameReport) {
    Terminal t = makeTerminal();
    auto [ticket, ask] = fileAReport(t);
    t.answer({ticket, readCentralReply(ask.op, 503, "")});
    auto v = svc(t).filedView(t);
    EXPECT_FALSE(v.order);
    EXPECT_EQ(v.problem, "暂时连不上服务中心，反映还没有送出。请按“再试一次”；仍不行请到咨询台，或拨打服务电话。");
    EXPECT_TRUE(v.canRetry);
    EXPECT_FALSE(v.phoneLine.empty()) << "the hall's phone";
    EXPECT_FALSE(takePrintRequest(t));
    t.apply(Intent::of(r::Kind::retry), 100);
    auto again = takeAsk(t);
    ASSERT_TRUE(again);
    EXPECT_EQ(json::parse(again->second.body)["key"], json::parse(ask.body)["key"]) << "one report, one work order";
    EXPECT_EQ(again->second.body, ask.body);
}

TEST(ReportService, ThePersonsWorkOrdersByCardAndOneByItsSlipFromAnyScreen) {
    Terminal t = makeTerminal();
    t.identify(kPerson, 0);
    t.apply(Intent::open(r::kCode), 10);
    t.apply(Intent::of(r::Kind::mine), 20);
    EXPECT_EQ(t.screen(), r::kMine);
    auto ask = takeAsk(t);
    ASSERT_TRUE(ask);
    EXPECT_EQ(ask->second.path, "/v1/reports/mine");
    EXPECT_EQ(json::parse(ask->second.body), json({{"id_number", "310118199003070016"}}));
    t.answer({ask->first, readCentralReply(ask->second.op, 200,
                                           R"({"reports":[)" + orderJson("transferred", true, "已转区市场监管局") + "," +
                                               orderJson("replied", false) + "]}")});
    auto v = svc(t).mineView(t);
    ASSERT_EQ(v.orders.size(), 2u);
    EXPECT_EQ(v.orders[0].state, "已转办到部门");
    EXPECT_TRUE(v.orders[0].overdue);
    EXPECT_EQ(v.orders[0].latestNote, "已转区市场监管局");
    EXPECT_EQ(v.orders[1].state, "已答复");
    EXPECT_TRUE(v.orders[1].closed);
    t.endSession(SessionEnd::finished);

    // A slip's QR on the attract screen: that order, no card needed.
    t.onDevice(ow::drivers::CodeScanned{kCode, "scanner"}, 100);
    EXPECT_EQ(t.screen(), r::kMine);
    ask = takeAsk(t);
    ASSERT_TRUE(ask);
    EXPECT_EQ(ask->second.path, "/v1/reports/status");
    EXPECT_EQ(json::parse(ask->second.body)["code"], kCode);
    t.answer({ask->first, readCentralReply(ask->second.op, 404, R"({"error":{"code":"no_such_report","message":"x"}})")});
    v = svc(t).mineView(t);
    EXPECT_TRUE(v.orders.empty());
    EXPECT_EQ(v.problem, "没有找到这张工单。请核对回执，或到咨询台询问。");
    t.onDevice(ow::drivers::CodeScanned{"OW1.W.not-a-work-order", "scanner"}, 110);
    EXPECT_FALSE(takeAsk(t)) << "not a slip's code: not asked";
}

TEST(ReportService, NothingOfThePersonIsLeftAfterTheSession) {
    Terminal t = makeTerminal();
    auto [ticket, ask] = fileAReport(t);
    t.answer({ticket, readCentralReply(ask.op, 503, "")});
    t.endSession(SessionEnd::idleTimeout);
    t.apply(Intent::of(ShellKind::start), 200);
    t.apply(Intent::open(r::kCode), 210);
    t.apply(Intent::of(r::Kind::retry), 220);
    EXPECT_FALSE(takeAsk(t)) << "nothing left to send again";
    EXPECT_EQ(svc(t).confirmView(t).phone, "");
    EXPECT_EQ(svc(t).filedView(t).asking, Asking::idle);
}
