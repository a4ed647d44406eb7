// Rebooting or powering off the machine, for the engineer's service mode: asked of systemd-logind over D-Bus
// (org.freedesktop.login1.Manager.Reboot/PowerOff), never through a shell. logind asks polkit whether the caller may:
// the kiosk's user in its own seat session on the terminal's console is allowed by Debian's default policy.
#pragma once

#include <string>

namespace ow::platform {

enum class PowerAction { reboot, powerOff };

/** Asks logind; "" when it accepted (the machine then shuts down and the kiosk gets SIGTERM), else why not. */
std::string requestPower(PowerAction action);

}  // namespace ow::platform
