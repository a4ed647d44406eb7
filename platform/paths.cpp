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

// Found beside the running program, so no path of the machine it was built on is compiled in: a development build
// has a link `assets` to the source tree's next to the program (made by CMake), an installed one PREFIX/bin/kiosk
// has PREFIX/share/onewindow.
std::string defaultAssetsDir() {
    std::error_code ec;
    const auto exeDir = std::filesystem::read_symlink("/proc/self/exe", ec).parent_path();
    if (!ec)
        for (const auto& dir : {exeDir / "assets", exeDir.parent_path() / "share" / "onewindow"})
            if (std::filesystem::exists(dir / "lang" / "zh-CN.json")) return dir.string();
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
