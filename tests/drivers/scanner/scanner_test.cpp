// Scanners end to end: a pty serial scanner, camera frames with codes in every pose, kiosk-diag decode.
#define ZX_USE_UTF8
#include "drivers/scanner/scanner.h"

#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <gtest/gtest.h>
#include <stb/stb_image_write.h>

#include <condition_variable>
#include <random>

#include "../../kiosk/test_paths.h"
#include "../../support/event_log.h"
#include "../../support/xvfb.h"
#include "drivers/scanner/frame_decoder.h"

using namespace ow::drivers;
using namespace ow::drivers::scanner;
using namespace std::chrono_literals;

namespace {

const std::string kPayload = "OW1.C.QP2026112200017.central1.q2Lp7Yt0uIY2n2WQ9yXQ";

// A 640×480 grey frame with the code drawn at `module` pixels per module, centred, optionally inverted.
std::vector<uint8_t> frameWith(ZXing::BarcodeFormat format, const std::string& text, int module, bool invert,
                               int& w, int& h) {
    w = 640, h = 480;
    const ZXing::BitMatrix m = ZXing::MultiFormatWriter(format).setMargin(0).encode(text, 0, 0);
    std::vector<uint8_t> img(static_cast<size_t>(w) * h, invert ? 0 : 255);
    const bool linear = format == ZXing::BarcodeFormat::Code128;  // one row of bars, drawn 80 px tall
    const int drawnW = m.width() * module, drawnH = linear ? 80 : m.height() * module;
    const int x0 = (w - drawnW) / 2, y0 = (h - drawnH) / 2;
    for (int y = 0; y < drawnH; ++y)
        for (int x = 0; x < drawnW; ++x) {
            const bool dark = m.get(x / module, linear ? 0 : y / module);
            img[static_cast<size_t>(y0 + y) * w + x0 + x] = (dark != invert) ? 0 : 255;
        }
    return img;
}

// The scanners' events, with the payloads scanned in order.
class Collector : public ow::test::EventLog {
public:
    std::vector<std::string> codes() {
        std::vector<std::string> out;
        for (auto& c : all<CodeScanned>()) out.push_back(c.payload);
        return out;
    }
    bool waitCodes(size_t n) { return count<CodeScanned>(n); }
    bool waitState(DeviceState s) {
        return next<DeviceStatusChanged>([s](const DeviceStatusChanged& e) { return e.state == s; }, 3000ms).has_value();
    }
};

}  // namespace

TEST(FrameDecoder, ReadsQrDataMatrixAndCode128) {
    int w, h;
    auto qr = frameWith(ZXing::BarcodeFormat::QRCode, kPayload, 5, false, w, h);
    auto r = decodeFrame(qr.data(), w, h);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->text, kPayload);
    EXPECT_EQ(r->format, "QRCode");
    auto dm = frameWith(ZXing::BarcodeFormat::DataMatrix, "QP2026112200017", 6, false, w, h);
    r = decodeFrame(dm.data(), w, h);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->text, "QP2026112200017");
    auto bar = frameWith(ZXing::BarcodeFormat::Code128, "QP2026112200017", 3, false, w, h);
    r = decodeFrame(bar.data(), w, h);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->format, "Code128");
}

TEST(FrameDecoder, ReadsADarkModePhoneScreenAndRotatedCodes) {
    int w, h;
    auto inv = frameWith(ZXing::BarcodeFormat::QRCode, kPayload, 5, true, w, h);
    auto r = decodeFrame(inv.data(), w, h);
    ASSERT_TRUE(r) << "light-on-dark codes must read";
    EXPECT_EQ(r->text, kPayload);
    // Rotated 90°: transpose into a 480×640 frame.
    auto qr = frameWith(ZXing::BarcodeFormat::QRCode, kPayload, 5, false, w, h);
    std::vector<uint8_t> rot(qr.size());
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) rot[static_cast<size_t>(x) * h + (h - 1 - y)] = qr[static_cast<size_t>(y) * w + x];
    r = decodeFrame(rot.data(), h, w);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->text, kPayload);
}

TEST(FrameDecoder, AnEmptyOrNoisyFrameHasNoCode) {
    std::vector<uint8_t> blank(640 * 480, 200);
    EXPECT_FALSE(decodeFrame(blank.data(), 640, 480));
    std::mt19937 rng(7);
    for (auto& p : blank) p = static_cast<uint8_t>(rng() & 0xFF);
    EXPECT_FALSE(decodeFrame(blank.data(), 640, 480));
    EXPECT_FALSE(decodeFrame(nullptr, 0, 0));
}

TEST(SerialScanner, ScansArriveOnceEachAndSurviveUnplug) {
    ow::test::TempDir dir;
    SimSerialScanner sim(dir.file("scanner"));
    ASSERT_TRUE(sim.plug().ok());
    Collector c;
    SerialScanner scanner(sim.path(), 9600, c.sink());
    scanner.start();
    ASSERT_TRUE(c.waitState(DeviceState::online));
    ASSERT_TRUE(sim.scan(kPayload));
    ASSERT_TRUE(sim.scan("6901234567892", "\t"));
    ASSERT_TRUE(c.waitCodes(2));
    EXPECT_EQ(c.codes(), (std::vector<std::string>{kPayload, "6901234567892"}));
    sim.unplug();
    ASSERT_TRUE(c.waitState(DeviceState::noDevice));
    ASSERT_TRUE(sim.plug().ok());
    ASSERT_TRUE(c.waitState(DeviceState::online));
    ASSERT_TRUE(sim.scan("after replug"));
    ASSERT_TRUE(c.waitCodes(3));
    EXPECT_EQ(c.codes().back(), "after replug");
    scanner.stop();
}

TEST(CameraScanner, ACodeHeldInFrontOfTheCameraIsReportedOnce) {
    ow::test::TempDir dir;
    int w, h;
    auto qr = frameWith(ZXing::BarcodeFormat::QRCode, kPayload, 5, false, w, h);
    const std::string png = dir.file("receipt.png");
    ASSERT_TRUE(stbi_write_png(png.c_str(), w, h, 1, qr.data(), w));
    auto source = std::make_unique<ImageFileSource>();
    ImageFileSource* shown = source.get();
    Collector c;
    CameraScanner camera(std::move(source), 30, c.sink());
    camera.start();
    shown->show(png);
    ASSERT_TRUE(c.waitCodes(1));
    std::this_thread::sleep_for(400ms);
    EXPECT_EQ(c.codes(), (std::vector<std::string>{kPayload})) << "held still, it is one scan";
    camera.stop();
}

TEST(KioskDiagDecode, PrintsTheCodeOrSaysThereIsNone) {
    ow::test::TempDir dir;
    int w, h;
    auto qr = frameWith(ZXing::BarcodeFormat::QRCode, kPayload, 4, true, w, h);
    ASSERT_TRUE(stbi_write_png(dir.file("dark.png").c_str(), w, h, 1, qr.data(), w));
    std::vector<uint8_t> blank(static_cast<size_t>(w) * h, 255);
    ASSERT_TRUE(stbi_write_png(dir.file("blank.png").c_str(), w, h, 1, blank.data(), w));
    std::string out, err;
    EXPECT_EQ(ow::test::run({OW_DIAG_BIN, "decode", dir.file("dark.png")}, 30, &err, &out), 0) << err;
    EXPECT_EQ(out, kPayload + "\n");
    EXPECT_EQ(ow::test::run({OW_DIAG_BIN, "decode", dir.file("blank.png")}, 30, &err, &out), 1);
    EXPECT_EQ(out, "no code found\n");
    EXPECT_EQ(ow::test::run({OW_DIAG_BIN, "decode", dir.file("missing.png")}, 30, &err, &out), 2);
    EXPECT_NE(err.find("cannot read the image"), std::string::npos);
}
