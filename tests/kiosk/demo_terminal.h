// A terminal core with the shipped UI strings and demo configuration, for tests of flows.
#pragma once

#include "kiosk/config_boot.h"
#include "kiosk/terminal.h"
#include "test_paths.h"

namespace ow::test {

inline core::Terminal makeTerminal() {
    auto strings = core::Strings::load(assetsDir());
    auto bundle = core::parseBundle(*core::readFile(assetsDir() + "/bundles/demo.json"));
    return core::Terminal(std::move(*strings), std::move(*bundle));
}

}  // namespace ow::test
