// Plays a kiosk script against the live UI: taps go through ImGui's input like a finger on the touch screen.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "kiosk/script.h"
#include "screens/ui.h"

namespace ow::app {

/** What the player asks of the kiosk loop; the loop owns the window, clock and terminal. */
struct ScriptHost {
    std::function<void(int64_t ms)> advanceClock;
    std::function<void(const std::string& name, const std::string& arg, int line)> event;
    std::function<void(const std::string& name)> screenshot;  // capture the frame being drawn
    std::function<void(const std::string& key)> key;
    std::function<void()> quit;
};

class ScriptPlayer {
public:
    ScriptPlayer(std::vector<core::ScriptStep> steps, ScriptHost host) : steps_(std::move(steps)), host_(std::move(host)) {}

    bool running() const { return index_ < steps_.size() && failure_.empty(); }
    const std::string& failure() const { return failure_; }

    /** Before ImGui::NewFrame: feeds a scripted tap into ImGui's mouse state. */
    void beforeFrame(int64_t realMs);
    /** After the frame is drawn (before present): screenshots and checks against what the frame shows. */
    void afterFrame(const std::vector<screens::TraceItem>& trace, int64_t realMs);

private:
    bool find(const core::ScriptStep& step, const std::vector<screens::TraceItem>& trace, float& x, float& y);
    void fail(const core::ScriptStep& step, const std::string& why);
    std::vector<core::ScriptStep> steps_;
    ScriptHost host_;
    size_t index_ = 0;
    std::string failure_;
    int64_t waitUntil_ = -1;
    int tapPhase_ = 0;  // 0 idle, 1 pressed this frame, 2 released this frame, 3 a frame to settle
    float tapX_ = 0, tapY_ = 0;
    int settle_ = 0;
    int dragFrame_ = -1;  // frames into a drag, or -1
};

}  // namespace ow::app
