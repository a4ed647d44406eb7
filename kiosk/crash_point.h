// Crash points for tests of crash safety: when the environment variable OW_CRASH_AT names a point, the
// process kills itself there with SIGKILL, as a power cut would. Nothing happens otherwise.
#pragma once

#include <csignal>
#include <cstdlib>
#include <cstring>

namespace ow::core {

inline void crashPoint(const char* name) {
    const char* at = std::getenv("OW_CRASH_AT");
    if (at && std::strcmp(at, name) == 0) std::raise(SIGKILL);
}

}  // namespace ow::core
