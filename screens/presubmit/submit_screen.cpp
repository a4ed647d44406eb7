// Pre-submission's last screens: confirm a complete submission; or everything missing at once (一次性告知) with
// the notice to print; and the submission saved, with its receipt — or plain words when it could not be saved.
#include <imgui.h>

#include "screens/presubmit/presubmit_screens.h"

namespace ow::screens {

namespace {

// Heading, then a list under a label; returns nothing, leaves the cursor below.
void list(Frame& f, float x, float width, const char* label, const std::vector<std::string>& items, core::Color color) {
    if (items.empty()) return;
    const auto& p = core::palette();
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + f.ui.em() * 0.4f));
    f.ui.text(f.tr(label), true, p.tileText, width);
    int n = 0;
    for (const auto& it : items) {
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + f.ui.em() * 0.1f));
        f.ui.text(std::to_string(++n) + ". " + it, false, color, width);
    }
}

}  // namespace

void drawConfirm(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    const core::presubmit::SubmitView v = f.service<core::presubmit::Presubmit>().submitView(f.terminal);
    const float em = f.ui.em(), pad = em * 0.8f, width = max.x - min.x - 2 * pad;
    const float top = drawHeading(f, min, max, v.matter, "presubmit.submit", core::Intent::of(core::presubmit::Kind::submit));
    const float x = beginBody(f, min, max, top, "confirm");
    f.ui.text(f.tr("presubmit.complete"), false, p.text, width);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.3f));
    f.ui.textLine(f.tr("presubmit.applicant") + v.applicant, false, p.mutedText, width);
    list(f, x, width, "presubmit.doc_received", v.captured, p.text);
    endBody(f);
}

void drawIncomplete(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const core::presubmit::SubmitView v = f.service<core::presubmit::Presubmit>().submitView(f.terminal);
    const float em = ui.em(), pad = em * 0.8f, width = max.x - min.x - 2 * pad;
    const float target = ui.metrics().target;
    // Printing the list is the next step, so it stays in view at the top right: on the receipt printer, else A4.
    const char* print = v.canPrintReceipt ? "guide.print_receipt" : v.canPrintA4 ? "guide.print_a4" : nullptr;
    const float top = drawHeading(f, min, max, f.tr("presubmit.incomplete_title"), print,
                                  core::Intent::of(core::presubmit::Kind::printMissing, v.canPrintReceipt ? 0 : 1));
    const float x = beginBody(f, min, max, top, "incomplete");
    ui.text(v.why, false, p.warningText, width);
    list(f, x, width, "presubmit.missing_key_list", v.missingKey, p.text);
    list(f, x, width, "presubmit.missing_other_list", v.missingOther, p.text);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.5f));
    ui.text(f.tr("presubmit.incomplete_next"), false, p.mutedText, width);
    float bx = x;
    const float bw = std::min(em * 12, (width - em) / 2);
    const float by = ImGui::GetCursorScreenPos().y + em * 0.5f;
    if (v.canPrintReceipt && v.canPrintA4) {
        ImGui::SetCursorScreenPos(ImVec2(bx, by));
        if (ui.button("guide.print_a4", f.tr("guide.print_a4"), ImVec2(bw, target), ButtonStyle::primary))
            f.want(core::presubmit::Kind::printMissing, 1);
        bx += bw + em * 0.5f;
    }
    ImGui::SetCursorScreenPos(ImVec2(bx, by));
    if (ui.button("presubmit.back_to_materials", f.tr("presubmit.back_to_materials"), ImVec2(bw, target), ButtonStyle::tile))
        f.want(core::ShellKind::back);
    endBody(f);
}

void drawSubmitted(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const core::presubmit::SubmittedView v = f.service<core::presubmit::Presubmit>().submittedView(f.terminal);
    const float em = ui.em(), pad = em * 0.8f, width = max.x - min.x - 2 * pad;
    if (!v.failure.empty()) {
        const float top = drawHeading(f, min, max, f.tr("presubmit.failed"), "presubmit.try_again", core::Intent::of(core::presubmit::Kind::submit));
        ImGui::SetCursorScreenPos(ImVec2(min.x + pad, top));
        ui.text(v.failure, false, p.warningText, width);
        return;
    }
    const bool reprint = v.printed;
    const float top = drawHeading(f, min, max, f.tr(v.queuedOffline ? "presubmit.queued_title" : "presubmit.submitted_title"),
                                  reprint ? "presubmit.reprint" : nullptr, core::Intent::of(core::presubmit::Kind::reprint));
    const float x = beginBody(f, min, max, top, "submitted");
    ui.text(v.matter, false, p.text, width);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.3f));
    ui.text(f.labelled(f.tr("presubmit.doc_no"), v.receiptNo), true, p.tileText, width);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.3f));
    ui.text(f.tr(v.queuedOffline ? "presubmit.doc_queued" : "presubmit.doc_sent"), false, v.queuedOffline ? p.warningText : p.text, width);
    if (v.tolerance) {
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.3f));
        ui.text(core::fill(f.tr("presubmit.doc_supplement"), {{"date", v.supplementBy}}), false, p.warningText, width);
        int n = 0;
        for (const auto& m : v.toSupplement) {
            ImGui::SetCursorScreenPos(ImVec2(x + em, ImGui::GetCursorScreenPos().y + em * 0.1f));
            ui.text(std::to_string(++n) + ". " + m, false, p.warningText, width - em);
        }
    }
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.3f));
    ui.text(f.tr(v.printed ? "presubmit.take_receipt" : "presubmit.no_printer"), false, v.printed ? p.text : p.warningText, width);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + em * 0.3f));
    ui.text(f.tr("presubmit.doc_query"), false, p.mutedText, width);
    endBody(f);
}

}  // namespace ow::screens
