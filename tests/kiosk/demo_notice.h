// The one-time notice of a demo matter (individual business registration), for the printer tests.
#pragma once

#include "kiosk/config_boot.h"
#include "kiosk/guide_notice.h"
#include "test_paths.h"

namespace ow::test {

inline core::Document demoNotice(core::Lang lang = core::Lang::zhCN) {
    auto strings = core::Strings::load(assetsDir());
    auto bundle = core::parseBundle(*core::readFile(assetsDir() + "/bundles/demo.json"));
    for (const auto& m : bundle->matters)
        if (m.code == "310118-DJ-001") return core::oneTimeNotice(m, *bundle, *strings, lang, 1795399200);
    return {};
}

}  // namespace ow::test
