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
 * Looks for one code in an 8-bit grey frame: tries rotations, then the inverted image, so light-on-dark
 * codes on a phone in dark mode read too. Returns nothing when there is no code.
 */
std::optional<DecodedCode> decodeFrame(const uint8_t* grey, int width, int height, int stride = 0);

/** Loads a PNG or JPEG file as grey; false when it is not an image. */
bool loadGrey(const std::string& path, std::string& error, std::vector<uint8_t>& grey, int& width, int& height);

}  // namespace ow::drivers::scanner
