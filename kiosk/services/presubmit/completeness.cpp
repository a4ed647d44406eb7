// The completeness check of a pre-submission.
#include "kiosk/services/presubmit/completeness.h"

#include "kiosk/protocol/case_status.h"

namespace ow::core {

Completeness checkCompleteness(const Matter& m, const std::vector<bool>& captured, bool excluded, const std::string& today,
                               const protocol::WorkCalendar& calendar) {
    Completeness c;
    for (size_t i = 0; i < m.materials.size(); ++i) {
        if (i < captured.size() && captured[i]) continue;
        (m.materials[i].key ? c.missingKey : c.missingOther).push_back(static_cast<int>(i));
    }
    if (c.missingKey.empty() && c.missingOther.empty()) {
        c.verdict = Completeness::Verdict::complete;
        return c;
    }
    if (!c.missingKey.empty()) return c;  // a key material cannot be promised later
    // Only non-key materials are missing: tolerance acceptance, where the rules allow it (容缺受理制度 1–8).
    if (!m.toleranceAllowed) c.why = "tolerance.not_for_matter";
    else if (excluded) c.why = "tolerance.excluded";
    else if (m.kind == MatterKind::instant || m.promisedLimitDays <= 0) c.why = "tolerance.instant";
    if (!c.why.empty()) return c;
    c.verdict = Completeness::Verdict::tolerance;
    // The supplement period may not exceed the promised limit (补正期限 ≤ 承诺时限).
    c.supplementBy = protocol::addWorkingDays(today, m.promisedLimitDays, calendar);
    return c;
}

}  // namespace ow::core
