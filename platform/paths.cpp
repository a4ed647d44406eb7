// Where the kiosk keeps its data and finds its assets.
#include "platform/paths.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace ow::platform {

std::string defaultDataDir() {
    if (access("/var/lib/onewindow", W_OK) == 0) return "/var/lib/onewindow";
    if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg) return std::string(xdg) + "/onewindow";
    const char* home = std::getenv("HOME");
    return std::string(home && *home ? home : "/tmp") + "/.local/state/onewindow";
}

std::string defaultAssetsDir() {
#ifdef OW_ASSETS_DIR
    if (std::filesystem::exists(OW_ASSETS_DIR "/lang/zh-CN.json")) return OW_ASSETS_DIR;
#endif
    return "/usr/share/onewindow";
}

bool makeDirs(const std::string& path) {
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec) return false;
    chmod(path.c_str(), 0700);
    return true;
}

}  // namespace ow::platform
