// Spoken prompts with espeak-ng and SDL audio.
#include "platform/voice.h"

#include <SDL.h>
#include <espeak-ng/speak_lib.h>

#include <atomic>

namespace ow::platform {

namespace {

std::mutex gEngineMutex;  // espeak-ng has one global synthesizer
int gRate = 0;
std::vector<int16_t>* gSink = nullptr;
std::atomic<bool> gCancel{false};

int onSamples(short* wav, int n, espeak_EVENT*) {
    if (gSink && wav && n > 0) gSink->insert(gSink->end(), wav, wav + n);
    return gCancel ? 1 : 0;  // 1: stop synthesizing
}

// Starts espeak-ng once, in synchronous mode (samples come to the callback; nothing is played by it).
bool ensureEngine() {
    if (gRate > 0) return true;
    gRate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, nullptr, 0);
    if (gRate <= 0) return false;
    espeak_SetSynthCallback(onSamples);
    return true;
}

// Mandarin for Chinese (espeak-ng's "cmn"), English otherwise.
const char* voiceFor(const std::string& lang) { return lang == "zh-CN" ? "cmn" : "en"; }

core::Result<std::vector<int16_t>> synth(const std::string& text, const std::string& lang, bool slow) {
    std::lock_guard lock(gEngineMutex);
    if (!ensureEngine()) return core::Error{"espeak-ng could not start (is espeak-ng-data installed?)"};
    if (espeak_SetVoiceByName(voiceFor(lang)) != EE_OK)
        return core::Error{std::string("espeak-ng has no voice \"") + voiceFor(lang) + "\""};
    // Elderly scale speaks slower: 130 words a minute instead of 165.
    espeak_SetParameter(espeakRATE, slow ? 130 : 165, 0);
    std::vector<int16_t> samples;
    gSink = &samples;
    gCancel = false;
    const espeak_ERROR e = espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, nullptr);
    gSink = nullptr;
    if (e != EE_OK) return core::Error{"espeak-ng could not speak the text"};
    return samples;
}

}  // namespace

int Voice::sampleRate() {
    std::lock_guard lock(gEngineMutex);
    return ensureEngine() ? gRate : 0;
}

core::Result<std::vector<int16_t>> Voice::synthesize(const std::string& text, const std::string& lang, bool slow) {
    return synth(text, lang, slow);
}

core::Result<std::unique_ptr<Voice>> Voice::start() {
    const int rate = sampleRate();
    if (rate <= 0) return core::Error{"espeak-ng could not start (is espeak-ng-data installed?)"};
    std::unique_ptr<Voice> v(new Voice());
    if (SDL_WasInit(SDL_INIT_AUDIO) || SDL_InitSubSystem(SDL_INIT_AUDIO) == 0) {
        SDL_AudioSpec want{}, have{};
        want.freq = rate;
        want.format = AUDIO_S16SYS;
        want.channels = 1;
        want.samples = 2048;
        v->audio_ = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);  // 0 when there is no audio device
        if (v->audio_) SDL_PauseAudioDevice(v->audio_, 0);
    }
    v->thread_ = std::thread([p = v.get()] { p->run(); });
    return v;
}

Voice::~Voice() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    gCancel = true;
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    if (audio_) SDL_CloseAudioDevice(audio_);
}

void Voice::say(std::string text, std::string lang, bool slow) {
    {
        std::lock_guard lock(mutex_);
        text_ = std::move(text);
        lang_ = std::move(lang);
        slow_ = slow;
        pending_ = true;
        ++generation_;
    }
    gCancel = true;  // cut off a prompt still being synthesized
    if (audio_) SDL_ClearQueuedAudio(audio_);
    cv_.notify_all();
}

void Voice::silence() {
    {
        std::lock_guard lock(mutex_);
        pending_ = false;
        ++generation_;
    }
    gCancel = true;
    if (audio_) SDL_ClearQueuedAudio(audio_);
}

int Voice::promptsSaid() const {
    std::lock_guard lock(mutex_);
    return said_;
}

int Voice::promptsBegun() const {
    std::lock_guard lock(mutex_);
    return begun_;
}

std::string Voice::lastSaid() const {
    std::lock_guard lock(mutex_);
    return lastSaid_;
}

void Voice::run() {
    for (;;) {
        std::string text, lang;
        bool slow;
        uint64_t generation;
        {
            std::unique_lock lock(mutex_);
            cv_.wait(lock, [this] { return stop_ || pending_; });
            if (stop_) return;
            text = std::move(text_);
            lang = std::move(lang_);
            slow = slow_;
            pending_ = false;
            generation = generation_;
            ++begun_;
        }
        auto samples = synth(text, lang, slow);
        // Replaced or silenced meanwhile (the cut-off synthesis ends early, with part of the prompt): not said.
        std::lock_guard lock(mutex_);
        if (!samples || generation != generation_ || stop_) continue;
        if (audio_ && !samples->empty())
            SDL_QueueAudio(audio_, samples->data(), static_cast<Uint32>(samples->size() * sizeof(int16_t)));
        ++said_;
        lastSaid_ = text;
    }
}

}  // namespace ow::platform
