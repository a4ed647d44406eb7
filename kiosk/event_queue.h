// The one queue from device and sync workers to the UI thread; posting wakes the UI loop.
#pragma once

#include <deque>
#include <functional>
#include <mutex>
#include <vector>

#include "drivers/api/device.h"

namespace ow::core {

/** Thread-safe FIFO of device events; `wake` is called after each post (the kiosk pushes an SDL event). */
class EventQueue {
public:
    explicit EventQueue(std::function<void()> wake = {}) : wake_(std::move(wake)) {}
    void post(drivers::DeviceEvent event) {
        {
            std::lock_guard lock(mutex_);
            events_.push_back(std::move(event));
        }
        if (wake_) wake_();
    }
    /** Everything posted so far, oldest first. */
    std::vector<drivers::DeviceEvent> drain() {
        std::lock_guard lock(mutex_);
        std::vector<drivers::DeviceEvent> out(std::make_move_iterator(events_.begin()),
                                              std::make_move_iterator(events_.end()));
        events_.clear();
        return out;
    }
    drivers::EventSink sink() {
        return [this](drivers::DeviceEvent e) { post(std::move(e)); };
    }

private:
    std::mutex mutex_;
    std::deque<drivers::DeviceEvent> events_;
    std::function<void()> wake_;
};

}  // namespace ow::core
