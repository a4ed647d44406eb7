// Whether a pre-submission has what its matter needs (容缺受理制度; 一次性告知): complete; acceptable on a
// tolerance commitment (every key material there, only others missing, the matter allows it, the applicant not
// excluded); or incomplete, with everything missing listed at once.
#pragma once

#include <string>
#include <vector>

#include "kiosk/bundle.h"

namespace ow::core {

struct Completeness {
    enum class Verdict { complete, tolerance, incomplete } verdict = Verdict::incomplete;
    std::vector<int> missingKey, missingOther;  // material indexes, in the guide's order
    std::string supplementBy;                   // tolerance: YYYY-MM-DD, within the promised limit
    std::string why;                            // incomplete with only non-key missing: a UI key saying why no tolerance
};

/**
 * captured[i]: whether material i was captured (or shown). excluded: the applicant may not use tolerance
 * acceptance (on the dishonesty list, 失信名单). today: YYYY-MM-DD; the supplement date is counted in the
 * calendar's working days.
 */
Completeness checkCompleteness(const Matter& matter, const std::vector<bool>& captured, bool excluded,
                               const std::string& today, const protocol::WorkCalendar& calendar = protocol::WorkCalendar{});

}  // namespace ow::core
