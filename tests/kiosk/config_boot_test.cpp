// Boot configuration: the newest usable bundle wins; a broken stored one falls back, never stops the terminal.
#include "kiosk/config_boot.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "test_paths.h"

using namespace ow::core;

namespace {
std::string demoWithVersion(int64_t v) {
    auto j = nlohmann::json::parse(*readFile(ow::test::assetsDir() + "/bundles/demo.json"));
    j["version"] = v;
    return j.dump();
}
}  // namespace

TEST(ConfigBoot, EmptyStoreBootsFromTheShippedBundleAndStoresIt) {
    ow::test::TempDir dir;
    auto store = Store::open(dir.file("k.db"));
    auto boot = bootConfig(*store, ow::test::assetsDir() + "/bundles/demo.json");
    ASSERT_TRUE(boot.ok()) << boot.error();
    EXPECT_EQ(boot->source, "shipped");
    ASSERT_TRUE(store->activeBundle().has_value());
    EXPECT_EQ(store->activeBundle()->version, boot->bundle.version);
}

TEST(ConfigBoot, NewerStoredBundleWinsOverTheShippedOne) {
    ow::test::TempDir dir;
    auto store = Store::open(dir.file("k.db"));
    ASSERT_TRUE(store->activateBundle(9, demoWithVersion(9)).ok());
    auto boot = bootConfig(*store, ow::test::assetsDir() + "/bundles/demo.json");
    ASSERT_TRUE(boot.ok());
    EXPECT_EQ(boot->source, "stored");
    EXPECT_EQ(boot->bundle.version, 9);
}

TEST(ConfigBoot, NewerShippedBundleReplacesAnOlderStoredOne) {
    ow::test::TempDir dir;
    std::ofstream(dir.file("shipped.json")) << demoWithVersion(5);
    auto store = Store::open(dir.file("k.db"));
    ASSERT_TRUE(store->activateBundle(2, demoWithVersion(2)).ok());
    auto boot = bootConfig(*store, dir.file("shipped.json"));
    ASSERT_TRUE(boot.ok());
    EXPECT_EQ(boot->source, "shipped");
    EXPECT_EQ(store->activeBundle()->version, 5);
    EXPECT_EQ(store->lastGoodBundle()->version, 2);
}

TEST(ConfigBoot, CorruptActiveBundleFallsBackToLastGoodAndSaysWhy) {
    ow::test::TempDir dir;
    std::ofstream(dir.file("shipped.json")) << demoWithVersion(1);
    auto store = Store::open(dir.file("k.db"));
    ASSERT_TRUE(store->activateBundle(7, demoWithVersion(7)).ok());
    ASSERT_TRUE(store->activateBundle(8, "{ not json").ok());
    auto boot = bootConfig(*store, dir.file("shipped.json"));
    ASSERT_TRUE(boot.ok());
    EXPECT_EQ(boot->source, "last_good");
    EXPECT_EQ(boot->bundle.version, 7);
    ASSERT_EQ(boot->problems.size(), 1u);
    EXPECT_NE(boot->problems[0].find("version 8 is unusable"), std::string::npos);
}

TEST(ConfigBoot, NothingUsableIsAClearStartupError) {
    ow::test::TempDir dir;
    std::ofstream(dir.file("shipped.json")) << "{}";
    auto store = Store::open(dir.file("k.db"));
    auto boot = bootConfig(*store, dir.file("shipped.json"));
    ASSERT_FALSE(boot.ok());
    EXPECT_NE(boot.error().find("no usable configuration bundle"), std::string::npos);
    EXPECT_NE(boot.error().find("missing \"format\""), std::string::npos);
}
