// USB bulk transport through libusb.
#include "drivers/transport/usb.h"

#include <libusb-1.0/libusb.h>

#include <cstdio>

namespace ow::drivers {

bool parseUsbId(const std::string& text, uint16_t& vendor, uint16_t& product) {
    unsigned v = 0, p = 0;
    char tail = 0;
    if (std::sscanf(text.c_str(), "usb:%4x:%4x%c", &v, &p, &tail) != 2) return false;
    vendor = static_cast<uint16_t>(v), product = static_cast<uint16_t>(p);
    return true;
}

bool UsbBulkStream::hotplugSupported() { return libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG) != 0; }

core::Result<std::unique_ptr<UsbBulkStream>> UsbBulkStream::open(uint16_t vendor, uint16_t product,
                                                                  uint8_t interfaceClass) {
    char id[16];
    std::snprintf(id, sizeof id, "%04x:%04x", vendor, product);
    std::unique_ptr<UsbBulkStream> s(new UsbBulkStream());
    // A system without a USB bus (a container, a VM) has no devices: an error, never a crash.
    if (libusb_init(&s->ctx_) != 0) return core::Error{std::string("no USB on this system, so no device ") + id};
    libusb_device** list = nullptr;
    const ssize_t n = libusb_get_device_list(s->ctx_, &list);
    libusb_device* found = nullptr;
    for (ssize_t i = 0; i < n; ++i) {
        libusb_device_descriptor d{};
        if (libusb_get_device_descriptor(list[i], &d) == 0 && d.idVendor == vendor && d.idProduct == product) {
            found = list[i];
            break;
        }
    }
    int openError = found ? libusb_open(found, &s->handle_) : LIBUSB_ERROR_NO_DEVICE;
    libusb_config_descriptor* config = nullptr;
    if (openError == 0 && libusb_get_active_config_descriptor(found, &config) == 0) {
        for (uint8_t i = 0; i < config->bNumInterfaces && s->interface_ < 0; ++i) {
            const libusb_interface_descriptor& alt = config->interface[i].altsetting[0];
            if (alt.bInterfaceClass != interfaceClass) continue;
            for (uint8_t e = 0; e < alt.bNumEndpoints; ++e) {
                const auto& ep = alt.endpoint[e];
                if ((ep.bmAttributes & LIBUSB_TRANSFER_TYPE_MASK) != LIBUSB_TRANSFER_TYPE_BULK) continue;
                ((ep.bEndpointAddress & LIBUSB_ENDPOINT_IN) ? s->in_ : s->out_) = ep.bEndpointAddress;
            }
            if (s->out_) s->interface_ = alt.bInterfaceNumber;
        }
        libusb_free_config_descriptor(config);
    }
    libusb_free_device_list(list, 1);
    if (!found) return core::Error{std::string("no USB device ") + id + " is plugged in"};
    if (openError != 0) return core::Error{std::string("cannot open USB device ") + id + ": " + libusb_strerror(openError)};
    if (s->interface_ < 0) return core::Error{std::string("USB device ") + id + " has no bulk interface of class " +
                                              std::to_string(interfaceClass)};
    libusb_set_auto_detach_kernel_driver(s->handle_, 1);  // usblp lets go while we hold the interface
    if (const int r = libusb_claim_interface(s->handle_, s->interface_); r != 0)
        return core::Error{std::string("cannot claim USB device ") + id + ": " + libusb_strerror(r)};
    return s;
}

UsbBulkStream::~UsbBulkStream() {
    if (handle_) {
        if (interface_ >= 0) libusb_release_interface(handle_, interface_);
        libusb_close(handle_);
    }
    if (ctx_) libusb_exit(ctx_);
}

bool UsbBulkStream::write(const uint8_t* data, size_t size) {
    while (size > 0) {
        int sent = 0;
        const int r = libusb_bulk_transfer(handle_, out_, const_cast<uint8_t*>(data), static_cast<int>(size), &sent, 5000);
        if (r != 0 && r != LIBUSB_ERROR_TIMEOUT) return false;
        if (sent == 0 && r == LIBUSB_ERROR_TIMEOUT) return false;
        data += sent;
        size -= static_cast<size_t>(sent);
    }
    return true;
}

ReadResult UsbBulkStream::read(uint8_t* buffer, size_t capacity, int timeoutMs) {
    if (!in_) return {};
    int got = 0;
    const int r = libusb_bulk_transfer(handle_, in_, buffer, static_cast<int>(capacity), &got, static_cast<unsigned>(timeoutMs));
    if (got > 0) return {ReadResult::Kind::data, static_cast<size_t>(got)};
    if (r == LIBUSB_ERROR_TIMEOUT || r == 0) return {};
    return {ReadResult::Kind::gone, 0};  // LIBUSB_ERROR_NO_DEVICE and the like: unplugged
}

void UsbBulkStream::flushInput() {
    uint8_t junk[64];
    while (read(junk, sizeof junk, 1).kind == ReadResult::Kind::data) {
    }
}

std::unique_ptr<UsbArrivals> UsbArrivals::watch(uint16_t vendor, uint16_t product, std::function<void()> onArrival) {
    if (!UsbBulkStream::hotplugSupported()) return nullptr;
    std::unique_ptr<UsbArrivals> w(new UsbArrivals());
    if (libusb_init(&w->ctx_) != 0) return nullptr;
    w->onArrival_ = std::move(onArrival);
    auto callback = [](libusb_context*, libusb_device*, libusb_hotplug_event, void* self) -> int {
        static_cast<UsbArrivals*>(self)->onArrival_();
        return 0;  // stay registered
    };
    if (libusb_hotplug_register_callback(w->ctx_, LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED, LIBUSB_HOTPLUG_NO_FLAGS, vendor,
                                         product, LIBUSB_HOTPLUG_MATCH_ANY, callback, w.get(), &w->handle_) != 0) {
        libusb_exit(w->ctx_);
        w->ctx_ = nullptr;
        return nullptr;
    }
    w->thread_ = std::thread([raw = w.get()] {
        while (raw->running_) {
            timeval tv{0, 200000};
            libusb_handle_events_timeout_completed(raw->ctx_, &tv, nullptr);
        }
    });
    return w;
}

UsbArrivals::~UsbArrivals() {
    running_ = false;
    if (thread_.joinable()) thread_.join();
    if (ctx_) {
        libusb_hotplug_deregister_callback(ctx_, handle_);
        libusb_exit(ctx_);
    }
}

}  // namespace ow::drivers
