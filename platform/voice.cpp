// Spoken prompts with espeak-ng and SDL audio.
#include "platform/voice.h"

#include <SDL.h>

#include "platform/speech.h"

namespace ow::platform {

int Voice::sampleRate() { return speech::sampleRate(); }

core::Result<std::vector<int16_t>> Voice::synthesize(const std::string& text, const std::string& lang, bool slow) {
    return speech::synthesize(text, lang, slow);
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
    speech::cancel();
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
    speech::cancel();  // cut off a prompt still being synthesized
    if (audio_) SDL_ClearQueuedAudio(audio_);
    cv_.notify_all();
}

void Voice::silence() {
    {
        std::lock_guard lock(mutex_);
        pending_ = false;
        ++generation_;
    }
    speech::cancel();
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
        auto samples = speech::synthesize(text, lang, slow);
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
