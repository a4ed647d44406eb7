// Appointments (预约取号's booking half), the service: by ID card, choose a matter the hall takes bookings for, a
// day and a slot with the places central says are left, confirm, and the slip (预约回执) printed with its QR code;
// "my appointments" by card or by scanning a slip: each with its state, cancelled or moved (to another slot, in one
// transaction at central). Every refusal in plain words with the next step.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/document.h"
#include "kiosk/guide_notice.h"
#include "kiosk/requests.h"
#include "kiosk/service.h"
#include "kiosk/services/appointments/appointment_wire.h"

namespace ow::core::appointments {

inline constexpr std::string_view kCode = "appointments";
// The card first (or a slip scanned), then the matter, the day, the slot, the confirmation, the booked slip; and
// the person's appointments.
inline constexpr ScreenId kCard{"appointment"}, kMatters{"appointment_matters"}, kDays{"appointment_days"},
    kSlots{"appointment_slots"}, kConfirm{"appointment_confirm"}, kBooked{"appointment_booked"}, kMine{"appointment_mine"};

enum class Kind {
    chooseMatter,  // value: the index of a bookable matter (AppointmentMattersView::matters)
    chooseDay,     // value: the index of a day
    chooseSlot,    // value: the index of a slot of the day
    chooseNearest, // value: the index of a nearest free slot offered after the chosen one was taken
    confirm,       // book (or move to) the chosen slot
    showMine,      // the person's appointments (by card)
    askCancel,     // value: the index of an appointment of mine: asks "cancel it?"
    cancelYes,     // cancels the one asked about
    cancelNo,
    startMove,     // value: the index of an appointment of mine: choose its new day and slot
    retry,         // ask central the last question again (the same request key: a booking is never made twice)
    reprint,       // the slip again
    bookMatter,    // value: the matter's index in the catalogue — book it (from its guide)
    editPhone,     // the phone for notices: show the keypad (again: done)
    phoneKey,      // value: a digit 0–9, kKeypadDelete or kKeypadClear into the phone
};
constexpr std::string_view serviceOf(Kind) { return kCode; }

/** Where the screens stand with central: nothing asked, waiting, answered, refused (plain words), offline. */
enum class Asking { idle, waiting, answered, refused, offline };

struct MattersView {
    bool identified = false, bookable = true;  // bookable: the hall takes bookings at all
    std::string who;                           // the masked name and ID number
    std::vector<MatterItem> matters;           // index: the position among the bookable matters
};

struct DaysView {
    std::string matter, moving;  // moving: "from <date time>" when an appointment is being moved
    Asking asking = Asking::idle;
    struct Day {
        std::string date, label, left;
        bool full = false;
    };
    std::vector<Day> days;
    std::string problem;  // plain words (refused or offline), with the next step
};

struct SlotsView {
    std::string matter, day, moving;
    Asking asking = Asking::idle;
    struct Slot {
        std::string time, left;
        bool full = false;
    };
    std::vector<Slot> slots;
    std::string problem;
};

struct ConfirmView {
    std::string who, matter, when, address, moving;
    std::string phone, phoneProblem;  // for the confirmation and the reminder by SMS (optional)
    bool editingPhone = false;
    std::vector<std::string> rules;  // the 30-minute rule, how to cancel
    Asking asking = Asking::idle;
    std::string problem;               // why it could not be booked, and what to do
    std::vector<std::string> nearest;  // slot_taken: the nearest free slots, as times to tap
};

struct BookedView {
    std::string no, matter, when, address, moved;
    bool printed = false, canPrint = false;
};

struct MineView {
    Asking asking = Asking::idle;
    struct Item {
        std::string no, matter, when, state, hallNote;
        bool canChange = false;  // booked and not yet past the person's cut-off
    };
    std::vector<Item> items;
    int askingCancel = -1;  // the item "cancel it?" is asked about
    std::string problem, done;  // done: "cancelled" (plain words) after a cancel
};

class Appointments final : public Service {
public:
    static constexpr std::string_view kCode = appointments::kCode;
    std::string_view code() const override { return kCode; }
    static constexpr ScreenId kScreens[] = {kCard, kMatters, kDays, kSlots, kConfirm, kBooked, kMine};
    std::span<const ScreenId> screens() const override { return kScreens; }
    void open(Terminal& t) override;
    void apply(Terminal& t, int kind, int value, int64_t nowMs) override;
    std::string spokenPrompt(const Terminal& t, ScreenId screen) const override;
    void wipe() override;
    void identified(Terminal& t, ScreenId screen) override;
    void personIdentified(Terminal& t) override;
    bool scanned(Terminal& t, const ScanCode& code, const std::string& payload, int64_t nowMs) override;
    void answered(Terminal& t, Answer& answer) override;

    MattersView mattersView(const Terminal& t) const;
    DaysView daysView(const Terminal& t) const;
    SlotsView slotsView(const Terminal& t) const;
    ConfirmView confirmView(const Terminal& t) const;
    BookedView bookedView(const Terminal& t) const;
    MineView mineView(const Terminal& t, int64_t nowS) const;

private:
    void ask(Terminal& t, AppointmentQuestion q);
    void askWithNewKey(Terminal& t, AppointmentQuestion q);
    void askDays(Terminal& t);
    void printSlip(Terminal& t);
    std::string problemText(const Terminal& t) const;
    std::string when(const Terminal& t, const std::string& slot) const;
    std::string matterName(const Terminal& t, const std::string& code) const;
    AppointmentQuestion question_;         // the last asked (retried as it was, with its key)
    std::optional<AppointmentAnswer> answer_;  // central's answer to it
    Asking asking_ = Asking::idle;
    std::string matter_, date_, slot_;     // what the person chose
    std::vector<std::pair<std::string, int>> days_;
    std::vector<SlotPlaces> slots_;
    std::optional<AppointmentRecord> booked_;
    std::string slipCode_;
    std::vector<AppointmentRecord> mine_;
    std::string movingNo_, movingFrom_;  // the appointment being moved, and its slot
    int askingCancel_ = -1;
    uint64_t noticesTicket_ = 0;  // the quiet question asked as the person identified
    std::string cancelledNo_;
    std::string phone_;  // typed for notices (or from the card reader's record), optional
    bool editingPhone_ = false, phoneWrong_ = false;
    bool printed_ = false;
};

}  // namespace ow::core::appointments
