// The queue's rules.
#include "kiosk/protocol/queue.h"

#include "kiosk/protocol/signing.h"

#include <algorithm>
#include <cstdio>

namespace ow::protocol {

const QueueTheme* QueueRules::theme(std::string_view code) const {
    for (const auto& t : themes)
        if (t.theme == code) return &t;
    return nullptr;
}

const QueueWindow* QueueRules::window(std::string_view id) const {
    for (const auto& w : windows)
        if (w.id == id) return &w;
    return nullptr;
}

int nextToCall(const std::vector<WaitingTicket>& waiting, int run, const QueueRules& rules) {
    int appointment = -1, priority = -1, ordinary = -1;
    for (int i = 0; i < static_cast<int>(waiting.size()); ++i) {
        const auto& t = waiting[static_cast<size_t>(i)];
        switch (t.cls) {
            case TicketClass::appointment:
                if (appointment < 0 || t.slotStart < waiting[static_cast<size_t>(appointment)].slotStart ||
                    (t.slotStart == waiting[static_cast<size_t>(appointment)].slotStart &&
                     t.waitingSince < waiting[static_cast<size_t>(appointment)].waitingSince))
                    appointment = i;
                break;
            case TicketClass::priority:
                if (priority < 0 || t.waitingSince < waiting[static_cast<size_t>(priority)].waitingSince) priority = i;
                break;
            case TicketClass::ordinary:
                if (ordinary < 0 || t.waitingSince < waiting[static_cast<size_t>(ordinary)].waitingSince) ordinary = i;
                break;
        }
    }
    // Priority never starves the rest (NovoSGA's users asked for a ratio; Qmatic bounds it the same way).
    if (ordinary >= 0 && run >= rules.priorityRun) return ordinary;
    if (appointment >= 0) return appointment;
    if (priority >= 0) return priority;
    return ordinary;
}

std::vector<int> callOrder(const std::vector<WaitingTicket>& waiting, int run, const QueueRules& rules) {
    // Each class in its own order (as nextToCall chooses within it, the earlier index first on a tie), then merged
    // as nextToCall would pick them one after another: n log n for a hall's hundreds of waiting tickets.
    std::vector<int> byClass[3];
    for (int i = 0; i < static_cast<int>(waiting.size()); ++i) byClass[static_cast<int>(waiting[static_cast<size_t>(i)].cls)].push_back(i);
    const auto at = [&](int i) -> const WaitingTicket& { return waiting[static_cast<size_t>(i)]; };
    auto& appointments = byClass[static_cast<int>(TicketClass::appointment)];
    auto& priority = byClass[static_cast<int>(TicketClass::priority)];
    auto& ordinary = byClass[static_cast<int>(TicketClass::ordinary)];
    std::stable_sort(appointments.begin(), appointments.end(), [&](int x, int y) {
        return at(x).slotStart != at(y).slotStart ? at(x).slotStart < at(y).slotStart : at(x).waitingSince < at(y).waitingSince;
    });
    for (auto* list : {&priority, &ordinary})
        std::stable_sort(list->begin(), list->end(), [&](int x, int y) { return at(x).waitingSince < at(y).waitingSince; });
    std::vector<int> out;
    size_t a = 0, p = 0, o = 0;
    while (out.size() < waiting.size()) {
        const bool ordinaryWaits = o < ordinary.size();
        if (ordinaryWaits && run >= rules.priorityRun) out.push_back(ordinary[o++]), run = 0;
        else if (a < appointments.size()) out.push_back(appointments[a++]), ++run;
        else if (p < priority.size()) out.push_back(priority[p++]), ++run;
        else out.push_back(ordinary[o++]), run = 0;
    }
    return out;
}

std::string ticketNumber(char prefix, int n) {
    char out[16];
    std::snprintf(out, sizeof out, "%c%03d", prefix, n);
    return out;
}

std::optional<std::pair<char, int>> parseTicketNumber(std::string_view number) {
    if (number.size() < 2 || number.size() > 4 || number[0] < 'A' || number[0] > 'Z') return std::nullopt;
    int n = 0;
    for (char c : number.substr(1)) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + (c - '0');
    }
    if (n < 1) return std::nullopt;
    return std::pair{number[0], n};
}

int estimatedWaitMinutes(int ahead, int windows, const std::vector<int64_t>& serviceSecondsToday, const QueueRules& rules) {
    if (ahead <= 0) return 0;
    int64_t each = int64_t{rules.serviceMinutes} * 60;
    if (!serviceSecondsToday.empty()) {
        std::vector<int64_t> s = serviceSecondsToday;
        std::nth_element(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(s.size() / 2), s.end());
        each = std::max<int64_t>(60, s[s.size() / 2]);
    }
    const int64_t total = int64_t{ahead} * each / std::max(1, windows);
    return static_cast<int>((total + 59) / 60);
}

std::string ticketCode(std::string_view ticketId) { return lookupCode('Q', ticketId); }

std::string ticketIdOfCode(std::string_view code) { return lookupIdOfCode('Q', code); }

std::string spokenCall(std::string_view number, std::string_view window) {
    static constexpr const char* kDigits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    std::string said = "请 ";
    for (char c : number) {
        if (c >= '0' && c <= '9') said += kDigits[c - '0'];
        else said += c, said += ' ';
    }
    return said + " 号，到 " + std::string(window) + " 号窗口";
}

}  // namespace ow::protocol
