// Rating the service: the card asked for (or what the person may rate, each once); the five levels as five equal
// buttons, none chosen beforehand, with "not now" beside them; for 不满意 and 非常不满意 what went wrong, as choices
// that toggle, and words of their own if they like; then the answer — thanks, when a bad rating will be followed up,
// or "already rated" in plain words.
#include <imgui.h>

#include <algorithm>

#include "screens/rate/rate_screens.h"

namespace ow::screens {

using core::Asking;
using core::rate::Kind;

namespace {
void gapThen(Frame& f, float x, float ems) { ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + f.ui.em() * ems)); }
}  // namespace

void drawRateStart(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const core::rate::StartView v = f.service<core::rate::Rate>().startView(f.terminal);
    if (!v.identified) {
        drawCardPrompt(f, min, max, f.tr("service.rate.title"), f.tr("rate.need_card"), {f.tr("rate.why_card")});
        return;
    }
    const float top = drawHeading(f, min, max, f.tr("rate.choose"), nullptr, {});
    const float x = beginBody(f, min, max, top, "rate_start");
    const float em = ui.em(), width = max.x - min.x - 2 * em * 0.8f;
    if (v.asking == Asking::waiting) ui.text(f.tr("rate.asking"), false, p.text, width);
    else if (!v.problem.empty()) ui.text(v.problem, true, p.warningText, width);
    else if (v.items.empty()) ui.text(f.tr("rate.nothing"), false, p.text, width);
    const float th = std::max(ui.metrics().target * 1.6f, em * 3.6f);
    for (size_t i = 0; i < v.items.size(); ++i) {
        const auto& it = v.items[i];
        gapThen(f, x, 0.4f);
        const std::string desc = it.kind + (it.when.empty() ? "" : " · " + it.when) + (it.rated ? " · " + f.tr("rate.rated") : "");
        if (ui.tile("rate.item." + std::to_string(i), it.what, desc, ImVec2(width, th)) && !it.rated)
            f.want(Kind::choose, static_cast<int>(i));
    }
    endBody(f);
}

void drawRateLevels(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const core::rate::LevelsView v = f.service<core::rate::Rate>().levelsView(f.terminal);
    const float top = drawHeading(f, min, max, f.tr("rate.levels_title"), nullptr, {});
    const float x = beginBody(f, min, max, top, "rate_levels");
    const float em = ui.em(), width = max.x - min.x - 2 * em * 0.8f;
    ui.text(v.kind + (v.what.empty() ? "" : f.tr("ui.colon") + v.what), true, p.tileText, width);
    gapThen(f, x, 0.3f);
    ui.text(f.tr("rate.levels_how"), false, p.mutedText, width);
    // Five equal buttons, best first; none is chosen until the person taps one.
    const float bw = std::min(width, em * 20), bh = std::max(ui.metrics().target, em * 2.4f);
    for (size_t i = 0; i < v.levels.size(); ++i) {
        gapThen(f, x, 0.4f);
        const int level = 5 - static_cast<int>(i);
        if (ui.button("rate.level." + std::to_string(level), v.levels[i], ImVec2(bw, bh), ButtonStyle::tile)) f.want(Kind::level, level);
    }
    gapThen(f, x, 0.8f);
    if (ui.button("rate.skip", f.tr("rate.skip"), ImVec2(std::min(width, em * 12), ui.metrics().target), ButtonStyle::bar))
        f.want(core::ShellKind::back);
    endBody(f);
}

void drawRateReasons(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const core::rate::ReasonsView v = f.service<core::rate::Rate>().reasonsView(f.terminal);
    const float top = drawHeading(f, min, max, f.tr("rate.reasons_title"), "rate.submit", core::Intent::of(Kind::submit));
    const float x = beginBody(f, min, max, top, "rate_reasons");
    const float em = ui.em(), width = max.x - min.x - 2 * em * 0.8f;
    ui.text(v.needOne ? f.tr("rate.need_reason") : core::fill(f.tr("rate.reasons_how"), {{"level", v.level}}), v.needOne,
            v.needOne ? p.warningText : p.mutedText, width);
    const int cols = width > em * 30 ? 2 : 1;
    const float bw = (width - em * 0.6f * static_cast<float>(cols - 1)) / static_cast<float>(cols), bh = ui.metrics().target;
    const float y0 = ImGui::GetCursorScreenPos().y + em * 0.4f;
    for (size_t i = 0; i < v.reasons.size(); ++i) {
        const int c = static_cast<int>(i) % cols, r = static_cast<int>(i) / cols;
        ImGui::SetCursorScreenPos(ImVec2(x + static_cast<float>(c) * (bw + em * 0.6f), y0 + static_cast<float>(r) * (bh + em * 0.4f)));
        const auto& reason = v.reasons[i];
        if (ui.button("rate.reason." + std::to_string(i), (reason.on ? f.tr("rate.on_mark") : "") + reason.text, ImVec2(bw, bh),
                      reason.on ? ButtonStyle::barSelected : ButtonStyle::tile))
            f.want(Kind::reason, static_cast<int>(i));
    }
    const int rows = (static_cast<int>(v.reasons.size()) + cols - 1) / cols;
    ImGui::SetCursorScreenPos(ImVec2(x, y0 + static_cast<float>(rows) * (bh + em * 0.4f) + em * 0.4f));
    if (!v.words.empty()) {
        ui.text(f.labelled(f.tr("rate.words"), v.words), false, p.text, width);
        gapThen(f, x, 0.3f);
    }
    if (ui.button("rate.words", f.tr(v.words.empty() ? "rate.add_words" : "rate.change_words"), ImVec2(std::min(width, em * 16), bh),
                  ButtonStyle::tile))
        f.want(Kind::words);
    endBody(f);
}

void drawRateWords(Frame& f, ImVec2 min, ImVec2 max) {
    drawFormScreen(f, min, max, f.service<core::rate::Rate>().wordsView(f.terminal), "rate.words_done", core::Intent::of(Kind::wordsDone),
                   "rate.words_how", core::Intent::of(Kind::formField));
}

void drawRateDone(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const core::rate::DoneView v = f.service<core::rate::Rate>().doneView(f.terminal);
    const float top = drawHeading(f, min, max, f.tr("service.rate.title"), nullptr, {});
    const float x = beginBody(f, min, max, top, "rate_done");
    const float em = ui.em(), width = max.x - min.x - 2 * em * 0.8f;
    const bool problem = v.asking == Asking::offline || v.asking == Asking::refused;
    ui.text(v.message, true, problem ? p.warningText : p.tileText, width);
    if (!v.detail.empty()) {
        gapThen(f, x, 0.4f);
        ui.text(v.detail, false, p.text, width);
    }
    if (v.canRetry) {
        gapThen(f, x, 0.6f);
        if (ui.button("rate.retry", f.tr("rate.retry"), ImVec2(std::min(width, em * 14), ui.metrics().target), ButtonStyle::primary))
            f.want(Kind::retry);
    }
    endBody(f);
}

}  // namespace ow::screens
