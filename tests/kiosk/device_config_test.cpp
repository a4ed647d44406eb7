// Device configuration: real transports named with their paths; mistakes named with their field.
#include "kiosk/device_config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "test_paths.h"

using namespace ow::core;

TEST(DeviceConfig, EmptyMeansEverythingSimulated) {
    auto c = parseDeviceConfig("{}");
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->idcard.transport, DeviceEndpoint::Transport::simulator);
}

TEST(DeviceConfig, SerialReaderWithPathAndBaud) {
    auto c = parseDeviceConfig(R"({"idcard": {"transport": "serial", "path": "/dev/ttyACM0", "baud": 115200}})");
    ASSERT_TRUE(c.ok()) << c.error();
    EXPECT_EQ(c->idcard.transport, DeviceEndpoint::Transport::serial);
    EXPECT_EQ(c->idcard.path, "/dev/ttyACM0");
    EXPECT_EQ(c->idcard.baud, 115200);
}

TEST(DeviceConfig, MistakesAreNamed) {
    EXPECT_EQ(parseDeviceConfig(R"({"idcard": {"transport": "serial"}})").error(),
              "idcard.path: a serial transport needs the device path, e.g. /dev/ttyACM0");
    EXPECT_EQ(parseDeviceConfig(R"({"idcard": {"transport": "bluetooth"}})").error(),
              "idcard.transport: \"bluetooth\" is not one of serial, usb, simulator, none");
    EXPECT_EQ(parseDeviceConfig(R"({"idcard": {"transport": "serial", "path": "/dev/x", "baud": 1234}})").error(),
              "idcard.baud: 1234 is not a standard rate");
    EXPECT_EQ(parseDeviceConfig(R"({"toaster": {}})").error(), "unknown device class \"toaster\"");
    EXPECT_EQ(parseDeviceConfig("[1]").error(), "the device configuration is not a JSON object");
    EXPECT_EQ(parseDeviceConfig(R"({"idcard": {"transport": "hid", "path": "/dev/input/event3"}})").error(),
              "idcard.transport: \"hid\" is not one of serial, usb, simulator, none");
    EXPECT_EQ(parseDeviceConfig(R"({"camera_scanner": {"transport": "serial", "path": "/dev/x"}})").error(),
              "camera_scanner.transport: \"serial\" is not one of v4l2, simulator, none");
}

TEST(DeviceConfig, ScannerOverHidOrSerial) {
    auto c = parseDeviceConfig(R"({"scanner": {"transport": "hid", "path": "/dev/input/by-id/usb-scan-event-kbd"}})");
    ASSERT_TRUE(c.ok()) << c.error();
    EXPECT_EQ(c->scanner.transport, DeviceEndpoint::Transport::hid);
    c = parseDeviceConfig(R"({"scanner": {"transport": "serial", "path": "/dev/ttyACM1"}})");
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->scanner.baud, 9600) << "scanners default to 9600 baud";
}

TEST(DeviceConfig, TheShippedExampleForRealHardwareParses) {
    std::ifstream in(ow::test::sourceDir() + "/packaging/devices.example.json");
    std::stringstream buf;
    buf << in.rdbuf();
    auto c = parseDeviceConfig(buf.str());
    ASSERT_TRUE(c.ok()) << c.error();
    EXPECT_EQ(c->idcard.transport, DeviceEndpoint::Transport::serial);
    EXPECT_EQ(c->scanner.transport, DeviceEndpoint::Transport::hid);
    EXPECT_EQ(c->receipt.transport, DeviceEndpoint::Transport::usblp);
    EXPECT_EQ(c->cameraScanner.transport, DeviceEndpoint::Transport::none);
}

TEST(DeviceConfig, A4PrinterIsACupsQueue) {
    auto c = parseDeviceConfig("{}");
    EXPECT_EQ(c->a4.transport, DeviceEndpoint::Transport::none);
    c = parseDeviceConfig(R"({"a4": {"transport": "cups", "queue": "A4", "server": "/run/cups/cups.sock"}})");
    ASSERT_TRUE(c.ok()) << c.error();
    EXPECT_EQ(c->a4.queue, "A4");
    EXPECT_EQ(c->a4.server, "/run/cups/cups.sock");
    EXPECT_EQ(parseDeviceConfig(R"({"a4": {"transport": "cups"}})").error(),
              "a4.queue: a cups transport needs the CUPS queue name");
    EXPECT_NE(parseDeviceConfig(R"({"a4": {"transport": "simulator"}})").error().find("no simulator"),
              std::string::npos);
}

TEST(DeviceConfig, CamerasOverV4l2) {
    auto c = parseDeviceConfig(R"({"document_camera": {"transport": "v4l2", "path": "/dev/video2"},
                                   "camera_scanner": {"transport": "v4l2", "path": "/dev/video0"}})");
    ASSERT_TRUE(c.ok()) << c.error();
    EXPECT_EQ(c->documentCamera.transport, DeviceEndpoint::Transport::v4l2);
    EXPECT_EQ(c->documentCamera.path, "/dev/video2");
    EXPECT_EQ(c->cameraScanner.path, "/dev/video0");
}

TEST(DeviceConfig, ReceiptPrinterOverLibusb) {
    auto c = parseDeviceConfig(R"({"receipt": {"transport": "usb", "path": "usb:0483:5720"}})");
    ASSERT_TRUE(c.ok()) << c.error();
    EXPECT_EQ(c->receipt.transport, DeviceEndpoint::Transport::usb);
    EXPECT_EQ(parseDeviceConfig(R"({"receipt": {"transport": "usb", "path": "/dev/usb/lp0"}})").error(),
              "receipt.path: a usb transport names the device as usb:VENDOR:PRODUCT, e.g. usb:0483:5720");
}

// The engineer's "device configuration in use": one line per class, the transport and where it is.
TEST(DeviceConfig, DescribedOneLinePerClassForTheEngineer) {
    auto c = parseDeviceConfig(R"({"idcard": {"transport": "serial", "path": "/dev/onewindow/idcard", "baud": 115200},
                                   "a4": {"transport": "cups", "queue": "A4"}, "scanner": {"transport": "none"}})");
    ASSERT_TRUE(c.ok()) << c.error();
    const auto lines = describeDevices(*c);
    ASSERT_EQ(lines.size(), 6u);
    EXPECT_EQ(lines[0], "idcard: serial /dev/onewindow/idcard 115200 baud");
    EXPECT_EQ(lines[1], "scanner: none");
    EXPECT_EQ(lines[4], "receipt: simulator");
    EXPECT_EQ(lines[5], "a4: cups queue A4");
}
