// The kiosk's command line.
#pragma once

#include <string>

#include "platform/window.h"

namespace ow::app {

struct Options {
    platform::WindowOptions window;
    std::string dataDir;
    std::string assetsDir;
    std::string bundlePath;
    std::string scriptPath;
    std::string screenshotDir;
    std::string logFile;
    std::string devicesPath;
    std::string centralUrl;   // http://HOST:PORT of kiosk-central
    std::string enrollToken;  // one-time token from kioskctl, spent on the first start
    std::string centralCa;    // PEM of the CA to pin for https://
    std::string trustedKeys;  // public keys that may sign configuration bundles
    int heartbeatS = 60;
    bool reportFirstFrame = false;
    bool quitAfterFirstFrame = false;
    bool soak = false;  // tests: while a script plays, frames are built unpaced and not rasterised
};

extern const char* const kUsage;
/** Reads the arguments into `o`; false when one is unknown or lacks its value. */
bool parseArgs(int argc, char** argv, Options& o);
/** The installed folders where none were given; the data folder is made if it is not there (false: it cannot be). */
bool resolveDefaults(Options& o);

}  // namespace ow::app
