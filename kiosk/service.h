// What every service of the terminal is to the shell: its screens, the intents it understands, how it is wiped.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace ow::drivers {
struct PrintJobUpdate;
}

namespace ow::core {

class Terminal;
struct Answer;
struct ScanCode;

/** A screen of the kiosk, named as the trace and the logs call it ("case_lookup"). A service declares its own. */
struct ScreenId {
    std::string_view name;
    constexpr bool operator==(const ScreenId&) const = default;
};

/**
 * What a person asked for on screen; screens return these, the shell routes each to the service it names (a
 * service sees only its own). `kind` is that service's own enum, made with Intent::of(kind, value), which finds
 * the service through the enum's serviceOf().
 */
struct Intent {
    std::string_view service;  // the service's code; empty: the shell's own (navigation, language, text size)
    int kind = 0;
    int value = 0;
    static constexpr int kOpen = -1;  // opens `service`: its home tile, or the bottom bar's call-staff button

    template <class Kind>
    static constexpr Intent of(Kind k, int v = 0) {
        return {serviceOf(k), static_cast<int>(k), v};
    }
    static constexpr Intent open(std::string_view service) { return {service, kOpen, 0}; }
    /** The same intent with another value (a keypad's digit, a list's index). */
    constexpr Intent with(int v) const { return {service, kind, v}; }
    template <class Kind>
    constexpr bool is(Kind k) const {
        return service == serviceOf(k) && kind == static_cast<int>(k);
    }
};

/** The shell's own intents: session, navigation, language, text size, voice. */
enum class ShellKind {
    none, start, home, back, finish, continueSession, setLang, setScale,
    dismissOffer,  // "no, thank you" to the elderly-scale offer
    toggleVoice,   // spoken prompts on or off (on by themselves at elderly scale)
};
constexpr std::string_view serviceOf(ShellKind) { return {}; }

// Keys of the shared keypad (drawKeypad): digits are 0–9.
constexpr int kKeypadDelete = 10, kKeypadClear = 11, kFormX = 12;

/**
 * A service offered on the home screen (a tile): its flow in the core — state, intents, view-models, spoken
 * prompts, wipe. The shell (Terminal) knows services only through this interface and the list in
 * services/services.cpp. Everything a service holds of a person is wiped by wipe() when the session ends.
 */
class Service {
public:
    virtual ~Service() = default;
    /** "progress": its UI keys are "service.<code>.title" and ".desc", its intents name it. */
    virtual std::string_view code() const = 0;
    /** The screens it draws (each registered in screens/screens.cpp's list). */
    virtual std::span<const ScreenId> screens() const = 0;
    /** Whether it has a home tile (service mode has none). */
    virtual bool onHome() const { return true; }
    /** Its tile (or its button) was tapped: it shows its first screen. */
    virtual void open(Terminal& t) = 0;
    /** One of its own intents (`kind` is its enum as int). */
    virtual void apply(Terminal& t, int kind, int value, int64_t nowMs) = 0;
    /** What `screen` (one of its own) says aloud: how to go on, never who the person is. */
    virtual std::string spokenPrompt(const Terminal& t, ScreenId screen) const = 0;
    /** Forgets everything it holds of the person being served (zeroing what is personal). */
    virtual void wipe() = 0;

    /** A card was read while `screen` (one of its own) showed; home is on screen now, it may go on from there. */
    virtual void identified(Terminal&, ScreenId) {}
    /** A person was identified by ID card, on whatever screen (after identified() for the screen's own service). */
    virtual void personIdentified(Terminal&) {}
    /** A code was scanned; true when the service took it (and showed its screen). */
    virtual bool scanned(Terminal&, const ScanCode&, const std::string& /*payload*/, int64_t /*nowMs*/) { return false; }
    /** The answer to one of its requests, for the person still being served. It may move what it keeps. */
    virtual void answered(Terminal&, Answer&) {}
    /** A print job's progress (every service hears every job; one keeps the ids of its own). */
    virtual void printJob(Terminal&, const drivers::PrintJobUpdate&) {}
    /** Time passing, session or not (before the idle timeout is checked). */
    virtual void tick(Terminal&, int64_t /*nowMs*/) {}
    /** How long until its screens change by themselves (a deadline passing), in ms; INT64_MAX when nothing is due. */
    virtual int64_t msUntilChange(int64_t /*nowMs*/) const { return INT64_MAX; }
};

}  // namespace ow::core
