// A byte stream to a device: what serial ports, /dev/usb/lp nodes and USB bulk endpoints have in common.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ow::drivers {

/** Result of a read: bytes, nothing within the timeout, or the device is gone (unplugged). */
struct ReadResult {
    enum class Kind { data, timeout, gone } kind = Kind::timeout;
    size_t bytes = 0;
};

class ByteStream {
public:
    virtual ~ByteStream() = default;
    /** Writes everything; false when the device is gone. */
    virtual bool write(const uint8_t* data, size_t size) = 0;
    /** Waits up to timeoutMs for bytes and reads what is there. */
    virtual ReadResult read(uint8_t* buffer, size_t capacity, int timeoutMs) = 0;
    /** Drops bytes not yet read (stale answers after a timeout). */
    virtual void flushInput() = 0;
};

}  // namespace ow::drivers
