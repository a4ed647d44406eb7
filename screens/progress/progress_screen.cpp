// Case progress: each case with its status, promised date and warning mark, the next step in plain words, and
// the timeline of its steps; or, when nothing can be shown, why and what to do instead.
#include <imgui.h>

#include "kiosk/services/guides/guides.h"
#include "screens/progress/progress_screens.h"

namespace ow::screens {

namespace {

// A small label on a coloured ground ("即将到期", "已超期"), at the cursor; returns its width.
float badge(Ui& ui, const std::string& text, core::Color ground, core::Color ink) {
    const float em = ui.em();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const ImVec2 size(ui.measure(text, false) + em * 0.8f, em * 1.5f);
    ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + size.x, at.y + size.y), toImU32(ground), em * 0.3f);
    ui.textCentered(text, false, ink, at, ImVec2(at.x + size.x, at.y + size.y));
    return size.x;
}

void drawCase(Frame& f, const core::CaseView& c, float x, float width) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float top = ImGui::GetCursorScreenPos().y;
    const float inner = width - em * 1.6f;
    const float ix = x + em * 0.8f;
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    ImGui::SetCursorScreenPos(ImVec2(ix, top + em * 0.6f));
    ui.text(c.matter, true, p.tileText, inner);
    ImGui::SetCursorScreenPos(ImVec2(ix, ImGui::GetCursorScreenPos().y + em * 0.1f));
    ui.textLine(f.tr("case.number") + c.caseNo + (c.receiptNo.empty() ? "" : "　" + f.labelled(f.tr("presubmit.doc_no"), c.receiptNo)),
                false, p.mutedText, inner);
    // Status, and the promised date with its mark, on one row.
    const float rowY = ImGui::GetCursorScreenPos().y + em * 0.3f;
    ImGui::SetCursorScreenPos(ImVec2(ix, rowY));
    float after = ix + badge(ui, c.status, p.accent, p.accentText) + em * 0.5f;
    if (!c.markText.empty()) {
        ImGui::SetCursorScreenPos(ImVec2(after, rowY));
        after += badge(ui, c.markText, p.warning, p.warningText) + em * 0.5f;
    }
    if (!c.deadline.empty()) {
        ImGui::SetCursorScreenPos(ImVec2(after, rowY + em * 0.15f));
        ui.textLine(c.deadline, false, p.text, ix + inner - after);
    }
    // The next step, on its own ground: what the person came to find out.
    const float nextTop = rowY + em * 2.0f;
    ImGui::SetCursorScreenPos(ImVec2(ix + em * 0.6f, nextTop + em * 0.4f));
    ui.text(c.next, false, p.warningText, inner - em * 1.2f);
    const float nextBottom = ImGui::GetCursorScreenPos().y + em * 0.2f;
    // The timeline, oldest first.
    float y = nextBottom + em * 0.5f;
    for (size_t i = 0; i < c.steps.size(); ++i) {
        const auto& s = c.steps[i];
        const bool current = i + 1 == c.steps.size();
        const float cy = y + em * 0.62f;
        dl->AddCircleFilled(ImVec2(ix + em * 0.4f, cy), em * (current ? 0.32f : 0.22f), toImU32(current ? p.accent : p.mutedText));
        if (i + 1 < c.steps.size())
            dl->AddLine(ImVec2(ix + em * 0.4f, cy), ImVec2(ix + em * 0.4f, cy + em * 1.6f), toImU32(p.mutedText, 0.5f), em * 0.08f);
        ImGui::SetCursorScreenPos(ImVec2(ix + em * 1.2f, y + em * 0.1f));
        ui.textLine(s.time, false, p.mutedText, em * 9);
        ImGui::SetCursorScreenPos(ImVec2(ix + em * 10.4f, y + em * 0.1f));
        ui.textLine(s.status + (s.detail.empty() ? "" : "  · " + s.detail), false, current ? p.text : p.mutedText,
                    inner - em * 10.4f);
        y += em * 1.6f;
    }
    const float bottom = y + em * 0.5f;
    dl->ChannelsSetCurrent(0);
    dl->AddRectFilled(ImVec2(x, top), ImVec2(x + width, bottom), toImU32(p.tile), em * 0.4f);
    dl->AddRectFilled(ImVec2(ix, nextTop), ImVec2(ix + inner, nextBottom), toImU32(p.warning), em * 0.3f);
    dl->ChannelsMerge();
    ImGui::SetCursorScreenPos(ImVec2(x, bottom));
    ImGui::Dummy(ImVec2(width, em * 0.6f));
}

}  // namespace

void drawProgress(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float em = ui.em();
    const core::progress::ProgressView v = f.service<core::progress::CaseProgress>().progressView(f.terminal, f.wall);
    const float pad = em * 0.8f;
    const float width = max.x - min.x - 2 * pad;
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, min.y + pad * 0.6f));
    ui.text(v.heading, true, p.text, width);
    const float top = ImGui::GetCursorScreenPos().y + em * 0.3f;
    ImGui::SetCursorScreenPos(ImVec2(min.x, top));
    ImGui::BeginChild("progress", ImVec2(max.x - min.x, max.y - top), false, ImGuiWindowFlags_NoScrollbar);
    const float x = ImGui::GetCursorScreenPos().x + pad;
    auto say = [&](const char* key) {
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.4f));
        ui.text(f.tr(key), false, p.text, std::min(width, em * 36));
    };
    auto action = [&](const char* key, core::Intent intent) {
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.6f));
        if (ui.button(key, f.tr(key), ImVec2(std::min(width, em * 14), ui.metrics().target * 1.1f), ButtonStyle::primary))
            f.want(intent);
    };
    switch (v.state) {
        case core::progress::ProgressView::State::asking: say("progress.asking"); break;
        case core::progress::ProgressView::State::cases:
            for (const auto& c : v.cases) {
                ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y));
                drawCase(f, c, x, std::min(width, em * 44));
            }
            break;
        case core::progress::ProgressView::State::none:
            say("progress.none");
            action("progress.other_way", core::Intent::open(core::progress::kCode));
            break;
        case core::progress::ProgressView::State::offline:
            say("progress.offline");
            say("progress.offline_next");
            if (!v.phoneLine.empty()) {
                ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y));
                ui.text(v.phoneLine, false, p.text, width);
            }
            action("progress.retry", core::Intent::of(core::progress::Kind::retry));
            action("service.guides.title", core::Intent::open(core::guides::kCode));
            break;
        case core::progress::ProgressView::State::refused:
            say("progress.refused");
            action("progress.other_way", core::Intent::open(core::progress::kCode));
            break;
    }
    ImGui::Dummy(ImVec2(1, pad));
    ui.dragScroll();
    ImGui::EndChild();
}

}  // namespace ow::screens
