// USB bulk transport through libusb: a printer-class (0x07) or vendor interface's bulk OUT/IN endpoints,
// the kernel's usblp driver detached. Hotplug: libusb's callbacks where the system has them.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <thread>
#include <memory>
#include <string>

#include "drivers/transport/stream.h"
#include "kiosk/result.h"

struct libusb_context;
struct libusb_device_handle;

namespace ow::drivers {

/** "usb:0483:5720" → vendor and product ids; false when the text is not that. */
bool parseUsbId(const std::string& text, uint16_t& vendor, uint16_t& product);

class UsbBulkStream : public ByteStream {
public:
    /** Opens the first device with these ids, on its printer-class interface (or interfaceClass). */
    static core::Result<std::unique_ptr<UsbBulkStream>> open(uint16_t vendor, uint16_t product,
                                                             uint8_t interfaceClass = 0x07);
    ~UsbBulkStream() override;
    bool write(const uint8_t* data, size_t size) override;
    ReadResult read(uint8_t* buffer, size_t capacity, int timeoutMs) override;
    void flushInput() override;
    /** Whether libusb can report plugging and unplugging on this system (else the drivers poll). */
    static bool hotplugSupported();

private:
    UsbBulkStream() = default;
    libusb_context* ctx_ = nullptr;
    libusb_device_handle* handle_ = nullptr;
    int interface_ = -1;
    uint8_t out_ = 0, in_ = 0;
};

/**
 * libusb hotplug: calls `onArrival` (on its own thread) whenever a device with these ids is plugged in, so a
 * worker waiting to re-open it wakes at once instead of at its next poll. Returns nothing where the system
 * cannot report hotplug (the workers' polling then finds the device). Unsubscribes when destroyed.
 */
class UsbArrivals {
public:
    static std::unique_ptr<UsbArrivals> watch(uint16_t vendor, uint16_t product, std::function<void()> onArrival);
    ~UsbArrivals();

private:
    UsbArrivals() = default;
    libusb_context* ctx_ = nullptr;
    int handle_ = 0;
    std::function<void()> onArrival_;
    std::atomic<bool> running_{true};
    std::thread thread_;
};

}  // namespace ow::drivers
