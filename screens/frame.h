// What a screen gets to draw one frame, and where it puts the person's intents.
#pragma once

#include <cstdint>
#include <ctime>
#include <map>
#include <vector>

#include "kiosk/form_entry.h"
#include "kiosk/guide_notice.h"
#include "kiosk/signature.h"
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
    /** Thumbnails of the pages photographed, by material (textures main made from them), with their sizes. */
    struct Thumbnail {
        void* texture = nullptr;
        int width = 0, height = 0;
    };
    std::map<int, Thumbnail> thumbnails;

    const std::string& tr(std::string_view key) const { return terminal.tr(key); }
    /** "label：value" in Chinese, "label: value" in English. */
    std::string labelled(const std::string& label, const std::string& value) const { return label + tr("ui.colon") + value; }
    /** A service's state, for its view-models (its screens only read it). */
    template <class S>
    const S& service() const {
        return terminal.service<S>();
    }
    void want(core::Intent intent) { intents.push_back(intent); }
    template <class Kind>
    void want(Kind kind, int value = 0) {
        intents.push_back(core::Intent::of(kind, value));
    }
};

/** A screen: the core's id for it, how it is drawn, and whether the bottom bar (home, back, …) is under it. */
struct ScreenEntry {
    core::ScreenId id;
    void (*draw)(Frame&, ImVec2 min, ImVec2 max);
    bool bottomBar = true;
};
using ScreenList = std::vector<ScreenEntry>;
/** Every screen, from the one list in screens.cpp (each service's folder gives its own). */
const std::vector<ScreenEntry>& registeredScreens();

// Layout pieces (layout.cpp).
/** The title at the top left and, with actionKey, one primary button at the top right wanting `action`;
    returns the y where the screen's body starts. */
float drawHeading(Frame& f, ImVec2 min, ImVec2 max, const std::string& title, const char* actionKey, core::Intent action,
                  bool oneLine = false);
/** The body of a screen from `top` down, scrolling by touch when longer than the screen (every button in it can
    be reached at every text size); returns its left edge. endBody closes it. */
float beginBody(Frame& f, ImVec2 min, ImVec2 max, float top, const char* id);
void endBody(Frame& f);
/** Matters as tiles in one or two columns, scrolling between top and bottom; a tap wants `tapped` with the index. */
void drawMatterTiles(Frame& f, const std::vector<core::MatterItem>& matters, ImVec2 min, ImVec2 max, float top,
                     float bottom, const char* keyPrefix, core::Intent tapped);
/** "Place your ID card" (or scan a code): the service's title, the prompt large, then lines of explanation.
    Returns the y below them. */
float drawCardPrompt(Frame& f, ImVec2 min, ImVec2 max, const std::string& title, const std::string& prompt,
                     const std::vector<std::string>& lines);
/** A page of plain words under a title, with the hall's phone and a button home (a service not offered yet). */
void drawPlainPage(Frame& f, ImVec2 min, ImVec2 max, const std::string& title, const std::vector<std::string>& lines);

// The keyboards (keyboards.cpp).
// Each wants the intent given with its value set: `key` with its digit, core::kKeypadClear, core::kKeypadDelete or
// core::kFormX; `letter` with 0–25; `pick` with the candidate's index; `tapped` with the matter's index.
/** Digits 1–9, clear, 0, delete (and X below 0 for an ID number) at pos. Returns the y below it. */
float drawKeypad(Frame& f, ImVec2 pos, float width, core::Intent press, bool withX);
/** The letters of pinyin ending at `bottom`, then clear and delete; returns its top. */
float drawLetterKeyboard(Frame& f, float x0, float width, float bottom, core::Intent letter, core::Intent clear,
                         core::Intent erase, float maxHeight = 1e9f);
/** The engine's candidates in a row at pos, as many as fit. */
bool drawCandidates(Frame& f, ImVec2 pos, float width, const std::vector<std::string>& candidates, core::Intent pick);
/** A form from `top` down: the fields on the left (tap one to type into it; a problem shows under its field in plain
    words), on the right the input that field needs: pinyin letters with the engine's candidates, digits (with X for
    an ID number), or the choices. `first` is the service's intent for FormEdit::field; the others follow it in
    FormEdit's order. */
void drawFormEntry(Frame& f, ImVec2 min, ImVec2 max, float top, const core::FormView& v, core::Intent first);
/** The signature pad from a to b: the strokes so far; a finger on it wants signAt with core::signValue. */
void drawSignaturePad(Frame& f, ImVec2 a, ImVec2 b, const core::Signature* signature, bool signedEnough, core::Intent signAt);
/** A screen that is a form: its title with the action (next, done), how to fill it in (or that something is wrong),
    then drawFormEntry. A warning (central's refusal in plain words) takes the place of how. */
void drawFormScreen(Frame& f, ImVec2 min, ImVec2 max, const core::FormView& v, const char* actionKey, core::Intent action,
                    const char* howKey, core::Intent first, const std::string& warning = "");

// The bars on every screen and the idle countdown above them.
float topBarHeight(const Ui& ui);
float bottomBarHeight(const Ui& ui);
void drawTopBar(Frame& f);
void drawBottomBar(Frame& f);
void drawCountdown(Frame& f, int seconds);
/**
 * A message for the person (card expired or not read, receipt printing): a band `height` = noticeHeight() tall
 * drawn at `top`, in room the screen leaves free for it (drawFrame shortens the screen's area), so it never
 * covers a button.
 */
float noticeHeight(Frame& f, const std::string& text);
void drawNotice(Frame& f, const std::string& text, float top, float height);

/** Draws the whole UI for the terminal's current screen (the one entry point of this layer). */
void drawFrame(Frame& f);

}  // namespace ow::screens
