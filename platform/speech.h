// Speech synthesis with espeak-ng (Mandarin voice "cmn" for zh-CN, "en" otherwise): text to 16-bit mono samples,
// nothing played. Shared by the kiosk's voice (which plays them through SDL) and kiosk-central (which serves the
// hall display's calls as WAV). espeak-ng has one global synthesizer: calls take turns.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/result.h"

namespace ow::platform::speech {

/** The synthesizer's sample rate (Hz), starting it once; 0 when espeak-ng cannot start. */
int sampleRate();
/** Speaks text in a language ("zh-CN", "en"); slow: 130 words a minute instead of 165 (elderly scale). */
core::Result<std::vector<int16_t>> synthesize(const std::string& text, const std::string& lang, bool slow);
/** Ends the synthesis under way early (its caller gets the part made so far). */
void cancel();
/** Samples as a RIFF/WAVE file (16-bit PCM, mono) a browser plays. */
std::string wav(const std::vector<int16_t>& samples, int rate);

}  // namespace ow::platform::speech
