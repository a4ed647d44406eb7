// Names of the device model's states and actions.
#include "drivers/api/device.h"

namespace ow::drivers {

const char* stateCode(DeviceState state) {
    switch (state) {
        case DeviceState::online: return "online";
        case DeviceState::offline: return "offline";
        case DeviceState::noDevice: return "noDevice";
        case DeviceState::hardwareError: return "hardwareError";
        case DeviceState::userError: return "userError";
        case DeviceState::busy: return "busy";
    }
    return "?";
}

const char* actionCode(SuggestedAction action) {
    switch (action) {
        case SuggestedAction::none: return "none";
        case SuggestedAction::clear: return "clear";
        case SuggestedAction::maintenance: return "maintenance";
    }
    return "?";
}

const char* printStateCode(PrintJobUpdate::State state) {
    switch (state) {
        case PrintJobUpdate::State::printing: return "printing";
        case PrintJobUpdate::State::held: return "held";
        case PrintJobUpdate::State::done: return "done";
        case PrintJobUpdate::State::failed: return "failed";
    }
    return "?";
}

}  // namespace ow::drivers
