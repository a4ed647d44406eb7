// The pre-submission service's screens, in the order a person meets them.
#pragma once

#include "kiosk/services/presubmit/presubmit.h"
#include "screens/frame.h"

namespace ow::screens {

void drawPresubmit(Frame& f, ImVec2 min, ImVec2 max);
void drawForm(Frame& f, ImVec2 min, ImVec2 max);
void drawMaterials(Frame& f, ImVec2 min, ImVec2 max);
void drawConfirm(Frame& f, ImVec2 min, ImVec2 max);
void drawCommitment(Frame& f, ImVec2 min, ImVec2 max);
void drawIncomplete(Frame& f, ImVec2 min, ImVec2 max);
void drawSubmitted(Frame& f, ImVec2 min, ImVec2 max);

inline ScreenList presubmitScreens() {
    namespace p = core::presubmit;
    return {{p::kChoose, drawPresubmit},         {p::kForm, drawForm},         {p::kMaterials, drawMaterials},
            {p::kConfirm, drawConfirm},          {p::kCommitment, drawCommitment}, {p::kIncomplete, drawIncomplete},
            {p::kSubmitted, drawSubmitted}};
}

}  // namespace ow::screens
