// Logging: personal data never reaches a sink, whatever field or text it hides in.
#include "kiosk/log.h"

#include <gtest/gtest.h>

#include <memory>

using namespace ow::core;

namespace {
struct Capture : LogSink {
    std::vector<std::string> lines;
    void write(Level level, std::string_view event, const std::vector<LogField>& fields) override {
        lines.push_back(formatRecord(level, event, fields));
    }
};
}  // namespace

TEST(Log, MasksIdAndPhoneNumbersInFreeText) {
    EXPECT_EQ(redact("card 11010519491231002X read"), "card [id] read");
    EXPECT_EQ(redact("old id 110105491231002 ok"), "old id [id] ok");
    EXPECT_EQ(redact("call 13812345678"), "call [phone]");
    EXPECT_EQ(redact("case 2026112200001 seq 42"), "case 2026112200001 seq 42");
}

// Numbers as people write them: groups with dashes or spaces, China's +86, a landline with its area code.
TEST(Log, MasksNumbersWrittenWithSeparators) {
    EXPECT_EQ(redact("phone 138-0013-8000 typed"), "phone [phone] typed");
    EXPECT_EQ(redact("phone 138 0013 8000"), "phone [phone]");
    EXPECT_EQ(redact("call +86 138 0013 8000 now"), "call [phone] now");
    EXPECT_EQ(redact("call +86-13800138000"), "call [phone]");
    EXPECT_EQ(redact("office 0512-58681234"), "office [phone]");
    EXPECT_EQ(redact("office 021 62345678."), "office [phone].");
    EXPECT_EQ(redact("id 110105 19491231 002X end"), "id [id] end");
    EXPECT_EQ(redact("id 3101-1819-9003-0700-16"), "id [id]");
    EXPECT_EQ(redact("seq 13800138000 12"), "seq [phone] 12");
    // What is not a person's number stays as it is: dates, times, case numbers, the hall's short phone, sizes.
    for (const char* plain : {"on 2026-12-02 at 10:05", "case OW20261123000001", "hall 021-12345", "1280 800",
                              "at 1795334400 s", "+86", "seq 42-43", "YS-3F9A21C0D41B7E22-000002"})
        EXPECT_EQ(redact(plain), plain);
}

TEST(Log, PersonalFieldsAndSessionSecretsAreRedacted) {
    auto sink = std::make_shared<Capture>();
    setLogSink(sink);
    addLogSecret("欧阳䶮");
    addLogSecret("北京市朝阳区望京街道喆园路1号");
    log(Level::info, "identity.read", {{"name", "欧阳䶮"}, {"id_number", "11010519491231002X"}});
    log(Level::info, "form.note", {{"detail", "applicant 欧阳䶮 lives at 北京市朝阳区望京街道喆园路1号"}});
    clearLogSecrets();
    log(Level::info, "after", {{"detail", "欧阳䶮"}});
    setLogSink(nullptr);
    ASSERT_EQ(sink->lines.size(), 3u);
    EXPECT_EQ(sink->lines[0], "INFO identity.read name=[redacted] id_number=[redacted]");
    EXPECT_EQ(sink->lines[1], "INFO form.note detail=\"applicant [redacted] lives at [redacted]\"");
    // Once the session is over its secrets are gone from the redactor too (it holds no personal data).
    EXPECT_EQ(sink->lines[2], "INFO after detail=欧阳䶮");
}

TEST(Log, RecordsAreOneLineWithQuotedValues) {
    EXPECT_EQ(formatRecord(Level::warning, "x", {{"a", "b c"}, {"d", "line\nbreak"}, {"e", ""}}),
              "WARNING x a=\"b c\" d=line break e=\"\"");
}
