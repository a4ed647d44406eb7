// Code scanner byte and key streams → payloads.
#include "drivers/scanner/protocol.h"

#include <linux/input-event-codes.h>

namespace ow::drivers::scanner {

std::vector<std::string> LineAssembler::feed(const uint8_t* bytes, size_t size, int64_t nowMs) {
    std::vector<std::string> out;
    if (!partial_.empty() && nowMs - lastMs_ > staleMs_) {
        partial_.clear();
        ++dropped_;
    }
    lastMs_ = nowMs;
    for (size_t i = 0; i < size; ++i) {
        const char c = static_cast<char>(bytes[i]);
        if (c == '\r' || c == '\n' || c == '\t') {
            if (overflow_)
                ++dropped_;
            else if (!partial_.empty())
                out.push_back(partial_);
            partial_.clear();
            overflow_ = false;
            continue;
        }
        if (partial_.size() >= kMaxPayload) {
            overflow_ = true;
            partial_.clear();
        }
        if (!overflow_) partial_ += c;
    }
    return out;
}

char usKeyChar(uint16_t code, bool shift) {
    struct Key {
        uint16_t code;
        char plain, shifted;
    };
    static const Key kKeys[] = {
        {KEY_1, '1', '!'}, {KEY_2, '2', '@'}, {KEY_3, '3', '#'}, {KEY_4, '4', '$'}, {KEY_5, '5', '%'},
        {KEY_6, '6', '^'}, {KEY_7, '7', '&'}, {KEY_8, '8', '*'}, {KEY_9, '9', '('}, {KEY_0, '0', ')'},
        {KEY_MINUS, '-', '_'}, {KEY_EQUAL, '=', '+'}, {KEY_LEFTBRACE, '[', '{'}, {KEY_RIGHTBRACE, ']', '}'},
        {KEY_SEMICOLON, ';', ':'}, {KEY_APOSTROPHE, '\'', '"'}, {KEY_GRAVE, '`', '~'}, {KEY_BACKSLASH, '\\', '|'},
        {KEY_COMMA, ',', '<'}, {KEY_DOT, '.', '>'}, {KEY_SLASH, '/', '?'}, {KEY_SPACE, ' ', ' '},
        {KEY_Q, 'q', 'Q'}, {KEY_W, 'w', 'W'}, {KEY_E, 'e', 'E'}, {KEY_R, 'r', 'R'}, {KEY_T, 't', 'T'},
        {KEY_Y, 'y', 'Y'}, {KEY_U, 'u', 'U'}, {KEY_I, 'i', 'I'}, {KEY_O, 'o', 'O'}, {KEY_P, 'p', 'P'},
        {KEY_A, 'a', 'A'}, {KEY_S, 's', 'S'}, {KEY_D, 'd', 'D'}, {KEY_F, 'f', 'F'}, {KEY_G, 'g', 'G'},
        {KEY_H, 'h', 'H'}, {KEY_J, 'j', 'J'}, {KEY_K, 'k', 'K'}, {KEY_L, 'l', 'L'}, {KEY_Z, 'z', 'Z'},
        {KEY_X, 'x', 'X'}, {KEY_C, 'c', 'C'}, {KEY_V, 'v', 'V'}, {KEY_B, 'b', 'B'}, {KEY_N, 'n', 'N'},
        {KEY_M, 'm', 'M'},
        // Keypad digits, as some scanners send them.
        {KEY_KP0, '0', '0'}, {KEY_KP1, '1', '1'}, {KEY_KP2, '2', '2'}, {KEY_KP3, '3', '3'}, {KEY_KP4, '4', '4'},
        {KEY_KP5, '5', '5'}, {KEY_KP6, '6', '6'}, {KEY_KP7, '7', '7'}, {KEY_KP8, '8', '8'}, {KEY_KP9, '9', '9'},
        {KEY_KPMINUS, '-', '-'}, {KEY_KPPLUS, '+', '+'}, {KEY_KPDOT, '.', '.'}, {KEY_KPSLASH, '/', '/'},
        {KEY_KPASTERISK, '*', '*'},
    };
    for (const auto& k : kKeys)
        if (k.code == code) return shift ? k.shifted : k.plain;
    return 0;
}

std::optional<std::string> KeyboardWedge::key(uint16_t code, int32_t value) {
    if (code == KEY_LEFTSHIFT) return leftShift_ = value != 0, std::nullopt;
    if (code == KEY_RIGHTSHIFT) return rightShift_ = value != 0, std::nullopt;
    if (value != 1) return std::nullopt;  // presses only: releases and autorepeat type nothing
    if (code == KEY_ENTER || code == KEY_KPENTER || code == KEY_TAB) {
        if (partial_.empty()) return std::nullopt;
        std::string done;
        done.swap(partial_);
        return done;
    }
    const char c = usKeyChar(code, leftShift_ || rightShift_);
    if (c != 0 && partial_.size() < kMaxPayload) partial_ += c;
    return std::nullopt;
}

}  // namespace ow::drivers::scanner
