// Ratings of the service (好差评; 国办发〔2019〕51号, 003 三(二)3): one per subject and stage (一事一评) — a case
// queried, a submission, an appointment, a number's visit, a collection — real-name, bound to the case (its matter and
// department) and, where central knows them, the window and the member of staff who served; channel 自助终端. A 不满意
// or 非常不满意 opens a follow-up with the 1-4-13 deadlines of 003 in working days of the hall's calendar: contact within
// 1, put right within 4, a complex case within 13; opened → checked → fixed → replied → visited (return visit), one
// step at a time with who and a note, and an appeal (申诉复核) for a rating made in error, which, upheld, takes the
// rating out of the figures. The rater is masked wherever the rating is listed; revealing them is the caller's to audit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "central/appointments.h"
#include "central/sql.h"
#include "kiosk/result.h"

namespace ow::central {

/** The working days of the 1-4-13 rule (003): contact, put right, a complex case put right. */
constexpr int kContactWorkingDays = 1, kFixWorkingDays = 4, kComplexWorkingDays = 13;

/** The stages a terminal offers a rating after (the subject each names: a case number, a receipt number, an
    appointment number, a ticket's id). */
const std::vector<std::string>& ratingStages();
/** The follow-up's states in order. */
const std::vector<std::string>& followUpStates();

struct Rating {
    std::string id, hall, kioskId, stage, subject, what, department, window, staff, name, nameMasked, reasons, text, channel;
    int level = 0;  // 5 非常满意 … 1 非常不满意
    int64_t createdAt = 0;
    bool voided = false;  // an appeal upheld: out of the figures
    struct FollowUp {
        std::string state, contactBy, fixBy, complexBy, appeal;  // appeal: "" | requested | upheld | rejected
        bool complex = false, overdue = false;
        int64_t openedAt = 0, contactedAt = 0, fixedAt = 0;
        struct Step {
            std::string state, by, note;
            int64_t at = 0;
        };
        std::vector<Step> steps;
    };
    std::optional<FollowUp> followUp;  // a bad rating's (level 1 or 2)
};

class RatingBook {
public:
    RatingBook(sql::Pool& pool, AppointmentBook& people) : pool_(pool), people_(people) {}
    struct Rate {
        std::string kioskId, key, hall, stage, subject, idNumber, name, reasons, text;
        int level = 0;
    };
    /** A rating, or why not in a code: no_such_subject (none of this person's), already_rated (一事一评), reasons_needed
        (a bad rating says what went wrong). The same key, the same answer. */
    core::Result<std::variant<Rating, std::string>> rate(const Rate& r, int64_t nowS);
    /** What this person may rate from the tile: their recent cases and appointments, each with whether rated. */
    struct Rateable {
        std::string stage, subject, what;
        int64_t at = 0;
        bool rated = false;
    };
    core::Result<std::vector<Rateable>> rateable(std::string_view idNumber);
    core::Result<std::optional<Rating>> byId(std::string_view id, std::string_view onDay);
    /** The hall's ratings with follow-ups (open ones first), as they stand on `onDay` (YYYY-MM-DD); overdue only when asked. */
    core::Result<std::vector<Rating>> followUps(std::string_view hall, bool overdueOnly, std::string_view onDay);
    /** One step on, or the appeal asked for / decided (to: requested | upheld | rejected); complex: the case needs 13
        working days (said when it is checked). A refusal in words otherwise. */
    core::Result<std::variant<Rating, std::string>> advance(std::string_view id, std::string_view to, std::string_view by,
                                                            std::string_view note, bool complex, int64_t nowS);
    /** The figures of a period [fromDay, toDay]: ratings, their levels, bad ones, follow-ups closed within their
        deadline (fixed by fix_by or complex_by). */
    struct Figures {
        int ratings = 0, satisfied = 0, bad = 0, followUps = 0, fixedOnTime = 0, overdue = 0;
        int levels[6] = {0, 0, 0, 0, 0, 0};
    };
    core::Result<Figures> figures(std::string_view hall, std::string_view fromDay, std::string_view toDay, std::string_view onDay);

private:
    sql::Pool& pool_;
    AppointmentBook& people_;  // the person's keyed hash; the hall's calendar
};

/** withName: the rater in full (a look-up the caller audits); otherwise masked. */
std::string ratingJson(const Rating& r, bool withName);

}  // namespace ow::central
