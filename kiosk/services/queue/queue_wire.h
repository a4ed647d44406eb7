// Queue numbers (取号) between the terminal and central: a walk-in number, the check-in of an appointment, a ticket's
// place; and central's answers as the terminal reads them. Central is the one authority on numbers: the terminal never
// makes one up, whatever happens.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ow::core {

/** One request to central's /v1/queue endpoints. */
struct QueueQuestion {
    enum class Op { take, checkin, status } op = Op::take;
    std::string key;       // take, checkin: the idempotency key, the same for every retry of one decision
    std::string theme;     // take
    std::string cls;       // take: "ordinary", "priority" (60 or more, by the card) or "asked" (staff confirm)
    std::string idNumber;  // checkin by ID card
    std::string code;      // checkin: the appointment slip's code; status: the ticket's code
    std::string path() const;
    std::string body() const;
    void wipe();
};
const char* queueOpCode(QueueQuestion::Op op);

/** A ticket as central answers it. */
struct QueueTicket {
    std::string id, number, theme, cls, state, window, appointment;
    int ahead = 0, waitMinutes = 0;
    std::vector<std::string> windows;
    bool priorityAsked = false;
    int64_t issuedAt = 0, slotStart = 0;
};

struct QueueAnswer {
    /** answered (a ticket), refused (409 or 404: the code says why), offline (central unreachable or failing),
        failed (central said the question itself was wrong: a fault of this terminal, not the person). */
    enum class Outcome { answered, refused, offline, failed } outcome = Outcome::offline;
    QueueQuestion::Op op = QueueQuestion::Op::take;
    std::optional<QueueTicket> ticket;
    std::string refusal;      // no_queue, unknown_theme, cap_reached, closed, no_appointment, too_early, forfeited,
                              // no_such_ticket
    int64_t until = 0;        // closed: when the hall opens; too_early: when check-in opens
    std::string appointment;  // too_early, forfeited: the appointment's number
    std::string detail;       // for the log, never shown as is
};

QueueAnswer parseQueueAnswer(QueueQuestion::Op op, int status, std::string_view body);

}  // namespace ow::core
