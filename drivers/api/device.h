// The device model the core talks to, after CEN/XFS4IoT: states, command completions, suggested actions,
// and the events devices post to the core.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <variant>

namespace ow::drivers {

/** What a device reports about itself; a change is an event. */
enum class DeviceState { online, offline, noDevice, hardwareError, userError, busy };
const char* stateCode(DeviceState state);  // "online", "offline", "noDevice", …

/** How a device command ended. */
enum class Completion { success, cancelled, timeout, deviceNotReady, hardwareError, userError };

/** Who can fix an error: hall staff (`clear`: paper, jam, cover) or an engineer (`maintenance`). */
enum class SuggestedAction { none, clear, maintenance };
const char* actionCode(SuggestedAction action);  // "none", "clear", "maintenance"

/** A device's state changed. */
struct DeviceStatusChanged {
    std::string device;  // "idcard", "scanner", "receipt", "a4", "camera"
    DeviceState state = DeviceState::noDevice;
    SuggestedAction action = SuggestedAction::none;
    std::string detail;  // plain words for service mode and the heartbeat
    bool checked = false;  // this report answers a self-test (DeviceWorker::checkNow): the device was asked just now
};

/** A resident ID card was read. Fields as on the card; `problem` says why it cannot be used, if so. */
struct IdCardPresented {
    std::string name, sex, nation, birth, address, idNumber, authority, validFrom, validTo;
    bool expired = false;
    std::string problem;  // validation failure (check digit, dates); empty when the data is consistent
};

/** A card was on the reader but could not be read (authentication failed, read failed, not an ID card). */
struct IdCardUnreadable {
    std::string reason;
};

/** A code was scanned (receipt QR, appointment QR, a phone's screen). The core classifies the payload. */
struct CodeScanned {
    std::string payload;
    std::string source;  // "scanner" (serial or keyboard wedge) or "camera"
};

/** Progress of a print job (the core keeps the journal in the store). */
struct PrintJobUpdate {
    int64_t jobId = 0;
    enum class State { printing, held, done, failed } state = State::printing;
    std::string detail;  // why it is held or failed
};

const char* printStateCode(PrintJobUpdate::State state);  // "printing", "held", "done", "failed" (journal states)

using DeviceEvent = std::variant<DeviceStatusChanged, IdCardPresented, IdCardUnreadable, CodeScanned, PrintJobUpdate>;
/** Where device workers post events; the kiosk's sink queues them for the UI thread and wakes it. */
using EventSink = std::function<void(DeviceEvent)>;

}  // namespace ow::drivers
