// Guides, the service: browsing by theme, the pinyin search, a matter's guide and its printed one-time notice.
#include "kiosk/services/guides/guides.h"

#include <ctime>

#include "kiosk/log.h"
#include "kiosk/terminal.h"
#include "kiosk/utf8.h"

namespace ow::core::guides {

void Guides::open(Terminal& t) { t.navigate(kGuides); }

void Guides::apply(Terminal& t, int kind, int value, int64_t nowMs) {
    const Bundle& bundle = t.bundle();
    switch (static_cast<Kind>(kind)) {
        case Kind::openSearch:
        case Kind::closeSearch:
            searching_ = static_cast<Kind>(kind) == Kind::openSearch;
            letters_.clear();
            query_.clear();
            searchChanged(t);
            break;
        case Kind::typeLetter:
            if (!searching_ || value < 0 || value > 25 || letters_.size() >= 24) break;
            letters_ += static_cast<char>('a' + value);
            searchChanged(t);
            break;
        case Kind::pickCandidate:
            if (value < 0 || value >= static_cast<int>(candidates_.size())) break;
            query_ += candidates_[static_cast<size_t>(value)];
            letters_.clear();
            searchChanged(t);
            break;
        case Kind::searchDelete:
            if (!letters_.empty()) {
                letters_.pop_back();
            } else if (!query_.empty()) {
                std::vector<char32_t> cps;
                decodeUtf8(query_, cps);
                cps.pop_back();
                query_.clear();
                for (char32_t c : cps) appendUtf8(query_, c);
            }
            searchChanged(t);
            break;
        case Kind::searchClear:
            letters_.clear();
            query_.clear();
            searchChanged(t);
            break;
        case Kind::selectTheme:
            if (value >= 0 && value < static_cast<int>(std::size(kThemes))) theme_ = static_cast<Theme>(value);
            break;
        case Kind::openMatter:
            if (value < 0 || value >= static_cast<int>(bundle.matters.size())) break;
            matter_ = value;
            log(Level::info, "matter.open", {{"matter", bundle.matters[static_cast<size_t>(matter_)].code}});
            t.navigate(kGuide);
            break;
        case Kind::printNotice: {
            if (t.screen() != kGuide || matter_ < 0 || matter_ >= static_cast<int>(bundle.matters.size())) break;
            const bool a4 = value == 1;
            if (!t.deviceOnline(a4 ? "a4" : "receipt")) break;
            const auto& m = bundle.matters[static_cast<size_t>(matter_)];
            t.request(*this, PrintRequest{oneTimeNotice(m, bundle, t.strings(), t.lang(), std::time(nullptr)), a4});
            log(Level::info, "matter.print", {{"matter", m.code}, {"printer", a4 ? "a4" : "receipt"}});
            t.showNotice("notice.printing", {}, nowMs + 15000);
            break;
        }
    }
}

void Guides::wipe() {
    searching_ = false;
    letters_.clear();
    query_.clear();
    candidates_.clear();
    found_.clear();
    theme_ = Theme::livelihood;
    matter_ = -1;
}

std::string Guides::spokenPrompt(const Terminal& t, ScreenId screen) const {
    if (screen == kGuides) return t.tr("guides.choose");
    if (matter_ < 0 || matter_ >= static_cast<int>(t.bundle().matters.size())) return "";
    return t.bundle().matters[static_cast<size_t>(matter_)].name.get(t.lang()) + "。" + t.tr("voice.guide");
}

// Search: chosen characters match names that contain them; pinyin letters match names that contain one of
// the engine's candidates for them (so "sp" finds 食品, "gth" 个体户).
void Guides::searchChanged(const Terminal& t) {
    candidates_.clear();
    found_.clear();
    if (!searching_) return;
    std::vector<std::string> names;
    for (const auto& m : t.bundle().matters) names.push_back(m.name.zh);
    PinyinInput* pinyin = t.pinyin();
    if (!letters_.empty() && pinyin) {
        candidates_ = pinyin->candidates(letters_, 8);
        const auto wide = pinyin->candidates(letters_, 400);
        std::vector<std::string> withQuery;
        for (const auto& c : wide) withQuery.push_back(query_ + c);
        found_ = matchByPinyin(names, withQuery);
    } else if (!query_.empty()) {
        for (size_t i = 0; i < names.size(); ++i)
            if (nameHolds(names[i], query_)) found_.push_back(static_cast<int>(i));
    }
}

GuidesView Guides::guidesView(const Terminal& t) const {
    GuidesView v;
    v.theme = theme_;
    v.searching = searching_;
    v.query = query_;
    v.letters = letters_;
    v.candidates = candidates_;
    const Bundle& bundle = t.bundle();
    if (searching_) {
        for (int i : found_) v.matters.push_back(matterItem(bundle, static_cast<size_t>(i), t.strings(), t.lang()));
        return v;
    }
    for (size_t i = 0; i < bundle.matters.size(); ++i)
        if (bundle.matters[i].theme == theme_) v.matters.push_back(matterItem(bundle, i, t.strings(), t.lang()));
    return v;
}

GuideView Guides::guideView(const Terminal& t) const {
    GuideView v;
    if (matter_ < 0 || matter_ >= static_cast<int>(t.bundle().matters.size())) return v;
    const auto& m = t.bundle().matters[static_cast<size_t>(matter_)];
    const Lang lang = t.lang();
    v.name = m.name.get(lang);
    v.code = m.code;
    v.department = m.department.get(lang);
    v.limit = promisedLimitText(m, t.strings(), lang);
    v.fees = m.guide.fees.get(lang);
    v.basis = m.guide.basis.get(lang);
    v.conditions = m.guide.conditions.get(lang);
    if (m.toleranceAllowed) v.tolerance = t.tr("notice.doc_tolerance");
    for (const auto& mat : m.materials)
        v.materials.push_back({mat.name.get(lang), materialCopiesText(mat, t.strings(), lang), mat.note.get(lang), mat.key});
    for (const auto& p : m.guide.procedure) v.procedure.push_back(p.get(lang));
    for (const auto& f : m.guide.faq) v.faq.emplace_back(f.question.get(lang), f.answer.get(lang));
    v.canPrintReceipt = t.deviceOnline("receipt");
    v.canPrintA4 = t.deviceOnline("a4");
    v.canPresubmit = !m.form.empty();
    v.canBook = t.bundle().appointments && t.bundle().appointments->matter(m.code);
    v.index = matter_;
    return v;
}

}  // namespace ow::core::guides
