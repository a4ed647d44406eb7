// A tolerance commitment for the demo's individual business registration, signed with a scribble, for tests.
#pragma once

#include "kiosk/config_boot.h"
#include "kiosk/guide_notice.h"
#include "test_paths.h"

namespace ow::test {

/** A signature-like scribble: three strokes across the pad. */
inline core::Signature scribble() {
    core::Signature s;
    s.strokes.push_back({{0.10f, 0.60f}, {0.20f, 0.20f}, {0.30f, 0.70f}, {0.40f, 0.30f}});
    s.strokes.push_back({{0.45f, 0.50f}, {0.60f, 0.40f}, {0.75f, 0.55f}});
    s.strokes.push_back({{0.80f, 0.20f}, {0.85f, 0.80f}});
    return s;
}

inline core::Document demoCommitment() {
    auto strings = core::Strings::load(assetsDir());
    auto bundle = core::parseBundle(*core::readFile(assetsDir() + "/bundles/demo.json"));
    for (const auto& m : bundle->matters)
        if (m.code == "310118-DJ-001")
            return core::toleranceCommitment(m, *bundle, *strings, core::Lang::zhCN, 1795399200,
                                             {"欧阳䶮", "110105********002X"}, {2, 3}, "2026-11-24", scribble());
    return {};
}

}  // namespace ow::test
