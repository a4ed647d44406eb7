// The terminal's device configuration.
#include "kiosk/device_config.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace ow::core {

namespace {
enum Allowed { kSerial = 1, kHid = 2, kUsbLp = 4, kCups = 8, kV4l2 = 16, kUsb = 32 };

Result<DeviceEndpoint> parseEndpoint(const nlohmann::json& j, const std::string& name, int allowed,
                                     DeviceEndpoint e) {
    if (!j.is_object()) return Error{name + ": must be an object"};
    const std::string transport = j.value("transport", std::string("simulator"));
    if (transport == "simulator") {
        e.transport = DeviceEndpoint::Transport::simulator;
        if (j.contains("cards")) {
            if (!j["cards"].is_string()) return Error{name + ".cards: must be a file path"};
            e.cards = j["cards"].get<std::string>();
        }
    } else if ((transport == "serial" && (allowed & kSerial)) || (transport == "hid" && (allowed & kHid)) ||
               (transport == "usblp" && (allowed & kUsbLp)) || (transport == "v4l2" && (allowed & kV4l2))) {
        e.transport = transport == "serial"  ? DeviceEndpoint::Transport::serial
                      : transport == "hid"   ? DeviceEndpoint::Transport::hid
                      : transport == "usblp" ? DeviceEndpoint::Transport::usblp
                                             : DeviceEndpoint::Transport::v4l2;
        if (!j.contains("path") || !j["path"].is_string() || j["path"].get<std::string>().empty())
            return Error{name + ".path: a " + transport + " transport needs the device path, e.g. " +
                         (transport == "serial" ? "/dev/ttyACM0"
                          : transport == "hid"   ? "/dev/input/by-id/usb-…-event-kbd"
                          : transport == "usblp" ? "/dev/usb/lp0"
                                                 : "/dev/video0")};
        e.path = j["path"].get<std::string>();
        if (j.contains("baud")) {
            if (!j["baud"].is_number_integer()) return Error{name + ".baud: must be a whole number"};
            e.baud = j["baud"].get<int>();
            static const int kBauds[] = {9600, 19200, 38400, 57600, 115200, 230400};
            if (std::find(std::begin(kBauds), std::end(kBauds), e.baud) == std::end(kBauds))
                return Error{name + ".baud: " + std::to_string(e.baud) + " is not a standard rate"};
        }
    } else if (transport == "usb" && (allowed & kUsb)) {
        e.transport = DeviceEndpoint::Transport::usb;
        unsigned v = 0, p = 0;
        char tail = 0;
        const std::string path = j.value("path", std::string());
        if (std::sscanf(path.c_str(), "usb:%4x:%4x%c", &v, &p, &tail) != 2)
            return Error{name + ".path: a usb transport names the device as usb:VENDOR:PRODUCT, e.g. usb:0483:5720"};
        e.path = path;
    } else if (transport == "cups" && (allowed & kCups)) {
        e.transport = DeviceEndpoint::Transport::cups;
        if (!j.contains("queue") || !j["queue"].is_string() || j["queue"].get<std::string>().empty())
            return Error{name + ".queue: a cups transport needs the CUPS queue name"};
        e.queue = j["queue"].get<std::string>();
        if (j.contains("server")) {
            if (!j["server"].is_string()) return Error{name + ".server: must be a host or a cupsd socket path"};
            e.server = j["server"].get<std::string>();
        }
    } else if (transport == "none") {
        e.transport = DeviceEndpoint::Transport::none;
    } else {
        std::string choices = std::string(allowed & kSerial ? "serial, " : "") + (allowed & kHid ? "hid, " : "") +
                              (allowed & kUsbLp ? "usblp, " : "") + (allowed & kUsb ? "usb, " : "") + (allowed & kCups ? "cups, " : "") + (allowed & kV4l2 ? "v4l2, " : "");
        return Error{name + ".transport: \"" + transport + "\" is not one of " + choices + "simulator, none"};
    }
    return e;
}
}  // namespace

Result<DeviceConfig> parseDeviceConfig(std::string_view json) {
    auto doc = nlohmann::json::parse(json, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return Error{"the device configuration is not a JSON object"};
    DeviceConfig cfg;
    for (auto& [key, value] : doc.items()) {
        DeviceEndpoint* target = key == "idcard" ? &cfg.idcard
                                 : key == "scanner" ? &cfg.scanner
                                 : key == "camera_scanner" ? &cfg.cameraScanner
                                 : key == "receipt"        ? &cfg.receipt
                                 : key == "a4"             ? &cfg.a4
                                 : key == "document_camera" ? &cfg.documentCamera
                                                           : nullptr;
        if (target) {
            const int allowed = key == "idcard"    ? (kSerial | kUsb)
                                : key == "scanner" ? (kSerial | kHid)
                                : key == "receipt" ? (kSerial | kUsbLp | kUsb)
                                : key == "a4"      ? kCups
                                : key == "camera_scanner" || key == "document_camera" ? kV4l2
                                                   : 0;
            auto e = parseEndpoint(value, key, allowed, *target);
            if (!e) return Error{e.error()};
            if (key == "a4" && e->transport == DeviceEndpoint::Transport::simulator)
                return Error{"a4.transport: the A4 printer has no simulator; use cups (an ippeveprinter behind "
                             "cupsd stands in for one) or none"};
            *target = *e;
        } else {
            return Error{"unknown device class \"" + key + "\""};
        }
    }
    return cfg;
}

std::vector<std::string> describeDevices(const DeviceConfig& c) {
    using T = DeviceEndpoint::Transport;
    const auto line = [](const char* name, const DeviceEndpoint& e) {
        std::string out = std::string(name) + ": ";
        switch (e.transport) {
            case T::simulator: return out + "simulator";
            case T::none: return out + "none";
            case T::serial: return out + "serial " + e.path + " " + std::to_string(e.baud) + " baud";
            case T::hid: return out + "hid " + e.path;
            case T::usblp: return out + "usblp " + e.path;
            case T::usb: return out + "usb " + e.path;
            case T::v4l2: return out + "v4l2 " + e.path;
            case T::cups: return out + "cups queue " + e.queue + (e.server.empty() ? "" : " on " + e.server);
        }
        return out;
    };
    return {line("idcard", c.idcard), line("scanner", c.scanner), line("camera_scanner", c.cameraScanner),
            line("document_camera", c.documentCamera), line("receipt", c.receipt), line("a4", c.a4)};
}

}  // namespace ow::core
