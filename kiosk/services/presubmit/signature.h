// A signature written with a finger on the touch screen: its strokes, whether it is a signature at all, and the
// 1-bit image printed on the tolerance commitment.
#pragma once

#include <cstdint>
#include <vector>

namespace ow::core {

struct Signature {
    struct Point {
        float x, y;  // in the pad's own units: 0..1 across, 0..1 down
    };
    std::vector<std::vector<Point>> strokes;
    bool empty() const { return strokes.empty(); }
    /** Enough ink to be a signature, not a stray tap: at least half the pad's width of line in total. */
    bool looksSigned() const;
    /** The strokes as a 1-bit image (rows of (width + 7) / 8 bytes, MSB first), lines about width/150 thick. */
    std::vector<uint8_t> rasterize(int width, int height) const;
    void clear() { strokes.clear(); }
};

}  // namespace ow::core
