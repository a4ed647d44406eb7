// Reboot and power off through systemd-logind (sd-bus).
#include "platform/power.h"

#include <systemd/sd-bus.h>

#include <cstring>

namespace ow::platform {

std::string requestPower(PowerAction action) {
    sd_bus* bus = nullptr;
    if (const int r = sd_bus_open_system(&bus); r < 0)
        return std::string("the system bus cannot be reached: ") + strerror(-r);
    sd_bus_error error = SD_BUS_ERROR_NULL;
    sd_bus_message* reply = nullptr;
    // interactive = false: no password prompt; polkit answers yes or no at once.
    const int r = sd_bus_call_method(bus, "org.freedesktop.login1", "/org/freedesktop/login1", "org.freedesktop.login1.Manager",
                                     action == PowerAction::reboot ? "Reboot" : "PowerOff", &error, &reply, "b", 0);
    std::string why;
    if (r < 0) why = error.message ? error.message : (error.name ? error.name : strerror(-r));
    sd_bus_error_free(&error);
    sd_bus_message_unref(reply);
    sd_bus_flush_close_unref(bus);
    return why;
}

}  // namespace ow::platform
