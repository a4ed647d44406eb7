// Rating the service (好差评; 国办发〔2019〕51号, 003 三(二)3), the service: after a service is done the bottom bar
// offers "评价本次服务" (the service that was done makes the offer; it is never forced and nothing is pre-selected),
// or from its tile the person's recent cases and appointments by card. Real-name: the card first. Five levels, 非常满意
// to 非常不满意; a 不满意 or 非常不满意 asks what went wrong (choices, and words in pinyin if they like). Central keeps one
// rating per case and stage (一事一评): a second is refused in plain words. A bad one is followed up: the person is told
// when they will be contacted.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kiosk/form_entry.h"
#include "kiosk/requests.h"
#include "kiosk/service.h"

namespace ow::core::rate {

inline constexpr std::string_view kCode = "rate";
// Start (the card, or what can be rated), the five levels, what went wrong, the person's own words, the answer.
inline constexpr ScreenId kStart{"rate"}, kLevels{"rate_levels"}, kReasons{"rate_reasons"}, kWords{"rate_words"},
    kDone{"rate_done"};

enum class Kind {
    // The words of a bad rating, in FormEdit's order: field, key, letter, candidate, choice.
    formField, formKey, formLetter, formCandidate, formChoice,
    choose,  // value: the index of something to rate (StartView::items)
    level,   // value: 5 非常满意 … 1 非常不满意
    reason,  // value: the index of a reason (ReasonsView::reasons), on or off
    words,   // the person's own words (optional), typed in pinyin
    wordsDone,  // back to the reasons with them
    submit,  // a bad rating with its reasons
    retry,   // central could not be reached: the same rating again
};
constexpr std::string_view serviceOf(Kind) { return kCode; }

struct StartView {
    bool identified = false;
    Asking asking = Asking::idle;
    struct Item {
        std::string what, kind, when;
        bool rated = false;
    };
    std::vector<Item> items;
    std::string problem;
};

struct LevelsView {
    std::string what, kind;  // what is rated: the matter, "a visit to window 2", …
    std::vector<std::string> levels;  // index 0 → level 5 (非常满意) … index 4 → level 1
};

struct ReasonsView {
    std::string what, level;
    struct Reason {
        std::string text;
        bool on = false;
    };
    std::vector<Reason> reasons;
    std::string words;     // what the person typed, if anything
    bool needOne = false;  // submit was pressed with none chosen
};

struct DoneView {
    Asking asking = Asking::idle;
    std::string message, detail;
    bool canRetry = false;
};

class Rate final : public Service {
public:
    static constexpr std::string_view kCode = rate::kCode;
    std::string_view code() const override { return kCode; }
    static constexpr ScreenId kScreens[] = {kStart, kLevels, kReasons, kWords, kDone};
    std::span<const ScreenId> screens() const override { return kScreens; }
    void open(Terminal& t) override;
    void apply(Terminal& t, int kind, int value, int64_t nowMs) override;
    std::string spokenPrompt(const Terminal& t, ScreenId screen) const override;
    void wipe() override;
    void identified(Terminal& t, ScreenId screen) override;
    void answered(Terminal& t, Answer& answer) override;

    StartView startView(const Terminal& t) const;
    LevelsView levelsView(const Terminal& t) const;
    ReasonsView reasonsView(const Terminal& t) const;
    DoneView doneView(const Terminal& t) const;
    FormView wordsView(const Terminal& t) const;

private:
    enum Op { mine = 1, send = 2 };
    struct Subject {
        std::string stage, subject, what;
        bool rated = false;
        int64_t at = 0;
    };
    void sendRating(Terminal& t);
    std::string kindText(const Terminal& t, const std::string& stage) const;
    std::optional<Subject> subject_;  // what is being rated
    std::vector<Subject> items_;      // from the tile: what the person may rate
    int level_ = 0;
    std::set<int> reasons_;
    std::vector<FormField> words_;  // one field: the person's own words
    FormEntry form_;
    bool needOne_ = false;
    CentralAsking central_{"rating"};
};

/** The five levels' words, 5 first. */
std::vector<std::string> levelWords(const Terminal& t);

}  // namespace ow::core::rate
