// Thumbnails of photographed pages, as textures.
#include "kiosk/app/thumbnails.h"

#include <sodium.h>
#include <stb/stb_image.h>

#include <algorithm>
#include <vector>

namespace ow::app {

Thumbnails::~Thumbnails() {
    for (auto& [material, thumb] : made_) window_.destroyImage(thumb.second.texture);
}

void Thumbnails::refresh(const std::map<int, const core::CapturedPage*>& pages) {
    for (auto it = made_.begin(); it != made_.end();) {
        auto p = pages.find(it->first);
        if (p != pages.end() && p->second->serial == it->second.first) {
            ++it;
            continue;
        }
        window_.destroyImage(it->second.second.texture);
        it = made_.erase(it);
    }
    for (const auto& [material, page] : pages) {
        if (made_.count(material)) continue;
        int w = 0, h = 0, n = 0;
        unsigned char* px = stbi_load_from_memory(page->jpeg.data(), static_cast<int>(page->jpeg.size()), &w, &h, &n, 1);
        if (!px) continue;
        const int step = std::max(1, (h + 239) / 240);
        const int tw = std::max(1, w / step), th = std::max(1, h / step);
        std::vector<uint8_t> small(static_cast<size_t>(tw) * static_cast<size_t>(th));
        for (int y = 0; y < th; ++y)
            for (int x = 0; x < tw; ++x)
                small[static_cast<size_t>(y) * tw + x] = px[static_cast<size_t>(y * step) * w + static_cast<size_t>(x * step)];
        sodium_memzero(px, static_cast<size_t>(w) * static_cast<size_t>(h));
        stbi_image_free(px);
        made_[material] = {page->serial, {window_.createImage(small.data(), tw, th), tw, th}};
        sodium_memzero(small.data(), small.size());
    }
}

std::map<int, screens::Frame::Thumbnail> Thumbnails::shown() const {
    std::map<int, screens::Frame::Thumbnail> out;
    for (const auto& [material, thumb] : made_) out[material] = thumb.second;
    return out;
}

}  // namespace ow::app
