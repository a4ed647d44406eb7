// UVC cameras through V4L2: the document camera (高拍仪) capturing a still page, and frames for the camera
// code scanner. Image-file stand-ins for tests and the demo terminal.
#pragma once

#include <atomic>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "drivers/scanner/scanner.h"
#include "kiosk/result.h"

namespace ow::drivers::camera {

/** An RGB image. */
struct Picture {
    int width = 0, height = 0;
    std::vector<uint8_t> rgb;  // width × height × 3
};

/** YUYV 4:2:2 (the format every UVC camera offers) to RGB, BT.601. */
Picture yuyvToRgb(const uint8_t* yuyv, int width, int height);
/** PNG bytes of a picture (what a captured page is stored and sent as). */
std::vector<uint8_t> encodePng(const Picture& picture);
/**
 * A captured page as it is submitted: grey (papers are read, not admired), at most maxSide pixels on its long
 * side, JPEG (stb_image_write) at a quality where small print stays legible; width and height as encoded.
 */
std::vector<uint8_t> encodePageJpeg(const Picture& picture, int maxSide, int& width, int& height);

/** A V4L2 capture device: opened, configured for YUYV or MJPEG near the asked size, mmap streaming. */
class V4l2Camera {
public:
    static core::Result<std::unique_ptr<V4l2Camera>> open(const std::string& path, int width, int height);
    ~V4l2Camera();
    /** Grabs one frame (the camera's latest), decoded to RGB. */
    core::Result<Picture> capture(int timeoutMs = 2000);

private:
    V4l2Camera() = default;
    int fd_ = -1;
    uint32_t format_ = 0;
    int width_ = 0, height_ = 0;
    std::vector<std::pair<void*, size_t>> buffers_;
};

/** A document camera: a real V4L2 one, or image files standing in for the page under it. */
class DocumentCamera {
public:
    virtual ~DocumentCamera() = default;
    /** A still of the page under the camera. */
    virtual core::Result<Picture> capturePage() = 0;
    /** Whether the camera is there and answers, now: "" when it does, else why not (plain words). */
    virtual std::string probe() = 0;
};

class V4l2DocumentCamera : public DocumentCamera {
public:
    V4l2DocumentCamera(std::string path, int width, int height) : path_(std::move(path)), width_(width), height_(height) {}
    core::Result<Picture> capturePage() override;
    /** Opens the device node and asks it what it is (VIDIOC_QUERYCAP): a video capture device, or why not. */
    std::string probe() override;

private:
    std::string path_;
    int width_, height_;
};

/** The simulator: the page "under the camera" is an image file (set by a script or a test). */
class SimDocumentCamera : public DocumentCamera {
public:
    void place(std::string imagePath) { path_ = std::move(imagePath); }
    core::Result<Picture> capturePage() override;
    std::string probe() override { return plugged_ ? "" : "the simulated document camera is unplugged"; }
    /** The cable pulled out, and put back (script events document.unplug / document.replug). */
    void unplug() { plugged_ = false; }
    void replug() { plugged_ = true; }

private:
    std::string path_;
    std::atomic<bool> plugged_{true};
};

/** Camera frames for the code scanner, from V4L2 (grey). */
class V4l2FrameSource : public scanner::FrameSource {
public:
    V4l2FrameSource(std::string path, int width, int height) : path_(std::move(path)), width_(width), height_(height) {}
    std::optional<scanner::Frame> next(std::string& error) override;

private:
    std::string path_;
    int width_, height_;
    std::unique_ptr<V4l2Camera> camera_;
};

}  // namespace ow::drivers::camera
