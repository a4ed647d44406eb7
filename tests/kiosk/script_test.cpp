// The script language: each command parses; mistakes are reported with their line.
#include "kiosk/script.h"

#include <gtest/gtest.h>

using namespace ow::core;
using Kind = ScriptStep::Kind;

TEST(Script, ParsesEveryCommand) {
    auto s = parseScript(R"(# a tour
tap "轻触屏幕，开始办理"
tap @nav.home
tap 640 400
key alt+F4
wait 500ms
advance 1.5s
event card {"name": "张三"}
screenshot home-zh
expect "返回首页"
expect-not "您还在吗？"
quit
)");
    ASSERT_TRUE(s.ok()) << s.error();
    ASSERT_EQ(s->size(), 11u);
    const auto& v = *s;
    EXPECT_EQ(v[0].kind, Kind::tapText);
    EXPECT_EQ(v[0].text, "轻触屏幕，开始办理");
    EXPECT_EQ(v[1].kind, Kind::tapKey);
    EXPECT_EQ(v[1].text, "nav.home");
    EXPECT_EQ(v[2].kind, Kind::tapAt);
    EXPECT_EQ(v[2].x, 640);
    EXPECT_EQ(v[2].y, 400);
    EXPECT_EQ(v[3].text, "alt+F4");
    EXPECT_EQ(v[4].ms, 500);
    EXPECT_EQ(v[5].kind, Kind::advance);
    EXPECT_EQ(v[5].ms, 1500);
    EXPECT_EQ(v[6].text, "card");
    EXPECT_EQ(v[6].arg, "{\"name\": \"张三\"}");
    EXPECT_EQ(v[7].text, "home-zh");
    EXPECT_EQ(v[8].kind, Kind::expect);
    EXPECT_EQ(v[9].kind, Kind::expectNot);
    EXPECT_EQ(v[10].kind, Kind::quit);
    EXPECT_EQ(v[10].line, 12);
}

TEST(Script, ParsesADrag) {
    auto s = parseScript("drag 640 600 640 200\n");
    ASSERT_TRUE(s.ok()) << s.error();
    EXPECT_EQ((*s)[0].kind, Kind::drag);
    EXPECT_EQ((*s)[0].x, 640);
    EXPECT_EQ((*s)[0].y, 600);
    EXPECT_EQ((*s)[0].x2, 640);
    EXPECT_EQ((*s)[0].y2, 200);
    EXPECT_FALSE(parseScript("drag 1 2 3\n").ok());
}

TEST(Script, ReportsTheLineOfAMistake) {
    EXPECT_EQ(parseScript("wait 1s\nwait soon\n").error(), "script line 2: duration must look like 500ms, 2s or 1m");
    EXPECT_EQ(parseScript("dance\n").error(), "script line 1: unknown command \"dance\"");
    EXPECT_EQ(parseScript("tap 12\n").error(), "script line 1: tap position must be two whole numbers: tap X Y");
    EXPECT_EQ(parseScript("tap \"open\n").error(), "script line 1: unterminated quoted label");
    EXPECT_FALSE(parseScript("screenshot ../../etc/x\n").ok());
}

TEST(Script, ParsesWaitForWithItsTimeLimit) {
    auto s = parseScript("wait-for \"配置 2\" 30s\n");
    ASSERT_TRUE(s.ok()) << s.error();
    EXPECT_EQ((*s)[0].kind, Kind::waitFor);
    EXPECT_EQ((*s)[0].text, "配置 2");
    EXPECT_EQ((*s)[0].ms, 30000);
    EXPECT_EQ(parseScript("wait-for \"x\"\n").error(),
              "script line 1: wait-for needs a \"quoted text\" and a time limit, e.g. wait-for \"版本 2\" 30s");
    EXPECT_FALSE(parseScript("wait-for x 3s\n").ok());
}
