// UI strings: both languages hold every key, and every key the code uses exists.
#include "kiosk/bundle.h"
#include "kiosk/i18n.h"
#include "kiosk/protocol/case_status.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "kiosk/protocol/submission.h"
#include "kiosk/services/services.h"
#include "test_paths.h"

using namespace ow::core;

namespace {
Strings loadShipped() {
    auto s = Strings::load(ow::test::assetsDir());
    EXPECT_TRUE(s.ok()) << s.error();
    return std::move(*s);
}
}  // namespace

TEST(I18n, BothLanguagesHaveTheSameKeys) {
    const Strings s = loadShipped();
    const auto missing = s.missingKeys();
    EXPECT_TRUE(missing.empty()) << "missing: " << ::testing::PrintToString(missing);
}

TEST(I18n, NoStringIsEmpty) {
    const Strings s = loadShipped();
    for (Lang lang : kLangs)
        for (auto text : s.all(lang)) EXPECT_FALSE(text.empty()) << langCode(lang);
}

// Every literal key the screens and core ask for ("x.y" passed to tr(), button keys, view-model keys, voice.*).
// A literal is taken for a UI key when it looks like one ("word.word…"), is not a log event (the literal after
// Level::…), not a file name, and not one of the few other dotted names the code uses.
TEST(I18n, EveryKeyTheCodeUsesExistsInBothLanguages) {
    const Strings s = loadShipped();
    const std::regex keyLiteral(R"re((Level::\w+,\s*)?"([a-z][a-z_0-9]*\.[a-z_.0-9]+)")re");
    const std::regex fileName(R"re(.*\.(json|db|dat|log|png|pem|key|txt|pub)$)re");
    // Dotted names that are not UI text: event types sent to central, a script event for the simulators, a button's
    // id whose label comes from other keys (voice.on / voice.off).
    const std::set<std::string> notKeys{ow::protocol::kSubmittedEvent, ow::protocol::kPageEvent, "session.summary",
                                        "receipt.print-test", "voice.toggle"};
    // The configuration bundle's own names (its format, its fields in the errors it gives), not UI text.
    const std::regex bundleField(R"re((bundle|content|onewindow)\..*)re");
    std::set<std::string> used;
    for (const char* dir : {"screens", "kiosk"}) {
        for (const auto& entry : std::filesystem::recursive_directory_iterator(ow::test::sourceDir() + "/" + dir)) {
            if (entry.path().extension() != ".cpp" && entry.path().extension() != ".h") continue;
            if (entry.path().parent_path().filename() == "app" || entry.path().parent_path().filename() == "sync")
                continue;  // the wiring and the sync client show no UI text (their dotted literals are log events)
            std::ifstream in(entry.path());
            std::stringstream buf;
            buf << in.rdbuf();
            const std::string text = buf.str();
            for (std::sregex_iterator it(text.begin(), text.end(), keyLiteral), end; it != end; ++it) {
                const std::string key = (*it)[2];
                if ((*it)[1].matched || std::regex_match(key, fileName) || std::regex_match(key, bundleField) || notKeys.count(key))
                    continue;
                used.insert(key);
            }
        }
    }
    ASSERT_GT(used.size(), 10u);
    for (const auto& key : used) {
        if (key.back() == '.') continue;  // a prefix that code completes (e.g. "date.weekday." + n)
        for (Lang lang : kLangs) EXPECT_TRUE(s.has(lang, key)) << langCode(lang) << " lacks " << key;
    }
    // Keys built at run time: every service's tile, weekday and month.
    for (auto status : ow::protocol::kCaseStatuses)
        for (const char* part : {"case.status.", "case.next."})
            for (Lang lang : kLangs)
                EXPECT_TRUE(s.has(lang, part + std::string(ow::protocol::caseStatusCode(status)))) << part << ow::protocol::caseStatusCode(status);
    for (auto theme : kThemes)
        for (Lang lang : kLangs) EXPECT_TRUE(s.has(lang, std::string("theme.") + themeCode(theme))) << themeCode(theme);
    for (const auto& svc : makeServices())
        for (const char* part : {".title", ".desc"})
            for (Lang lang : kLangs)
                EXPECT_TRUE(s.has(lang, "service." + std::string(svc->code()) + part)) << svc->code() << part;
    for (int d = 0; d < 7; ++d)
        for (Lang lang : kLangs) EXPECT_TRUE(s.has(lang, "date.weekday." + std::to_string(d)));
    for (int m = 1; m <= 12; ++m)
        for (Lang lang : kLangs) EXPECT_TRUE(s.has(lang, "date.month." + std::to_string(m)));
}

TEST(I18n, MissingKeyFallsBackToTheOtherLanguageThenTheKey) {
    Strings s;
    ASSERT_TRUE(s.add(Lang::zhCN, R"({"a": "甲", "b": "乙"})").ok());
    ASSERT_TRUE(s.add(Lang::en, R"({"a": "A"})").ok());
    EXPECT_EQ(s.text(Lang::en, "a"), "A");
    EXPECT_EQ(s.text(Lang::en, "b"), "乙");
    EXPECT_EQ(s.text(Lang::en, "nope"), "nope");
    EXPECT_EQ(s.missingKeys(), std::vector<std::string>{"en: b"});
}

TEST(I18n, RejectsNonStringValues) {
    Strings s;
    EXPECT_FALSE(s.add(Lang::en, R"({"a": 3})").ok());
    EXPECT_FALSE(s.add(Lang::en, "[1,2]").ok());
}

TEST(I18n, FillReplacesNamedPlaceholders) {
    EXPECT_EQ(fill("{seconds} 秒后返回", {{"seconds", "9"}}), "9 秒后返回");
    EXPECT_EQ(fill("keep {unknown}", {}), "keep {unknown}");
}
