// The services the terminal offers, in the order of the home tiles (services.cpp holds the one list).
#pragma once

#include <memory>
#include <vector>

#include "kiosk/service.h"

namespace ow::core {

/** Every service, once each, in the order of the home screen's tiles. */
std::vector<std::unique_ptr<Service>> makeServices();

}  // namespace ow::core
