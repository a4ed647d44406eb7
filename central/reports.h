// Reports of what could not be done (办不成事反映; 000 附件2 督办工单, 003): a work order per report with the person's
// name (the hall's lead office contacts them), their phone sealed, the department concerned, what happened, when it
// was received and its deadline in working days (the bundle's calendar; 15 by default). Its states follow the hall's
// closed loop: received → classified → transferred → resolved → replied → verified, each step with who and when.
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

/** Working days a work order is answered within, unless the bundle says otherwise (Jiangsu: 15). */
constexpr int kReportDeadlineWorkingDays = 15;

struct WorkOrder {
    std::string no, code, hall, kioskId, name, nameMasked, phoneMasked, department, category, text, state, deadline;
    int64_t receivedAt = 0, updatedAt = 0;
    bool overdue = false;  // past its deadline and not yet resolved
    struct Step {
        std::string state, by, note;
        int64_t at = 0;
    };
    std::vector<Step> steps;
};

/** The states in order; a work order moves one forward at a time (or is closed as replied from resolved). */
const std::vector<std::string>& workOrderStates();

class ReportBook {
public:
    ReportBook(sql::Pool& pool, AppointmentBook& people) : pool_(pool), people_(people) {}
    struct Filing {
        std::string kioskId, key, hall, name, idNumber, phone, department, category, text;
    };
    /** A new work order (the same key, the same order). */
    core::Result<WorkOrder> file(const Filing& f, int64_t nowS);
    /** A person's work orders (by ID number), newest first; one by its number. */
    core::Result<std::vector<WorkOrder>> ofPerson(std::string_view idNumber, int64_t nowS);
    core::Result<std::optional<WorkOrder>> byNumber(std::string_view no, int64_t nowS);
    /** One by the code on its slip (the id in "OW1.W.<id>"). */
    core::Result<std::optional<WorkOrder>> byCode(std::string_view code, int64_t nowS);
    /** The hall's work orders (open ones first, then by deadline); overdue only when asked. */
    core::Result<std::vector<WorkOrder>> ofHall(std::string_view hall, bool overdueOnly, int64_t nowS);
    /** One step on: to the next state (the only one allowed), with who and a note. A refusal in words otherwise. */
    core::Result<std::variant<WorkOrder, std::string>> advance(std::string_view no, std::string_view to, std::string_view by,
                                                               std::string_view note, int64_t nowS);

private:
    sql::Pool& pool_;
    AppointmentBook& people_;  // the person's keyed hash and sealing; the hall's calendar
};

/** withName: for the hall's staff (the name in full, who acted at each step); otherwise for the person at a terminal
    (the name masked, the steps without who). */
std::string workOrderJson(const WorkOrder& w, bool withName);

}  // namespace ow::central
