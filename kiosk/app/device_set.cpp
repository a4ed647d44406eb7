// The terminal's devices as configured, and the script events that act on the simulators.
#include "kiosk/app/device_set.h"

#include <sodium.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "drivers/idcard/reader.h"
#include "drivers/receipt/renderer.h"
#include "kiosk/document.h"
#include "kiosk/bundle_signing.h"
#include "kiosk/config_boot.h"
#include "kiosk/scan_code.h"
#include "platform/font_locator.h"

namespace ow::app {

using Transport = core::DeviceEndpoint::Transport;

core::Result<std::unique_ptr<DeviceSet>> DeviceSet::start(core::DeviceConfig cfg, const std::string& dataDir,
                                                          const std::string& assetsDir, drivers::EventSink sink) {
    std::unique_ptr<DeviceSet> set(new DeviceSet());
    set->dataDir_ = dataDir;

    if (cfg.idcard.transport == Transport::simulator) {
        auto cards = drivers::idcard::loadCards(cfg.idcard.cards.empty() ? assetsDir + "/sim/cards.json" : cfg.idcard.cards);
        if (!cards) return core::Error{cards.error()};
        set->simCards_ = std::move(*cards);
        auto sim = drivers::idcard::SimReader::create(dataDir + "/idcard-sim");
        if (!sim) return core::Error{sim.error()};
        set->simReader_ = std::move(*sim);
        cfg.idcard.path = set->simReader_->path();
    }
    if (cfg.idcard.transport != Transport::none)
        set->workers_.push_back(std::make_unique<drivers::idcard::Reader>(
            drivers::idcard::ReaderConfig{cfg.idcard.path, cfg.idcard.baud}, sink));

    if (cfg.scanner.transport == Transport::simulator) {
        set->simScanner_ = std::make_unique<drivers::scanner::SimSerialScanner>(dataDir + "/scanner-sim");
        if (auto st = set->simScanner_->plug(); !st) return core::Error{st.error()};
        cfg.scanner.path = set->simScanner_->path();
    }
    if (cfg.scanner.transport == Transport::hid)
        set->workers_.push_back(std::make_unique<drivers::scanner::HidScanner>(cfg.scanner.path, sink));
    else if (cfg.scanner.transport != Transport::none)
        set->workers_.push_back(
            std::make_unique<drivers::scanner::SerialScanner>(cfg.scanner.path, cfg.scanner.baud, sink));

    if (cfg.cameraScanner.transport == Transport::simulator) {
        auto frames = std::make_unique<drivers::scanner::ImageFileSource>();
        set->cameraFrames_ = frames.get();
        set->workers_.push_back(std::make_unique<drivers::scanner::CameraScanner>(std::move(frames), 150, sink));
    } else if (cfg.cameraScanner.transport == Transport::v4l2) {
        set->workers_.push_back(std::make_unique<drivers::scanner::CameraScanner>(
            std::make_unique<drivers::camera::V4l2FrameSource>(cfg.cameraScanner.path, 640, 480), 150, sink));
    }
    if (cfg.documentCamera.transport == Transport::simulator) {
        auto sim = std::make_unique<drivers::camera::SimDocumentCamera>();
        // Until a script places another page, the simulated camera sees a printed application form.
        if (auto text = core::readFile(assetsDir + "/documents/sample-application.json")) {
            auto fonts = platform::findUiFonts();
            auto doc = core::parseDocument(*text);
            const std::string page = dataDir + "/sim-page.png";
            if (fonts && doc && drivers::receipt::renderDocumentPng(*doc, fonts->regular.path, fonts->regular.index, page)) sim->place(page);
        }
        set->simDocumentCamera_ = sim.get();
        set->documentCamera_ = std::move(sim);
    } else if (cfg.documentCamera.transport == Transport::v4l2) {
        set->documentCamera_ = std::make_unique<drivers::camera::V4l2DocumentCamera>(cfg.documentCamera.path, 2592, 1944);
    }
    if (cfg.receipt.transport == Transport::simulator) {
        auto fonts = platform::findUiFonts();
        if (!fonts) return core::Error{fonts.error()};
        auto sim = drivers::receipt::SimPrinter::create(dataDir + "/receipt-sim", fonts->regular.path, fonts->regular.index);
        if (!sim) return core::Error{sim.error()};
        set->simPrinter_ = std::move(*sim);
        cfg.receipt.path = set->simPrinter_->path();
    }
    if (cfg.receipt.transport != Transport::none) {
        auto printer = std::make_unique<drivers::receipt::Printer>(
            cfg.receipt.path, cfg.receipt.transport == Transport::usblp ? 0 : cfg.receipt.baud, sink);
        set->printer_ = printer.get();
        set->workers_.push_back(std::move(printer));
    }
    if (cfg.a4.transport == Transport::cups) {
        auto a4 = std::make_unique<drivers::docprinter::CupsPrinter>(cfg.a4.queue, cfg.a4.server, sink);
        set->a4_ = a4.get();
        set->workers_.push_back(std::move(a4));
    }
    for (auto& w : set->workers_) w->start();
    return set;
}

DeviceSet::~DeviceSet() {
    for (auto& w : workers_) w->stop();
}

namespace {
// The simulator's issuer key signs the codes of simulated receipts and appointment slips: DATA/sim-issuer.key, in
// kioskctl keygen's form, made where the simulator is used (packaging/dev.sh run, the tests). None is shipped, and
// a terminal trusts its public half only when its bundle names it (content.code_issuers).
std::string signWithSimIssuer(const std::string& dataDir, char type, const std::string& id, std::string& error) {
    const std::string path = dataDir + "/sim-issuer.key";
    auto text = core::readFile(path);
    const auto j = text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
    auto secret = j.is_object() && j.contains("secret_key") && j["secret_key"].is_string()
                      ? core::decodeSecretKey(j["secret_key"].get<std::string>())
                      : core::Result<core::SecretKey>(core::Error{"no key"});
    if (!secret || !j.contains("key_id") || !j["key_id"].is_string()) {
        error = "no issuer key for the simulator at " + path + " (make one: kioskctl keygen --key-id demo1 --out " + path + ")";
        return "";
    }
    return core::makeScanCode(type, id, j["key_id"].get<std::string>(), *secret);
}
}  // namespace

std::string DeviceSet::simulate(const std::string& name, const std::string& arg) {
    const auto dot = name.find('.');
    const std::string device = name.substr(0, dot), what = dot == std::string::npos ? "" : name.substr(dot + 1);
    if (device == "idcard") {
        if (!simReader_) return "the ID card reader is not simulated";
        if (what == "place") {
            const int index = std::atoi(arg.c_str());
            if (arg.empty() || index < 0 || index >= static_cast<int>(simCards_.size()))
                return "no card " + arg + " in the cards file";
            simReader_->place(simCards_[static_cast<size_t>(index)]);
        } else if (what == "remove") {
            simReader_->remove();
        } else if (what == "unplug") {
            simReader_->unplug();
        } else if (what == "replug") {
            if (auto st = simReader_->replug(); !st) return st.error();
        } else if (what == "fault") {
            drivers::idcard::SimFault fault;
            const auto space = arg.find(' ');
            if (!drivers::idcard::parseSimFault(arg.substr(0, space), fault)) return "unknown fault " + arg;
            simReader_->fault(fault, space == std::string::npos ? 1 : std::atoi(arg.c_str() + space));
        } else {
            return "unknown event " + name;
        }
        return "";
    }
    if (device == "scanner") {
        if (!simScanner_) return "the scanner is not simulated";
        std::string payload = arg, error;
        if (what == "scan-case" || what == "scan-appointment") {
            payload = signWithSimIssuer(dataDir_, what == "scan-case" ? 'C' : 'A', arg, error);
            if (!error.empty()) return error;
        } else if (what == "unplug") {
            simScanner_->unplug();
            return "";
        } else if (what == "replug") {
            auto st = simScanner_->plug();
            return st ? "" : st.error();
        } else if (what != "scan") {
            return "unknown event " + name;
        }
        return simScanner_->scan(payload) ? "" : "the simulated scanner is unplugged";
    }
    if (device == "camera") {
        if (!cameraFrames_) return "the camera scanner is not simulated";
        if (what == "show") {
            if (!std::ifstream(arg).good()) return "cannot read " + arg;
            cameraFrames_->show(arg);
        } else if (what == "clear") {
            cameraFrames_->show("");
        } else {
            return "unknown event " + name;
        }
        return "";
    }
    if (device == "document") {
        if (!simDocumentCamera_) return "the document camera is not simulated";
        if (what == "place") {
            if (!std::ifstream(arg).good()) return "cannot read " + arg;
            simDocumentCamera_->place(arg);
        } else if (what == "unplug") {
            simDocumentCamera_->unplug();
        } else if (what == "replug") {
            simDocumentCamera_->replug();
        } else {
            return "unknown event " + name;
        }
        return "";
    }
    if (device == "receipt") {
        if (!simPrinter_) return "the receipt printer is not simulated";
        using Paper = drivers::receipt::SimPrinter::Paper;
        if (what == "paper-out") simPrinter_->setPaper(Paper::out);
        else if (what == "paper-low") simPrinter_->setPaper(Paper::nearEnd);
        else if (what == "paper-ok") simPrinter_->setPaper(Paper::ok);
        else if (what == "cover-open") simPrinter_->setCoverOpen(true);
        else if (what == "cover-close") simPrinter_->setCoverOpen(false);
        else if (what == "run-out") simPrinter_->runOutAfterLines(std::max(1, std::atoi(arg.c_str())));
        else if (what == "save") simPrinter_->savePages(arg);
        else return "unknown event " + name;
        return "";
    }
    return "unknown event " + name;
}

bool DeviceSet::printA4(int64_t jobId, std::vector<uint8_t> pdf, std::string title) {
    if (!a4_) return false;
    a4_->submit(jobId, std::move(pdf), std::move(title));
    return true;
}

bool DeviceSet::printReceipt(int64_t jobId, std::vector<uint8_t> bytes) {
    if (!printer_) return false;
    printer_->submit({jobId, std::move(bytes)});
    return true;
}

}  // namespace ow::app
