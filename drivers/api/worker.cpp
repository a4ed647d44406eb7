// The lifecycle every device back-end shares.
#include "drivers/api/worker.h"

namespace ow::drivers {

void DeviceWorker::start() {
    if (thread_.joinable()) return;
    stop_ = false;
    thread_ = std::thread([this] { run(); });
}

void DeviceWorker::stop() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

bool DeviceWorker::pause(int ms) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stop_.load() || woken_; });
    woken_ = false;
    return !stop_;
}

void DeviceWorker::wake() {
    {
        std::lock_guard lock(mutex_);
        woken_ = true;
    }
    wake_.notify_all();
}

void DeviceWorker::checkNow() {
    check_ = true;
    wake();
}

void DeviceWorker::report(DeviceState state, SuggestedAction action, std::string detail) {
    DeviceStatusChanged next{device_, state, action, std::move(detail)};
    next.checked = check_.exchange(false);
    {
        std::lock_guard lock(mutex_);
        if (!next.checked && reported_ && status_.state == next.state && status_.action == next.action &&
            status_.detail == next.detail)
            return;
        status_ = next;
        reported_ = true;
    }
    post(std::move(next));
}

}  // namespace ow::drivers
