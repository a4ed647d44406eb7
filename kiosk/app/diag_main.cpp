// kiosk-diag: for field engineers — device states, self-tests, and decoding captured device bytes.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <thread>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "drivers/idcard/reader.h"
#include "kiosk/app/device_set.h"
#include "platform/paths.h"
#include "drivers/idcard/sim_reader.h"
#include "drivers/docprinter/pdf.h"
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
    "       kiosk-diag selftest idcard|scanner|camera-scanner|receipt|a4 [--devices FILE]\n"
    "       kiosk-diag print-test receipt|a4 [--devices FILE] [--out DIR]\n"
    "       kiosk-diag capture-page OUT.png [--devices FILE] [--page IMAGE]   a still from the document camera\n"
    "       kiosk-diag parse-idcard FILE             a captured reader response frame → JSON\n"
    "       kiosk-diag decode IMAGE                  the QR, DataMatrix or Code 128 code in a PNG/JPEG\n"
    "       kiosk-diag render-receipt JSON OUT.png   a document through the ESC/POS builder onto simulated paper\n"
    "       kiosk-diag render-a4 JSON OUT.pdf        a document as the A4 printer gets it (a PDF)\n";

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

// Starts every configured device (simulators in a scratch folder) and collects their first reports.
class Probe {
public:
    explicit Probe(const core::DeviceConfig& cfg) {
        char tmpl[] = "/tmp/kiosk-diag-XXXXXX";
        dir_ = mkdtemp(tmpl);
        auto set = app::DeviceSet::start(cfg, dir_, platform::defaultAssetsDir(), [this](drivers::DeviceEvent e) {
            std::lock_guard lock(m_);
            events_.push_back(std::move(e));
            cv_.notify_all();
        });
        if (!set) error_ = set.error();
        else set_ = std::move(*set);
    }
    ~Probe() {
        set_.reset();
        std::filesystem::remove_all(dir_);
    }
    const std::string& error() const { return error_; }
    app::DeviceSet* devices() { return set_.get(); }
    /** Waits until `pred` holds over the events so far, or the time is up. */
    template <typename Pred>
    bool wait(Pred pred, int ms) {
        std::unique_lock lock(m_);
        return cv_.wait_for(lock, std::chrono::milliseconds(ms), [&] { return pred(events_); });
    }
    std::map<std::string, drivers::DeviceStatusChanged> states() {
        std::lock_guard lock(m_);
        std::map<std::string, drivers::DeviceStatusChanged> out;
        for (auto& e : events_)
            if (auto* s = std::get_if<drivers::DeviceStatusChanged>(&e)) out[s->device] = *s;
        return out;
    }

private:
    std::string dir_, error_;
    std::unique_ptr<app::DeviceSet> set_;
    std::mutex m_;
    std::condition_variable cv_;
    std::vector<drivers::DeviceEvent> events_;
};

const char* transportName(const core::DeviceEndpoint& e) {
    using T = core::DeviceEndpoint::Transport;
    switch (e.transport) {
        case T::simulator: return "simulator";
        case T::serial: return "serial";
        case T::hid: return "hid";
        case T::usblp: return "usblp";
        case T::usb: return "usb";
        case T::cups: return "cups";
        case T::v4l2: return "v4l2";
        case T::none: return "none";
    }
    return "?";
}

int list(const core::DeviceConfig& cfg) {
    const std::pair<const char*, const core::DeviceEndpoint*> classes[] = {
        {"idcard", &cfg.idcard}, {"scanner", &cfg.scanner}, {"camera-scanner", &cfg.cameraScanner},
        {"receipt", &cfg.receipt}, {"a4", &cfg.a4}};
    size_t configured = 0;
    for (auto [_, e] : classes) configured += e->transport != core::DeviceEndpoint::Transport::none;
    Probe probe(cfg);
    if (!probe.error().empty()) return std::fprintf(stderr, "%s\n", probe.error().c_str()), 1;
    // The ID card reader settles after its SAM check; give every device a moment to say where it stands.
    probe.wait([&](const std::vector<drivers::DeviceEvent>& events) {
        std::set<std::string> seen;
        for (auto& e : events)
            if (auto* st = std::get_if<drivers::DeviceStatusChanged>(&e)) seen.insert(st->device);
        return seen.size() >= configured;
    }, 3000);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const auto states = probe.states();
    std::printf("%-15s %-28s %-14s %-12s %s\n", "device", "transport", "state", "action", "detail");
    for (auto [name, e] : classes) {
        const std::string where =
            std::string(transportName(*e)) + (e->path.empty() ? "" : " " + e->path) + (e->queue.empty() ? "" : " " + e->queue);
        if (e->transport == core::DeviceEndpoint::Transport::none) {
            std::printf("%-15s %-28s %-14s %-12s %s\n", name, "none", "-", "-", "not fitted");
            continue;
        }
        auto it = states.find(name);
        if (it == states.end()) {
            std::printf("%-15s %-28s %-14s %-12s %s\n", name, where.c_str(), "offline", "maintenance", "no report in 3 s");
            continue;
        }
        const auto& st = it->second;
        std::printf("%-15s %-28s %-14s %-12s %s\n", name, where.c_str(), drivers::stateCode(st.state),
                    drivers::actionCode(st.action), st.detail.empty() ? "-" : st.detail.c_str());
    }
    return 0;
}

core::Result<core::Document> sampleDocument() {
    auto text = core::readFile(platform::defaultAssetsDir() + "/documents/sample-receipt.json");
    if (!text) return core::Error{text.error()};
    return core::parseDocument(*text);
}

// The first state of the test job other than "printing" (done, held, failed), or nothing in time.
std::optional<drivers::PrintJobUpdate> jobOutcome(Probe& probe, int ms) {
    std::optional<drivers::PrintJobUpdate> last;
    probe.wait([&](const std::vector<drivers::DeviceEvent>& events) {
        for (auto& e : events)
            if (auto* j = std::get_if<drivers::PrintJobUpdate>(&e);
                j && j->state != drivers::PrintJobUpdate::State::printing)
                last = *j;
        return last.has_value();
    }, ms);
    return last;
}

int printTestReceipt(const core::DeviceConfig& cfg, const std::string& outDir) {
    auto doc = sampleDocument();
    if (!doc) return std::fprintf(stderr, "%s\n", doc.error().c_str()), 2;
    Probe probe(cfg);
    if (!probe.error().empty()) return std::fprintf(stderr, "%s\n", probe.error().c_str()), 1;
    if (!probe.devices()->printReceipt(1, drivers::receipt::renderDocument(*doc)))
        return std::printf("FAIL receipt: this terminal has no receipt printer\n"), 1;
    const auto last = jobOutcome(probe, 10000);
    if (!last) return std::printf("FAIL receipt: the test page did not finish within 10 s\n"), 1;
    if (last->state != drivers::PrintJobUpdate::State::done)
        return std::printf("FAIL receipt: %s (%s)\n", drivers::printStateCode(last->state), last->detail.c_str()), 1;
    std::string where;
    if (cfg.receipt.transport == core::DeviceEndpoint::Transport::simulator) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        probe.devices()->simulate("receipt.save", outDir);
        where = " (simulated paper: " + outDir + "/receipt-1.png)";
    }
    std::printf("PASS receipt: test page printed%s\n", where.c_str());
    return 0;
}

int printTestA4(const core::DeviceConfig& cfg) {
    auto doc = sampleDocument();
    if (!doc) return std::fprintf(stderr, "%s\n", doc.error().c_str()), 2;
    Probe probe(cfg);
    if (!probe.error().empty()) return std::fprintf(stderr, "%s\n", probe.error().c_str()), 1;
    if (!probe.devices()->printA4(1, drivers::docprinter::renderPdf(*doc), "OneWindow test page"))
        return std::printf("FAIL a4: this terminal has no A4 printer (configure \"a4\" as a CUPS queue)\n"), 1;
    const auto last = jobOutcome(probe, 30000);
    if (!last) return std::printf("FAIL a4: the test page did not finish within 30 s\n"), 1;
    if (last->state != drivers::PrintJobUpdate::State::done)
        return std::printf("FAIL a4: %s (%s)\n", drivers::printStateCode(last->state), last->detail.c_str()), 1;
    std::printf("PASS a4: test page printed on CUPS queue %s\n", cfg.a4.queue.c_str());
    return 0;
}

int capturePage(const core::DeviceConfig& cfg, const std::string& out, const std::string& simPage) {
    Probe probe(cfg);
    if (!probe.error().empty()) return std::fprintf(stderr, "%s\n", probe.error().c_str()), 1;
    auto* camera = probe.devices()->documentCamera();
    if (!camera) return std::printf("FAIL document camera: this terminal has none\n"), 1;
    if (!simPage.empty()) probe.devices()->simulate("document.place", simPage);
    auto pic = camera->capturePage();
    if (!pic) return std::printf("FAIL document camera: %s\n", pic.error().c_str()), 1;
    const auto png = drivers::camera::encodePng(*pic);
    std::ofstream(out, std::ios::binary).write(reinterpret_cast<const char*>(png.data()), static_cast<long>(png.size()));
    std::printf("PASS document camera: %d x %d page written to %s\n", pic->width, pic->height, out.c_str());
    return 0;
}

// Any other device: started as the kiosk starts it; it passes when it reports itself online.
int selftestDevice(const core::DeviceConfig& cfg, const std::string& device) {
    static const char* const kDevices[] = {"scanner", "camera-scanner", "receipt", "a4"};
    if (std::find(std::begin(kDevices), std::end(kDevices), device) == std::end(kDevices)) return usage();
    Probe probe(cfg);
    if (!probe.error().empty()) return std::fprintf(stderr, "%s\n", probe.error().c_str()), 1;
    probe.wait([&](const std::vector<drivers::DeviceEvent>& events) {
        for (auto& e : events)
            if (auto* st = std::get_if<drivers::DeviceStatusChanged>(&e); st && st->device == device) return true;
        return false;
    }, 5000);
    const auto states = probe.states();
    auto it = states.find(device);
    if (it == states.end()) return std::printf("FAIL %s: not fitted, or no report in 5 s\n", device.c_str()), 1;
    const auto& st = it->second;
    if (st.state != drivers::DeviceState::online && st.state != drivers::DeviceState::busy)
        return std::printf("FAIL %s: %s, %s (%s)\n", device.c_str(), drivers::stateCode(st.state),
                           st.detail.c_str(), drivers::actionCode(st.action)), 1;
    std::printf("PASS %s: online%s%s\n", device.c_str(), st.detail.empty() ? "" : ", ", st.detail.c_str());
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
    auto page = drivers::receipt::renderDocumentPng(*doc, fonts->regular.path, fonts->regular.index, pngPath);
    if (!page) return std::fprintf(stderr, "%s\n", page.error().c_str()), 2;
    std::printf("%zu bytes of ESC/POS, %d x %d dots, written to %s\n", drivers::receipt::renderDocument(*doc).size(), page->width,
                page->height, pngPath.c_str());
    return 0;
}

int renderA4(const std::string& jsonPath, const std::string& pdfPath) {
    auto text = core::readFile(jsonPath);
    if (!text) return std::fprintf(stderr, "%s\n", text.error().c_str()), 2;
    auto doc = core::parseDocument(*text);
    if (!doc) return std::fprintf(stderr, "%s: %s\n", jsonPath.c_str(), doc.error().c_str()), 1;
    const auto pdf = drivers::docprinter::renderPdf(*doc);
    std::ofstream out(pdfPath, std::ios::binary);
    out.write(reinterpret_cast<const char*>(pdf.data()), static_cast<std::streamsize>(pdf.size()));
    if (!out) return std::fprintf(stderr, "%s: cannot be written\n", pdfPath.c_str()), 2;
    std::printf("%zu bytes of PDF written to %s\n", pdf.size(), pdfPath.c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage();
    const std::string cmd = argv[1];
    if (cmd == "parse-idcard") return argc == 3 ? parseIdCard(argv[2]) : usage();
    if (cmd == "decode") return argc == 3 ? decode(argv[2]) : usage();
    if (cmd == "render-receipt") return argc == 4 ? renderReceipt(argv[2], argv[3]) : usage();
    if (cmd == "render-a4") return argc == 4 ? renderA4(argv[2], argv[3]) : usage();
    if (cmd == "capture-page") {
        if (argc < 3) return usage();
        auto cfg = loadDevices(argc, argv, 3);
        if (!cfg) return std::fprintf(stderr, "%s\n", cfg.error().c_str()), 2;
        std::string page;
        for (int i = 3; i + 1 < argc; ++i)
            if (std::string(argv[i]) == "--page") page = argv[i + 1];
        return capturePage(*cfg, argv[2], page);
    }
    if (cmd == "list" || cmd == "selftest" || cmd == "print-test") {
        auto cfg = loadDevices(argc, argv, 2);
        if (!cfg) return std::fprintf(stderr, "%s\n", cfg.error().c_str()), 2;
        if (cmd == "list") return list(*cfg);
        if (cmd == "print-test") {
            std::string out = ".";
            for (int i = 3; i + 1 < argc; ++i)
                if (std::string(argv[i]) == "--out") out = argv[i + 1];
            if (argc >= 3 && std::string(argv[2]) == "receipt") return printTestReceipt(*cfg, out);
            if (argc >= 3 && std::string(argv[2]) == "a4") return printTestA4(*cfg);
            return usage();
        }
        if (argc >= 3 && std::string(argv[2]) == "idcard") return selftestIdCard(*cfg);
        if (argc >= 3) return selftestDevice(*cfg, argv[2]);
        return usage();
    }
    return usage();
}
