// Answers to the terminal's requests, posted by worker threads and taken by the UI loop.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "kiosk/app/wake.h"
#include "kiosk/requests.h"

namespace ow::app {

/** Shared (by shared_ptr) with the threads that answer, so a slow central never holds up a shutdown. */
class AnswerMailbox : public std::enable_shared_from_this<AnswerMailbox> {
public:
    ~AnswerMailbox() {
        for (auto& a : answers_) core::wipe(a);  // answers that came too late to be taken hold personal data
    }
    /** From any thread: the answer goes in, and the UI loop wakes. */
    void post(core::Answer answer) {
        {
            std::lock_guard lock(mutex_);
            answers_.push_back(std::move(answer));
        }
        wakeUi();
    }
    std::vector<core::Answer> take() {
        std::lock_guard lock(mutex_);
        std::vector<core::Answer> out;
        out.swap(answers_);
        return out;
    }

private:
    std::mutex mutex_;
    std::vector<core::Answer> answers_;
};

}  // namespace ow::app
