// A signature written with a finger on the touch screen: its strokes, whether it is a signature at all, and the
// 1-bit image printed on the tolerance commitment and the collection record.
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
    /** A finger on the pad, as signValue() packs it: a new stroke when it says so; beyond the pad or too many points,
        nothing. */
    void add(int value);
    void clear() { strokes.clear(); }
};

constexpr int kSignStart = 1 << 28;  // signValue: this point starts a new stroke
/** A point on the pad (x and y in 0..1) as an intent's value: kSignStart | x << 14 | y, x and y in 0..10000. */
constexpr int signValue(float x, float y, bool start) {
    return (start ? kSignStart : 0) | (static_cast<int>(x * 10000) << 14) | static_cast<int>(y * 10000);
}

}  // namespace ow::core
