// The configuration on screen: a bundle central sent goes on screen between people, only once it can be drawn
// (every text in some font, a catalogue for the home screen); one that cannot is rolled back and reported.
#pragma once

#include <cstdint>
#include <string>

#include "kiosk/app/central_link.h"
#include "kiosk/app/lettering.h"
#include "kiosk/store.h"
#include "kiosk/terminal.h"

namespace ow::app {

class ActiveConfig {
public:
    ActiveConfig(core::Store& store, core::Terminal& terminal, Lettering& lettering, CentralLink& central)
        : store_(store), terminal_(terminal), lettering_(lettering), central_(central) {}
    /** Puts the store's active bundle on screen if it is new and healthy; else rolls it back. */
    void adopt();
    /** Why a bundle cannot go on screen, in plain words; "" when it can. */
    std::string health(const core::Bundle& b);

private:
    core::Store& store_;
    core::Terminal& terminal_;
    Lettering& lettering_;
    CentralLink& central_;
    int64_t healthyVersion_ = -1;
};

}  // namespace ow::app
