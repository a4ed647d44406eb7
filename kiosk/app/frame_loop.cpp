// The frame loop.
#include "kiosk/app/frame_loop.h"

#include <SDL.h>
#include <backends/imgui_impl_sdl.h>
#include <imgui.h>
#include <imgui_internal.h>
#include <malloc.h>
#include <signal.h>
#include <sodium.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <optional>
#include <thread>
#include <nlohmann/json.hpp>

#include "kiosk/app/requests.h"
#include "kiosk/app/script_player.h"
#include "kiosk/app/thumbnails.h"
#include "kiosk/app/trace.h"
#include "kiosk/config_boot.h"
#include "kiosk/log.h"
#include "kiosk/services/presubmit/presubmit.h"
#include "platform/code_pages.h"
#include "platform/watchdog.h"
#include "screens/frame.h"

namespace ow::app {

std::atomic<int> gSignal{0};

namespace {

int64_t steadyMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

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

// A script's event: a card placed, a test receipt, a simulator's event ("receipt.paper-out"), a close request.
void scriptEvent(Parts& p, const std::string& name, const std::string& arg, int line, int64_t nowMs) {
    if (name == "card") {
        auto j = nlohmann::json::parse(arg, nullptr, false);
        if (!j.is_object()) {
            std::fprintf(stderr, "kiosk: script line %d: card needs a JSON object\n", line);
            return;
        }
        core::IdentityInput who{j.value("name", ""), j.value("id_number", ""), j.value("birth", ""),
                                j.value("address", ""), j.value("phone", "")};
        p.lettering.want(who.name);
        p.lettering.want(who.address);
        p.terminal.identify(who, nowMs);
    } else if (name == "receipt.print-test") {
        auto text = core::readFile(p.options.assetsDir + "/documents/sample-receipt.json");
        auto doc = text ? core::parseDocument(*text) : core::Result<core::Document>(core::Error{text.error()});
        if (!doc)
            std::fprintf(stderr, "kiosk: script line %d: %s\n", line, doc.error().c_str());
        else
            p.printing.print(*doc, false);
    } else if (name.find('.') != std::string::npos) {
        if (const std::string error = p.devices.simulate(name, arg); !error.empty())
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
}

}  // namespace

int runFrameLoop(Parts& p, std::vector<core::ScriptStep> script) {
    core::Terminal& terminal = p.terminal;
    platform::Window& win = p.window;
    screens::Ui ui(p.lettering.atlas(), p.lettering.body(), p.lettering.heading());
    Thumbnails thumbnails(win);
    int64_t clockOffset = 0;
    auto now = [&] { return steadyMs() + clockOffset; };
    bool running = true;
    int exitCode = 0;
    std::string pendingShot;
    std::string spoken;  // what was last said, with its language: a prompt is said once per change

    ScriptHost host{
        [&](int64_t ms) { clockOffset += ms; },
        [&](const std::string& name, const std::string& arg, int line) { scriptEvent(p, name, arg, line, now()); },
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
    ScriptPlayer player(std::move(script), host);
    const auto serve = [&] { serveRequests(p); };

    // Drawing policy: nothing is drawn while nothing changes; after input or an event, full rate for 2 s.
    constexpr int64_t kActiveMs = 2000, kFrameMs = 16;
    int64_t activeUntil = steadyMs() + kActiveMs;
    int64_t lastFrame = 0;
    uint64_t seenGeneration = terminal.sessionGeneration();
    bool firstFrame = true;
    bool idle = false;
    std::optional<uint64_t> codeReleasedAt;  // the session generation the code pages were last handed back in
    platform::Watchdog watchdog;
    core::log(core::Level::info, "kiosk.start", {{"hall", terminal.bundle().hallId}});

    while (running) {
        const int64_t real = steadyMs();
        int64_t timeout;
        if (player.running() || real < activeUntil) {
            // A soak (tests) plays its script as fast as frames can be built.
            const int64_t frameMs = p.options.soak && player.running() ? 0 : kFrameMs;
            timeout = std::max<int64_t>(0, frameMs - (real - lastFrame));
            idle = false;
        } else {
            timeout = terminal.msUntilChange(
                now(), std::chrono::system_clock::now().time_since_epoch() / std::chrono::milliseconds(1));
            if (!idle) {
                // Going idle (maybe for hours): hand memory freed while drawing back to the system, and, once on
                // attract after the start and after each session, the code pages of the software renderer's shader
                // compiler, which runs again only for a shader variant not seen yet (its pages then come back from
                // the page cache). Reading the maps costs a few ms, so not on every idle moment.
                malloc_trim(0);
                if (!terminal.session().active() && codeReleasedAt != terminal.sessionGeneration()) {
                    platform::releaseCodePages("libLLVM");
                    codeReleasedAt = terminal.sessionGeneration();
                }
                idle = true;
            }
        }
        timeout = std::min(timeout, watchdog.msUntilDue(real));
        SDL_Event ev;
        bool gotEvent = SDL_WaitEventTimeout(&ev, static_cast<int>(std::min<int64_t>(timeout, 60000))) != 0;
        watchdog.service(steadyMs());
        while (gotEvent) {
            if (isWake(ev) && gSignal == SIGUSR2) {
                // The watchdog's test hook: the loop stops turning, as a hung frame would; only systemd ends this.
                core::log(core::Level::warning, "kiosk.test_stall");
                for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
            } else if (isWake(ev) && gSignal != 0) {
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
                const bool press = ev.type == SDL_MOUSEBUTTONDOWN || ev.type == SDL_FINGERDOWN || ev.type == SDL_KEYDOWN;
                if (press) terminal.touched(now());
                else if (input) terminal.activity(now());
            }
            activeUntil = steadyMs() + kActiveMs;
            gotEvent = SDL_PollEvent(&ev) != 0;
        }
        if (!running) break;

        for (const auto& event : p.deviceEvents.drain()) {
            if (const auto* card = std::get_if<drivers::IdCardPresented>(&event)) {
                p.lettering.want(card->name);
                p.lettering.want(card->address);
            }
            if (const auto* job = std::get_if<drivers::PrintJobUpdate>(&event)) p.printing.track(*job);
            terminal.onDevice(event, now());
            serve();
            activeUntil = steadyMs() + kActiveMs;
            if (std::holds_alternative<drivers::DeviceStatusChanged>(event)) p.central.publishState(terminal);
        }
        for (auto& answer : p.answers.take()) {
            terminal.answer(std::move(answer));
            activeUntil = steadyMs() + kActiveMs;
        }
        terminal.tick(now());
        // A new configuration goes on screen between people, never in the middle of someone's session.
        if (!terminal.session().active() && p.central.takeBundleArrived()) {
            p.config.adopt();
            activeUntil = steadyMs() + kActiveMs;
        }
        if (terminal.sessionGeneration() != seenGeneration) {
            seenGeneration = terminal.sessionGeneration();
            p.central.sessionEnded(terminal.lastSessionEnd());  // a summary for central: how it ended, nothing personal
            p.printing.cancelHeld();  // nothing of the person prints later with nobody there
            wipeUiState();
            activeUntil = steadyMs() + kActiveMs;
        }
        if (auto st = p.lettering.fitTo(terminal.scale()); !st) {
            core::log(core::Level::error, "startup.failed", {{"reason", st.error()}});
            std::fprintf(stderr, "kiosk: %s\n", st.error().c_str());
            return 2;
        }

        // One frame; drawn again at once when it met characters the atlas lacked, so none shows as '?'.
        thumbnails.refresh(terminal.service<core::presubmit::Presubmit>().newestPages(terminal));
        screens::Frame frame{terminal, ui, std::time(nullptr), now(),
                             ImVec2(static_cast<float>(win.width()), static_cast<float>(win.height())), {}, thumbnails.shown()};
        std::vector<core::Intent> intents;
        p.lettering.grow();
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
            p.lettering.grow();
        }
        // A soak builds each frame (layout, trace, intents) but rasterises only the frames it photographs: software
        // GL would take 20 ms a frame, and the soak is about what the program keeps, not about pixels.
        if (!p.options.soak || !pendingShot.empty()) {
            win.render();
            if (!pendingShot.empty()) {
                writeScreenshot(p.options.screenshotDir + "/" + pendingShot, win, terminal, ui, p.lettering.atlas(), now());
                pendingShot.clear();
            }
            win.present();
        }
        lastFrame = steadyMs();
        if (firstFrame) {
            firstFrame = false;
            watchdog.ready();
            if (p.options.reportFirstFrame) {
                timespec ts{};
                clock_gettime(CLOCK_MONOTONIC, &ts);
                std::printf("first_frame_monotonic_ns=%lld\n",
                            static_cast<long long>(ts.tv_sec) * 1000000000LL + ts.tv_nsec);
                std::fflush(stdout);
            }
            if (p.options.quitAfterFirstFrame) running = false;
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
        if (p.voice) {
            const bool on = terminal.voiceOn();
            const std::string prompt = on ? terminal.spokenPrompt() : "";
            const std::string said = prompt.empty() ? "" : std::string(core::langCode(terminal.lang())) + "|" + prompt;
            if (!said.empty() && said != spoken) {
                p.voice->say(prompt, core::langCode(terminal.lang()), terminal.scale() == core::TextScale::elderly);
                core::log(core::Level::info, "voice.say", {{"screen", std::string(terminal.screen().name)}, {"lang", core::langCode(terminal.lang())}});
            } else if (said.empty() && !spoken.empty()) {
                p.voice->silence();
            }
            spoken = said;
        }
        serve();
    }
    return exitCode;
}

}  // namespace ow::app
