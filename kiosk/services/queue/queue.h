// Queue numbers (取号), the service: a walk-in number by theme, with an ID card or without (the green channel by the
// card's birth date for 60 or more, or asked for by the disabled and pregnant and confirmed by staff at the window),
// or the check-in of today's appointment by card or by the slip's QR, from the bundle's minutes before the slot to
// 30 minutes after its start (later: forfeited, said plainly, and a walk-in number offered). The ticket is printed on
// the receipt printer with its place, wait, windows and a QR that shows its place at any terminal. Central is the one
// authority on numbers: when it cannot be reached the person is sent to the desk, never given a number of ours.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/requests.h"
#include "kiosk/service.h"
#include "kiosk/services/queue/queue_wire.h"

namespace ow::core::queue {

inline constexpr std::string_view kCode = "queue";
// Start (check in, or a number), the themes, "your card or your slip" for a check-in, the ticket, a ticket's place.
inline constexpr ScreenId kStart{"queue"}, kThemes{"queue_themes"}, kCheckIn{"queue_check_in"}, kTicket{"queue_ticket"},
    kPlace{"queue_place"};

enum class Kind {
    checkIn,      // 预约签到: by the card read, or ask for the card or the slip
    walkIn,       // 现场取号: the themes
    chooseTheme,  // value: the index of a theme (ThemesView::themes)
    askGreen,     // the disabled or pregnant ask for the green channel (again: not asked)
    retry,        // the last question again, with its key: never a second number
    reprint,      // the ticket again
};
constexpr std::string_view serviceOf(Kind) { return kCode; }

/** Where the screens stand with central. */
enum class Asking { idle, waiting, answered, refused, offline };

struct StartView {
    bool gives = true;     // the hall gives numbers at terminals (content.queue)
    bool checkIn = true;   // it takes appointments (content.appointments)
    std::string who;       // the identified person, masked ("" when nobody)
    bool green = false;    // 60 or more by the card: the green channel
};

struct ThemesView {
    struct Theme {
        std::string name, prefix, windows;  // windows: "1、2 号窗口"
    };
    std::vector<Theme> themes;
    bool identified = false, green = false, asked = false;
};

struct TicketView {
    Asking asking = Asking::idle;
    bool checkIn = false;  // the question was a check-in
    std::string number, theme, kind, ahead, wait, windows, appointment;
    bool printed = false, canPrint = false;
    std::string problem;    // plain words, with the next step
    bool offerWalkIn = false;  // no appointment found, too early, forfeited: a walk-in number instead
    bool canRetry = false;     // offline: ask again (the same key)
};

struct PlaceView {
    Asking asking = Asking::idle;
    std::string number, theme, state, ahead, wait, windows;
    std::string problem;
};

class Queue final : public Service {
public:
    static constexpr std::string_view kCode = queue::kCode;
    std::string_view code() const override { return kCode; }
    static constexpr ScreenId kScreens[] = {kStart, kThemes, kCheckIn, kTicket, kPlace};
    std::span<const ScreenId> screens() const override { return kScreens; }
    void open(Terminal& t) override;
    void apply(Terminal& t, int kind, int value, int64_t nowMs) override;
    std::string spokenPrompt(const Terminal& t, ScreenId screen) const override;
    void wipe() override;
    void identified(Terminal& t, ScreenId screen) override;
    bool scanned(Terminal& t, const ScanCode& code, const std::string& payload, int64_t nowMs) override;
    void answered(Terminal& t, Answer& answer) override;

    StartView startView(const Terminal& t, int64_t nowS) const;
    ThemesView themesView(const Terminal& t, int64_t nowS) const;
    TicketView ticketView(const Terminal& t) const;
    PlaceView placeView(const Terminal& t) const;

private:
    void ask(Terminal& t, QueueQuestion q, ScreenId show);
    void checkInBy(Terminal& t, std::string idNumber, std::string code);
    void printTicket(Terminal& t);
    std::string problemText(const Terminal& t) const;
    std::string kindText(const Terminal& t, const QueueTicket& k) const;
    std::string windowsText(const Terminal& t, const std::vector<std::string>& windows) const;
    std::string themeName(const Terminal& t, const std::string& code) const;
    QueueQuestion question_;  // the last asked (retried as it was, with its key)
    std::optional<QueueAnswer> answer_;
    Asking asking_ = Asking::idle;
    bool asked_ = false;  // the green channel asked for
    bool printed_ = false;
};

/** Whether the identified person is 60 or more today (the card's birth date): the green channel. */
bool greenByAge(const Terminal& t, int64_t nowS);

}  // namespace ow::core::queue
