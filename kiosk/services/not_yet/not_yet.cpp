// A service still to come: its tile leads to plain words and the hall's phone.
#include "kiosk/services/not_yet/not_yet.h"

#include "kiosk/terminal.h"

namespace ow::core {

void NotYet::open(Terminal& t) { t.navigate(kNotYet); }

std::string NotYet::spokenPrompt(const Terminal& t, ScreenId) const { return t.tr("notbuilt.title") + t.tr("notbuilt.body"); }

NotYetView notYetView(const Terminal& t) {
    NotYetView v;
    v.serviceTitle = t.tr("service." + std::string(t.service()) + ".title");
    v.body = t.tr("notbuilt.body");
    if (!t.bundle().servicePhone.empty()) v.phoneLine = fill(t.tr("notbuilt.phone"), {{"phone", t.bundle().servicePhone}});
    return v;
}

}  // namespace ow::core
