// The two lists agree: every screen a service declares (and the shell's own) is drawn by exactly one registered
// screen, every registered screen belongs to someone, each has a name of its own, and no two services share a code.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <string>

#include "kiosk/services/services.h"
#include "kiosk/terminal.h"
#include "screens/frame.h"

using namespace ow;

TEST(Registry, EveryScreenAServiceDeclaresIsDrawnByExactlyOneRegisteredScreen) {
    std::map<std::string, int> drawn;
    for (const auto& s : screens::registeredScreens()) {
        EXPECT_NE(s.draw, nullptr) << s.id.name;
        ++drawn[std::string(s.id.name)];
    }
    std::set<std::string> declared{std::string(core::kAttract.name), std::string(core::kHome.name)};
    for (const auto& service : core::makeServices())
        for (core::ScreenId id : service->screens()) declared.insert(std::string(id.name));
    for (const auto& name : declared) EXPECT_EQ(drawn[name], 1) << "screen " << name << " is registered " << drawn[name] << " times";
    for (const auto& [name, times] : drawn)
        EXPECT_TRUE(declared.count(name)) << "registered screen " << name << " belongs to no service in services.cpp";
}

TEST(Registry, EveryScreenHasAName) {
    const std::regex name("[a-z][a-z_]*");
    for (const auto& s : screens::registeredScreens())
        EXPECT_TRUE(std::regex_match(std::string(s.id.name), name)) << "\"" << s.id.name << "\" names no screen";
}

TEST(Registry, ServicesHaveCodesOfTheirOwn) {
    std::set<std::string> codes;
    const auto services = core::makeServices();
    size_t tiles = 0;
    for (const auto& s : services) {
        tiles += s->onHome();
        EXPECT_FALSE(s->code().empty());
        EXPECT_TRUE(codes.insert(std::string(s->code())).second) << s->code() << " is in the list twice";
        EXPECT_FALSE(s->screens().empty()) << s->code() << " has no screen to open";
    }
    EXPECT_EQ(tiles, 9u) << "one service for each home tile";
    EXPECT_EQ(services.size(), 10u) << "and service mode, which has none";
}
