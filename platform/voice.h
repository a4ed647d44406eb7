// Spoken prompts: espeak-ng turns text into speech (Mandarin voice "cmn" for zh-CN), played through SDL audio.
// One worker thread owns the synthesizer (espeak-ng is not thread-safe); a new prompt cuts off the one playing.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/result.h"

namespace ow::platform {

class Voice {
public:
    /** Starts the synthesizer; audio output is opened when there is a device (else prompts are only logged). */
    static core::Result<std::unique_ptr<Voice>> start();
    ~Voice();

    /** Speaks text in a language ("zh-CN", "en"); slow for elderly scale. Replaces whatever was playing. */
    void say(std::string text, std::string lang, bool slow);
    /** Stops speaking at once (mute, or the session ended). */
    void silence();
    bool hasAudio() const { return audio_ != 0; }
    /** How many prompts were said to the end (queued for the speaker, or only synthesized without one), and the
        last of them: a prompt replaced or silenced while it was being made is not said. */
    int promptsSaid() const;
    std::string lastSaid() const;
    /** How many prompts the voice has begun to make (taken from say() into synthesis). */
    int promptsBegun() const;

    /** Synthesizes text to 16-bit mono samples at sampleRate() without playing (tests, diagnostics). */
    static core::Result<std::vector<int16_t>> synthesize(const std::string& text, const std::string& lang, bool slow);
    static int sampleRate();

private:
    Voice() = default;
    void run();
    std::thread thread_;
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::string text_, lang_;
    bool slow_ = false, pending_ = false, stop_ = false;
    uint64_t generation_ = 0;  // each say() and silence(): a prompt made under an older one is not said
    int said_ = 0, begun_ = 0;
    std::string lastSaid_;
    uint32_t audio_ = 0;  // SDL_AudioDeviceID
};

}  // namespace ow::platform
