// What a screen gets to draw one frame, and where it puts the person's intents.
#pragma once

#include <cstdint>
#include <ctime>
#include <vector>

#include "kiosk/terminal.h"
#include "screens/ui.h"

namespace ow::screens {

/** One frame's inputs and outputs. Screens read the terminal and return intents; they never change it. */
struct Frame {
    const core::Terminal& terminal;
    Ui& ui;
    std::time_t wall;
    int64_t nowMs;
    ImVec2 size;
    std::vector<core::Intent> intents;

    const std::string& tr(std::string_view key) const { return terminal.tr(key); }
    void want(core::Intent::Kind kind, int value = 0) { intents.push_back(core::Intent::of(kind, value)); }
};

// Each screen, one per file.
void drawAttract(Frame& f, ImVec2 min, ImVec2 max);
void drawHome(Frame& f, ImVec2 min, ImVec2 max);
void drawNotBuilt(Frame& f, ImVec2 min, ImVec2 max);
void drawCaseLookup(Frame& f, ImVec2 min, ImVec2 max);
void drawProgress(Frame& f, ImVec2 min, ImVec2 max);
void drawGuides(Frame& f, ImVec2 min, ImVec2 max);
void drawGuide(Frame& f, ImVec2 min, ImVec2 max);

// The bars on every screen and the idle countdown above them.
float topBarHeight(const Ui& ui);
float bottomBarHeight(const Ui& ui);
void drawTopBar(Frame& f);
void drawBottomBar(Frame& f);
void drawCountdown(Frame& f, int seconds);
/** A message for the person (card expired or not read) over the top of the screen. */
void drawNotice(Frame& f, const std::string& text);

/** Draws the whole UI for the terminal's current screen (the one entry point of this layer). */
void drawFrame(Frame& f);

}  // namespace ow::screens
