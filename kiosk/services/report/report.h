// Reports of what could not be done (办不成事反映; 000 附件2 督办工单, 003), the service: real-name by the ID card, the
// department concerned, what happened (choices and text in pinyin) and a phone for the hall's lead office to call
// back; the person sees everything that will be sent and confirms it; central makes a work order with its number and
// deadline, and the slip is printed with a QR that shows the order's state at any terminal. By card the person sees
// every order of theirs. Central out of reach: said plainly, "try again" sends the same report (one order, not two).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/form_entry.h"
#include "kiosk/requests.h"
#include "kiosk/service.h"

namespace ow::core::report {

inline constexpr std::string_view kCode = "report";
// Start (card, or what to do), the form, the confirmation, the work order filed, the person's work orders.
inline constexpr ScreenId kStart{"report"}, kForm{"report_form"}, kConfirm{"report_confirm"}, kFiled{"report_filed"},
    kMine{"report_mine"};

enum class Kind {
    // The form, in FormEdit's order: field, key, letter, candidate, choice.
    formField, formKey, formLetter, formCandidate, formChoice,
    start,    // a new report: the form
    mine,     // the person's work orders (by card)
    next,     // check the form; on to the confirmation
    send,     // confirmed: file it
    retry,    // central could not be reached: the same report again
    reprint,  // the slip again
};
constexpr std::string_view serviceOf(Kind) { return kCode; }

/** A work order as the person sees it. */
struct OrderView {
    std::string no, department, category, state, received, deadline, latestNote;
    bool overdue = false, closed = false;
};

struct StartView {
    bool identified = false;
    std::string who;  // masked
};

/** What will be sent, for the person to confirm. */
struct ConfirmView {
    std::string name, phone, department, category, text;
};

struct FiledView {
    Asking asking = Asking::idle;
    std::optional<OrderView> order;
    bool printed = false, canPrint = false, canRetry = false;
    std::string problem, phoneLine;
};

struct MineView {
    Asking asking = Asking::idle;
    std::vector<OrderView> orders;
    bool byCode = false;  // one order, from its slip's QR
    std::string problem;
};

class Report final : public Service {
public:
    static constexpr std::string_view kCode = report::kCode;
    std::string_view code() const override { return kCode; }
    static constexpr ScreenId kScreens[] = {kStart, kForm, kConfirm, kFiled, kMine};
    std::span<const ScreenId> screens() const override { return kScreens; }
    void open(Terminal& t) override;
    void apply(Terminal& t, int kind, int value, int64_t nowMs) override;
    std::string spokenPrompt(const Terminal& t, ScreenId screen) const override;
    void wipe() override;
    void identified(Terminal& t, ScreenId screen) override;
    bool scanned(Terminal& t, const ScanCode& code, const std::string& payload, int64_t nowMs) override;
    void answered(Terminal& t, Answer& answer) override;

    StartView startView(const Terminal& t) const;
    FormView formView(const Terminal& t) const;
    ConfirmView confirmView(const Terminal& t) const;
    FiledView filedView(const Terminal& t) const;
    MineView mineView(const Terminal& t) const;
    /** The form's fields as this hall defines them: department (the catalogue's, then 其他), what happened, a phone,
        the details. */
    const std::vector<FormField>& fields() const { return fields_; }

private:
    enum Op { file = 1, mine = 2, status = 3 };
    void ask(Terminal& t, int op, std::string path, std::string body, ScreenId show);
    Asking asking() const { return central_.state(); }
    void printSlip(Terminal& t);
    std::string problemText(const Terminal& t) const;
    OrderView orderView(const Terminal& t, const std::string& json) const;
    std::vector<FormField> fields_;
    FormEntry form_;
    CentralAsking central_{"report"};  // the last question (asked again as it was, with its key) and its answer
    std::string slipCode_;
    bool printed_ = false;
};

/** The form of a report for `bundle`'s hall (departments from its catalogue). */
std::vector<FormField> reportFields(const Bundle& bundle, const Strings& strings);

}  // namespace ow::core::report
