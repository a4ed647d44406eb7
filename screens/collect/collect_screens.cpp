// Collecting results: the card asked for (the applicant's, or a delegate's own); the cases ready, each a tile; "collect
// for someone else" with the receipt's QR or the case number and the applicant's phone; a case with what can be done
// here — print and collect, post it, or where a certificate is handed over; a delegate photographs the authorisation;
// the signature; the printing, held or failed said plainly with the case still ready; the postal form; the outcome.
#include <imgui.h>

#include <algorithm>

#include "screens/collect/collect_screens.h"

namespace ow::screens {

using core::Asking;
using core::collect::Kind;

namespace {
void gapThen(Frame& f, float x, float ems) { ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + f.ui.em() * ems)); }

void retryButton(Frame& f, float x, float width) {
    gapThen(f, x, 0.6f);
    if (f.ui.button("collect.retry", f.tr("collect.retry"), ImVec2(std::min(width, f.ui.em() * 14), f.ui.metrics().target), ButtonStyle::primary))
        f.want(Kind::retry);
}
// A page of one message (a problem in warning colours) with its detail and "try again" when central could be asked again.
void messagePage(Frame& f, ImVec2 min, ImVec2 max, const std::string& title, const std::string& message, const std::string& detail,
                 bool problem, bool canRetry) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const float top = drawHeading(f, min, max, title, nullptr, {});
    const float x = beginBody(f, min, max, top, "collect_message");
    const float width = max.x - min.x - 2 * ui.em() * 0.8f;
    ui.text(message, true, problem ? p.warningText : p.tileText, width);
    if (!detail.empty()) {
        gapThen(f, x, 0.4f);
        ui.text(detail, false, p.text, width);
    }
    if (canRetry) retryButton(f, x, width);
    endBody(f);
}
}  // namespace

void drawCollectStart(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const core::collect::StartView v = f.service<core::collect::Collect>().startView(f.terminal);
    if (!v.identified) {
        drawCardPrompt(f, min, max, f.tr("service.collect.title"), f.tr("collect.need_card"),
                       {f.tr("collect.why_card"), f.tr("collect.delegate_how")});
        return;
    }
    const float top = drawHeading(f, min, max, f.tr("collect.list_title"), "collect.for_someone", core::Intent::of(Kind::delegate));
    const float x = beginBody(f, min, max, top, "collect_start");
    const float em = ui.em(), width = max.x - min.x - 2 * em * 0.8f;
    if (v.asking == Asking::waiting) ui.text(f.tr("collect.asking"), false, p.text, width);
    else if (!v.problem.empty()) {
        ui.text(v.problem, true, p.warningText, width);
        retryButton(f, x, width);
    } else if (v.cases.empty())
        ui.text(f.tr("collect.none"), false, p.text, width);
    const float th = std::max(ui.metrics().target * 1.6f, em * 3.6f);
    for (size_t i = 0; i < v.cases.size(); ++i) {
        const auto& c = v.cases[i];
        gapThen(f, x, 0.4f);
        if (ui.tile("collect.case." + std::to_string(i), c.matter, c.caseNo + " · " + c.department, ImVec2(width, th)))
            f.want(Kind::choose, static_cast<int>(i));
    }
    endBody(f);
}

void drawCollectDelegate(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& svc = f.service<core::collect::Collect>();
    drawFormScreen(f, min, max, svc.delegateView(f.terminal), "collect.find", core::Intent::of(Kind::find), "collect.delegate_form_how",
                   core::Intent::of(Kind::formField), svc.delegateProblem(f.terminal));
}

void drawCollectCase(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const core::collect::CaseView v = f.service<core::collect::Collect>().caseView(f.terminal);
    const float top = drawHeading(f, min, max, v.item.matter, nullptr, {});
    const float x = beginBody(f, min, max, top, "collect_case");
    const float em = ui.em(), width = max.x - min.x - 2 * em * 0.8f, bh = std::max(ui.metrics().target * 1.6f, em * 3.6f);
    ui.text(f.labelled(f.tr("collect.doc_case"), v.item.caseNo) + "   " + v.item.department, false, p.mutedText, width);
    if (v.forSomeoneElse) {
        gapThen(f, x, 0.3f);
        ui.text(core::fill(f.tr("collect.for_holder"), {{"name", v.item.holder}}), true, p.tileText, width);
    }
    for (const auto& d : v.item.documents) {
        gapThen(f, x, 0.2f);
        ui.text(f.labelled(f.tr("collect.doc_document"), d), false, p.text, width);
    }
    if (!v.why.empty()) {
        gapThen(f, x, 0.5f);
        ui.text(v.why, true, p.warningText, width);
    }
    if (!v.whereToCollect.empty()) {
        gapThen(f, x, 0.3f);
        ui.text(core::fill(f.tr("collect.where"), {{"where", v.whereToCollect}}), true, p.tileText, width);
    }
    const bool stacked = width < em * 24;
    const float bw = stacked ? width : (width - em) / 2;
    const float y = ImGui::GetCursorScreenPos().y + em * 0.6f;
    if (v.canPrint) {
        ImGui::SetCursorScreenPos(ImVec2(x, y));
        if (ui.tile("collect.print", f.tr("collect.print"), f.tr(v.forSomeoneElse ? "collect.print_delegate_desc" : "collect.print_desc"),
                    ImVec2(bw, bh)))
            f.want(Kind::collect);
    }
    if (v.canPost) {
        ImGui::SetCursorScreenPos(v.canPrint ? (stacked ? ImVec2(x, y + bh + em * 0.6f) : ImVec2(x + bw + em, y)) : ImVec2(x, y));
        if (ui.tile("collect.post", f.tr("collect.post"), f.tr("collect.post_desc"), ImVec2(bw, bh))) f.want(Kind::post);
    }
    endBody(f);
}

void drawCollectAuthorise(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const core::collect::AuthoriseView v = f.service<core::collect::Collect>().authoriseView(f.terminal);
    const float top = drawHeading(f, min, max, f.tr("collect.authorise_title"), v.taken ? "collect.authorised" : nullptr,
                                  core::Intent::of(Kind::authorised));
    const float x = beginBody(f, min, max, top, "collect_authorise");
    const float em = ui.em(), width = max.x - min.x - 2 * em * 0.8f;
    ui.text(f.tr("collect.authorise_how"), false, p.text, width);
    gapThen(f, x, 0.6f);
    if (!v.camera) ui.text(f.tr("collect.no_camera"), true, p.warningText, width);
    else if (ui.button("collect.capture", f.tr(v.capturing ? "collect.capturing" : v.taken ? "collect.capture_again" : "collect.capture"),
                       ImVec2(std::min(width, em * 16), ui.metrics().target), ButtonStyle::primary))
        f.want(Kind::capture);
    if (v.taken && v.page) {
        gapThen(f, x, 0.5f);
        ui.text(core::fill(f.tr("collect.taken"), {{"w", std::to_string(v.page->width)}, {"h", std::to_string(v.page->height)}}), false,
                p.tileText, width);
    }
    endBody(f);
}

void drawCollectSign(Frame& f, ImVec2 min, ImVec2 max) {
    const auto& p = core::palette();
    Ui& ui = f.ui;
    const auto& svc = f.service<core::collect::Collect>();
    const float em = ui.em(), pad = em * 0.8f, width = max.x - min.x - 2 * pad, target = ui.metrics().target;
    const float top = drawHeading(f, min, max, f.tr("collect.sign_title"), nullptr, {});
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, top));
    ui.text(f.tr("collect.sign_how"), false, p.text, width);
    const float padTop = ImGui::GetCursorScreenPos().y + em * 0.5f;
    const float padW = std::min(width, em * 30), padH = std::min(padW * 0.45f, max.y - padTop - 2 * target - em);
    const ImVec2 a(min.x + pad, padTop), b(min.x + pad + padW, padTop + padH);
    drawSignaturePad(f, a, b, &svc.signature(), svc.signature().looksSigned(), core::Intent::of(Kind::signAt));
    const float half = (padW - em * 0.3f) / 2;
    ImGui::SetCursorScreenPos(ImVec2(a.x, b.y + em * 0.3f));
    if (ui.button("collect_sign_clear", f.tr("presubmit.sign_clear"), ImVec2(half, target), ButtonStyle::tile)) f.want(Kind::signClear);
    ImGui::SetCursorScreenPos(ImVec2(a.x + half + em * 0.3f, b.y + em * 0.3f));
    if (ui.button("collect.signed", f.tr("collect.signed"), ImVec2(half, target), ButtonStyle::primary)) f.want(Kind::signed_);
    if (!svc.signature().empty() && !svc.signature().looksSigned()) {
        ImGui::SetCursorScreenPos(ImVec2(a.x, b.y + em * 0.6f + target));
        ui.text(f.tr("presubmit.sign_more"), false, p.warningText, padW);
    }
}

void drawCollectPrinting(Frame& f, ImVec2 min, ImVec2 max) {
    using S = core::collect::PrintingView::State;
    const core::collect::PrintingView v = f.service<core::collect::Collect>().printingView(f.terminal);
    messagePage(f, min, max, f.tr("service.collect.title"), v.message, v.detail,
                v.state == S::held || v.state == S::failed || v.state == S::notRecorded, v.canRetry);
}

void drawCollectPost(Frame& f, ImVec2 min, ImVec2 max) {
    drawFormScreen(f, min, max, f.service<core::collect::Collect>().postView(f.terminal), "collect.post_send",
                   core::Intent::of(Kind::postSend), "collect.post_how", core::Intent::of(Kind::formField));
}

void drawCollectOutcome(Frame& f, ImVec2 min, ImVec2 max) {
    const core::collect::OutcomeView v = f.service<core::collect::Collect>().outcomeView(f.terminal);
    messagePage(f, min, max, v.title, v.message, v.detail, v.asking == Asking::offline || v.asking == Asking::refused, v.canRetry);
}

}  // namespace ow::screens
