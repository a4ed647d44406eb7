// The document camera's worker thread.
#include "kiosk/app/page_worker.h"

#include <sodium.h>

#include <chrono>
#include <utility>

#include "kiosk/protocol/submission.h"

namespace ow::app {

PageWorker::PageWorker(drivers::camera::DocumentCamera* camera, std::shared_ptr<AnswerMailbox> answers,
                       drivers::EventSink states)
    : camera_(camera), answers_(std::move(answers)), states_(std::move(states)), thread_([this] { run(); }) {}

void PageWorker::report(bool checked) {
    if (!camera_) return;
    std::string problem = camera_->probe();
    if (!checked && lastProblem_ && *lastProblem_ == problem) return;
    lastProblem_ = problem;
    drivers::DeviceStatusChanged st{"document_camera", drivers::DeviceState::online, drivers::SuggestedAction::none, ""};
    if (!problem.empty())
        st = {"document_camera", drivers::DeviceState::noDevice, drivers::SuggestedAction::maintenance, std::move(problem)};
    st.checked = checked;
    states_(std::move(st));
}

void PageWorker::checkNow() {
    std::lock_guard lock(mutex_);
    check_ = true;
    wanted_.notify_one();
}

PageWorker::~PageWorker() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
        wanted_.notify_one();
    }
    thread_.join();
}

void PageWorker::capture(uint64_t ticket, core::CaptureRequest request) {
    std::lock_guard lock(mutex_);
    requests_.emplace_back(ticket, request);
    wanted_.notify_one();
}

void PageWorker::run() {
    constexpr auto kLookEvery = std::chrono::seconds(3);
    report();
    for (;;) {
        std::pair<uint64_t, core::CaptureRequest> request;
        {
            std::unique_lock lock(mutex_);
            wanted_.wait_for(lock, kLookEvery, [&] { return stop_ || check_ || !requests_.empty(); });
            if (stop_) return;
            if (requests_.empty()) {
                const bool checked = std::exchange(check_, false);
                lock.unlock();
                report(checked);  // unplugged or back meanwhile, or a self-test
                continue;
            }
            request = requests_.front();
            requests_.pop_front();
        }
        core::PageCaptured out{request.second.material, core::Error{"this terminal has no document camera"}};
        if (camera_) {
            auto picture = camera_->capturePage();
            if (!picture) {
                out.page = core::Error{picture.error()};
            } else {
                core::CapturedPage page;
                page.jpeg = drivers::camera::encodePageJpeg(*picture, 1600, page.width, page.height);
                sodium_memzero(picture->rgb.data(), picture->rgb.size());
                if (page.jpeg.size() > ow::protocol::kMaxPageBytes) out.page = core::Error{"the page image is too large to send"};
                else out.page = std::move(page);
            }
        }
        answers_->post({request.first, std::move(out)});
        report();
    }
}

}  // namespace ow::app
