// The one list of services: each line a home tile, in order. A new service is one line here (and its include),
// one in screens/screens.cpp, its folders and its language keys (README "Adding a service").
#include "kiosk/services/services.h"

#include "kiosk/services/appointments/appointments.h"
#include "kiosk/services/call_staff/call_staff.h"
#include "kiosk/services/collect/collect.h"
#include "kiosk/services/guides/guides.h"
#include "kiosk/services/presubmit/presubmit.h"
#include "kiosk/services/progress/progress.h"
#include "kiosk/services/queue/queue.h"
#include "kiosk/services/rate/rate.h"
#include "kiosk/services/report/report.h"
#include "kiosk/services/service_mode/service_mode.h"

namespace ow::core {

std::vector<std::unique_ptr<Service>> makeServices() {
    std::vector<std::unique_ptr<Service>> list;
    list.push_back(std::make_unique<progress::CaseProgress>());
    list.push_back(std::make_unique<guides::Guides>());
    list.push_back(std::make_unique<presubmit::Presubmit>());
    list.push_back(std::make_unique<appointments::Appointments>());
    list.push_back(std::make_unique<queue::Queue>());
    list.push_back(std::make_unique<collect::Collect>());
    list.push_back(std::make_unique<rate::Rate>());
    list.push_back(std::make_unique<report::Report>());
    list.push_back(std::make_unique<call_staff::CallStaff>());
    list.push_back(std::make_unique<service_mode::ServiceMode>());  // no tile: staff codes and the hidden gesture
    return list;
}

}  // namespace ow::core
