// kiosk: the self-service terminal program. The only place that wires concrete classes together.
#include <SDL.h>
#include <stb/stb_image.h>
#include <backends/imgui_impl_sdl.h>
#include <signal.h>
#include <unistd.h>
#include <imgui.h>
#include <imgui_internal.h>
#include <malloc.h>
#include <sodium.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <nlohmann/json.hpp>
#include <string>

#include "kiosk/app/device_set.h"
#include "kiosk/app/script_player.h"
#include "kiosk/bundle_update.h"
#include "kiosk/config_boot.h"
#include "drivers/docprinter/pdf.h"
#include "drivers/receipt/protocol.h"
#include "kiosk/device_config.h"
#include "kiosk/document.h"
#include "kiosk/presubmission.h"
#include "drivers/camera/v4l2.h"
#include "kiosk/event_queue.h"
#include "kiosk/glyph_set.h"
#include "kiosk/i18n.h"
#include "kiosk/log.h"
#include "kiosk/script.h"
#include "kiosk/store.h"
#include "kiosk/sync/sync_client.h"
#include "kiosk/terminal.h"
#include "kiosk/utf8.h"
#include "platform/font_locator.h"
#include "platform/log_sinks.h"
#include "platform/paths.h"
#include "platform/signals.h"
#include "platform/voice.h"
#include "platform/watchdog.h"
#include "platform/window.h"
#include "screens/font_atlas.h"
#include "screens/frame.h"

namespace {

using namespace ow;

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
};

const char* kUsage =
    "usage: kiosk [--windowed WxH] [--data DIR] [--assets DIR] [--bundle FILE]\n"
    "             [--devices FILE] [--script FILE --screenshot-dir DIR] [--log-file FILE]\n"
    "             [--central http(s)://HOST:PORT [--central-ca CA.pem] [--enroll-token TOKEN]\n"
    "              [--trusted-keys FILE] [--heartbeat SECONDS]]\n"
    "             [--report-first-frame] [--quit-after-first-frame]\n";

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
        } else {
            return false;
        }
    }
    return true;
}

int64_t steadyMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

// The custom SDL event that wakes the loop from other threads (signals now; device and sync workers later).
Uint32 gWakeEvent = 0;
std::atomic<int> gSignal{0};

// Clears what ImGui kept of the session: text being edited and widget state (the core wipes its own).
void wipeUiState() {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    ImGui::ClearActiveID();
    auto& st = g.InputTextState;
    if (!st.TextW.empty()) sodium_memzero(st.TextW.Data, static_cast<size_t>(st.TextW.Size) * sizeof(ImWchar));
    if (!st.TextA.empty()) sodium_memzero(st.TextA.Data, static_cast<size_t>(st.TextA.Size));
    if (!st.InitialTextA.empty()) sodium_memzero(st.InitialTextA.Data, static_cast<size_t>(st.InitialTextA.Size));
    st.ClearFreeMemory();
    g.InputTextState.ID = 0;
}

const char* screenName(core::ScreenId id) {
    static const char* kScreens[] = {"attract", "home",     "not_built", "case_lookup", "progress",  "guides",    "guide",
                                     "presubmit", "form", "materials", "confirm",   "commitment", "incomplete", "submitted"};
    return kScreens[static_cast<int>(id)];
}

nlohmann::json traceJson(const core::Terminal& t, const screens::Ui& ui, const screens::FontAtlas& fonts, int w,
                         int h, int64_t nowMs) {
    nlohmann::json items = nlohmann::json::array();
    std::vector<char32_t> cps;
    int missing = 0;
    for (const auto& it : ui.trace()) {
        items.push_back({{"kind", it.kind}, {"key", it.key}, {"text", it.text},
                         {"rect", {it.min.x, it.min.y, it.max.x, it.max.y}},
                         {"visible", {it.visibleMin.x, it.visibleMin.y, it.visibleMax.x, it.visibleMax.y}}});
        cps.clear();
        core::decodeUtf8(it.text, cps);
        for (char32_t c : cps)
            if (c >= 0x20 && c < 0x10000 && !fonts.body()->FindGlyphNoFallback(static_cast<ImWchar>(c))) ++missing;
    }
    return {{"screen", screenName(t.screen())},
            {"voice", t.voiceOn()},
            {"lang", core::langCode(t.lang())},
            {"scale", core::scaleCode(t.scale())},
            {"em", ui.em()},
            {"heading_px", ui.metrics().heading},
            {"body_pt", ui.metrics().bodyPt()},
            {"heading_pt", ui.metrics().headingPt()},
            {"target_px", ui.metrics().target},
            {"countdown", t.countdownSeconds(nowMs)},
            {"session", t.session().active()},
            {"window", {w, h}},
            {"atlas", {fonts.width(), fonts.height()}},
            {"missing_glyphs", missing},
            {"items", items}};
}

}  // namespace

int main(int argc, char** argv) {
    Options opt;
    if (!parseArgs(argc, argv, opt)) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    if (sodium_init() < 0) {
        std::fputs("kiosk: libsodium failed to start\n", stderr);
        return 2;
    }
    if (opt.dataDir.empty()) opt.dataDir = platform::defaultDataDir();
    if (opt.assetsDir.empty()) opt.assetsDir = platform::defaultAssetsDir();
    if (opt.bundlePath.empty()) opt.bundlePath = opt.assetsDir + "/bundles/demo.json";
    if (!platform::makeDirs(opt.dataDir)) {
        std::fprintf(stderr, "kiosk: cannot create the data folder %s\n", opt.dataDir.c_str());
        return 2;
    }
    core::setLogSink(platform::makeLogSink(opt.logFile.empty() ? opt.dataDir + "/kiosk.log" : opt.logFile,
                                           !opt.logFile.empty()));
    auto fail = [](const std::string& what) {
        core::log(core::Level::error, "startup.failed", {{"reason", what}});
        std::fprintf(stderr, "kiosk: %s\n", what.c_str());
        return 2;
    };

    // Signals first, so every later thread inherits the blocked mask; SIGTERM shuts down cleanly.
    platform::watchTerminationSignals([](int sig) {
        gSignal = sig;
        SDL_Event e{};
        e.type = gWakeEvent;
        SDL_PushEvent(&e);
    });

    auto strings = core::Strings::load(opt.assetsDir);
    if (!strings) return fail(strings.error());
    auto store = core::Store::open(opt.dataDir + "/kiosk.db");
    if (!store) return fail(store.error());
    auto boot = core::bootConfig(*store, opt.bundlePath);
    if (!boot) return fail(boot.error());
    for (const auto& p : boot->problems) core::log(core::Level::warning, "config.problem", {{"detail", p}});
    core::log(core::Level::info, "config.active",
              {{"version", std::to_string(boot->bundle.version)}, {"source", boot->source}});

    // Devices: DATA/devices.json (or --devices) names real ones; a class it does not name is simulated.
    core::DeviceConfig devices;
    if (opt.devicesPath.empty() && std::ifstream(opt.dataDir + "/devices.json").good())
        opt.devicesPath = opt.dataDir + "/devices.json";
    if (!opt.devicesPath.empty()) {
        auto text = core::readFile(opt.devicesPath);
        if (!text) return fail(text.error());
        auto parsed = core::parseDeviceConfig(*text);
        if (!parsed) return fail(opt.devicesPath + ": " + parsed.error());
        devices = *parsed;
    }

    // Central: enrol once with the token, then sync in the background (started once the UI can be woken).
    std::optional<core::Credentials> credentials;
    std::optional<core::ReceiptSigner> receiptSigner;
    std::unique_ptr<core::SyncWorker> sync;
    std::atomic<bool> bundleArrived{false};
    if (!opt.centralUrl.empty()) {
        const core::CentralEndpoint central{opt.centralUrl, opt.centralCa};
        const std::string credPath = opt.dataDir + "/credentials.json";
        auto creds = core::loadCredentials(credPath);
        if (!creds && !opt.enrollToken.empty()) {
            creds = core::enroll(central, opt.enrollToken);
            if (!creds) return fail(creds.error());
            if (auto st = core::saveCredentials(credPath, *creds); !st) return fail(st.error());
            core::log(core::Level::info, "central.enrolled", {{"kiosk", creds->kioskId}});
        }
        // Keys that may sign configuration: --trusted-keys, else DATA/trusted-keys.json, else the installed file.
        if (opt.trustedKeys.empty())
            opt.trustedKeys = std::ifstream(opt.dataDir + "/trusted-keys.json").good() ? opt.dataDir + "/trusted-keys.json"
                                                                                       : "/etc/onewindow/trusted-keys.json";
        core::TrustedKeys keys;
        if (auto text = core::readFile(opt.trustedKeys)) {
            auto parsed = core::parseTrustedKeys(*text);
            if (!parsed) return fail(opt.trustedKeys + ": " + parsed.error());
            keys = *parsed;
        } else {
            core::log(core::Level::warning, "bundle.no_trusted_keys", {{"path", opt.trustedKeys}});
        }
        if (creds) {
            credentials = *creds;
            // The key the QR codes on this terminal's receipts are signed with (central learns it with each case).
            auto signer = core::loadOrCreateReceiptSigner(opt.dataDir + "/receipt-key.json", creds->kioskId);
            if (!signer) return fail(signer.error());
            receiptSigner = *signer;
            core::SyncOptions so{opt.dataDir + "/kiosk.db", central, *creds, keys, opt.heartbeatS, 300, {}};
            so.onBundle = [&bundleArrived](int64_t) {
                bundleArrived = true;
                SDL_Event e{};
                e.type = gWakeEvent;
                SDL_PushEvent(&e);
            };
            sync = std::make_unique<core::SyncWorker>(std::move(so));
        } else {
            core::log(core::Level::warning, "central.not_enrolled", {{"reason", creds.error()}});
        }
    }

    std::vector<core::ScriptStep> steps;
    if (!opt.scriptPath.empty()) {
        auto text = core::readFile(opt.scriptPath);
        if (!text) return fail(text.error());
        auto parsed = core::parseScript(*text);
        if (!parsed) return fail(parsed.error());
        steps = std::move(*parsed);
        if (opt.screenshotDir.empty()) opt.screenshotDir = opt.dataDir + "/screenshots";
        platform::makeDirs(opt.screenshotDir);
    }

    auto fonts = platform::findUiFonts();
    if (!fonts) return fail(fonts.error());

    core::Terminal terminal(std::move(*strings), std::move(boot->bundle));
    // The pinyin engine for the screen keyboard. It is never told what was chosen, so it learns nothing of
    // what people type; its user dictionary stays empty.
    std::unique_ptr<core::PinyinInput> pinyin;
    if (auto engine = core::PinyinInput::open(opt.dataDir + "/pinyin-user.dat")) {
        pinyin = std::move(*engine);
        terminal.setPinyin(pinyin.get());
    } else {
        core::log(core::Level::warning, "pinyin.unavailable", {{"reason", engine.error()}});
    }
    // What the heartbeat tells central: versions and every device's state and suggested action.
    auto publishState = [&] {
        nlohmann::json devices = nlohmann::json::array();
        for (const auto& [name, st] : terminal.devices())
            devices.push_back({{"device", name}, {"state", drivers::stateCode(st.state)},
                               {"action", drivers::actionCode(st.action)}, {"detail", st.detail}});
        sync->setState("onewindow-kiosk 0.1.0", terminal.bundle().version, devices.dump());
    };

    IMGUI_CHECKVERSION();
    screens::useMappedFontsWithoutCopies();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // nothing of the UI is written to disk
    io.LogFilename = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
    ImGui::GetStyle().AntiAliasedFill = true;

    auto window = platform::Window::open(opt.window);
    if (!window) return fail(window.error());
    gWakeEvent = SDL_RegisterEvents(1);
    platform::Window& win = **window;
    // Spoken prompts (espeak-ng); without a sound device they are synthesized and logged, not heard.
    std::unique_ptr<platform::Voice> voice;
    if (auto v = platform::Voice::start()) {
        voice = std::move(*v);
        core::log(core::Level::info, "voice.ready", {{"audio", voice->hasAudio() ? "yes" : "no"}});
    } else {
        core::log(core::Level::warning, "voice.unavailable", {{"reason", v.error()}});
    }
    std::string spoken;  // what was last said, with its language: a prompt is said once per change

    // Device workers post into this queue from their threads; each post wakes the UI loop.
    core::EventQueue deviceEvents([] {
        SDL_Event e{};
        e.type = gWakeEvent;
        SDL_PushEvent(&e);
    });
    auto deviceSet = app::DeviceSet::start(devices, opt.dataDir, opt.assetsDir, deviceEvents.sink());
    if (!deviceSet) return fail(deviceSet.error());
    if ((*deviceSet)->documentCamera())
        terminal.onDevice(drivers::DeviceStatusChanged{"document_camera", drivers::DeviceState::online, drivers::SuggestedAction::none, ""},
                          steadyMs());
    // Receipts journalled but not printed before a stop (power cut, crash) are printed now.
    for (auto& job : store->unfinishedPrintJobs("receipt")) {
        core::log(core::Level::info, "print.resume", {{"job", std::to_string(job.id)}, {"was", job.state}});
        (*deviceSet)->printReceipt(job.id, std::move(job.data));
    }
    for (auto& job : store->unfinishedPrintJobs("a4")) {
        core::log(core::Level::info, "print.resume", {{"job", std::to_string(job.id)}, {"was", job.state}});
        (*deviceSet)->printA4(job.id, std::move(job.data), job.document);
    }
    // Journal first, then the printer: a receipt the screen promised is never lost.
    auto printReceipt = [&](const core::Document& doc) {
        const auto bytes = drivers::receipt::renderDocument(doc);
        auto id = store->addPrintJob("receipt", doc.kind, bytes);
        if (!id) {
            core::log(core::Level::error, "print.journal_failed", {{"reason", id.error()}});
            return;
        }
        (*deviceSet)->printReceipt(*id, bytes);
    };

    // A4: the same journal first, then CUPS.
    auto printA4 = [&](const core::Document& doc) {
        auto pdf = drivers::docprinter::renderPdf(doc);
        auto id = store->addPrintJob("a4", doc.kind, pdf);
        if (!id) {
            core::log(core::Level::error, "print.journal_failed", {{"reason", id.error()}});
            return;
        }
        (*deviceSet)->printA4(*id, std::move(pdf), doc.kind);
    };

    screens::FontAtlas atlas;
    {
        auto regular = screens::mapFont(fonts->regular.path, fonts->regular.index);
        auto bold = screens::mapFont(fonts->bold.path, fonts->bold.index);
        auto fallback = screens::mapFont(fonts->fallback.path, fonts->fallback.index);
        for (const auto* r : {&regular, &bold, &fallback})
            if (!*r) return fail(r->error());
        if (auto st = atlas.open(*regular, *bold, *fallback); !st) return fail(st.error());
    }
    // Characters wanted at body size (every text the configuration can show) and at heading size (UI strings).
    core::GlyphSet bodyGlyphs, headingGlyphs;
    for (auto s : terminal.knownTexts()) bodyGlyphs.add(s);
    for (auto s : terminal.headingTexts()) headingGlyphs.add(s);
    core::TextScale builtScale = terminal.scale();
    int builtHeight = win.height();
    auto rebuildAtlas = [&] {
        builtScale = terminal.scale();
        builtHeight = win.height();
        if (auto st = atlas.build(core::scaleMetrics(builtScale, builtHeight), bodyGlyphs, headingGlyphs); !st)
            return st;
        win.recreateFontTexture();
        atlas.releasePixels();
        malloc_trim(0);  // the atlas pixels just freed go back to the system, not to a fat idle heap
        core::log(core::Level::info, "fonts.atlas",
                  {{"scale", core::scaleCode(builtScale)}, {"glyphs", std::to_string(bodyGlyphs.size())},
                   {"size", std::to_string(atlas.width()) + "x" + std::to_string(atlas.height())}});
        return core::okStatus();
    };
    if (auto st = rebuildAtlas(); !st) return fail(st.error());
    const auto upload = [&](int x, int y, int w, int h, const uint32_t* px) { win.updateFontTexture(x, y, w, h, px); };
    // Characters met since the last frame go into the atlas before the next one is drawn.
    auto growAtlas = [&] {
        if (atlas.grow(bodyGlyphs, headingGlyphs, upload) == screens::FontAtlas::Growth::rebuilt) {
            win.recreateFontTexture();
            atlas.releasePixels();
        }
    };

    // A configuration must be drawable before it goes on screen: every text in some font, a catalogue for the
    // home screen. A newly received bundle that fails this is rolled back to the last good one, and reported.
    auto bundleHealth = [&](const core::Bundle& b) -> std::string {
        if (b.matters.empty()) return "the catalogue has no matters, so the home screen would be empty";
        for (auto text : b.texts())
            if (auto missing = atlas.missing(text); !missing.empty()) {
                char cp[16];
                std::snprintf(cp, sizeof cp, "U+%04X", static_cast<unsigned>(missing.front()));
                return std::string("no font has the character ") + cp + " (in \"" + std::string(text.substr(0, 60)) + "\")";
            }
        return "";
    };
    int64_t healthyVersion = -1;
    auto adoptActiveBundle = [&] {
        for (int attempt = 0; attempt < 2; ++attempt) {
            auto row = store->activeBundle();
            if (!row || row->version == healthyVersion) return;
            auto parsed = core::parseBundle(row->body);
            const std::string why = parsed ? bundleHealth(*parsed) : parsed.error();
            if (why.empty()) {
                healthyVersion = row->version;
                if (terminal.bundle().version != row->version) {
                    for (auto t : parsed->texts()) bodyGlyphs.add(t);
                    terminal.setBundle(std::move(*parsed));
                    core::log(core::Level::info, "config.active", {{"version", std::to_string(row->version)}, {"source", "central"}});
                    if (sync) {
                        publishState();
                        sync->heartbeatSoon();
                    }
                }
                return;
            }
            core::log(core::Level::error, "bundle.health_failed", {{"version", std::to_string(row->version)}, {"reason", why}});
            if (auto st = core::rollBackFailedBundle(*store, row->version, why, std::time(nullptr)); !st) {
                core::log(core::Level::error, "bundle.rollback_failed", {{"reason", st.error()}});
                healthyVersion = row->version;  // nothing to go back to: keep what is on screen
                return;
            }
            if (sync) sync->heartbeatSoon();  // central hears of the rollback now
        }
    };
    adoptActiveBundle();
    if (sync) {
        publishState();
        sync->start();
    }

    // Questions to central about cases are asked off the UI thread; answers come back through this mailbox.
    // The threads are detached and share only the mailbox, so a slow central never holds up a shutdown.
    struct CaseMailbox {
        std::mutex mutex;
        std::vector<std::pair<uint64_t, core::CaseAnswer>> answers;
    };
    auto caseMailbox = std::make_shared<CaseMailbox>();
    auto askCentral = [&](uint64_t ticket, core::CaseQuestion question) {
        if (!credentials) {
            core::CaseAnswer offline;
            offline.detail = "this terminal is not enrolled with central";
            terminal.onCaseAnswer(ticket, std::move(offline));
            question.wipe();
            return;
        }
        std::thread([mailbox = caseMailbox, central = core::CentralEndpoint{opt.centralUrl, opt.centralCa},
                     creds = *credentials, ticket, question = std::move(question)]() mutable {
            auto answer = core::queryCases(central, creds, question);
            question.wipe();
            {
                std::lock_guard lock(mailbox->mutex);
                mailbox->answers.emplace_back(ticket, std::move(answer));
            }
            SDL_Event e{};
            e.type = gWakeEvent;
            SDL_PushEvent(&e);
        }).detach();
    };

    // Pages from the document camera are taken on one worker thread, in order (a real camera may take a second
    // or two); the UI keeps drawing. Each page comes back with its request's ticket; the worker is stopped and
    // joined before the devices go away.
    struct PageWorker {
        std::mutex mutex;
        std::condition_variable wanted;
        std::deque<core::CaptureRequest> requests;
        std::vector<std::tuple<uint64_t, int, core::Result<core::CapturedPage>>> pages;
        bool stop = false;
    };
    auto pageWorker = std::make_shared<PageWorker>();
    std::thread captureThread([worker = pageWorker, camera = (*deviceSet)->documentCamera()] {
        for (;;) {
            core::CaptureRequest request;
            {
                std::unique_lock lock(worker->mutex);
                worker->wanted.wait(lock, [&] { return worker->stop || !worker->requests.empty(); });
                if (worker->stop) return;
                request = worker->requests.front();
                worker->requests.pop_front();
            }
            core::Result<core::CapturedPage> page = core::Error{"this terminal has no document camera"};
            if (camera) {
                auto picture = camera->capturePage();
                if (!picture) {
                    page = core::Error{picture.error()};
                } else {
                    core::CapturedPage out;
                    out.jpeg = drivers::camera::encodePageJpeg(*picture, 1600, out.width, out.height);
                    sodium_memzero(picture->rgb.data(), picture->rgb.size());
                    if (out.jpeg.size() > ow::protocol::kMaxPageBytes) page = core::Error{"the page image is too large to send"};
                    else page = std::move(out);
                }
            }
            {
                std::lock_guard lock(worker->mutex);
                worker->pages.emplace_back(request.ticket, request.material, std::move(page));
            }
            SDL_Event e{};
            e.type = gWakeEvent;
            SDL_PushEvent(&e);
        }
    });
    auto capturePage = [&](core::CaptureRequest request) {
        std::lock_guard lock(pageWorker->mutex);
        pageWorker->requests.push_back(request);
        pageWorker->wanted.notify_one();
    };
    // A submission goes into the outbox (durable: synchronous=FULL) before the screen may say "submitted".
    auto saveSubmission = [&](core::SubmissionRequest request) {
        if (!credentials || !receiptSigner) {
            terminal.onSubmitted(core::Error{"this terminal is not enrolled with central"}, "", false);
        } else {
            auto queued = core::queueSubmission(*store, core::outboxKey(*credentials), *receiptSigner, request, std::time(nullptr));
            const std::string qr = queued ? core::receiptCode(*receiptSigner, queued->receiptNo) : "";
            terminal.onSubmitted(std::move(queued), qr, sync && sync->centralReachable());
            if (sync) sync->nudge();
        }
        request.wipe();
    };

    // Thumbnails of the pages photographed, so the person sees each came out: made once per page from its
    // JPEG (at most 240 px high), gone with the page, the screen or the session (textures of a person's papers).
    std::map<int, std::pair<uint64_t, screens::Frame::Thumbnail>> thumbnails;
    auto refreshThumbnails = [&] {
        const auto pages = terminal.newestPages();
        for (auto it = thumbnails.begin(); it != thumbnails.end();) {
            auto p = pages.find(it->first);
            if (p != pages.end() && p->second->serial == it->second.first) {
                ++it;
                continue;
            }
            win.destroyImage(it->second.second.texture);
            it = thumbnails.erase(it);
        }
        for (const auto& [material, page] : pages) {
            if (thumbnails.count(material)) continue;
            int w = 0, h = 0, n = 0;
            unsigned char* px = stbi_load_from_memory(page->jpeg.data(), static_cast<int>(page->jpeg.size()), &w, &h, &n, 1);
            if (!px) continue;
            const int step = std::max(1, (h + 239) / 240);
            const int tw = std::max(1, w / step), th = std::max(1, h / step);
            std::vector<uint8_t> small(static_cast<size_t>(tw) * static_cast<size_t>(th));
            for (int y = 0; y < th; ++y)
                for (int x = 0; x < tw; ++x)
                    small[static_cast<size_t>(y) * tw + x] = px[static_cast<size_t>(y * step) * w + static_cast<size_t>(x * step)];
            sodium_memzero(px, static_cast<size_t>(w) * static_cast<size_t>(h));
            stbi_image_free(px);
            thumbnails[material] = {page->serial, {win.createImage(small.data(), tw, th), tw, th}};
            sodium_memzero(small.data(), small.size());
        }
    };

    screens::Ui ui(atlas, bodyGlyphs, headingGlyphs);
    int64_t clockOffset = 0;
    auto now = [&] { return steadyMs() + clockOffset; };
    bool running = true;
    int exitCode = 0;
    std::string pendingShot;

    app::ScriptHost host{
        [&](int64_t ms) { clockOffset += ms; },
        [&](const std::string& name, const std::string& arg, int line) {
            if (name == "card") {
                auto j = nlohmann::json::parse(arg, nullptr, false);
                if (!j.is_object()) {
                    std::fprintf(stderr, "kiosk: script line %d: card needs a JSON object\n", line);
                    return;
                }
                core::IdentityInput who{j.value("name", ""), j.value("id_number", ""), j.value("birth", ""),
                                        j.value("address", ""), j.value("phone", "")};
                bodyGlyphs.add(who.name);
                bodyGlyphs.add(who.address);
                terminal.identify(who, now());
            } else if (name == "receipt.print-test") {
                auto text = core::readFile(opt.assetsDir + "/documents/sample-receipt.json");
                auto doc = text ? core::parseDocument(*text) : core::Result<core::Document>(core::Error{text.error()});
                if (!doc)
                    std::fprintf(stderr, "kiosk: script line %d: %s\n", line, doc.error().c_str());
                else
                    printReceipt(*doc);
            } else if (name.find('.') != std::string::npos) {
                if (const std::string error = (*deviceSet)->simulate(name, arg); !error.empty())
                    std::fprintf(stderr, "kiosk: script line %d: %s\n", line, error.c_str());
            } else if (name == "close-request") {
                SDL_Event e{};
                e.type = SDL_QUIT;
                SDL_PushEvent(&e);
            } else if (name == "sigterm") {
                kill(getpid(), SIGTERM);
            } else {
                std::fprintf(stderr, "kiosk: script line %d: unknown event %s\n", line, name.c_str());
            }
        },
        [&](const std::string& name) { pendingShot = name; },
        [&](const std::string& key) {
            SDL_Event e{};
            e.type = SDL_KEYDOWN;
            const bool alt = key.rfind("alt+", 0) == 0;
            e.key.keysym.sym = SDL_GetKeyFromName(alt ? key.c_str() + 4 : key.c_str());
            e.key.keysym.mod = alt ? KMOD_LALT : KMOD_NONE;
            SDL_PushEvent(&e);
            e.type = SDL_KEYUP;
            SDL_PushEvent(&e);
        },
        [&] { running = false; },
    };
    app::ScriptPlayer player(std::move(steps), host);

    // Drawing policy: nothing is drawn while nothing changes; after input or an event, full rate for 2 s.
    constexpr int64_t kActiveMs = 2000, kFrameMs = 16;
    int64_t activeUntil = steadyMs() + kActiveMs;
    int64_t lastFrame = 0;
    uint64_t seenGeneration = terminal.sessionGeneration();
    bool firstFrame = true;
    bool idle = false;
    platform::Watchdog watchdog;
    core::log(core::Level::info, "kiosk.start", {{"hall", terminal.bundle().hallId}});

    while (running) {
        const int64_t real = steadyMs();
        int64_t timeout;
        if (player.running() || real < activeUntil) {
            timeout = std::max<int64_t>(0, kFrameMs - (real - lastFrame));
            idle = false;
        } else {
            timeout = terminal.msUntilChange(
                now(), std::chrono::system_clock::now().time_since_epoch() / std::chrono::milliseconds(1));
            if (!idle) {
                // Going idle (maybe for hours): hand memory freed while drawing back to the system.
                malloc_trim(0);
                idle = true;
            }
        }
        timeout = std::min(timeout, watchdog.msUntilDue(real));
        SDL_Event ev;
        bool gotEvent = SDL_WaitEventTimeout(&ev, static_cast<int>(std::min<int64_t>(timeout, 60000))) != 0;
        watchdog.service(steadyMs());
        while (gotEvent) {
            if (ev.type == gWakeEvent && gSignal != 0) {
                core::log(core::Level::info, "kiosk.signal", {{"signal", std::to_string(gSignal.load())}});
                running = false;
            } else if (ev.type == SDL_QUIT ||
                       (ev.type == SDL_WINDOWEVENT && ev.window.event == SDL_WINDOWEVENT_CLOSE)) {
                // Close requests (Alt+F4, a window manager) never take a citizen's terminal away.
                core::log(core::Level::info, "kiosk.close_ignored");
            } else {
                const bool input = ev.type == SDL_MOUSEBUTTONDOWN || ev.type == SDL_MOUSEBUTTONUP ||
                                   ev.type == SDL_MOUSEMOTION || ev.type == SDL_MOUSEWHEEL ||
                                   ev.type == SDL_KEYDOWN || ev.type == SDL_TEXTINPUT || ev.type == SDL_FINGERDOWN;
                // Escape and Alt+F4 reach no handler that quits; ImGui sees keys only for text entry.
                ImGui_ImplSDL2_ProcessEvent(&ev);
                if (input) terminal.activity(now());
            }
            activeUntil = steadyMs() + kActiveMs;
            gotEvent = SDL_PollEvent(&ev) != 0;
        }
        if (!running) break;

        for (const auto& event : deviceEvents.drain()) {
            if (const auto* card = std::get_if<drivers::IdCardPresented>(&event)) {
                bodyGlyphs.add(card->name);
                bodyGlyphs.add(card->address);
            }
            if (const auto* job = std::get_if<drivers::PrintJobUpdate>(&event))
                if (auto st = store->setPrintJobState(job->jobId, drivers::printStateCode(job->state)); !st)
                    core::log(core::Level::error, "print.journal_failed", {{"reason", st.error()}});
            terminal.onDevice(event, now());
            if (auto question = terminal.takeCaseQuestion()) askCentral(question->first, std::move(question->second));
            activeUntil = steadyMs() + kActiveMs;
            if (sync && std::holds_alternative<drivers::DeviceStatusChanged>(event)) publishState();
        }
        {
            std::vector<std::pair<uint64_t, core::CaseAnswer>> answers;
            {
                std::lock_guard lock(caseMailbox->mutex);
                answers.swap(caseMailbox->answers);
            }
            for (auto& [ticket, answer] : answers) {
                terminal.onCaseAnswer(ticket, std::move(answer));
                activeUntil = steadyMs() + kActiveMs;
            }
        }
        {
            std::vector<std::tuple<uint64_t, int, core::Result<core::CapturedPage>>> pages;
            {
                std::lock_guard lock(pageWorker->mutex);
                pages.swap(pageWorker->pages);
            }
            for (auto& [ticket, material, page] : pages) {
                terminal.onPageCaptured(ticket, material, std::move(page));
                activeUntil = steadyMs() + kActiveMs;
            }
        }
        terminal.tick(now());
        // A new configuration goes on screen between people, never in the middle of someone's session.
        if (bundleArrived && !terminal.session().active()) {
            bundleArrived = false;
            adoptActiveBundle();
            activeUntil = steadyMs() + kActiveMs;
        }
        if (terminal.sessionGeneration() != seenGeneration) {
            seenGeneration = terminal.sessionGeneration();
            // A session summary for central (how it ended; nothing personal), through the outbox.
            if (credentials) {
                const auto& ended = terminal.lastSessionEnd();
                const std::string payload = nlohmann::json{{"reason", ended.reason}, {"duration_s", ended.durationS}}.dump();
                auto seq = store->enqueueOutbox("session.summary", std::time(nullptr), payload, core::outboxKey(*credentials));
                if (!seq) core::log(core::Level::error, "outbox.failed", {{"reason", seq.error()}});
                else sync->nudge();
            }
            wipeUiState();
            activeUntil = steadyMs() + kActiveMs;
        }
        if (terminal.scale() != builtScale || win.height() != builtHeight) {
            if (auto st = rebuildAtlas(); !st) return fail(st.error());
        }

        // One frame; drawn again at once when it met characters the atlas lacked, so none shows as '?'.
        refreshThumbnails();
        screens::Frame frame{terminal, ui, std::time(nullptr), now(),
                             ImVec2(static_cast<float>(win.width()), static_cast<float>(win.height())), {}, {}};
        for (const auto& [material, thumb] : thumbnails) frame.thumbnails[material] = thumb.second;
        std::vector<core::Intent> intents;
        growAtlas();
        for (int attempt = 0; attempt < 3; ++attempt) {
            frame.intents.clear();
            win.newFrame();
            player.beforeFrame(steadyMs());
            ImGui::NewFrame();
            ui.beginFrame(core::scaleMetrics(terminal.scale(), win.height()));
            screens::drawFrame(frame);
            ImGui::Render();
            intents.insert(intents.end(), frame.intents.begin(), frame.intents.end());
            if (!ui.needsGlyphs()) break;
            growAtlas();
        }
        win.render();
        if (!pendingShot.empty()) {
            std::vector<uint8_t> px;
            int w, h;
            win.readPixels(px, w, h);
            const std::string base = opt.screenshotDir + "/" + pendingShot;
            platform::writePng(base + ".png", px, w, h);
            std::ofstream(base + ".json") << traceJson(terminal, ui, atlas, w, h, now()).dump(1) << "\n";
            pendingShot.clear();
        }
        win.present();
        lastFrame = steadyMs();
        if (firstFrame) {
            firstFrame = false;
            watchdog.ready();
            if (opt.reportFirstFrame) {
                timespec ts{};
                clock_gettime(CLOCK_MONOTONIC, &ts);
                std::printf("first_frame_monotonic_ns=%lld\n",
                            static_cast<long long>(ts.tv_sec) * 1000000000LL + ts.tv_nsec);
                std::fflush(stdout);
            }
            if (opt.quitAfterFirstFrame) running = false;
        }
        player.afterFrame(ui.trace(), steadyMs());
        if (!player.failure().empty()) {
            std::fprintf(stderr, "kiosk: %s\n", player.failure().c_str());
            exitCode = 3;
            running = false;
        }
        for (const auto& intent : intents) {
            terminal.apply(intent, now());
            activeUntil = steadyMs() + kActiveMs;
        }
        if (auto question = terminal.takeCaseQuestion()) askCentral(question->first, std::move(question->second));
        if (voice) {
            const bool on = terminal.voiceOn();
            const std::string prompt = on ? terminal.spokenPrompt() : "";
            const std::string said = prompt.empty() ? "" : std::string(core::langCode(terminal.lang())) + "|" + prompt;
            if (!said.empty() && said != spoken) {
                voice->say(prompt, core::langCode(terminal.lang()), terminal.scale() == core::TextScale::elderly);
                core::log(core::Level::info, "voice.say", {{"screen", screenName(terminal.screen())}, {"lang", core::langCode(terminal.lang())}});
            } else if (said.empty() && !spoken.empty()) {
                voice->silence();
            }
            spoken = said;
        }
        if (auto capture = terminal.takeCaptureRequest()) capturePage(*capture);
        if (auto submission = terminal.takeSubmission()) saveSubmission(std::move(*submission));
        while (auto print = terminal.takePrintRequest()) {
            if (print->a4) printA4(print->document);
            else printReceipt(print->document);
        }
    }

    if (sync) sync->stop();
    {
        std::lock_guard lock(pageWorker->mutex);
        pageWorker->stop = true;
        pageWorker->wanted.notify_one();
    }
    captureThread.join();
    {
        std::lock_guard lock(pageWorker->mutex);
        for (auto& [ticket, material, page] : pageWorker->pages)
            if (page) page->wipe();
    }
    for (auto& [material, thumb] : thumbnails) win.destroyImage(thumb.second.texture);
    voice.reset();
    deviceSet->reset();
    terminal.endSession(core::SessionEnd::shutdown);
    core::log(core::Level::info, "kiosk.stop", {{"exit_code", std::to_string(exitCode)}});
    window->reset();
    ImGui::DestroyContext();
    return exitCode;
}
