// Where the kiosk keeps its data and finds its assets on this machine.
#pragma once

#include <string>

namespace ow::platform {

/** /var/lib/onewindow when installed (it exists and is writable), else $XDG_STATE_HOME/onewindow or ~/.local/state/onewindow. */
std::string defaultDataDir();
/** The assets folder: the source tree's for a development build (the link `assets` beside the program), PREFIX/share/
    onewindow when installed as PREFIX/bin/kiosk; else /usr/share/onewindow. */
std::string defaultAssetsDir();
/** Creates a directory and its parents (mode 0700 for the last). Returns false when it cannot. */
bool makeDirs(const std::string& path);

}  // namespace ow::platform
