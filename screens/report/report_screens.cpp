// Reports of what could not be done: the card asked for (or the slip's QR), two choices — report, or see my reports —
// the form typed as every form is, everything to be sent shown for the person to confirm, the work order with its
// number and the day it is answered by, and the person's work orders with their states.
#include <imgui.h>

#include <algorithm>

#include "screens/report/report_screens.h"

namespace ow::screens {

using core::Asking;
using core::report::Kind;

namespace {

void gapThen(Frame& f, float x, float ems) { ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + f.ui.em() * ems)); }

// "Asking central…", or the problem with "try again" and the hall's phone. True: nothing else to show.
bool drawAsking(Frame& f, Asking asking, const std::string& problem, bool canRetry, const std::string& phoneLine, float x, float width) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    if (asking == Asking::waiting) {
        ui.text(f.tr("report.asking"), false, p.text, width);
        return true;
    }
    if (problem.empty()) return false;
    ui.text(problem, true, p.warningText, width);
    if (canRetry) {
        gapThen(f, x, 0.6f);
        if (ui.button("report.retry", f.tr("report.retry"), ImVec2(std::min(width, ui.em() * 14), ui.metrics().target), ButtonStyle::primary))
            f.want(Kind::retry);
    }
    if (!phoneLine.empty()) {
        gapThen(f, x, 0.6f);
        ui.text(phoneLine, false, p.mutedText, width);
    }
    return true;
}

// A label and its value on one line (the value wraps under it when long).
void fieldLine(Frame& f, float x, float width, const std::string& label, const std::string& value, bool strong = false) {
    if (value.empty()) return;
    const auto& p = core::palette();
    gapThen(f, x, 0.2f);
    f.ui.text(f.labelled(label, value), strong, strong ? p.tileText : p.text, width);
}

void drawOrder(Frame& f, float x, float width, const core::report::OrderView& o) {
    const auto& p = core::palette();
    fieldLine(f, x, width, f.tr("report.doc_no"), o.no, true);
    fieldLine(f, x, width, f.tr("report.f_department"), o.department);
    fieldLine(f, x, width, f.tr("report.f_category"), o.category);
    fieldLine(f, x, width, f.tr("report.doc_received"), o.received);
    fieldLine(f, x, width, f.tr("report.state"), o.state, true);
    if (!o.closed) fieldLine(f, x, width, f.tr("report.doc_deadline"), o.deadline);
    if (o.overdue) {
        gapThen(f, x, 0.2f);
        f.ui.text(f.tr("report.overdue"), true, p.warningText, width);
    }
    fieldLine(f, x, width, f.tr("report.latest_note"), o.latestNote);
}

}  // namespace

void drawReportStart(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const core::report::StartView v = f.service<core::report::Report>().startView(f.terminal);
    if (!v.identified) {
        drawCardPrompt(f, min, max, f.tr("service.report.title"), f.tr("report.need_card"),
                       {f.tr("report.why_card"), f.tr("report.scan_slip")});
        return;
    }
    const float top = drawHeading(f, min, max, f.tr("service.report.title"), nullptr, {});
    const float x = beginBody(f, min, max, top, "report_start");
    const float em = ui.em(), width = max.x - min.x - 2 * em * 0.8f;
    ui.textLine(f.tr("report.who") + v.who, false, p.mutedText, width);
    gapThen(f, x, 0.3f);
    ui.text(f.tr("report.intro"), false, p.text, width);
    const bool stacked = width < em * 24;
    const float bw = stacked ? width : (width - em) / 2, bh = std::max(ui.metrics().target * 2.2f, em * 5);
    const float y = ImGui::GetCursorScreenPos().y + em * 0.6f;
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    if (ui.tile("report.new", f.tr("report.new"), f.tr("report.new_desc"), ImVec2(bw, bh))) f.want(Kind::start);
    ImGui::SetCursorScreenPos(stacked ? ImVec2(x, y + bh + em * 0.6f) : ImVec2(x + bw + em, y));
    if (ui.tile("report.mine", f.tr("report.mine"), f.tr("report.mine_desc"), ImVec2(bw, bh))) f.want(Kind::mine);
    gapThen(f, x, 0.8f);
    ui.text(f.tr("report.scan_slip"), false, p.mutedText, width);
    endBody(f);
}

void drawReportForm(Frame& f, ImVec2 min, ImVec2 max) {
    drawFormScreen(f, min, max, f.service<core::report::Report>().formView(f.terminal), "presubmit.next", core::Intent::of(Kind::next),
                   "report.form_how", core::Intent::of(Kind::formField));
}

void drawReportConfirm(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    const core::report::ConfirmView v = f.service<core::report::Report>().confirmView(f.terminal);
    const float em = f.ui.em(), width = max.x - min.x - 2 * em * 0.8f;
    const float top = drawHeading(f, min, max, f.tr("report.confirm_title"), "report.send", core::Intent::of(Kind::send));
    const float x = beginBody(f, min, max, top, "report_confirm");
    f.ui.text(f.tr("report.confirm_how"), false, p.mutedText, width);
    fieldLine(f, x, width, f.tr("report.doc_name"), v.name);
    fieldLine(f, x, width, f.tr("report.f_phone"), v.phone);
    fieldLine(f, x, width, f.tr("report.f_department"), v.department);
    fieldLine(f, x, width, f.tr("report.f_category"), v.category);
    fieldLine(f, x, width, f.tr("report.f_text"), v.text);
    gapThen(f, x, 0.6f);
    f.ui.text(f.tr("report.confirm_use"), false, p.mutedText, width);
    endBody(f);
}

void drawReportFiled(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    const core::report::FiledView v = f.service<core::report::Report>().filedView(f.terminal);
    const float em = f.ui.em(), width = max.x - min.x - 2 * em * 0.8f;
    const float top = drawHeading(f, min, max, f.tr(v.order ? "report.filed_title" : "service.report.title"),
                                  v.order && v.canPrint ? "report.reprint" : nullptr, core::Intent::of(Kind::reprint));
    const float x = beginBody(f, min, max, top, "report_filed");
    if (!v.order) {
        if (!drawAsking(f, v.asking, v.problem, v.canRetry, v.phoneLine, x, width)) f.ui.text(f.tr("report.asking"), false, p.text, width);
        endBody(f);
        return;
    }
    f.ui.text(f.tr("report.filed"), true, p.tileText, width);
    drawOrder(f, x, width, *v.order);
    gapThen(f, x, 0.6f);
    f.ui.text(f.tr("report.doc_promise"), false, p.text, width);
    gapThen(f, x, 0.3f);
    f.ui.text(f.tr(v.printed ? "report.take_slip" : "report.no_printer"), false, p.mutedText, width);
    endBody(f);
}

void drawReportMine(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    const core::report::MineView v = f.service<core::report::Report>().mineView(f.terminal);
    const float em = f.ui.em(), width = max.x - min.x - 2 * em * 0.8f;
    const float top = drawHeading(f, min, max, f.tr(v.byCode ? "report.one_title" : "report.mine"), nullptr, {});
    const float x = beginBody(f, min, max, top, "report_mine");
    if (!drawAsking(f, v.asking, v.problem, v.asking == Asking::offline, "", x, width)) {
        if (v.orders.empty()) f.ui.text(f.tr("report.none"), false, p.text, width);
        for (size_t i = 0; i < v.orders.size(); ++i) {
            if (i > 0) {
                gapThen(f, x, 0.5f);
                const float y = ImGui::GetCursorScreenPos().y;
                ImGui::GetWindowDrawList()->AddLine(ImVec2(x, y), ImVec2(x + width, y), IM_COL32(p.mutedText.r, p.mutedText.g, p.mutedText.b, 120));
                gapThen(f, x, 0.3f);
            }
            drawOrder(f, x, width, v.orders[i]);
        }
    }
    endBody(f);
}

}  // namespace ow::screens
