// The device model the core talks to, after CEN/XFS4IoT: states, command completions, suggested actions.
#pragma once

namespace ow::drivers {

/** What a device reports about itself; a change is an event. */
enum class DeviceState { online, offline, noDevice, hardwareError, userError, busy };

/** How a device command ended. */
enum class Completion { success, cancelled, timeout, deviceNotReady, hardwareError, userError };

/** Who can fix an error: hall staff (`clear`: paper, jam, cover) or an engineer (`maintenance`). */
enum class SuggestedAction { none, clear, maintenance };

}  // namespace ow::drivers
