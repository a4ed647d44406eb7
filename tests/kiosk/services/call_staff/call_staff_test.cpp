// Calling staff from the terminal: the call raised with where the person is (the screen and service in progress) and
// whether they are 60 or more, nothing else; then waited on until a member of staff takes it ("coming" on screen),
// cancelled by the person; central out of reach said plainly with the hall's phone, "call again" raising the same
// call; one call at a time.
#include "kiosk/services/call_staff/call_staff.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "demo_terminal.h"
#include "kiosk/services/guides/guides.h"

using namespace ow::core;
using namespace ow::test;
namespace cs = ow::core::call_staff;
using Op = HelpQuestion::Op;
using nlohmann::json;

namespace {
const IdentityInput kElder{"欧阳䶮", "11010519491231002X", "19491231", "北京市朝阳区", ""};
const cs::CallStaff& svc(const Terminal& t) { return t.service<cs::CallStaff>(); }
auto takeHelp(Terminal& t) { return t.takeRequest<HelpQuestion>(); }
HelpAnswer call(Op op, const std::string& state) {
    return parseHelpAnswer(op, 200, R"({"call":{"id":"0123456789abcdef01234567","state":")" + state + R"("}})");
}
}  // namespace

TEST(CallStaffService, ACallSaysWhereThePersonIsAndTheyHearWhenStaffAreComing) {
    Terminal t = makeTerminal();
    t.identify(kElder, 0);
    t.apply(Intent::open(guides::kCode), 10);
    const std::string screen(t.screen().name);
    t.apply(Intent::open(cs::kCode), 20);  // the bottom bar's button
    EXPECT_EQ(t.screen(), cs::kCallStaff);
    auto raise = takeHelp(t);
    ASSERT_TRUE(raise);
    EXPECT_EQ(raise->second.path(), "/v1/help/raise");
    const json body = json::parse(raise->second.body());
    EXPECT_EQ(body["screen"], screen);
    EXPECT_EQ(body["service"], "guides");
    EXPECT_EQ(body["elder"], true);
    EXPECT_EQ(body.size(), 4u) << "key, screen, service, elder: nothing more of the person";
    EXPECT_EQ(body.dump().find("欧阳"), std::string::npos);
    EXPECT_EQ(svc(t).view(t).message, "正在呼叫工作人员……");
    t.answer({raise->first, call(Op::raise, "raised")});
    EXPECT_EQ(svc(t).view(t).message, "已通知大厅工作人员，请在这里稍候。");
    EXPECT_TRUE(svc(t).view(t).canCancel);
    // Waiting on the call: central is asked to answer when it changes.
    auto wait = takeHelp(t);
    ASSERT_TRUE(wait);
    EXPECT_EQ(wait->second.path(), "/v1/help/status");
    EXPECT_EQ(json::parse(wait->second.body())["seen"], "raised");
    EXPECT_EQ(json::parse(wait->second.body())["wait_ms"], cs::kHelpWaitMs);
    t.answer({wait->first, call(Op::status, "raised")});  // nothing yet: asked again
    wait = takeHelp(t);
    ASSERT_TRUE(wait);
    t.answer({wait->first, call(Op::status, "taken")});
    EXPECT_EQ(svc(t).view(t).message, "工作人员已接到呼叫，正在赶来。");
    EXPECT_FALSE(takeHelp(t)) << "taken: nothing more to wait for";
    // Pressed again meanwhile: the page, no second call.
    t.apply(Intent::of(ShellKind::home), 30);
    t.apply(Intent::open(cs::kCode), 40);
    EXPECT_FALSE(takeHelp(t));
    EXPECT_EQ(svc(t).view(t).message, "工作人员已接到呼叫，正在赶来。");
}

TEST(CallStaffService, ThePersonCancelsTheCall) {
    Terminal t = makeTerminal();
    t.apply(Intent::of(ShellKind::start), 0);
    t.apply(Intent::open(cs::kCode), 10);
    auto raise = takeHelp(t);
    ASSERT_TRUE(raise);
    EXPECT_EQ(json::parse(raise->second.body())["elder"], false) << "no card: not known to be 60 or more";
    EXPECT_EQ(json::parse(raise->second.body())["service"], "");
    t.answer({raise->first, call(Op::raise, "raised")});
    takeHelp(t);  // the wait
    t.apply(Intent::of(cs::Kind::cancel), 20);
    auto cancel = takeHelp(t);
    ASSERT_TRUE(cancel);
    EXPECT_EQ(cancel->second.path(), "/v1/help/cancel");
    EXPECT_EQ(json::parse(cancel->second.body())["id"], "0123456789abcdef01234567");
    EXPECT_EQ(svc(t).view(t).message, "已取消呼叫。");
    EXPECT_FALSE(svc(t).view(t).canCancel);
}

TEST(CallStaffService, CentralOutOfReachIsSaidWithThePhoneAndCallAgainRaisesTheSameCall) {
    Terminal t = makeTerminal();
    t.apply(Intent::of(ShellKind::start), 0);
    t.apply(Intent::open(cs::kCode), 10);
    auto raise = takeHelp(t);
    ASSERT_TRUE(raise);
    HelpAnswer offline;
    offline.op = Op::raise;
    t.answer({raise->first, offline});
    const auto v = svc(t).view(t);
    EXPECT_EQ(v.message, "暂时联系不上大厅工作人员。");
    EXPECT_NE(v.detail.find("综合受理窗口"), std::string::npos);
    EXPECT_NE(v.phoneLine.find("021-12345"), std::string::npos);
    EXPECT_TRUE(v.canRetry);
    t.apply(Intent::of(cs::Kind::retry), 20);
    auto again = takeHelp(t);
    ASSERT_TRUE(again);
    EXPECT_EQ(json::parse(again->second.body())["key"], json::parse(raise->second.body())["key"]) << "one call, not two";
    t.answer({again->first, call(Op::raise, "raised")});
    EXPECT_EQ(svc(t).view(t).message, "已通知大厅工作人员，请在这里稍候。");
    t.endSession(SessionEnd::finished);
    EXPECT_EQ(svc(t).view(t).state, cs::CallState::idle) << "the next person starts afresh";
}
