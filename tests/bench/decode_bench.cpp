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
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "../support/code_images.h"
#include "drivers/scanner/frame_decoder.h"

using namespace ow::drivers::scanner;
using namespace ow::test::codes;

namespace {

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

// Usage: ow_bench_decode [SEED]. The decoder's passes were chosen on the set of the default seed; another seed
// draws a set it has not seen (other payloads, so other code sizes, and other noise).
int main(int argc, char** argv) {
    const unsigned seed = argc > 1 ? static_cast<unsigned>(std::strtoul(argv[1], nullptr, 10)) : 20261122u;
    std::mt19937 rng(seed);
    const auto dir = std::filesystem::temp_directory_path() / "ow-decode-bench";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const bool haveZbar = std::system("command -v zbarimg >/dev/null 2>&1") == 0;

    // Timing: one QR frame and one empty frame, 200 decodes each.
    const std::string receipt = "OW1.C.QP2026112200017.demo1.Yx3kq9VbUu7rT0w2pN5aL8mC1dE4fG6hJ2kM9nP0qR3sT5uV7wX1yZ4bD6gH8jK0lQ";
    const auto qr = toBytes(render(ZXing::BarcodeFormat::QRCode, receipt, 4), 0, 1, 0, false, rng);
    const std::vector<uint8_t> empty(W * H, 210);
    std::vector<double> withCode, without, streamWith, streamWithout;
    StreamDecoder withStream, withoutStream;
    const auto ms = [](auto from, auto to) { return std::chrono::duration<double, std::milli>(to - from).count(); };
    for (int i = 0; i < 200; ++i) {
        auto t0 = std::chrono::steady_clock::now();
        if (!decodeFrame(qr.data(), W, H)) return std::fprintf(stderr, "the timing frame did not decode\n"), 1;
        auto t1 = std::chrono::steady_clock::now();
        decodeFrame(empty.data(), W, H);
        auto t2 = std::chrono::steady_clock::now();
        withStream.next(qr.data(), W, H);
        auto t3 = std::chrono::steady_clock::now();
        withoutStream.next(empty.data(), W, H);
        auto t4 = std::chrono::steady_clock::now();
        withCode.push_back(ms(t0, t1)), without.push_back(ms(t1, t2));
        streamWith.push_back(ms(t2, t3)), streamWithout.push_back(ms(t3, t4));
    }
    std::printf("decode a 640x480 frame with a QR code: median %.2f ms; an empty frame: median %.2f ms (one picture, "
                "every pass; 200 each)\n",
                medianMs(withCode), medianMs(without));
    std::printf("in the camera's stream (one pass a frame, the direct one every other frame): with a QR code median %.2f ms, "
                "empty median %.2f ms, empty slowest %.2f ms\n",
                medianMs(streamWith), medianMs(streamWithout), *std::max_element(streamWithout.begin(), streamWithout.end()));
    // A camera looking at an empty hall sees texture and noise, not a flat grey: some passes work on every row then.
    const auto textured = toBytes(Image(W * H, 0.8f), 0, 1, 0.02f, false, rng);
    for (const auto& [name, frame] : {std::pair{"the empty frame", &empty}, std::pair{"a noisy empty frame", &textured}}) {
        std::printf("each pass on %s (median of 50, ms):", name);
        for (int p = 0; p < kPasses; ++p) {
            std::vector<double> times;
            for (int i = 0; i < 50; ++i) {
                auto t0 = std::chrono::steady_clock::now();
                decodePass(static_cast<Pass>(p), frame->data(), W, H);
                times.push_back(ms(t0, std::chrono::steady_clock::now()));
            }
            std::printf(" %s %.2f", passName(static_cast<Pass>(p)), medianMs(times));
        }
        std::printf("\n");
    }

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
        {"steep perspective", [&](const Image& i) { return toBytes(steep(i, 0.7, 20), 0, 1, 0.02f, false, rng); }},
        {"perspective + blur", [&](const Image& i) { return toBytes(blur(perspective(i, 0.45), 1), 0.05f, 0.95f, 0.02f, false, rng); }},
        {"partly covered", [&](const Image& i) { return toBytes(covered(i), 0, 1, 0.02f, false, rng); }},
    };
    std::printf("set drawn with seed %u\n", seed);
    std::printf("%-22s %10s %10s %10s\n", "condition", "picture", "stream", haveZbar ? "zbarimg" : "(no zbarimg)");
    int oursTotal = 0, streamTotal = 0, zbarTotal = 0, total = 0;
    for (const auto& c : conditions) {
        int ours = 0, inStream = 0, zbar = 0, n = 0;
        for (int k = 0; k < 12; ++k) {
            const bool linear = k % 3 == 2;
            // Receipt and appointment codes (a signature of 43 to 86 characters: QR versions 4 to 7) and case numbers.
            std::string sig;
            for (unsigned i = 0, len = 43 + rng() % 44; i < len; ++i)
                sig += "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[rng() % 64];
            const std::string text = linear ? "QP2026112" + std::to_string(10000 + rng() % 90000)
                                            : std::string(k % 2 ? "OW1.A." : "OW1.C.") + "QP2026112200" +
                                                  std::to_string(100 + rng() % 900) + ".demo1." + sig;
            const Image base = render(linear ? ZXing::BarcodeFormat::Code128 : ZXing::BarcodeFormat::QRCode, text,
                                      linear ? 2 : 3 + k % 3);
            const auto bytes = c.make(base);
            const std::string file = (dir / (std::to_string(total) + ".png")).string();
            stbi_write_png(file.c_str(), W, H, 1, bytes.data(), W);
            auto r = decodeFrame(bytes.data(), W, H);
            ours += r && r->text == text;
            StreamDecoder stream;  // the code held up to the camera for one round of the passes
            bool seen = false;
            for (int f = 0; f < kStreamRound && !seen; ++f) {
                auto got = stream.next(bytes.data(), W, H);
                seen = got && got->text == text;
            }
            inStream += seen;
            if (std::getenv("OW_DECODE_MISSES") && !(r && r->text == text))
                std::printf("  missed: %s, %s module %d (%s)\n", c.name, linear ? "Code 128" : "QR", linear ? 2 : 3 + k % 3,
                            file.c_str());
            if (haveZbar) zbar += zbarReads(file, text);
            ++n, ++total;
        }
        oursTotal += ours, streamTotal += inStream, zbarTotal += zbar;
        std::printf("%-22s %6d/%-3d %6d/%-3d %6d/%-3d\n", c.name, ours, n, inStream, n, zbar, n);
    }
    std::printf("%-22s %6d/%-3d %6d/%-3d %6d/%-3d\n", "all", oursTotal, total, streamTotal, total, zbarTotal, total);
    if (!std::getenv("OW_DECODE_MISSES")) std::filesystem::remove_all(dir);  // kept to look at the misses
    return 0;
}
