// espeak-ng in synchronous mode: the samples come to a callback; nothing is played by espeak-ng itself.
#include "platform/speech.h"

#include <espeak-ng/speak_lib.h>

#include <atomic>
#include <mutex>

namespace ow::platform::speech {

namespace {

std::mutex gEngineMutex;  // espeak-ng has one global synthesizer
int gRate = 0;
std::vector<int16_t>* gSink = nullptr;
std::atomic<bool> gCancel{false};

int onSamples(short* wav, int n, espeak_EVENT*) {
    if (gSink && wav && n > 0) gSink->insert(gSink->end(), wav, wav + n);
    return gCancel ? 1 : 0;  // 1: stop synthesizing
}

bool ensureEngine() {
    if (gRate > 0) return true;
    gRate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, nullptr, 0);
    if (gRate <= 0) return false;
    espeak_SetSynthCallback(onSamples);
    return true;
}

const char* voiceFor(const std::string& lang) { return lang == "zh-CN" ? "cmn" : "en"; }

void put16(std::string& out, uint16_t v) { out += static_cast<char>(v & 0xff), out += static_cast<char>(v >> 8); }
void put32(std::string& out, uint32_t v) { put16(out, static_cast<uint16_t>(v & 0xffff)), put16(out, static_cast<uint16_t>(v >> 16)); }

}  // namespace

int sampleRate() {
    std::lock_guard lock(gEngineMutex);
    return ensureEngine() ? gRate : 0;
}

void cancel() { gCancel = true; }

core::Result<std::vector<int16_t>> synthesize(const std::string& text, const std::string& lang, bool slow) {
    std::lock_guard lock(gEngineMutex);
    if (!ensureEngine()) return core::Error{"espeak-ng could not start (is espeak-ng-data installed?)"};
    if (espeak_SetVoiceByName(voiceFor(lang)) != EE_OK)
        return core::Error{std::string("espeak-ng has no voice \"") + voiceFor(lang) + "\""};
    espeak_SetParameter(espeakRATE, slow ? 130 : 165, 0);
    std::vector<int16_t> samples;
    gSink = &samples;
    gCancel = false;
    const espeak_ERROR e = espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, nullptr);
    gSink = nullptr;
    if (e != EE_OK) return core::Error{"espeak-ng could not speak the text"};
    return samples;
}

std::string wav(const std::vector<int16_t>& samples, int rate) {
    const auto bytes = static_cast<uint32_t>(samples.size() * 2);
    std::string out = "RIFF";
    put32(out, 36 + bytes);
    out += "WAVEfmt ";
    put32(out, 16);
    put16(out, 1);  // PCM
    put16(out, 1);  // mono
    put32(out, static_cast<uint32_t>(rate));
    put32(out, static_cast<uint32_t>(rate) * 2);
    put16(out, 2);
    put16(out, 16);
    out += "data";
    put32(out, bytes);
    for (int16_t s : samples) put16(out, static_cast<uint16_t>(s));
    return out;
}

}  // namespace ow::platform::speech
