// kiosk-diag: for field engineers — device states, self-tests, and decoding captured device bytes.
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "drivers/idcard/reader.h"
#include "drivers/idcard/sim_reader.h"
#include "drivers/receipt/protocol.h"
#include "drivers/receipt/renderer.h"
#include "drivers/scanner/frame_decoder.h"
#include "drivers/transport/serial.h"
#include "kiosk/config_boot.h"
#include "kiosk/device_config.h"
#include "kiosk/document.h"
#include "platform/font_locator.h"

namespace {

using namespace ow;

const char* kUsage =
    "usage: kiosk-diag list [--devices FILE]        each configured device and its state\n"
    "       kiosk-diag selftest idcard [--devices FILE]\n"
    "       kiosk-diag parse-idcard FILE             a captured reader response frame → JSON\n"
    "       kiosk-diag decode IMAGE                  the QR, DataMatrix or Code 128 code in a PNG/JPEG\n"
    "       kiosk-diag render-receipt JSON OUT.png   a document through the ESC/POS builder onto simulated paper\n";

int usage() {
    std::fputs(kUsage, stderr);
    return 2;
}

// Plain words for what is wrong with a frame, or "" when the frame is whole and valid.
std::string frameProblem(const std::vector<uint8_t>& bytes, const drivers::idcard::ParseResult& p) {
    using drivers::idcard::FrameError;
    switch (p.error) {
        case FrameError::none: return "";
        case FrameError::incomplete: {
            if (bytes.size() < 7) return "truncated frame: " + std::to_string(bytes.size()) + " bytes, no length field";
            const size_t want = 7 + ((static_cast<size_t>(bytes[5]) << 8) | bytes[6]);
            return "truncated frame: " + std::to_string(bytes.size()) + " bytes of the " + std::to_string(want) +
                   " its length field announces";
        }
        case FrameError::badPreamble: return "not a reader frame: " + p.message;
        case FrameError::badLength: return "bad length: " + p.message;
        case FrameError::badChecksum: return "bad checksum: " + p.message;
    }
    return "unknown frame error";
}

int parseIdCard(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "cannot read %s\n", path.c_str());
        return 2;
    }
    const std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), {}};
    const auto p = drivers::idcard::parseResponse(bytes.data(), bytes.size());
    if (const std::string problem = frameProblem(bytes, p); !problem.empty()) {
        std::printf("%s\n", problem.c_str());
        return 1;
    }
    const auto card = drivers::idcard::decodeBaseInfo(p.response);
    if (!card.error.empty()) {
        std::printf("%s\n", card.error.c_str());
        return 1;
    }
    if (const std::string problem = drivers::idcard::validate(card.text); !problem.empty()) {
        std::printf("%s\n", problem.c_str());
        return 1;
    }
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char today[9];
    std::strftime(today, sizeof today, "%Y%m%d", &tm);
    const auto& t = card.text;
    const nlohmann::json out = {{"name", t.name},
                                {"sex", t.sex()},
                                {"nation", t.nation()},
                                {"birth", t.birth},
                                {"address", t.address},
                                {"id_number", t.idNumber},
                                {"authority", t.authority},
                                {"valid_from", t.validFrom},
                                {"valid_to", t.validTo},
                                {"expired", drivers::idcard::expired(t, today)},
                                {"photo_bytes", card.photo.size()}};
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
}

core::Result<core::DeviceConfig> loadDevices(int argc, char** argv, int from) {
    std::string path;
    for (int i = from; i < argc; ++i)
        if (std::string(argv[i]) == "--devices" && i + 1 < argc) path = argv[++i];
    if (path.empty()) return core::DeviceConfig{};
    auto text = core::readFile(path);
    if (!text) return core::Error{text.error()};
    auto cfg = core::parseDeviceConfig(*text);
    if (!cfg) return core::Error{path + ": " + cfg.error()};
    return cfg;
}

// Runs the ID card driver until its first settled state (or 3 s) and returns it.
drivers::DeviceStatusChanged probeIdCard(const std::string& path, int baud) {
    std::mutex m;
    std::condition_variable cv;
    std::optional<drivers::DeviceStatusChanged> status;
    drivers::idcard::Reader reader({path, baud, 300, 1000}, [&](drivers::DeviceEvent e) {
        if (auto* s = std::get_if<drivers::DeviceStatusChanged>(&e)) {
            std::lock_guard lock(m);
            status = *s;
            cv.notify_all();
        }
    });
    reader.start();
    std::unique_lock lock(m);
    cv.wait_for(lock, std::chrono::seconds(3), [&] { return status.has_value(); });
    lock.unlock();
    reader.stop();
    return status.value_or(drivers::DeviceStatusChanged{"idcard", drivers::DeviceState::offline,
                                                        drivers::SuggestedAction::maintenance, "no answer in 3 s"});
}

int list(const core::DeviceConfig& cfg) {
    const auto& e = cfg.idcard;
    std::string where;
    std::unique_ptr<drivers::idcard::SimReader> sim;
    char tmpl[] = "/tmp/kiosk-diag-XXXXXX";
    if (e.transport == core::DeviceEndpoint::Transport::simulator) {
        auto s = drivers::idcard::SimReader::create(std::string(mkdtemp(tmpl)) + "/idcard");
        if (!s) return std::fprintf(stderr, "%s\n", s.error().c_str()), 1;
        sim = std::move(*s);
        where = "simulator";
    } else if (e.transport == core::DeviceEndpoint::Transport::serial) {
        where = "serial " + e.path;
    }
    std::printf("%-8s %-24s %-14s %-12s %s\n", "device", "transport", "state", "action", "detail");
    if (e.transport == core::DeviceEndpoint::Transport::none) {
        std::printf("%-8s %-24s %-14s %-12s %s\n", "idcard", "none", "-", "-", "not fitted");
        return 0;
    }
    const auto st = probeIdCard(sim ? sim->path() : e.path, e.baud);
    std::printf("%-8s %-24s %-14s %-12s %s\n", "idcard", where.c_str(), drivers::stateCode(st.state),
                drivers::actionCode(st.action), st.detail.empty() ? "-" : st.detail.c_str());
    if (sim) {
        sim.reset();
        rmdir(tmpl);
    }
    return 0;
}

int selftestIdCard(const core::DeviceConfig& cfg) {
    std::unique_ptr<drivers::idcard::SimReader> sim;
    std::string path = cfg.idcard.path;
    char tmpl[] = "/tmp/kiosk-diag-XXXXXX";
    if (cfg.idcard.transport == core::DeviceEndpoint::Transport::simulator) {
        auto s = drivers::idcard::SimReader::create(std::string(mkdtemp(tmpl)) + "/idcard");
        if (!s) return std::fprintf(stderr, "%s\n", s.error().c_str()), 1;
        sim = std::move(*s);
        path = sim->path();
    }
    auto port = drivers::SerialPort::open(path, cfg.idcard.baud);
    if (!port) return std::printf("FAIL idcard: %s\n", port.error().c_str()), 1;
    const auto cmd = drivers::idcard::encodeCommand(drivers::idcard::Command::samStatus);
    port->write(cmd.data(), cmd.size());
    std::vector<uint8_t> buf;
    uint8_t chunk[256];
    for (int i = 0; i < 20; ++i) {
        const auto r = port->read(chunk, sizeof chunk, 100);
        if (r.kind == drivers::ReadResult::Kind::gone) return std::printf("FAIL idcard: the device went away\n"), 1;
        buf.insert(buf.end(), chunk, chunk + r.bytes);
        const auto p = drivers::idcard::parseResponse(buf.data(), buf.size());
        if (p.error == drivers::idcard::FrameError::incomplete) continue;
        if (p.error != drivers::idcard::FrameError::none)
            return std::printf("FAIL idcard: %s\n", frameProblem(buf, p).c_str()), 1;
        if (p.response.sw3 != drivers::idcard::sw3::kSuccess)
            return std::printf("FAIL idcard: %s\n", drivers::idcard::sw3Meaning(p.response.sw3).c_str()), 1;
        std::printf("PASS idcard: SAM status OK on %s\n", sim ? "the simulator" : path.c_str());
        return 0;
    }
    std::printf("FAIL idcard: no answer to the SAM status command within 2 s\n");
    return 1;
}

int decode(const std::string& path) {
    std::vector<uint8_t> grey;
    int w = 0, h = 0;
    std::string error;
    if (!drivers::scanner::loadGrey(path, error, grey, w, h)) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return 2;
    }
    const auto code = drivers::scanner::decodeFrame(grey.data(), w, h);
    if (!code) {
        std::printf("no code found\n");
        return 1;
    }
    std::printf("%s\n", code->text.c_str());
    return 0;
}

int renderReceipt(const std::string& jsonPath, const std::string& pngPath) {
    auto text = core::readFile(jsonPath);
    if (!text) return std::fprintf(stderr, "%s\n", text.error().c_str()), 2;
    auto doc = core::parseDocument(*text);
    if (!doc) return std::fprintf(stderr, "%s: %s\n", jsonPath.c_str(), doc.error().c_str()), 1;
    auto fonts = platform::findUiFonts();
    if (!fonts) return std::fprintf(stderr, "%s\n", fonts.error().c_str()), 2;
    auto renderer = drivers::receipt::Renderer::create(fonts->regular.path, fonts->regular.index);
    if (!renderer) return std::fprintf(stderr, "%s\n", renderer.error().c_str()), 2;
    const auto bytes = drivers::receipt::renderDocument(*doc);
    (*renderer)->feed(bytes.data(), bytes.size());
    const auto& pages = (*renderer)->pages();
    if (pages.empty() || !drivers::receipt::Renderer::savePng(pages.front(), pngPath))
        return std::fprintf(stderr, "cannot write %s\n", pngPath.c_str()), 2;
    std::printf("%zu bytes of ESC/POS, %d x %d dots, written to %s\n", bytes.size(), pages.front().width,
                pages.front().height, pngPath.c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage();
    const std::string cmd = argv[1];
    if (cmd == "parse-idcard") return argc == 3 ? parseIdCard(argv[2]) : usage();
    if (cmd == "decode") return argc == 3 ? decode(argv[2]) : usage();
    if (cmd == "render-receipt") return argc == 4 ? renderReceipt(argv[2], argv[3]) : usage();
    if (cmd == "list" || cmd == "selftest") {
        auto cfg = loadDevices(argc, argv, 2);
        if (!cfg) return std::fprintf(stderr, "%s\n", cfg.error().c_str()), 2;
        if (cmd == "list") return list(*cfg);
        if (argc >= 3 && std::string(argv[2]) == "idcard") return selftestIdCard(*cfg);
        return usage();
    }
    return usage();
}
