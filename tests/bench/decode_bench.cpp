// Camera decoding benchmark: time per 640×480 frame (with a code, and empty), and the decode rate on a
// generated set of hard images, beside zbarimg on the same files in the same run. Prints figures.
#define ZX_USE_UTF8
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <stb/stb_image_write.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "drivers/scanner/frame_decoder.h"

using namespace ow::drivers::scanner;

namespace {

constexpr int W = 640, H = 480;
using Image = std::vector<float>;  // grey 0..1, W×H

Image render(ZXing::BarcodeFormat format, const std::string& text, int module) {
    const ZXing::BitMatrix m = ZXing::MultiFormatWriter(format).setMargin(0).encode(text, 0, 0);
    Image img(W * H, 1.0f);
    const bool linear = format == ZXing::BarcodeFormat::Code128;
    const int dw = m.width() * module, dh = linear ? 90 : m.height() * module;
    const int x0 = (W - dw) / 2, y0 = (H - dh) / 2;
    for (int y = 0; y < dh; ++y)
        for (int x = 0; x < dw; ++x)
            if (m.get(x / module, linear ? 0 : y / module)) img[(y0 + y) * W + x0 + x] = 0.0f;
    return img;
}

float sample(const Image& img, float x, float y) {
    if (x < 0 || y < 0 || x >= W - 1 || y >= H - 1) return 1.0f;
    const int ix = static_cast<int>(x), iy = static_cast<int>(y);
    const float fx = x - ix, fy = y - iy;
    const float a = img[iy * W + ix], b = img[iy * W + ix + 1], c = img[(iy + 1) * W + ix], d = img[(iy + 1) * W + ix + 1];
    return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
}

// Maps each output pixel through a 3×3 homography back into the source (rotation, scale, perspective).
Image warp(const Image& src, const double h[9]) {
    Image out(W * H);
    for (int y = 0; y < H; ++y)
        for (int x = 0; x < W; ++x) {
            const double w = h[6] * x + h[7] * y + h[8];
            out[y * W + x] = sample(src, static_cast<float>((h[0] * x + h[1] * y + h[2]) / w),
                                    static_cast<float>((h[3] * x + h[4] * y + h[5]) / w));
        }
    return out;
}

Image rotate(const Image& src, double deg, double scale = 1.0) {
    const double a = deg * M_PI / 180, c = std::cos(a) / scale, s = std::sin(a) / scale, cx = W / 2.0, cy = H / 2.0;
    const double h[9] = {c, s, cx - c * cx - s * cy, -s, c, cy + s * cx - c * cy, 0, 0, 1};
    return warp(src, h);
}

Image perspective(const Image& src, double k) {
    const double h[9] = {1, 0, 0, 0, 1, 0, k / W, k * 0.3 / H, 1 - k * 0.65};
    return warp(src, h);
}

Image blur(const Image& src, int r) {
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

std::vector<uint8_t> toBytes(const Image& img, float lo, float hi, float noise, bool invert, std::mt19937& rng) {
    std::normal_distribution<float> g(0.0f, noise);
    std::vector<uint8_t> out(W * H);
    for (int i = 0; i < W * H; ++i) {
        float v = lo + (hi - lo) * img[i] + (noise > 0 ? g(rng) : 0.0f);
        if (invert) v = 1.0f - v;
        out[i] = static_cast<uint8_t>(std::clamp(v, 0.0f, 1.0f) * 255);
    }
    return out;
}

double medianMs(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

bool zbarReads(const std::string& file, const std::string& want) {
    const std::string cmd = "zbarimg -q --raw '" + file + "' 2>/dev/null";
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return false;
    std::string out;
    char buf[512];
    while (fgets(buf, sizeof buf, p)) out += buf;
    pclose(p);
    return out.find(want) != std::string::npos;
}

}  // namespace

int main() {
    std::mt19937 rng(20261122);
    const auto dir = std::filesystem::temp_directory_path() / "ow-decode-bench";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const bool haveZbar = std::system("command -v zbarimg >/dev/null 2>&1") == 0;

    // Timing: one QR frame and one empty frame, 200 decodes each.
    const std::string receipt = "OW1.C.QP2026112200017.demo1.Yx3kq9VbUu7rT0w2pN5aL8mC1dE4fG6hJ2kM9nP0qR3sT5uV7wX1yZ4bD6gH8jK0lQ";
    const auto qr = toBytes(render(ZXing::BarcodeFormat::QRCode, receipt, 4), 0, 1, 0, false, rng);
    const std::vector<uint8_t> empty(W * H, 210);
    std::vector<double> withCode, without;
    for (int i = 0; i < 200; ++i) {
        auto t0 = std::chrono::steady_clock::now();
        if (!decodeFrame(qr.data(), W, H)) return std::fprintf(stderr, "the timing frame did not decode\n"), 1;
        auto t1 = std::chrono::steady_clock::now();
        decodeFrame(empty.data(), W, H);
        auto t2 = std::chrono::steady_clock::now();
        withCode.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        without.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
    }
    std::printf("decode a 640x480 frame with a QR code: median %.2f ms; an empty frame: median %.2f ms (200 each)\n",
                medianMs(withCode), medianMs(without));

    // Decode rate: each condition × 12 payloads (QR and Code 128), the same PNG files for both readers.
    struct Condition {
        const char* name;
        std::function<std::vector<uint8_t>(const Image&)> make;
    };
    std::vector<Condition> conditions = {
        {"plain", [&](const Image& i) { return toBytes(i, 0, 1, 0, false, rng); }},
        {"rotated 30°", [&](const Image& i) { return toBytes(rotate(i, 30), 0, 1, 0, false, rng); }},
        {"rotated 90°", [&](const Image& i) { return toBytes(rotate(i, 90), 0, 1, 0, false, rng); }},
        {"blurred", [&](const Image& i) { return toBytes(blur(i, 2), 0, 1, 0, false, rng); }},
        {"small (scale 0.5)", [&](const Image& i) { return toBytes(rotate(i, 0, 0.5), 0, 1, 0, false, rng); }},
        {"large (scale 1.8)", [&](const Image& i) { return toBytes(rotate(i, 0, 1.8), 0, 1, 0, false, rng); }},
        {"noisy", [&](const Image& i) { return toBytes(i, 0, 1, 0.18f, false, rng); }},
        {"low contrast", [&](const Image& i) { return toBytes(i, 0.45f, 0.65f, 0.02f, false, rng); }},
        {"perspective", [&](const Image& i) { return toBytes(perspective(i, 0.35), 0, 1, 0, false, rng); }},
        {"inverted (dark mode)", [&](const Image& i) { return toBytes(i, 0, 1, 0, true, rng); }},
    };
    std::printf("%-22s %10s %10s\n", "condition", "ours", haveZbar ? "zbarimg" : "(no zbarimg)");
    int oursTotal = 0, zbarTotal = 0, total = 0;
    for (const auto& c : conditions) {
        int ours = 0, zbar = 0, n = 0;
        for (int k = 0; k < 12; ++k) {
            const bool linear = k % 3 == 2;
            const std::string text = linear ? "QP20261122" + std::to_string(1000 + k)
                                            : "OW1.C.QP2026112200" + std::to_string(100 + k) + ".demo1.sig" + std::to_string(k * 7919);
            const Image base = render(linear ? ZXing::BarcodeFormat::Code128 : ZXing::BarcodeFormat::QRCode, text,
                                      linear ? 2 : 3 + k % 3);
            const auto bytes = c.make(base);
            const std::string file = (dir / (std::to_string(total) + ".png")).string();
            stbi_write_png(file.c_str(), W, H, 1, bytes.data(), W);
            auto r = decodeFrame(bytes.data(), W, H);
            ours += r && r->text == text;
            if (haveZbar) zbar += zbarReads(file, text);
            ++n, ++total;
        }
        oursTotal += ours, zbarTotal += zbar;
        std::printf("%-22s %6d/%-3d %6d/%-3d\n", c.name, ours, n, zbar, n);
    }
    std::printf("%-22s %6d/%-3d %6d/%-3d\n", "all", oursTotal, total, zbarTotal, total);
    std::filesystem::remove_all(dir);
    return 0;
}
