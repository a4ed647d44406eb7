// Code scanner drivers: CDC serial scanners, keyboard-wedge scanners through evdev, and a camera whose
// frames are decoded on the scanner's own thread.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "drivers/api/worker.h"
#include "drivers/transport/pty.h"
#include "drivers/scanner/protocol.h"

namespace ow::drivers::scanner {

/** A scanner on a serial port (USB CDC), one payload a line. */
class SerialScanner : public DeviceWorker {
public:
    SerialScanner(std::string path, int baud, EventSink sink)
        : DeviceWorker("scanner", std::move(sink)), path_(std::move(path)), baud_(baud) {}
    ~SerialScanner() override { stop(); }

protected:
    void run() override;

private:
    std::string path_;
    int baud_;
};

/** A keyboard-wedge scanner through evdev (/dev/input/by-id/…-event-kbd), grabbed so no keys reach others. */
class HidScanner : public DeviceWorker {
public:
    HidScanner(std::string path, EventSink sink) : DeviceWorker("scanner", std::move(sink)), path_(std::move(path)) {}
    ~HidScanner() override { stop(); }

protected:
    void run() override;

private:
    std::string path_;
};

/** One 8-bit grey frame. */
struct Frame {
    std::vector<uint8_t> grey;
    int width = 0, height = 0;
};

/** Where camera frames come from: V4L2 on a terminal, image files in the simulator. */
class FrameSource {
public:
    virtual ~FrameSource() = default;
    /** The next frame, or nothing when the camera is gone (the error says why). */
    virtual std::optional<Frame> next(std::string& error) = 0;
};

/** Decodes frames as they come; the same payload is reported once until it has been out of view for 2 s. */
class CameraScanner : public DeviceWorker {
public:
    CameraScanner(std::unique_ptr<FrameSource> source, int intervalMs, EventSink sink)
        : DeviceWorker("camera-scanner", std::move(sink)), source_(std::move(source)), intervalMs_(intervalMs) {}
    ~CameraScanner() override { stop(); }

protected:
    void run() override;

private:
    std::unique_ptr<FrameSource> source_;
    int intervalMs_;
};

/** Frames from image files: what is "in front of the camera" is the image last shown (or nothing). */
class ImageFileSource : public FrameSource {
public:
    /** Puts an image file in front of the camera; empty clears it. Thread-safe. */
    void show(const std::string& path);
    std::optional<Frame> next(std::string& error) override;

private:
    std::mutex mutex_;
    std::string path_;
    std::string loaded_;
    Frame frame_;
};

/** A simulated serial scanner on a pty: what it "scans" goes down the line as a real one sends it. */
class SimSerialScanner {
public:
    explicit SimSerialScanner(std::string linkPath) : pty_(std::move(linkPath)) {}
    core::Status plug() { return pty_.plug(); }
    void unplug() { pty_.unplug(); }
    const std::string& path() const { return pty_.link(); }
    /** Sends the payload and a terminator (CR LF by default), as the scanner does after a read. */
    bool scan(const std::string& payload, const std::string& terminator = "\r\n");

private:
    PtyDevice pty_;
};

}  // namespace ow::drivers::scanner
