// Case progress (办件查询), the service: asked by ID card, by a scanned receipt, or by case number and phone typed
// on the keypad; central's answer shown case by case.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/service.h"
#include "kiosk/services/progress/case_progress.h"

namespace ow::core::progress {

inline constexpr std::string_view kCode = "progress";
inline constexpr ScreenId kLookup{"case_lookup"}, kProgress{"progress"};

enum class Kind {
    keypad,        // value: a digit 0–9, kKeypadDelete or kKeypadClear, into the selected field
    selectField,   // value: 0 case number, 1 phone
    lookupSubmit,  // ask central about the typed case number and phone
    retry,         // ask central the same question again (after it could not be reached)
};
constexpr std::string_view serviceOf(Kind) { return kCode; }

/** Case progress: asking, the cases found, none, central unreachable, or the question refused. */
struct ProgressView {
    enum class State { asking, cases, none, offline, refused } state = State::asking;
    std::string heading;  // whose cases: the masked name, or the case number asked about
    std::vector<CaseView> cases;
    std::string phoneLine;  // the hall's service phone, for the next step when nothing could be shown
};

struct LookupView {
    std::string caseNo, phone;  // as typed, "OW" shown before the digits
    int field = 0;
    std::string problem;  // why the typed question cannot be asked yet (after a submit), else ""
};

class CaseProgress final : public Service {
public:
    static constexpr std::string_view kCode = progress::kCode;
    std::string_view code() const override { return kCode; }
    static constexpr ScreenId kScreens[] = {kLookup, kProgress};
    std::span<const ScreenId> screens() const override { return kScreens; }
    void open(Terminal& t) override;
    void apply(Terminal& t, int kind, int value, int64_t nowMs) override;
    std::string spokenPrompt(const Terminal& t, ScreenId screen) const override;
    void wipe() override;
    void identified(Terminal& t, ScreenId screen) override;
    bool scanned(Terminal& t, const ScanCode& code, const std::string& payload, int64_t nowMs) override;
    void answered(Terminal& t, Answer& answer) override;

    ProgressView progressView(const Terminal& t, std::time_t wall) const;
    LookupView lookupView(const Terminal& t) const;

private:
    void ask(Terminal& t, CaseQuestion question);
    void forgetCases();
    CaseQuestion question_;  // kept for "try again"
    std::optional<CaseAnswer> answer_;
    TypedLookup typed_;
    std::string typedProblem_;  // UI key of what is wrong with what was typed
};

}  // namespace ow::core::progress
