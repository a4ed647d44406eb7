// Decodes QR, DataMatrix and Code 128 codes in camera frames with ZXing-cpp, off the UI thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ow::drivers::scanner {

struct DecodedCode {
    std::string text;
    std::string format;  // "QRCode", "DataMatrix", "Code128"
};

/**
 * The ways the decoder looks at a frame, cheapest first. `direct` (ZXing's own rotations by quarter turns, harder
 * search, downscaling) reads most frames; each later one rescues a kind of picture the direct one misses.
 */
enum class Pass {
    direct,
    inverted,  // light on dark: a phone in dark mode (ZXing-cpp 1.4 reads dark on light only)
    oneThreshold,  // one threshold for the whole frame (ZXing's histogram binarizer): a faint code on an even ground,
                   // whose local thresholds the sensor's noise pulls apart
    smoothed,    // a 3×3 mean first: faint noise that leaves a module's edge ragged
    despeckled,  // a 3×3 median, twice, first: sensor noise of a dim hall, which breaks bars and modules into specks
    sharpened,   // an unsharp mask first: a code held too close to focus, its small modules run together
    refocused,   // a barcode blurred wider than its narrowest bars, its rows rebuilt as sharp bars (see refocused())
    tilted22,  // barcodes turned ±22.5° (a barcode is read along rows: one turned far from level spans no row)
    tilted45,  // ±45°
    tilted67,  // ±67.5°
};
constexpr int kPasses = 10;
/** The pass's name, for benchmarks and tests. */
const char* passName(Pass pass);

/** One pass over an 8-bit grey frame (stride 0 = width). Nothing when it finds no code. */
std::optional<DecodedCode> decodePass(Pass pass, const uint8_t* grey, int width, int height, int stride = 0);

/**
 * Looks for one code in an 8-bit grey frame with every pass in turn (for one picture: kiosk-diag decode).
 * Returns nothing when there is no code.
 */
std::optional<DecodedCode> decodeFrame(const uint8_t* grey, int width, int height, int stride = 0);

/**
 * For a camera's stream of frames: every other frame gets the direct pass, and those between it the next of the
 * others in turn, so a frame costs one pass whatever it shows (about 2 ms at 640×480), a code the direct pass reads
 * is read within two frames, and a code held up for kStreamRound frames meets every pass.
 */
class StreamDecoder {
public:
    std::optional<DecodedCode> next(const uint8_t* grey, int width, int height, int stride = 0);

private:
    long frame_ = 0;
    int turn_ = 0;
};
constexpr int kStreamRound = 2 * (kPasses - 1);

/** Loads a PNG or JPEG file as grey; false when it is not an image. */
bool loadGrey(const std::string& path, std::string& error, std::vector<uint8_t>& grey, int& width, int& height);

}  // namespace ow::drivers::scanner
