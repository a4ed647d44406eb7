// The kiosk's command line: what it says and how it is read.
#include "kiosk/app/options.h"

#include <cstdio>
#include <cstdlib>

#include "platform/paths.h"

namespace ow::app {

const char* const kUsage =
    "usage: kiosk [--windowed WxH] [--data DIR] [--assets DIR] [--bundle FILE]\n"
    "             [--devices FILE] [--script FILE --screenshot-dir DIR] [--log-file FILE]\n"
    "             [--central http(s)://HOST:PORT [--central-ca CA.pem] [--enroll-token TOKEN]\n"
    "              [--trusted-keys FILE] [--heartbeat SECONDS]]\n"
    "             [--report-first-frame] [--quit-after-first-frame] [--soak]\n";

bool parseArgs(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&](std::string& out) {
            if (i + 1 >= argc) return false;
            out = argv[++i];
            return true;
        };
        std::string v;
        if (a == "--windowed") {
            if (!next(v) || std::sscanf(v.c_str(), "%dx%d", &o.window.width, &o.window.height) != 2 ||
                o.window.width < 320 || o.window.height < 240)
                return false;
            o.window.windowed = true;
        } else if (a == "--data") {
            if (!next(o.dataDir)) return false;
        } else if (a == "--assets") {
            if (!next(o.assetsDir)) return false;
        } else if (a == "--bundle") {
            if (!next(o.bundlePath)) return false;
        } else if (a == "--script") {
            if (!next(o.scriptPath)) return false;
        } else if (a == "--screenshot-dir") {
            if (!next(o.screenshotDir)) return false;
        } else if (a == "--log-file") {
            if (!next(o.logFile)) return false;
        } else if (a == "--devices") {
            if (!next(o.devicesPath)) return false;
        } else if (a == "--central") {
            if (!next(o.centralUrl)) return false;
        } else if (a == "--enroll-token") {
            if (!next(o.enrollToken)) return false;
        } else if (a == "--central-ca") {
            if (!next(o.centralCa)) return false;
        } else if (a == "--trusted-keys") {
            if (!next(o.trustedKeys)) return false;
        } else if (a == "--heartbeat") {
            if (!next(v) || (o.heartbeatS = std::atoi(v.c_str())) < 5) return false;
        } else if (a == "--report-first-frame") {
            o.reportFirstFrame = true;
        } else if (a == "--quit-after-first-frame") {
            o.quitAfterFirstFrame = o.reportFirstFrame = true;
        } else if (a == "--soak") {
            o.soak = true;
        } else {
            return false;
        }
    }
    return true;
}

bool resolveDefaults(Options& o) {
    if (o.dataDir.empty()) o.dataDir = platform::defaultDataDir();
    if (o.assetsDir.empty()) o.assetsDir = platform::defaultAssetsDir();
    if (o.bundlePath.empty()) o.bundlePath = o.assetsDir + "/bundles/demo.json";
    return platform::makeDirs(o.dataDir);
}

}  // namespace ow::app
