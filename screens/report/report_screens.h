// The report service's screens: the start (the card, or a new report and the person's work orders), the form, what
// will be sent, the work order filed, and the person's work orders.
#pragma once

#include "kiosk/services/report/report.h"
#include "screens/frame.h"

namespace ow::screens {

void drawReportStart(Frame& f, ImVec2 min, ImVec2 max);
void drawReportForm(Frame& f, ImVec2 min, ImVec2 max);
void drawReportConfirm(Frame& f, ImVec2 min, ImVec2 max);
void drawReportFiled(Frame& f, ImVec2 min, ImVec2 max);
void drawReportMine(Frame& f, ImVec2 min, ImVec2 max);

inline ScreenList reportScreens() {
    namespace r = core::report;
    return {{r::kStart, drawReportStart},
            {r::kForm, drawReportForm},
            {r::kConfirm, drawReportConfirm},
            {r::kFiled, drawReportFiled},
            {r::kMine, drawReportMine}};
}

}  // namespace ow::screens
