// Appointments at central, the only authority on a slot: booking, moving and cancelling, by a person at a terminal
// or by the hall, each one transaction that the database keeps within a slot's places (appointment_seat), each
// request with an idempotency key so a retry books once and gets the same answer, every change recorded with its
// time and who acted. The hall's capacity and rules are those of the newest bundle published to it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "central/sql.h"
#include "central/store.h"
#include "kiosk/protocol/appointments.h"
#include "kiosk/protocol/queue.h"
#include "kiosk/result.h"

namespace ow::central {

/** An appointment as central keeps it; the holder's ID number and phone only masked. */
struct Appointment {
    std::string no, hall, matterCode, matterName, slot;  // slot: "YYYY-MM-DDTHH:MM", 北京时间
    int64_t start = 0, end = 0;
    std::string state;  // booked | cancelled | no_show | checked_in | forfeited
    std::string holderName, holderIdMasked, phoneMasked;
    std::string kioskId, receiptKey;  // the terminal that booked it, and the key its slip's code is signed with
    std::string phoneSealed;          // the phone as the database keeps it (sealed to the appointment)
    std::string hallChange;           // "cancelled" or "moved" when the hall did it, else ""
    std::string reason;               // the hall's reason for its last change
    bool hallChangeUnseen = false;    // the person has not been told of it yet
    int64_t createdAt = 0, updatedAt = 0;
};

/**
 * Why a request was refused, as a code the terminal turns into plain words: not_bookable, not_a_slot, closed_day,
 * too_soon, beyond_horizon, past, slot_taken (with the nearest free slots), limit_matter (with the booked one),
 * limit_day, limit_week, banned (until when), cut_off, hall_notice (less than 8 hours before the slot: only with
 * force), no_such_appointment, not_booked, same_slot.
 */
struct Refusal {
    std::string code, message;
    int64_t until = 0;
    std::vector<std::string> nearest;
    std::string appointment;
};

/** What a request did: the appointment as it now stands, or why nothing changed. */
using Outcome = std::variant<Appointment, Refusal>;

/** One slot of a day with the places it has left for a matter now. */
struct SlotLeft {
    std::string slot;
    int64_t start = 0, end = 0;
    int left = 0;
};

/** A person as their ID card names them, and the phone they gave (may be empty). */
struct Person {
    std::string name, idNumber, phone;
};

class AppointmentBook {
public:
    explicit AppointmentBook(sql::Pool& pool) : pool_(pool) {}
    /** The key the person's hash and phone are sealed with; without it (kioskctl) nothing can be booked. */
    void setSecretsKey(const SecretsKey& key) { key_ = key; }

    /** The bookable dates of a matter at a hall now, each with the places left that day; or why none. */
    core::Result<std::variant<std::vector<std::pair<std::string, int>>, Refusal>> days(std::string_view hall,
                                                                                      std::string_view matter, int64_t nowS);
    /** The slots of a date still bookable now, with their places left. */
    core::Result<std::variant<std::vector<SlotLeft>, Refusal>> slots(std::string_view hall, std::string_view matter,
                                                                      std::string_view date, int64_t nowS);

    struct Booking {
        std::string kioskId, key, hall, matter, slot, receiptKey;
        Person person;
    };
    /** Books a slot for a person. A request key seen before from the same terminal gets the first answer again. */
    core::Result<Outcome> book(const Booking& b, int64_t nowS);
    /** The person moves their appointment to another slot, in one transaction: the old one stays when the new
        one cannot be had. */
    core::Result<Outcome> move(std::string_view kioskId, std::string_view key, std::string_view no,
                               std::string_view idNumber, std::string_view slot, int64_t nowS);
    core::Result<Outcome> cancel(std::string_view kioskId, std::string_view key, std::string_view no,
                                 std::string_view idNumber, int64_t nowS);
    /** The person's appointments (newest slot first), missed ones marked as such, each change the hall made that
        they have not been told of marked unseen; with markTold, those are then recorded as told (the terminal
        shows them on its home screen as the person identifies). */
    core::Result<std::vector<Appointment>> ofPerson(std::string_view idNumber, int64_t nowS, bool markTold = false);
    core::Result<std::optional<Appointment>> byNumber(std::string_view no);

    /** The hall's side: a day's appointments, and a cancel or move with the hall's reason (refused less than 8
        hours before the slot unless forced; both recorded). by: who acted. */
    core::Result<std::vector<Appointment>> ofDay(std::string_view hall, std::string_view date);
    core::Result<Outcome> hallCancel(std::string_view no, std::string_view reason, std::string_view by, bool force,
                                     int64_t nowS);
    core::Result<Outcome> hallMove(std::string_view no, std::string_view slot, std::string_view reason,
                                   std::string_view by, bool force, int64_t nowS);

    /** A notice to a person: a confirmation, a change, or the reminder before the slot. */
    struct Notification {
        std::string id, appointment, kind, phone, phoneMasked, text, state, lastError;
        int64_t dueAt = 0, deliveredAt = 0;
        int attempts = 0;
    };
    /**
     * Hands each notification that is due (claimed by this process for a minute, so two central processes never
     * send one at once) to send, with its phone opened; send returns "" when the gateway took it (it is then
     * delivered), else why not (it is tried again later, waiting 2^attempts seconds up to 10 minutes). Returns
     * how many were delivered.
     */
    core::Result<int> deliverDue(int64_t nowS, const std::function<std::string(const Notification&)>& send);
    /** The newest notifications (phone masked), for kioskctl: every state (pending, delivered, no_phone, withdrawn). */
    core::Result<std::vector<Notification>> notifications(int limit);

    /** Each step of an appointment: action, slot, time, who, reason. */
    struct Step {
        std::string action, slot;
        int64_t at = 0;
        std::string by, reason;
    };
    core::Result<std::vector<Step>> steps(std::string_view no);

    /** Check-in's side, in the queue's transaction: the person's appointments at a hall with slots from fromSlot to
        before beforeSlot (by their ID number), an appointment by its number, and marking one checked in or forfeited (more than 30 minutes late:
        its seats freed, a step recorded; the no-show rule counts it). */
    std::vector<Appointment> personsSlots(sql::Connection& c, std::string_view hall, std::string_view idNumber,
                                          std::string_view fromSlot, std::string_view beforeSlot);
    std::optional<Appointment> find(sql::Connection& c, std::string_view no);
    void markArrival(sql::Connection& c, const Appointment& a, bool forfeited, int64_t nowS);

    /** A person as the database knows them: a keyed hash of their ID number (needs the secrets key). */
    std::string personOf(std::string_view idNumber) const { return key_ ? personKey(idNumber) : ""; }
    /** A secret (a phone) sealed to what it belongs to; "" without the secrets key. */
    std::string seal(std::string_view boundTo, std::string_view secret) const {
        return key_ && !secret.empty() ? sealWithSecretsKey(*key_, boundTo, secret) : "";
    }

    /** The hall's offer: the rules and calendar of the newest bundle published to it (nullptr: none published to it;
        without content.appointments no matter is bookable, without content.queue no number is given). */
    struct Offer {
        int64_t version = 0;
        protocol::AppointmentRules rules;
        protocol::WorkCalendar calendar;
        std::map<std::string, std::string, std::less<>> matterNames;
        std::string hallName, address;
        std::optional<protocol::QueueRules> queue;  // the hall's queue (content.queue), if it gives numbers
        bool hasHours = false;  // rules.hours are the hall's opening hours (content.appointments is given)
        int reportDeadlineWorkingDays = 15;  // content.reports: 办不成事 answered within so many working days
        std::set<std::string, std::less<>> noDelegate;    // matters whose result only the applicant collects
        std::set<std::string, std::less<>> notPrintable;  // matters whose result is a physical certificate
    };
    /** listing: for a list of days or slots, which may follow a publication up to a second late (no query then). */
    std::shared_ptr<const Offer> offerFor(sql::Connection& conn, std::string_view hall, bool listing = false);
    /** The same outside a transaction; nullptr also when the store cannot be read. */
    std::shared_ptr<const Offer> hallOffer(std::string_view hall);

private:
    std::shared_ptr<const Offer> findOffer(sql::Connection& conn, std::string_view hall);
    std::string personKey(std::string_view idNumber) const;
    sql::Pool& pool_;
    std::optional<SecretsKey> key_;
    std::mutex offersMutex_;
    std::map<int64_t, std::shared_ptr<const Offer>> offers_;  // by bundle version (nullptr: no appointments)
    struct HallOffer {
        int64_t version = 0;  // the newest published version when decided
        std::shared_ptr<const Offer> offer;
        std::chrono::steady_clock::time_point checked;  // when that version was last found to be the newest
    };
    std::map<std::string, HallOffer, std::less<>> hallOffers_;
};

/** The answer to a terminal as JSON: {"appointment": {…}} or {"refused": {…}}. */
std::string outcomeJson(const Outcome& outcome);
/** An appointment as JSON for a terminal or kioskctl (name, ID number and phone masked). */
std::string appointmentJson(const Appointment& a);

}  // namespace ow::central
