// Configuration bundles: the shipped demo is complete; malformed bundles are refused with the field named.
#include "kiosk/bundle.h"

#include <gtest/gtest.h>

#include <regex>

#include <filesystem>

#include <nlohmann/json.hpp>
#include <set>

#include "kiosk/config_boot.h"
#include "test_paths.h"

using namespace ow::core;
using nlohmann::json;

namespace {
json demo() {
    auto text = readFile(ow::test::assetsDir() + "/bundles/demo.json");
    EXPECT_TRUE(text.ok());
    return json::parse(*text);
}
std::string refusal(const json& j) {
    auto r = parseBundle(j.dump());
    return r.ok() ? std::string("accepted") : r.error();
}
}  // namespace

TEST(Bundle, DemoCatalogueCoversFourThemesWithGuides) {
    auto b = parseBundle(demo().dump());
    ASSERT_TRUE(b.ok()) << b.error();
    EXPECT_GE(b->matters.size(), 12u);
    std::set<Theme> themes;
    for (const auto& m : b->matters) {
        themes.insert(m.theme);
        EXPECT_FALSE(m.guide.procedure.empty()) << m.code;
        EXPECT_FALSE(m.name.en.empty()) << m.code;
        EXPECT_LE(m.promisedLimitDays, m.legalLimitDays) << m.code;
        bool hasKey = false;
        for (const auto& mat : m.materials) hasKey = hasKey || mat.key;
        EXPECT_TRUE(hasKey) << m.code << " has no key material";
    }
    EXPECT_EQ(themes.size(), 4u);
    EXPECT_EQ(b->ui.idleTimeoutS, 60);
    EXPECT_EQ(b->ui.countdownS, 10);
    EXPECT_NE(b->findMatter("310118-DJ-001"), nullptr);
}

TEST(Bundle, RefusesWhatIsNotJsonOrNotUtf8) {
    EXPECT_EQ(parseBundle("{\"format\": ").error(), "bundle is not valid JSON (or not valid UTF-8)");
    EXPECT_FALSE(parseBundle("{\"format\": \"\xC0\xAF\"}").ok());
    EXPECT_EQ(parseBundle("[]").error(), "bundle must be a JSON object");
}

TEST(Bundle, RefusesOversizedBundles) {
    std::string big(kMaxBundleBytes + 1, ' ');
    EXPECT_NE(parseBundle(big).error().find("over the cap"), std::string::npos);
}

TEST(Bundle, NamesTheFieldThatIsWrong) {
    json j = demo();
    j["format"] = "other";
    EXPECT_NE(refusal(j).find("bundle.format"), std::string::npos);

    j = demo();
    j.erase("version");
    EXPECT_EQ(refusal(j), "bundle: missing \"version\"");

    j = demo();
    j["version"] = "7";
    EXPECT_EQ(refusal(j), "bundle.version: must be a whole number");

    j = demo();
    j["expires_at"] = "2020-01-01T00:00:00Z";
    EXPECT_EQ(refusal(j), "bundle.expires_at: must be later than issued_at");

    j = demo();
    j["issued_at"] = "yesterday";
    EXPECT_NE(refusal(j).find("bundle.issued_at"), std::string::npos);

    j = demo();
    j["content"]["matters"][2]["theme"] = "leisure";
    EXPECT_NE(refusal(j).find("content.matters[2].theme"), std::string::npos);

    j = demo();
    j["content"]["matters"][3]["promised_limit_days"] = 999;
    EXPECT_NE(refusal(j).find("cannot exceed the legal limit"), std::string::npos);

    j = demo();
    j["content"]["matters"][1]["code"] = j["content"]["matters"][0]["code"];
    EXPECT_NE(refusal(j).find("duplicate code"), std::string::npos);

    j = demo();
    j["content"]["matters"][0]["materials"] = json::array();
    EXPECT_NE(refusal(j).find("at least one material"), std::string::npos);

    j = demo();
    j["content"]["matters"][0]["name"] = {{"en", "only English"}};
    EXPECT_NE(refusal(j).find("\"zh-CN\""), std::string::npos);

    j = demo();
    j["content"]["ui"]["idle_timeout_s"] = 5;
    EXPECT_NE(refusal(j).find("content.ui.idle_timeout_s"), std::string::npos);

    j = demo();
    j["content"]["matters"] = json::array();
    EXPECT_NE(refusal(j).find("at least one matter"), std::string::npos);

    j = demo();
    j["scope"] = {{"halls", json::array()}, {"terminals", json::array()}};
    EXPECT_NE(refusal(j).find("bundle.scope"), std::string::npos);
}

// A matter that can be applied for at the terminal asks for a phone, required: central refuses a submission
// without one, so a form without it would print "submitted" for a case that never opens.
TEST(Bundle, AFormWithoutARequiredPhoneIsRefused) {
    json j = demo();
    size_t m = 0;
    while (!j["content"]["matters"][m].contains("form")) ++m;
    auto& form = j["content"]["matters"][m]["form"];
    for (size_t i = 0; i < form.size(); ++i)
        if (form[i]["type"] == "phone") form[i]["required"] = false;
    EXPECT_EQ(refusal(j), "content.matters[" + std::to_string(m) +
                              "].form: must have a required field of type phone (the applicant is reached by it)");
    for (size_t i = 0; i < form.size(); ++i)
        if (form[i]["type"] == "phone") form.erase(i--);
    EXPECT_NE(refusal(j).find("must have a required field of type phone"), std::string::npos);
    j["content"]["matters"][m].erase("form");
    EXPECT_EQ(refusal(j), "accepted") << "a matter without a form is only a guide";
}

// The year's holidays come with the signed configuration; a calendar that cannot be right is refused whole.
TEST(Bundle, CarriesTheHolidayCalendarAndRefusesOneThatCannotBeRight) {
    json j = demo();
    j["content"]["calendar"] = {{"holidays", {"2025-10-08", "2025-10-01"}}, {"workdays", {"2025-10-11", "2025-09-28"}}};
    auto b = parseBundle(j.dump());
    ASSERT_TRUE(b.ok()) << b.error();
    EXPECT_EQ(b->calendar.holidays, (std::vector<std::string>{"2025-10-01", "2025-10-08"})) << "kept sorted";
    EXPECT_EQ(b->calendar.workdays, (std::vector<std::string>{"2025-09-28", "2025-10-11"}));
    EXPECT_FALSE(b->calendar.isWorkingDay("2025-10-08"));
    EXPECT_TRUE(b->calendar.isWorkingDay("2025-10-11"));

    j["content"]["calendar"] = {{"holidays", {"2025-10-32"}}};
    EXPECT_EQ(refusal(j), "content.calendar.holidays: \"2025-10-32\" is not a date as YYYY-MM-DD");
    j["content"]["calendar"] = {{"holidays", {"2025-10-01", "2025-10-01"}}};
    EXPECT_EQ(refusal(j), "content.calendar.holidays: lists a date twice");
    j["content"]["calendar"] = {{"workdays", {"2025-10-10"}}};
    EXPECT_EQ(refusal(j), "content.calendar.workdays: 2025-10-10 is a weekday already (only a weekend day is worked in exchange)");
    j["content"]["calendar"] = {{"holidays", {"2025-10-11"}}, {"workdays", {"2025-10-11"}}};
    EXPECT_EQ(refusal(j), "content.calendar.workdays: 2025-10-11 is a holiday as well");
    j["content"]["calendar"] = {{"holidays", {20251001}}};
    EXPECT_EQ(refusal(j), "content.calendar.holidays[0]: must be text");
    j["content"]["calendar"] = "2025";
    EXPECT_EQ(refusal(j), "content.calendar: must be an object");
}

TEST(Bundle, ParsesUtcTimes) {
    int64_t t = 0;
    ASSERT_TRUE(parseUtcTime("2026-11-22T08:00:00Z", t));
    EXPECT_EQ(t, 1795334400);
    EXPECT_FALSE(parseUtcTime("2026-13-01T00:00:00Z", t));
    EXPECT_FALSE(parseUtcTime("2026-11-22 08:00:00", t));
}

// No private key is committed or installed: the assets hold no secret key, and the shipped bundles trust no code
// issuer (a terminal trusts one only when a signed bundle names it).
TEST(Bundle, NoSecretKeyIsShippedAndTheShippedBundlesTrustNoIssuer) {
    for (const char* name : {"demo.json", "demo-update.json"}) {
        auto b = parseBundle(*readFile(ow::test::assetsDir() + "/bundles/" + name));
        ASSERT_TRUE(b.ok()) << name << ": " << b.error();
        EXPECT_TRUE(b->codeIssuers.empty()) << name << " trusts an issuer";
    }
    // An Ed25519 secret key in base64 is 88 characters (64 bytes); kioskctl keygen's files say "secret_key".
    const std::regex secret(R"re((^|[^A-Za-z0-9+/])[A-Za-z0-9+/]{86}==)re");
    for (const auto& entry : std::filesystem::recursive_directory_iterator(ow::test::assetsDir())) {
        if (!entry.is_regular_file()) continue;
        const std::string path = entry.path().string();
        EXPECT_NE(entry.path().extension(), ".key") << path;
        auto text = readFile(path);
        if (!text) continue;
        EXPECT_EQ(text->find("secret_key"), std::string::npos) << path;
        EXPECT_FALSE(std::regex_search(*text, secret)) << path << " holds what looks like a secret key";
    }
}

// content.reports: how many working days a report of what could not be done is answered within (default 15).
TEST(Bundle, AReportsDeadlineIsReadAndOutOfRangeIsRefused) {
    json doc = json::parse(*readFile(ow::test::assetsDir() + "/bundles/demo.json"));
    EXPECT_EQ(parseBundle(doc.dump())->reportDeadlineWorkingDays, 15) << "not given: 15";
    doc["content"]["reports"] = {{"deadline_working_days", 10}};
    EXPECT_EQ(parseBundle(doc.dump())->reportDeadlineWorkingDays, 10);
    doc["content"]["reports"] = {{"deadline_working_days", 0}};
    EXPECT_NE(refusal(doc).find("content.reports.deadline_working_days"), std::string::npos) << refusal(doc);
    doc["content"]["reports"] = "fifteen";
    EXPECT_NE(refusal(doc).find("content.reports"), std::string::npos) << refusal(doc);
}

TEST(Bundle, AScheduleGivesTheTerminalsHoursAndItsDailyRestart) {
    json doc = json::parse(*readFile(ow::test::assetsDir() + "/bundles/demo.json"));
    EXPECT_FALSE(parseBundle(doc.dump())->serviceHours) << "not given: always";
    EXPECT_EQ(parseBundle(doc.dump())->restartAtMinute, -1);
    doc["content"]["schedule"] = {{"hours", {{"mon", json::array({json::array({"08:30", "17:00"})})}}}, {"restart_at", "04:00"}};
    auto b = parseBundle(doc.dump());
    ASSERT_TRUE(b.ok()) << b.error();
    ASSERT_TRUE(b->serviceHours);
    EXPECT_EQ(b->serviceHours->hours[0].front().from, 8 * 60 + 30);
    EXPECT_EQ(b->restartAtMinute, 4 * 60);
    doc["content"]["schedule"]["restart_at"] = "25:00";
    EXPECT_NE(refusal(doc).find("content.schedule.restart_at"), std::string::npos) << refusal(doc);
    doc["content"]["schedule"] = {{"hours", json::object()}};
    EXPECT_NE(refusal(doc).find("content.schedule.hours: serves on no day"), std::string::npos) << refusal(doc);
}

// Night dimming (content.schedule.dim): its hours and level; a level that would leave the screen (nearly) black, or
// hours that make no sense, are refused with the field named.
TEST(Bundle, TheNightDimmingHasHoursAndALevelNeverBlack) {
    json doc = json::parse(*readFile(ow::test::assetsDir() + "/bundles/demo.json"));
    EXPECT_FALSE(parseBundle(doc.dump())->dimming) << "not given: never dimmed";
    doc["content"]["schedule"] = {{"dim", {{"from", "22:00"}, {"to", "06:30"}, {"level", 0.3}}}};
    auto b = parseBundle(doc.dump());
    ASSERT_TRUE(b.ok()) << b.error();
    ASSERT_TRUE(b->dimming);
    EXPECT_EQ(b->dimming->fromMinute, 22 * 60);
    EXPECT_EQ(b->dimming->toMinute, 6 * 60 + 30);
    EXPECT_DOUBLE_EQ(b->dimming->level, 0.3);
    doc["content"]["schedule"]["dim"]["level"] = 0.05;
    EXPECT_NE(refusal(doc).find("content.schedule.dim.level: must be a number from 0.2 to 0.8"), std::string::npos) << refusal(doc);
    doc["content"]["schedule"]["dim"] = {{"from", "22:00"}};
    EXPECT_NE(refusal(doc).find("content.schedule.dim"), std::string::npos) << refusal(doc);
}
