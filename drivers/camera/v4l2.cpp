// UVC cameras through V4L2, and image-file stand-ins.
#include "drivers/camera/v4l2.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <stb/stb_image.h>
#include <stb/stb_image_write.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>

namespace ow::drivers::camera {

namespace {
int xioctl(int fd, unsigned long request, void* arg) {
    int r;
    do r = ioctl(fd, request, arg);
    while (r < 0 && errno == EINTR);
    return r;
}
uint8_t clamp8(int v) { return static_cast<uint8_t>(std::clamp(v, 0, 255)); }

core::Result<Picture> loadRgb(const std::string& path) {
    Picture p;
    int channels = 0;
    unsigned char* data = stbi_load(path.c_str(), &p.width, &p.height, &channels, 3);
    if (!data) return core::Error{"cannot read the image " + path + ": " + stbi_failure_reason()};
    p.rgb.assign(data, data + static_cast<size_t>(p.width) * p.height * 3);
    stbi_image_free(data);
    return p;
}
}  // namespace

Picture yuyvToRgb(const uint8_t* yuyv, int width, int height) {
    Picture p{width, height, std::vector<uint8_t>(static_cast<size_t>(width) * height * 3)};
    for (int i = 0; i < width * height; i += 2) {
        const int y0 = yuyv[i * 2], u = yuyv[i * 2 + 1] - 128, y1 = yuyv[i * 2 + 2], v = yuyv[i * 2 + 3] - 128;
        for (int k = 0; k < 2; ++k) {
            const int y = (k == 0 ? y0 : y1) - 16;
            const int c = 298 * y;
            uint8_t* out = &p.rgb[static_cast<size_t>(i + k) * 3];
            out[0] = clamp8((c + 409 * v + 128) >> 8);
            out[1] = clamp8((c - 100 * u - 208 * v + 128) >> 8);
            out[2] = clamp8((c + 516 * u + 128) >> 8);
        }
    }
    return p;
}

std::vector<uint8_t> encodePng(const Picture& picture) {
    std::vector<uint8_t> out;
    stbi_write_png_to_func(
        [](void* ctx, void* data, int size) {
            auto* o = static_cast<std::vector<uint8_t>*>(ctx);
            o->insert(o->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + size);
        },
        &out, picture.width, picture.height, 3, picture.rgb.data(), picture.width * 3);
    return out;
}

std::vector<uint8_t> encodePageJpeg(const Picture& picture, int maxSide, int& width, int& height) {
    const int longSide = std::max(picture.width, picture.height);
    const int scale = longSide > maxSide ? (longSide + maxSide - 1) / maxSide : 1;  // whole steps: a box filter
    width = picture.width / scale;
    height = picture.height / scale;
    std::vector<uint8_t> grey(static_cast<size_t>(width) * static_cast<size_t>(height));
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            unsigned sum = 0;
            for (int dy = 0; dy < scale; ++dy)
                for (int dx = 0; dx < scale; ++dx) {
                    const uint8_t* px = &picture.rgb[(static_cast<size_t>(y * scale + dy) * static_cast<size_t>(picture.width) +
                                                      static_cast<size_t>(x * scale + dx)) * 3];
                    sum += (px[0] * 77u + px[1] * 150u + px[2] * 29u) >> 8;  // BT.601 luma
                }
            grey[static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)] =
                static_cast<uint8_t>(sum / static_cast<unsigned>(scale * scale));
        }
    std::vector<uint8_t> out;
    stbi_write_jpg_to_func(
        [](void* ctx, void* data, int size) {
            auto* o = static_cast<std::vector<uint8_t>*>(ctx);
            o->insert(o->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + size);
        },
        &out, width, height, 1, grey.data(), 80);
    return out;
}

core::Result<std::unique_ptr<V4l2Camera>> V4l2Camera::open(const std::string& path, int width, int height) {
    std::unique_ptr<V4l2Camera> cam(new V4l2Camera());
    cam->fd_ = ::open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (cam->fd_ < 0) return core::Error{"cannot open " + path + ": " + strerror(errno)};
    v4l2_capability cap{};
    if (xioctl(cam->fd_, VIDIOC_QUERYCAP, &cap) != 0 || !(cap.capabilities & V4L2_CAP_VIDEO_CAPTURE) ||
        !(cap.capabilities & V4L2_CAP_STREAMING))
        return core::Error{path + " is not a streaming video capture device"};
    v4l2_format fmt{};
    fmt.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    fmt.fmt.pix.width = static_cast<uint32_t>(width);
    fmt.fmt.pix.height = static_cast<uint32_t>(height);
    fmt.fmt.pix.field = V4L2_FIELD_NONE;
    // MJPEG first (high resolutions at full frame rate on most document cameras), YUYV otherwise.
    bool set = false;
    for (uint32_t pixel : {V4L2_PIX_FMT_MJPEG, V4L2_PIX_FMT_YUYV}) {
        fmt.fmt.pix.pixelformat = pixel;
        if (xioctl(cam->fd_, VIDIOC_S_FMT, &fmt) == 0 && fmt.fmt.pix.pixelformat == pixel) {
            set = true;
            break;
        }
    }
    if (!set) return core::Error{path + " offers neither MJPEG nor YUYV"};
    cam->format_ = fmt.fmt.pix.pixelformat;
    cam->width_ = static_cast<int>(fmt.fmt.pix.width);
    cam->height_ = static_cast<int>(fmt.fmt.pix.height);
    v4l2_requestbuffers req{};
    req.count = 3;
    req.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    req.memory = V4L2_MEMORY_MMAP;
    if (xioctl(cam->fd_, VIDIOC_REQBUFS, &req) != 0 || req.count < 1)
        return core::Error{path + ": no capture buffers: " + strerror(errno)};
    for (uint32_t i = 0; i < req.count; ++i) {
        v4l2_buffer buf{};
        buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        buf.memory = V4L2_MEMORY_MMAP;
        buf.index = i;
        if (xioctl(cam->fd_, VIDIOC_QUERYBUF, &buf) != 0) return core::Error{path + ": cannot query buffer"};
        void* p = mmap(nullptr, buf.length, PROT_READ | PROT_WRITE, MAP_SHARED, cam->fd_, buf.m.offset);
        if (p == MAP_FAILED) return core::Error{path + ": cannot map buffer"};
        cam->buffers_.push_back({p, buf.length});
        if (xioctl(cam->fd_, VIDIOC_QBUF, &buf) != 0) return core::Error{path + ": cannot queue buffer"};
    }
    v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    if (xioctl(cam->fd_, VIDIOC_STREAMON, &type) != 0) return core::Error{path + ": cannot start streaming"};
    return cam;
}

V4l2Camera::~V4l2Camera() {
    if (fd_ >= 0) {
        v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        xioctl(fd_, VIDIOC_STREAMOFF, &type);
    }
    for (auto [p, n] : buffers_) munmap(p, n);
    if (fd_ >= 0) ::close(fd_);
}

core::Result<Picture> V4l2Camera::capture(int timeoutMs) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, timeoutMs) <= 0) return core::Error{"the camera sent no frame in " + std::to_string(timeoutMs) + " ms"};
    v4l2_buffer buf{};
    buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    buf.memory = V4L2_MEMORY_MMAP;
    if (xioctl(fd_, VIDIOC_DQBUF, &buf) != 0) return core::Error{std::string("the camera is gone: ") + strerror(errno)};
    const auto* data = static_cast<const uint8_t*>(buffers_[buf.index].first);
    core::Result<Picture> out = core::Error{"the camera's frame could not be decoded"};
    if (format_ == V4L2_PIX_FMT_YUYV) {
        if (buf.bytesused >= static_cast<uint32_t>(width_ * height_ * 2)) out = yuyvToRgb(data, width_, height_);
    } else {
        Picture pic;
        int channels = 0;
        unsigned char* rgb = stbi_load_from_memory(data, static_cast<int>(buf.bytesused), &pic.width, &pic.height, &channels, 3);
        if (rgb) {
            pic.rgb.assign(rgb, rgb + static_cast<size_t>(pic.width) * pic.height * 3);
            stbi_image_free(rgb);
            out = std::move(pic);
        }
    }
    xioctl(fd_, VIDIOC_QBUF, &buf);
    return out;
}

core::Result<Picture> V4l2DocumentCamera::capturePage() {
    auto cam = V4l2Camera::open(path_, width_, height_);
    if (!cam) return core::Error{cam.error()};
    // The first frames of a UVC camera are often dark while its exposure settles: keep the fifth.
    core::Result<Picture> pic = core::Error{"no frame"};
    for (int i = 0; i < 5; ++i) {
        pic = (*cam)->capture();
        if (!pic) return pic;
    }
    return pic;
}

std::string V4l2DocumentCamera::probe() {
    const int fd = ::open(path_.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return path_ + ": " + strerror(errno);
    v4l2_capability cap{};
    const bool ok = ioctl(fd, VIDIOC_QUERYCAP, &cap) == 0;
    ::close(fd);
    if (!ok) return path_ + " does not answer as a camera";
    const uint32_t caps = cap.capabilities & V4L2_CAP_DEVICE_CAPS ? cap.device_caps : cap.capabilities;
    if (!(caps & V4L2_CAP_VIDEO_CAPTURE)) return path_ + " is not a video capture device";
    return "";
}

core::Result<Picture> SimDocumentCamera::capturePage() {
    if (!plugged_) return core::Error{"the simulated document camera is unplugged"};
    if (path_.empty()) return core::Error{"no page under the simulated camera"};
    return loadRgb(path_);
}

std::optional<scanner::Frame> V4l2FrameSource::next(std::string& error) {
    if (!camera_) {
        auto cam = V4l2Camera::open(path_, width_, height_);
        if (!cam) {
            error = cam.error();
            return std::nullopt;
        }
        camera_ = std::move(*cam);
    }
    auto pic = camera_->capture(1000);
    if (!pic) {
        error = pic.error();
        camera_.reset();  // re-opened next time: unplugged cameras come back
        return std::nullopt;
    }
    scanner::Frame f{std::vector<uint8_t>(static_cast<size_t>(pic->width) * pic->height), pic->width, pic->height};
    for (size_t i = 0; i < f.grey.size(); ++i)
        f.grey[i] = static_cast<uint8_t>((pic->rgb[i * 3] * 77 + pic->rgb[i * 3 + 1] * 150 + pic->rgb[i * 3 + 2] * 29) >> 8);
    return f;
}

}  // namespace ow::drivers::camera
