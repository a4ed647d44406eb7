// Guides (办事指南), the service: matters by theme or searched by characters or pinyin, each matter's guide, and
// its one-time notice (一次性告知) printed on the receipt printer or A4.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "kiosk/bundle.h"
#include "kiosk/guide_notice.h"
#include "kiosk/service.h"

namespace ow::core::guides {

inline constexpr std::string_view kCode = "guides";
inline constexpr ScreenId kGuides{"guides"}, kGuide{"guide"};

enum class Kind {
    selectTheme,    // value: a Theme
    openMatter,     // value: the matter's index in the catalogue
    printNotice,    // value: 0 receipt printer, 1 A4 — the one-time notice of the open matter
    openSearch,     // search by characters or pinyin (initials will do) on the screen keyboard
    closeSearch,    // back to browsing by theme
    typeLetter,     // value: 0–25, a letter of pinyin
    pickCandidate,  // value: which of the candidates shown goes into the search text
    searchDelete,   // the last letter, or else the last character of the search text
    searchClear,
};
constexpr std::string_view serviceOf(Kind) { return kCode; }

struct GuidesView {
    Theme theme = Theme::livelihood;
    bool searching = false;
    std::string query, letters;           // characters chosen, and pinyin letters not yet turned into any
    std::vector<std::string> candidates;  // for the letters, best first
    std::vector<MatterItem> matters;      // of the selected theme, or what the search finds
};

struct GuideView {
    std::string name, code, department, limit, fees, basis, conditions, tolerance;
    struct MaterialLine {
        std::string name, copies, note;
        bool key = false;
    };
    std::vector<MaterialLine> materials;
    std::vector<std::string> procedure;
    std::vector<std::pair<std::string, std::string>> faq;
    bool canPrintReceipt = false, canPrintA4 = false;
    int index = -1;             // the matter's index in the catalogue
    bool canPresubmit = false;  // the matter has a form: it can be applied for at this terminal
    bool canBook = false;       // the hall takes bookings for it (content.appointments)
};

class Guides final : public Service {
public:
    static constexpr std::string_view kCode = guides::kCode;
    std::string_view code() const override { return kCode; }
    static constexpr ScreenId kScreens[] = {kGuides, kGuide};
    std::span<const ScreenId> screens() const override { return kScreens; }
    void open(Terminal& t) override;
    void apply(Terminal& t, int kind, int value, int64_t nowMs) override;
    std::string spokenPrompt(const Terminal& t, ScreenId screen) const override;
    void wipe() override;

    GuidesView guidesView(const Terminal& t) const;
    GuideView guideView(const Terminal& t) const;

private:
    void searchChanged(const Terminal& t);
    bool searching_ = false;
    std::string letters_, query_;
    std::vector<std::string> candidates_;
    std::vector<int> found_;
    Theme theme_ = Theme::livelihood;
    int matter_ = -1;
};

}  // namespace ow::core::guides
