// The lifecycle every device back-end shares: public start()/stop() around a protected run() on its own
// thread, and status reports that post an event only when something changed (after libcamera's
// PipelineHandler).
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "drivers/api/device.h"

namespace ow::drivers {

class DeviceWorker {
public:
    DeviceWorker(std::string device, EventSink sink) : device_(std::move(device)), sink_(std::move(sink)) {}
    virtual ~DeviceWorker() = default;
    DeviceWorker(const DeviceWorker&) = delete;
    DeviceWorker& operator=(const DeviceWorker&) = delete;

    void start();
    /** Asks the worker to finish and waits for it. Call before destruction (from the derived class's dtor). */
    void stop();
    /** Ends the current pause() early (new work arrived). */
    void wake();
    /** A self-test: the loop asks its device at once, and its next report is posted (marked checked) even when
        nothing changed. */
    void checkNow();

protected:
    /** The device's loop; returns when stopping() becomes true. */
    virtual void run() = 0;
    bool stopping() const { return stop_; }
    /** A self-test is waiting for this loop's next report (for loops that report only on a change). */
    bool checkRequested() const { return check_; }
    /** Sleeps up to ms, waking early on stop() or wake(); returns false when stopping. */
    bool pause(int ms);
    void report(DeviceState state, SuggestedAction action, std::string detail);
    void post(DeviceEvent event) { sink_(std::move(event)); }
    const std::string& device() const { return device_; }

private:
    std::string device_;
    EventSink sink_;
    std::thread thread_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> check_{false};
    bool woken_ = false;
    std::mutex mutex_;
    std::condition_variable wake_;
    DeviceStatusChanged status_;
    bool reported_ = false;
};

}  // namespace ow::drivers
