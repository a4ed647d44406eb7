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
