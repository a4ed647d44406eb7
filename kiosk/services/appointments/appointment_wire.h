// Appointments (预约) between the terminal and central: the questions the appointments service asks (the days and
// slots with places left, book, move, cancel, the person's appointments), and central's answers as the terminal
// reads them. Central is the only authority on a slot; nothing here decides whether one is free.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ow::core {

/** One request to central's /v1/appointments endpoints. */
struct AppointmentQuestion {
    enum class Op { days, slots, book, move, cancel, mine } op = Op::days;
    std::string key;     // book, move, cancel: the idempotency key, the same for every retry of one decision
    std::string matter;  // days, slots, book
    std::string date;    // slots
    std::string slot;    // book, move
    std::string no;      // move, cancel: the appointment
    std::string name, idNumber, phone;  // book: the person; move, cancel, mine: the ID number
    std::string code;                   // mine: a scanned slip's code instead of the ID number
    bool notices = false;               // mine: asked as the person identifies, for the hall's changes to tell
    std::string path() const;
    /** The request's JSON body; receiptKey: the terminal's receipt key (base64), sent with a booking. */
    std::string body(const std::string& receiptKey) const;
    void wipe();
};
const char* appointmentOpCode(AppointmentQuestion::Op op);

/** An appointment as central answers it (the holder's name and ID number masked). */
struct AppointmentRecord {
    std::string no, matter, matterName, slot, state;
    int64_t start = 0, end = 0;
    std::string name, idNumber;
    std::string hallChange, hallReason;  // "cancelled" or "moved" by the hall, and why
    bool hallChangeUnseen = false;       // not told to the person yet
};

struct SlotPlaces {
    std::string slot;
    int64_t start = 0, end = 0;
    int left = 0;
};

/** Why central refused (409): a code the screens turn into plain words, and what goes with it. */
struct AppointmentRefusal {
    std::string code;
    int64_t until = 0;                  // banned
    std::vector<std::string> nearest;   // slot_taken: the nearest free slots
    std::string appointment;            // limit_matter: the one already booked
};

struct AppointmentAnswer {
    /** answered (200), refused (409, with the refusal), offline (central unreachable or failing), or failed
        (central said the question itself was wrong: another 4xx; a fault of this terminal, not the person). */
    enum class Outcome { answered, refused, offline, failed } outcome = Outcome::offline;
    AppointmentQuestion::Op op = AppointmentQuestion::Op::days;
    std::vector<std::pair<std::string, int>> days;  // date, places left
    std::vector<SlotPlaces> slots;
    std::optional<AppointmentRecord> appointment;
    std::vector<AppointmentRecord> appointments;
    AppointmentRefusal refusal;
    std::string slipCode;  // book, move: the slip's QR code, signed by this terminal
    std::string detail;    // for the log, never shown as is
};

/** Central's reply (HTTP status and body) to a question; a body that does not read is a failure. */
AppointmentAnswer parseAppointmentAnswer(AppointmentQuestion::Op op, int status, std::string_view body);
/** Zeroes what an answer holds of a person. */
void wipeAppointments(AppointmentAnswer& answer);

}  // namespace ow::core
