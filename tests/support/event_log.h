// Test support: collects the events a device worker posts, and waits for the ones a test expects.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <vector>

#include "drivers/api/device.h"

namespace ow::test {

class EventLog {
public:
    drivers::EventSink sink() {
        return [this](drivers::DeviceEvent e) {
            std::lock_guard lock(m_);
            events_.push_back(std::move(e));
            cv_.notify_all();
        };
    }
    /** The next event of type T after the last one returned that satisfies pred (waits up to timeout). */
    template <typename T, typename Pred>
    std::optional<T> next(Pred pred, std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
        std::unique_lock lock(m_);
        std::optional<T> found;
        cv_.wait_for(lock, timeout, [&] {
            for (size_t i = cursor_; i < events_.size(); ++i)
                if (auto* e = std::get_if<T>(&events_[i]); e && pred(*e)) {
                    found = *e;
                    cursor_ = i + 1;
                    return true;
                }
            return false;
        });
        return found;
    }
    /** Whether any event so far (or within timeout) of type T satisfies pred. */
    template <typename T, typename Pred>
    bool any(Pred pred, std::chrono::milliseconds timeout = std::chrono::milliseconds(0)) {
        std::unique_lock lock(m_);
        return cv_.wait_for(lock, timeout, [&] {
            for (auto& e : events_)
                if (auto* x = std::get_if<T>(&e); x && pred(*x)) return true;
            return false;
        });
    }
    /** Waits until at least n events of type T have arrived. */
    template <typename T>
    bool count(size_t n, std::chrono::milliseconds timeout = std::chrono::milliseconds(3000)) {
        std::unique_lock lock(m_);
        return cv_.wait_for(lock, timeout, [&] {
            size_t k = 0;
            for (auto& e : events_) k += std::holds_alternative<T>(e);
            return k >= n;
        });
    }
    template <typename T>
    std::vector<T> all() {
        std::lock_guard lock(m_);
        std::vector<T> out;
        for (auto& e : events_)
            if (auto* x = std::get_if<T>(&e)) out.push_back(*x);
        return out;
    }

private:
    std::mutex m_;
    std::condition_variable cv_;
    std::vector<drivers::DeviceEvent> events_;
    size_t cursor_ = 0;
};

}  // namespace ow::test
