// kiosk: the self-service terminal program. The only place that wires concrete classes together: main() starts
// each part in turn (kiosk/app/*, a part a file), runs the frame loop, and stops them in reverse.
#include <sodium.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

#include "kiosk/app/active_config.h"
#include "kiosk/app/answer_mailbox.h"
#include "kiosk/app/central_link.h"
#include "kiosk/app/device_set.h"
#include "kiosk/app/display.h"
#include "kiosk/app/frame_loop.h"
#include "kiosk/app/lettering.h"
#include "kiosk/app/options.h"
#include "kiosk/app/page_worker.h"
#include "kiosk/app/printing.h"
#include "kiosk/app/wake.h"
#include "kiosk/config_boot.h"
#include "kiosk/device_config.h"
#include "kiosk/event_queue.h"
#include "kiosk/i18n.h"
#include "kiosk/log.h"
#include "kiosk/services/service_mode/service_mode.h"
#include "kiosk/script.h"
#include "kiosk/store.h"
#include "kiosk/terminal.h"
#include "platform/font_locator.h"
#include "platform/log_sinks.h"
#include "platform/paths.h"
#include "platform/signals.h"

namespace {

using namespace ow;

int fail(const std::string& what) {
    core::log(core::Level::error, "startup.failed", {{"reason", what}});
    std::fprintf(stderr, "kiosk: %s\n", what.c_str());
    return 2;
}

// Devices: --devices, else DATA/devices.json, else the installed /etc/onewindow/devices.json names real ones; a class
// none names is simulated.
core::Result<core::DeviceConfig> deviceConfig(app::Options& opt) {
    for (const std::string& path : {opt.dataDir + "/devices.json", std::string("/etc/onewindow/devices.json")})
        if (opt.devicesPath.empty() && std::ifstream(path).good()) opt.devicesPath = path;
    if (opt.devicesPath.empty()) return core::DeviceConfig{};
    auto text = core::readFile(opt.devicesPath);
    if (!text) return core::Error{text.error()};
    auto parsed = core::parseDeviceConfig(*text);
    if (!parsed) return core::Error{opt.devicesPath + ": " + parsed.error()};
    return *parsed;
}

core::Result<std::vector<core::ScriptStep>> script(app::Options& opt) {
    if (opt.scriptPath.empty()) return std::vector<core::ScriptStep>{};
    auto text = core::readFile(opt.scriptPath);
    if (!text) return core::Error{text.error()};
    auto parsed = core::parseScript(*text);
    if (!parsed) return core::Error{parsed.error()};
    if (opt.screenshotDir.empty()) opt.screenshotDir = opt.dataDir + "/screenshots";
    platform::makeDirs(opt.screenshotDir);
    return std::move(*parsed);
}

}  // namespace

int main(int argc, char** argv) {
    app::Options opt;
    if (!app::parseArgs(argc, argv, opt)) {
        std::fputs(app::kUsage, stderr);
        return 2;
    }
    if (sodium_init() < 0) {
        std::fputs("kiosk: libsodium failed to start\n", stderr);
        return 2;
    }
    if (!app::resolveDefaults(opt)) {
        std::fprintf(stderr, "kiosk: cannot create the data folder %s\n", opt.dataDir.c_str());
        return 2;
    }
    core::setLogSink(platform::makeLogSink(opt.logFile.empty() ? opt.dataDir + "/kiosk.log" : opt.logFile,
                                           !opt.logFile.empty()));
    // Signals first, so every later thread inherits the blocked mask; SIGTERM shuts down cleanly. Tests of the
    // systemd watchdog (ONEWINDOW_TEST_STALL=1) stop the UI loop with SIGUSR2, as a hang would.
    const char* stall = std::getenv("ONEWINDOW_TEST_STALL");
    platform::watchTerminationSignals(
        [](int sig) {
            app::gSignal = sig;
            app::wakeUi();
        },
        stall && std::string(stall) == "1" ? SIGUSR2 : 0);

    // The store and the configuration it boots.
    auto strings = core::Strings::load(opt.assetsDir);
    if (!strings) return fail(strings.error());
    auto store = core::Store::open(opt.dataDir + "/kiosk.db");
    if (!store) return fail(store.error());
    auto boot = core::bootConfig(*store, opt.bundlePath);
    if (!boot) return fail(boot.error());
    for (const auto& p : boot->problems) core::log(core::Level::warning, "config.problem", {{"detail", p}});
    core::log(core::Level::info, "config.active",
              {{"version", std::to_string(boot->bundle.version)}, {"source", boot->source}});
    auto devices = deviceConfig(opt);
    if (!devices) return fail(devices.error());

    // The terminal's own key (never sent anywhere): it seals the outbox and the print journal.
    auto dataKey = core::loadOrCreateDataKey(opt.dataDir + "/data.key");
    if (!dataKey) return fail(dataKey.error());

    // Central: enrolled once with the token; it syncs in the background once the UI can be woken.
    auto answers = std::make_shared<app::AnswerMailbox>();
    auto central = app::CentralLink::connect(opt, *store, *dataKey, answers);
    if (!central) return fail(central.error());
    auto steps = script(opt);
    if (!steps) return fail(steps.error());
    auto fonts = platform::findUiFonts();
    if (!fonts) return fail(fonts.error());

    // The terminal, and the pinyin engine of its screen keyboard. The engine is never told what was chosen, so it
    // learns nothing of what people type; its user dictionary stays empty.
    core::Terminal terminal(std::move(*strings), std::move(boot->bundle));
    if (auto locked = store->setting(core::service_mode::ServiceMode::kLockSetting))  // too many wrong PINs before a restart
        terminal.service<core::service_mode::ServiceMode>().restoreLock(std::atoll(locked->c_str()));
    std::unique_ptr<core::PinyinInput> pinyin;
    if (auto engine = core::PinyinInput::open(opt.dataDir + "/pinyin-user.dat")) {
        pinyin = std::move(*engine);
        terminal.setPinyin(pinyin.get());
    } else {
        core::log(core::Level::warning, "pinyin.unavailable", {{"reason", engine.error()}});
    }

    terminal.setStaffIssuers((*central)->configKeys());  // staff codes are signed as configuration is
    (*central)->setLogFile(opt.logFile.empty() ? opt.dataDir + "/kiosk.log" : opt.logFile);
    (*central)->setDevicesInUse(core::describeDevices(*devices));

    // The window, and spoken prompts.
    auto window = app::openDisplay(opt);
    if (!window) return fail(window.error());
    auto voice = app::startVoice();

    // Devices: their workers post into this queue from their threads; each post wakes the UI loop.
    core::EventQueue deviceEvents(app::wakeUi);
    auto deviceSet = app::DeviceSet::start(*devices, opt.dataDir, opt.assetsDir, deviceEvents.sink());
    if (!deviceSet) return fail(deviceSet.error());
    app::Printing printing(*store, **deviceSet, *dataKey);
    printing.resumeUnfinished();

    // Lettering, then the configuration on screen (a bundle received earlier, if healthy), then central's sync.
    app::Lettering lettering(**window);
    if (auto st = lettering.open(*fonts, terminal); !st) return fail(st.error());
    app::ActiveConfig config(*store, terminal, lettering, **central);
    config.adopt();
    (*central)->start(terminal);

    int exitCode;
    {
        app::PageWorker camera((*deviceSet)->documentCamera(), answers, deviceEvents.sink());
        app::Parts parts{opt, terminal, **window, lettering, deviceEvents, **deviceSet, printing, **central, config,
                         camera, *answers, voice.get()};
        exitCode = app::runFrameLoop(parts, std::move(*steps));
        (*central)->stop();
    }  // the camera's worker is stopped and joined before the devices go away

    voice.reset();
    deviceSet->reset();
    terminal.endSession(core::SessionEnd::shutdown);
    core::log(core::Level::info, "kiosk.stop", {{"exit_code", std::to_string(exitCode)}});
    app::closeDisplay(*window);
    return exitCode;
}
