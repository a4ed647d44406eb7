// Decodes codes in camera frames with ZXing-cpp.
#define ZX_USE_UTF8
#include "drivers/scanner/frame_decoder.h"

#include <ZXing/ReadBarcode.h>
#include <stb/stb_image.h>

#include <vector>

namespace ow::drivers::scanner {

namespace {
std::optional<DecodedCode> read(const ZXing::ImageView& view, bool thorough) {
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode | ZXing::BarcodeFormat::DataMatrix | ZXing::BarcodeFormat::Code128);
    hints.setTryRotate(thorough);
    hints.setTryHarder(thorough);
    hints.setTryDownscale(true);
    const ZXing::Result r = ZXing::ReadBarcode(view, hints);
    if (!r.isValid()) return std::nullopt;
    return DecodedCode{r.text(), ZXing::ToString(r.format())};
}
}  // namespace

std::optional<DecodedCode> decodeFrame(const uint8_t* grey, int width, int height, int stride) {
    if (!grey || width <= 0 || height <= 0) return std::nullopt;
    if (stride == 0) stride = width;
    if (auto r = read(ZXing::ImageView(grey, width, height, ZXing::ImageFormat::Lum, stride), true)) return r;
    // Second pass on the inverted image (ZXing-cpp 1.4 reads dark-on-light only). A phone in dark mode is
    // held up to the camera screen first, so this pass skips the costly rotations: an empty frame stays cheap.
    std::vector<uint8_t> inverted(static_cast<size_t>(width) * height);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            inverted[static_cast<size_t>(y) * width + x] = static_cast<uint8_t>(255 - grey[static_cast<size_t>(y) * stride + x]);
    return read(ZXing::ImageView(inverted.data(), width, height, ZXing::ImageFormat::Lum), false);
}

bool loadGrey(const std::string& path, std::string& error, std::vector<uint8_t>& grey, int& width, int& height) {
    int channels = 0;
    unsigned char* data = stbi_load(path.c_str(), &width, &height, &channels, 1);
    if (!data) {
        error = std::string("cannot read the image ") + path + ": " + stbi_failure_reason();
        return false;
    }
    grey.assign(data, data + static_cast<size_t>(width) * height);
    stbi_image_free(data);
    return true;
}

}  // namespace ow::drivers::scanner
