// Thumbnails of the pages photographed, so the person sees each came out: made once per page from its JPEG (at
// most 240 px high), gone with the page, the screen or the session (they are textures of a person's papers).
#pragma once

#include <cstdint>
#include <map>

#include "kiosk/services/presubmit/presubmission.h"
#include "platform/window.h"
#include "screens/frame.h"

namespace ow::app {

class Thumbnails {
public:
    explicit Thumbnails(platform::Window& window) : window_(window) {}
    ~Thumbnails();
    /** Keeps a texture for each page given (material → its newest page) and deletes the others. */
    void refresh(const std::map<int, const core::CapturedPage*>& pages);
    std::map<int, screens::Frame::Thumbnail> shown() const;

private:
    platform::Window& window_;
    std::map<int, std::pair<uint64_t, screens::Frame::Thumbnail>> made_;  // material → (page serial, texture)
};

}  // namespace ow::app
