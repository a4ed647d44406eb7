// The document camera's worker: pages are taken on one thread, in order (a real camera may take a second or two),
// while the UI keeps drawing; each page comes back through the mailbox with its request's ticket. Between pages it
// looks whether the camera is there (every few seconds, and after each page) and reports its state like any device.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "drivers/api/worker.h"
#include "drivers/camera/v4l2.h"
#include "kiosk/app/answer_mailbox.h"

namespace ow::app {

class PageWorker {
public:
    /** camera: nullptr when the terminal has none (every request is then answered with that, no state is reported). */
    PageWorker(drivers::camera::DocumentCamera* camera, std::shared_ptr<AnswerMailbox> answers, drivers::EventSink states);
    /** Stopped and joined before the devices go away. */
    ~PageWorker();
    void capture(uint64_t ticket, core::CaptureRequest request);
    /** A self-test: the camera is looked at now and its state reported (marked checked), changed or not. */
    void checkNow();

private:
    void run();
    void report(bool checked = false);  // the camera's state, when it changed (or when checked)
    drivers::camera::DocumentCamera* camera_;
    std::shared_ptr<AnswerMailbox> answers_;
    drivers::EventSink states_;
    std::optional<std::string> lastProblem_;  // "" online; none before the first look
    std::mutex mutex_;
    std::condition_variable wanted_;
    std::deque<std::pair<uint64_t, core::CaptureRequest>> requests_;
    bool stop_ = false;
    bool check_ = false;
    std::thread thread_;
};

}  // namespace ow::app
