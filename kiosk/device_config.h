// The terminal's device configuration: per device class, a real transport with its path, or the simulator.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kiosk/result.h"

namespace ow::core {

/** How one device is reached. */
struct DeviceEndpoint {
    enum class Transport { simulator, serial, hid, usblp, usb, cups, v4l2, none } transport = Transport::simulator;
    std::string path;   // serial: /dev/ttyACM0, /dev/serial/by-id/…; hid: /dev/input/by-id/…-event-kbd
    int baud = 115200;
    std::string cards;  // simulator: cards file (empty: the shipped assets/sim/cards.json)
    std::string queue;  // cups: the destination; server: its cupsd ("" = the system's)
    std::string server;
};

/** Every device class of the terminal; a class absent from the file uses its simulator. */
struct DeviceConfig {
    DeviceEndpoint idcard;         // serial, simulator, none
    DeviceEndpoint scanner{DeviceEndpoint::Transport::simulator, "", 9600, "", "", ""};  // serial, hid, simulator, none
    DeviceEndpoint cameraScanner;  // v4l2 (/dev/video*), simulator, none (frames decoded with ZXing)
    DeviceEndpoint documentCamera; // v4l2, simulator, none (高拍仪: still pages)
    DeviceEndpoint receipt;        // serial, usblp (/dev/usb/lp*), usb (libusb bulk, path "usb:VVVV:PPPP"), simulator, none
    DeviceEndpoint a4{DeviceEndpoint::Transport::none, "", 0, "", "", ""};  // cups, none
};

/**
 * Parses devices.json, e.g. {"idcard": {"transport": "serial", "path": "/dev/ttyACM0", "baud": 115200}}.
 * Classes: idcard, scanner, camera_scanner, document_camera, receipt, a4 ({"transport": "cups", "queue": "A4", "server": …}). Transports: "serial", "hid" (scanner), "usblp" (receipt:
 * the kernel's USB printer class device, /dev/usb/lp0), "simulator",
 * "none" (the terminal has no such device).
 */
Result<DeviceConfig> parseDeviceConfig(std::string_view json);

/** The configuration in use, one line per device class, for the engineer's service mode:
    "idcard: serial /dev/onewindow/idcard 115200 baud", "a4: cups queue A4", "scanner: simulator", "camera_scanner: none". */
std::vector<std::string> describeDevices(const DeviceConfig& config);

}  // namespace ow::core
