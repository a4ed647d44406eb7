// Code scanner byte and key streams → payloads: serial lines, and USB HID keyboard-wedge key events (US layout).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ow::drivers::scanner {

/** Longest payload accepted; a scanner that never sends a terminator cannot grow memory without bound. */
constexpr size_t kMaxPayload = 4096;

/**
 * Splits a serial scanner's bytes into payloads at CR, LF or Tab (a CR LF pair ends one payload). A partial
 * payload older than `staleMs` is dropped when more bytes arrive (a scan cut off by a glitch).
 */
class LineAssembler {
public:
    explicit LineAssembler(int64_t staleMs = 500) : staleMs_(staleMs) {}
    std::vector<std::string> feed(const uint8_t* bytes, size_t size, int64_t nowMs);
    /** Payloads dropped for being over kMaxPayload or stale. */
    int dropped() const { return dropped_; }

private:
    std::string partial_;
    int64_t lastMs_ = 0;
    int64_t staleMs_;
    bool overflow_ = false;
    int dropped_ = 0;
};

/**
 * Turns evdev key events of a keyboard-wedge scanner into payloads: US layout, either Shift, Enter or Tab
 * ending a payload. `code` is a Linux KEY_* code; `value` 1 press, 0 release, 2 autorepeat.
 */
class KeyboardWedge {
public:
    std::optional<std::string> key(uint16_t code, int32_t value);

private:
    std::string partial_;
    bool leftShift_ = false, rightShift_ = false;
};

/** The character a KEY_* code types on a US keyboard, or 0 when it types none. */
char usKeyChar(uint16_t code, bool shift);

}  // namespace ow::drivers::scanner
