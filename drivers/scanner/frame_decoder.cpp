// Decodes codes in camera frames with ZXing-cpp.
#define ZX_USE_UTF8
#include "drivers/scanner/frame_decoder.h"

#include <ZXing/ReadBarcode.h>
#include <stb/stb_image.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace ow::drivers::scanner {

namespace {

constexpr auto kFormats = ZXing::BarcodeFormat::QRCode | ZXing::BarcodeFormat::DataMatrix | ZXing::BarcodeFormat::Code128;

std::optional<DecodedCode> read(const ZXing::ImageView& view, ZXing::BarcodeFormats formats, bool thorough,
                                ZXing::Binarizer binarizer = ZXing::Binarizer::LocalAverage) {
    ZXing::DecodeHints hints;
    hints.setBinarizer(binarizer);
    hints.setFormats(formats);
    hints.setTryRotate(thorough);
    hints.setTryHarder(thorough);
    hints.setTryDownscale(true);
    const ZXing::Result r = ZXing::ReadBarcode(view, hints);
    if (!r.isValid()) return std::nullopt;
    return DecodedCode{r.text(), ZXing::ToString(r.format())};
}

std::vector<uint8_t> inverted(const uint8_t* grey, int width, int height, int stride) {
    std::vector<uint8_t> out(static_cast<size_t>(width) * height);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            out[static_cast<size_t>(y) * width + x] = static_cast<uint8_t>(255 - grey[static_cast<size_t>(y) * stride + x]);
    return out;
}

// The mean of each pixel's 3×3 neighbourhood (edges repeated), as two running sums.
std::vector<uint8_t> smoothed(const uint8_t* grey, int width, int height, int stride) {
    std::vector<uint16_t> rows(static_cast<size_t>(width) * height);
    for (int y = 0; y < height; ++y) {
        const uint8_t* r = grey + static_cast<size_t>(y) * stride;
        for (int x = 0; x < width; ++x)
            rows[static_cast<size_t>(y) * width + x] =
                static_cast<uint16_t>(r[x > 0 ? x - 1 : 0] + r[x] + r[x + 1 < width ? x + 1 : x]);
    }
    std::vector<uint8_t> out(static_cast<size_t>(width) * height);
    for (int y = 0; y < height; ++y) {
        const uint16_t* up = &rows[static_cast<size_t>(y > 0 ? y - 1 : 0) * width];
        const uint16_t* mid = &rows[static_cast<size_t>(y) * width];
        const uint16_t* down = &rows[static_cast<size_t>(y + 1 < height ? y + 1 : y) * width];
        for (int x = 0; x < width; ++x)
            out[static_cast<size_t>(y) * width + x] = static_cast<uint8_t>((up[x] + mid[x] + down[x] + 4) / 9);
    }
    return out;
}

// Each pixel the median of its 3×3 neighbourhood (the frame's edge left as it is): specks go, edges stay. Each column
// of three is sorted once and shared by the three windows it is in; the median of nine is then the median of the
// largest low, the middle middle and the smallest high of the window's three columns.
std::vector<uint8_t> despeckled(const uint8_t* grey, int width, int height, int stride) {
    std::vector<uint8_t> out(static_cast<size_t>(width) * height);
    for (int y = 0; y < height; ++y)
        std::copy_n(grey + static_cast<size_t>(y) * stride, width, &out[static_cast<size_t>(y) * width]);
    const auto med3 = [](uint8_t a, uint8_t b, uint8_t c) { return std::max(std::min(a, b), std::min(std::max(a, b), c)); };
    std::vector<uint8_t> lo(static_cast<size_t>(width)), mid(static_cast<size_t>(width)), hi(static_cast<size_t>(width));
    for (int y = 1; y + 1 < height; ++y) {
        const uint8_t* r0 = grey + static_cast<size_t>(y - 1) * stride;
        const uint8_t* r1 = r0 + stride;
        const uint8_t* r2 = r1 + stride;
        for (int x = 0; x < width; ++x) {
            const uint8_t a = r0[x], b = r1[x], c = r2[x];
            lo[x] = std::min({a, b, c}), hi[x] = std::max({a, b, c}), mid[x] = med3(a, b, c);
        }
        uint8_t* o = &out[static_cast<size_t>(y) * width];
        for (int x = 1; x + 1 < width; ++x)
            o[x] = med3(std::max({lo[x - 1], lo[x], lo[x + 1]}), med3(mid[x - 1], mid[x], mid[x + 1]),
                        std::min({hi[x - 1], hi[x], hi[x + 1]}));
    }
    return out;
}

// An unsharp mask: each pixel pushed away from the mean of its 5×5 neighbourhood by twice the difference.
std::vector<uint8_t> sharpened(const uint8_t* grey, int width, int height, int stride) {
    constexpr int r = 2;
    std::vector<uint16_t> rows(static_cast<size_t>(width) * height);  // horizontal sums of 5
    for (int y = 0; y < height; ++y) {
        const uint8_t* g = grey + static_cast<size_t>(y) * stride;
        for (int x = 0; x < width; ++x) {
            int sum = 0;
            for (int d = -r; d <= r; ++d) sum += g[std::clamp(x + d, 0, width - 1)];
            rows[static_cast<size_t>(y) * width + x] = static_cast<uint16_t>(sum);
        }
    }
    std::vector<uint8_t> out(static_cast<size_t>(width) * height);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            int sum = 0;
            for (int d = -r; d <= r; ++d) sum += rows[static_cast<size_t>(std::clamp(y + d, 0, height - 1)) * width + x];
            const int v = grey[static_cast<size_t>(y) * stride + x];
            out[static_cast<size_t>(y) * width + x] = static_cast<uint8_t>(std::clamp(v + 2 * (v - (sum + 12) / 25), 0, 255));
        }
    return out;
}

// The frame turned by `degrees` about its centre, same size (white where the turned frame has no pixel), sampled
// bilinearly: nearest-pixel sampling turns 2-pixel bars into bars of 1 to 3 pixels, which no longer read.
std::vector<uint8_t> turned(const uint8_t* grey, int width, int height, int stride, double degrees) {
    const double a = degrees * M_PI / 180, c = std::cos(a), s = std::sin(a), cx = width / 2.0, cy = height / 2.0;
    std::vector<uint8_t> out(static_cast<size_t>(width) * height, 255);
    constexpr int kOne = 1 << 16;  // 16.16 fixed point along each row
    for (int y = 0; y < height; ++y) {
        const double dy = y - cy;
        auto fx = static_cast<int64_t>(std::llround((-cx * c - dy * s + cx) * kOne));
        auto fy = static_cast<int64_t>(std::llround((-cx * s + dy * c + cy) * kOne));
        const auto stepX = static_cast<int64_t>(std::llround(c * kOne)), stepY = static_cast<int64_t>(std::llround(s * kOne));
        uint8_t* o = &out[static_cast<size_t>(y) * width];
        for (int x = 0; x < width; ++x, fx += stepX, fy += stepY) {
            if (fx < 0 || fy < 0) continue;
            const int sx = static_cast<int>(fx >> 16), sy = static_cast<int>(fy >> 16);
            if (sx >= width - 1 || sy >= height - 1) continue;
            const int ax = static_cast<int>(fx & 0xFFFF) >> 8, ay = static_cast<int>(fy & 0xFFFF) >> 8;  // 0..255
            const uint8_t* p = grey + static_cast<size_t>(sy) * stride + sx;
            const int top = p[0] * (256 - ax) + p[1] * ax, bottom = p[stride] * (256 - ax) + p[stride + 1] * ax;
            o[x] = static_cast<uint8_t>((top * (256 - ay) + bottom * ay + (1 << 15)) >> 16);
        }
    }
    return out;
}

// A frame the size of the camera's, read as it is (the filtered copies are width × height, stride width).
std::optional<DecodedCode> readCopy(const std::vector<uint8_t>& img, int width, int height, ZXing::BarcodeFormats formats,
                                    bool thorough) {
    return read(ZXing::ImageView(img.data(), width, height, ZXing::ImageFormat::Lum), formats, thorough);
}

std::optional<DecodedCode> tilted(const uint8_t* grey, int width, int height, int stride, double degrees) {
    for (double d : {degrees, -degrees})
        if (auto r = readCopy(turned(grey, width, height, stride, d), width, height, ZXing::BarcodeFormat::Code128, false))
            return r;
    return std::nullopt;
}

// A barcode out of focus whose blur is wider than its narrowest bars: each row is taken as the sharp bars (black or
// white) averaged over `k` pixels, and rebuilt from the left, where the quiet zone is white, one pixel at a time: the
// pixel k/2 ahead is what the average at this one leaves once the k-1 pixels already decided are taken out (decision
// feedback, as a modem undoes the smearing of its symbols). Rows with no contrast stay white.
std::vector<uint8_t> refocused(const uint8_t* grey, int width, int height, int stride, int k) {
    const int half = k / 2;
    std::vector<uint8_t> out(static_cast<size_t>(width) * height, 255);
    std::vector<uint8_t> dark(static_cast<size_t>(width + k), 0);  // dark[x + half]: pixel x decided black
    for (int y = 0; y < height; ++y) {
        const uint8_t* row = grey + static_cast<size_t>(y) * stride;
        const auto [lo, hi] = std::minmax_element(row, row + width);
        const int range = *hi - *lo;
        if (range < 40) continue;
        std::fill(dark.begin(), dark.end(), 0);
        int window = 0;  // how many of pixels x - half .. x + half - 1 are black
        uint8_t* o = &out[static_cast<size_t>(y) * width];
        for (int x = 0; x + half < width; ++x) {
            // k × the darkness at x, in units of the row's range, less what the decided pixels contribute.
            const int want = k * (*hi - row[x]) - window * range;
            const uint8_t black = 2 * want > range;
            dark[static_cast<size_t>(x + 2 * half)] = black;
            if (black) o[x + half] = 0;
            window += black - dark[static_cast<size_t>(x)];  // pixel x - half leaves the window, x + half enters
        }
    }
    return out;
}

}  // namespace

const char* passName(Pass pass) {
    static const char* const names[kPasses] = {"direct", "inverted", "one-threshold", "smoothed", "despeckled", "sharpened",
                                               "refocused", "tilted22", "tilted45", "tilted67"};
    const int i = static_cast<int>(pass);
    return i >= 0 && i < kPasses ? names[i] : "?";
}

std::optional<DecodedCode> decodePass(Pass pass, const uint8_t* grey, int width, int height, int stride) {
    if (!grey || width <= 1 || height <= 1) return std::nullopt;
    if (stride == 0) stride = width;
    switch (pass) {
        case Pass::direct:
            return read(ZXing::ImageView(grey, width, height, ZXing::ImageFormat::Lum, stride), kFormats, true);
        case Pass::inverted:
            // A phone in dark mode is held up square to the camera: no rotations, so the pass stays cheap.
            return readCopy(inverted(grey, width, height, stride), width, height, kFormats, false);
        case Pass::oneThreshold:
            return read(ZXing::ImageView(grey, width, height, ZXing::ImageFormat::Lum, stride), kFormats, false,
                        ZXing::Binarizer::GlobalHistogram);
        case Pass::smoothed: return readCopy(smoothed(grey, width, height, stride), width, height, kFormats, true);
        case Pass::despeckled: {
            // Twice: a speck of two pixels outlives one median.
            const auto once = despeckled(grey, width, height, stride);
            return readCopy(despeckled(once.data(), width, height, width), width, height, kFormats, true);
        }
        case Pass::sharpened: return readCopy(sharpened(grey, width, height, stride), width, height, kFormats, true);
        case Pass::refocused:
            for (int k : {5, 7})
                if (auto r = readCopy(refocused(grey, width, height, stride, k), width, height,
                                      ZXing::BarcodeFormat::Code128, false))
                    return r;
            return std::nullopt;
        case Pass::tilted22: return tilted(grey, width, height, stride, 22.5);
        case Pass::tilted45: return tilted(grey, width, height, stride, 45);
        case Pass::tilted67: return tilted(grey, width, height, stride, 67.5);
    }
    return std::nullopt;
}

std::optional<DecodedCode> decodeFrame(const uint8_t* grey, int width, int height, int stride) {
    for (int p = 0; p < kPasses; ++p)
        if (auto r = decodePass(static_cast<Pass>(p), grey, width, height, stride)) return r;
    return std::nullopt;
}

std::optional<DecodedCode> StreamDecoder::next(const uint8_t* grey, int width, int height, int stride) {
    Pass pass = Pass::direct;
    if (frame_++ % 2) {
        pass = static_cast<Pass>(1 + turn_);
        turn_ = (turn_ + 1) % (kPasses - 1);
    }
    return decodePass(pass, grey, width, height, stride);
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
