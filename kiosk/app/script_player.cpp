// Plays a kiosk script against the live UI.
#include "kiosk/app/script_player.h"

#include <imgui.h>

#include <algorithm>

namespace ow::app {

using Kind = core::ScriptStep::Kind;

void ScriptPlayer::fail(const core::ScriptStep& step, const std::string& why) {
    failure_ = "script line " + std::to_string(step.line) + ": " + why;
}

bool ScriptPlayer::find(const core::ScriptStep& step, const std::vector<screens::TraceItem>& trace, float& x,
                        float& y) {
    // The last match wins: it is drawn on top (the countdown panel above the screen under it).
    for (auto it = trace.rbegin(); it != trace.rend(); ++it) {
        if (it->kind != "button") continue;
        if ((step.kind == Kind::tapKey && it->key == step.text) || (step.kind == Kind::tapText && it->text == step.text)) {
            x = (it->visibleMin.x + it->visibleMax.x) * 0.5f;  // on its part on screen: a tap there reaches it
            y = (it->visibleMin.y + it->visibleMax.y) * 0.5f;
            return true;
        }
    }
    return false;
}

// A drag lasts this many frames: press, move in even steps, release.
constexpr int kDragFrames = 20;

void ScriptPlayer::beforeFrame(int64_t realMs) {
    (void)realMs;
    if (!running()) return;
    ImGuiIO& io = ImGui::GetIO();
    if (dragFrame_ >= 0) {
        const auto& s = steps_[index_];
        const float t = std::min(1.0f, static_cast<float>(dragFrame_) / (kDragFrames - 2));
        io.MousePos = ImVec2(s.x + (s.x2 - s.x) * t, s.y + (s.y2 - s.y) * t);
        io.MouseDown[0] = dragFrame_ < kDragFrames - 1;
        return;
    }
    if (tapPhase_ == 1) {
        io.MousePos = ImVec2(tapX_, tapY_);
        io.MouseDown[0] = true;
    } else if (tapPhase_ == 2) {
        io.MousePos = ImVec2(tapX_, tapY_);
        io.MouseDown[0] = false;
    } else if (tapPhase_ == 3) {
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);  // finger lifted: nothing stays hovered
        io.MouseDown[0] = false;
    }
}

void ScriptPlayer::afterFrame(const std::vector<screens::TraceItem>& trace, int64_t realMs) {
    if (!running()) return;
    if (dragFrame_ >= 0) {
        if (++dragFrame_ <= kDragFrames) return;
        dragFrame_ = -1;
        ++index_;
        return;
    }
    if (tapPhase_ > 0) {
        // press → release → two frames for the intent to be applied and the new screen drawn
        if (++tapPhase_ <= 3) return;
        if (++settle_ < 2) return;
        tapPhase_ = 0, settle_ = 0;
        ++index_;
        return;
    }
    const core::ScriptStep& step = steps_[index_];
    switch (step.kind) {
        case Kind::tapText:
        case Kind::tapKey:
            if (!find(step, trace, tapX_, tapY_)) {
                fail(step, "no button \"" + step.text + "\" on screen");
                return;
            }
            tapPhase_ = 1;
            return;
        case Kind::tapAt:
            tapX_ = static_cast<float>(step.x), tapY_ = static_cast<float>(step.y);
            tapPhase_ = 1;
            return;
        case Kind::drag:
            dragFrame_ = 0;
            return;
        case Kind::wait:
            if (waitUntil_ < 0) waitUntil_ = realMs + step.ms;
            if (realMs < waitUntil_) return;
            waitUntil_ = -1;
            break;
        case Kind::advance: host_.advanceClock(step.ms); break;
        case Kind::event: host_.event(step.text, step.arg, step.line); break;
        case Kind::key: host_.key(step.text); break;
        case Kind::screenshot: host_.screenshot(step.text); break;
        case Kind::expect:
        case Kind::expectNot: {
            bool seen = false;
            for (const auto& item : trace) seen = seen || item.text.find(step.text) != std::string::npos;
            if (seen != (step.kind == Kind::expect)) {
                fail(step, step.kind == Kind::expect ? "expected \"" + step.text + "\" on screen"
                                                     : "\"" + step.text + "\" is on screen but should not be");
                return;
            }
            break;
        }
        case Kind::waitFor: {
            bool seen = false;
            for (const auto& item : trace) seen = seen || item.text.find(step.text) != std::string::npos;
            if (!seen) {
                if (waitUntil_ < 0) waitUntil_ = realMs + step.ms;
                if (realMs >= waitUntil_) fail(step, "\"" + step.text + "\" did not appear on screen in time");
                return;
            }
            waitUntil_ = -1;
            break;
        }
        case Kind::quit: host_.quit(); break;
    }
    ++index_;
}

}  // namespace ow::app
