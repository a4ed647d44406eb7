// Signatures from the touch screen.
#include "kiosk/signature.h"

#include <algorithm>
#include <cmath>

namespace ow::core {

bool Signature::looksSigned() const {
    double length = 0;
    for (const auto& s : strokes)
        for (size_t i = 1; i < s.size(); ++i) length += std::hypot(s[i].x - s[i - 1].x, s[i].y - s[i - 1].y);
    return length >= 0.5;
}

std::vector<uint8_t> Signature::rasterize(int width, int height) const {
    const size_t rowBytes = static_cast<size_t>(width + 7) / 8;
    std::vector<uint8_t> bits(rowBytes * static_cast<size_t>(std::max(height, 0)), 0);
    const int radius = std::max(1, width / 300);
    auto dot = [&](int cx, int cy) {
        for (int y = cy - radius; y <= cy + radius; ++y)
            for (int x = cx - radius; x <= cx + radius; ++x)
                if (x >= 0 && x < width && y >= 0 && y < height)
                    bits[static_cast<size_t>(y) * rowBytes + static_cast<size_t>(x) / 8] |= static_cast<uint8_t>(0x80 >> (x % 8));
    };
    for (const auto& s : strokes) {
        for (size_t i = 0; i < s.size(); ++i) {
            const Point a = s[i == 0 ? 0 : i - 1], b = s[i];
            const float ax = a.x * static_cast<float>(width - 1), ay = a.y * static_cast<float>(height - 1);
            const float bx = b.x * static_cast<float>(width - 1), by = b.y * static_cast<float>(height - 1);
            const int steps = std::max(1, static_cast<int>(std::hypot(bx - ax, by - ay)));
            for (int k = 0; k <= steps; ++k) {
                const float t = static_cast<float>(k) / static_cast<float>(steps);
                dot(static_cast<int>(std::lround(ax + (bx - ax) * t)), static_cast<int>(std::lround(ay + (by - ay) * t)));
            }
        }
    }
    return bits;
}

void Signature::add(int value) {
    const float x = static_cast<float>((value >> 14) & 0x3FFF) / 10000.0f;
    const float y = static_cast<float>(value & 0x3FFF) / 10000.0f;
    if (x > 1 || y > 1) return;
    if ((value & kSignStart) || strokes.empty()) strokes.emplace_back();
    if (strokes.back().size() < 2000 && strokes.size() < 200) strokes.back().push_back({x, y});
}

}  // namespace ow::core
