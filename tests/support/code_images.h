// Pictures of codes as a camera sees them, drawn for the decoder's tests and benchmark: a QR code (error correction
// M, as the terminal prints its codes) or a Code 128 barcode in a 640×480 frame, then turned, tilted, blurred,
// covered, dimmed or speckled.
#pragma once

#define ZX_USE_UTF8
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace ow::test::codes {

constexpr int W = 640, H = 480;
using Image = std::vector<float>;  // grey 0..1, W×H

inline Image render(ZXing::BarcodeFormat format, const std::string& text, int module) {
    // QR at error correction M, as the terminal prints and shows its codes.
    const ZXing::BitMatrix m = ZXing::MultiFormatWriter(format).setMargin(0).setEccLevel(3).encode(text, 0, 0);
    Image img(W * H, 1.0f);
    const bool linear = format == ZXing::BarcodeFormat::Code128;
    const int dw = m.width() * module, dh = linear ? 90 : m.height() * module;
    const int x0 = (W - dw) / 2, y0 = (H - dh) / 2;
    for (int y = 0; y < dh; ++y)
        for (int x = 0; x < dw; ++x)
            if (m.get(x / module, linear ? 0 : y / module)) img[(y0 + y) * W + x0 + x] = 0.0f;
    return img;
}

inline float sample(const Image& img, float x, float y) {
    if (x < 0 || y < 0 || x >= W - 1 || y >= H - 1) return 1.0f;
    const int ix = static_cast<int>(x), iy = static_cast<int>(y);
    const float fx = x - ix, fy = y - iy;
    const float a = img[iy * W + ix], b = img[iy * W + ix + 1], c = img[(iy + 1) * W + ix], d = img[(iy + 1) * W + ix + 1];
    return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
}

// Maps each output pixel through a 3×3 homography back into the source (rotation, scale, perspective).
inline Image warp(const Image& src, const double h[9]) {
    Image out(W * H);
    for (int y = 0; y < H; ++y)
        for (int x = 0; x < W; ++x) {
            const double w = h[6] * x + h[7] * y + h[8];
            out[y * W + x] = sample(src, static_cast<float>((h[0] * x + h[1] * y + h[2]) / w),
                                    static_cast<float>((h[3] * x + h[4] * y + h[5]) / w));
        }
    return out;
}

inline Image rotate(const Image& src, double deg, double scale = 1.0) {
    const double a = deg * M_PI / 180, c = std::cos(a) / scale, s = std::sin(a) / scale, cx = W / 2.0, cy = H / 2.0;
    const double h[9] = {c, s, cx - c * cx - s * cy, -s, c, cy + s * cx - c * cy, 0, 0, 1};
    return warp(src, h);
}

inline Image perspective(const Image& src, double k) {
    const double h[9] = {1, 0, 0, 0, 1, 0, k / W, k * 0.3 / H, 1 - k * 0.65};
    return warp(src, h);
}

inline Image blur(const Image& src, int r) {
    Image out(W * H);
    for (int y = 0; y < H; ++y)
        for (int x = 0; x < W; ++x) {
            float sum = 0;
            int n = 0;
            for (int dy = -r; dy <= r; ++dy)
                for (int dx = -r; dx <= r; ++dx) {
                    const int xx = std::clamp(x + dx, 0, W - 1), yy = std::clamp(y + dy, 0, H - 1);
                    sum += src[yy * W + xx];
                    ++n;
                }
            out[y * W + x] = sum / n;
        }
    return out;
}

// Seen from a strong angle: the code's far side much narrower than the near one, and turned.
inline Image steep(const Image& src, double k, double deg) { return perspective(rotate(src, deg, 0.8), k); }

// A thumb over part of the code: a skin-grey ellipse over the corner without a finder pattern (bottom right) of a
// QR code, or over the top of a barcode's bars (the bottom part stays readable).
inline Image covered(const Image& src) {
    int x0 = W, y0 = H, x1 = 0, y1 = 0;
    for (int y = 0; y < H; ++y)
        for (int x = 0; x < W; ++x)
            if (src[y * W + x] < 0.5f) x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x), y1 = std::max(y1, y);
    const bool linear = (y1 - y0) * 2 < x1 - x0;  // a barcode: wide and low
    Image out = src;
    const double cx = linear ? (x0 + x1) / 2.0 : x1, cy = linear ? y0 - 5 : y1;
    const double rx = linear ? (x1 - x0) * 0.7 : (x1 - x0) * 0.4, ry = linear ? (y1 - y0) * 0.45 : (y1 - y0) * 0.4;
    for (int y = 0; y < H; ++y)
        for (int x = 0; x < W; ++x) {
            const double dx = (x - cx) / rx, dy = (y - cy) / ry;
            if (dx * dx + dy * dy <= 1) out[y * W + x] = 0.62f;
        }
    return out;
}

inline std::vector<uint8_t> toBytes(const Image& img, float lo, float hi, float noise, bool invert, std::mt19937& rng) {
    std::normal_distribution<float> g(0.0f, noise);
    std::vector<uint8_t> out(W * H);
    for (int i = 0; i < W * H; ++i) {
        float v = lo + (hi - lo) * img[i] + (noise > 0 ? g(rng) : 0.0f);
        if (invert) v = 1.0f - v;
        out[i] = static_cast<uint8_t>(std::clamp(v, 0.0f, 1.0f) * 255);
    }
    return out;
}

}  // namespace ow::test::codes
