// The one-time notice of a matter.
#include "kiosk/guide_notice.h"

#include "kiosk/services/progress/case_progress.h"
#include "kiosk/terminal.h"

namespace ow::core {

namespace {

// Appends a block to a document: kind, text, field value, bold, alignment.
auto adder(Document& d) {
    return [&d](DocBlock::Kind kind, std::string text, std::string value = "", bool bold = false,
                DocBlock::Align align = DocBlock::Align::left) {
        DocBlock block;
        block.kind = kind;
        block.text = std::move(text);
        block.value = std::move(value);
        block.bold = bold;
        block.align = align;
        d.blocks.push_back(std::move(block));
    };
}

// A document that starts as every hall document does: its title, the hall, a rule.
Document headed(const char* kind, const std::string& title, const std::string& hall) {
    Document d;
    d.kind = kind;
    const auto add = adder(d);
    add(DocBlock::Kind::title, title, "", true, DocBlock::Align::center);
    add(DocBlock::Kind::text, hall, "", false, DocBlock::Align::center);
    add(DocBlock::Kind::rule, "");
    return d;
}

// The last line of every hall document: when it was printed or signed, then paper to tear it off by.
void closing(Document& d, const std::string& label, int64_t nowS) {
    adder(d)(DocBlock::Kind::field, label, caseTime(nowS));
    DocBlock feed;
    feed.kind = DocBlock::Kind::feed;
    feed.lines = 2;
    d.blocks.push_back(std::move(feed));
}

}  // namespace

std::string promisedLimitText(const Matter& m, const Strings& s, Lang lang) {
    if (m.kind == MatterKind::instant || m.promisedLimitDays == 0) return s.text(lang, "guide.instant");
    return fill(s.text(lang, "guide.days"), {{"n_days", std::to_string(m.promisedLimitDays)}});
}

std::string materialCopiesText(const Material& m, const Strings& s, Lang lang) {
    return fill(s.text(lang, m.original ? "guide.original" : "guide.copy"), {{"n", std::to_string(m.copies)}});
}

Document oneTimeNotice(const Matter& m, const Bundle& b, const Strings& s, Lang lang, int64_t nowS,
                       const std::vector<int>& missing) {
    const auto tr = [&](const char* key) -> const std::string& { return s.text(lang, key); };
    Document d = headed("notice", tr("notice.doc_title"), b.hallName.get(lang));
    const auto add = adder(d);
    add(DocBlock::Kind::field, tr("guide.matter"), m.name.get(lang));
    add(DocBlock::Kind::field, tr("guide.code"), m.code);
    add(DocBlock::Kind::field, tr("guide.department"), m.department.get(lang));
    add(DocBlock::Kind::field, tr("guide.limit"), promisedLimitText(m, s, lang));
    add(DocBlock::Kind::field, tr("guide.fees"), m.guide.fees.get(lang));
    add(DocBlock::Kind::rule, "");
    const auto materialLine = [&](size_t i) {
        const Material& mat = m.materials[i];
        const bool zh = lang == Lang::zhCN;
        std::string line = std::to_string(i + 1) + ". " + (mat.key ? "★ " : "") + mat.name.get(lang) + (zh ? "（" : " (") +
                           materialCopiesText(mat, s, lang) + (zh ? "）" : ")");
        if (!mat.note.empty()) line += " " + mat.note.get(lang);
        return line;
    };
    if (!missing.empty()) {
        add(DocBlock::Kind::text, tr("notice.missing_now"), "", true);
        for (int i : missing)
            if (i >= 0 && i < static_cast<int>(m.materials.size())) add(DocBlock::Kind::text, materialLine(static_cast<size_t>(i)), "", true);
        add(DocBlock::Kind::rule, "");
    }
    add(DocBlock::Kind::text, tr("guide.materials"), "", true);
    for (size_t i = 0; i < m.materials.size(); ++i) add(DocBlock::Kind::text, materialLine(i));
    int n = 0;
    add(DocBlock::Kind::text, tr("guide.key_legend"));
    if (!m.guide.conditions.empty()) {
        add(DocBlock::Kind::text, tr("guide.conditions"), "", true);
        add(DocBlock::Kind::text, m.guide.conditions.get(lang));
    }
    if (!m.guide.procedure.empty()) {
        add(DocBlock::Kind::text, tr("guide.procedure"), "", true);
        n = 0;
        for (const auto& step : m.guide.procedure) add(DocBlock::Kind::text, std::to_string(++n) + ". " + step.get(lang));
    }
    if (!m.guide.basis.empty()) {
        add(DocBlock::Kind::text, tr("guide.basis"), "", true);
        add(DocBlock::Kind::text, m.guide.basis.get(lang));
    }
    for (const auto& f : m.guide.faq) {
        add(DocBlock::Kind::text, tr("guide.question") + f.question.get(lang), "", true);
        add(DocBlock::Kind::text, f.answer.get(lang));
    }
    add(DocBlock::Kind::rule, "");
    add(DocBlock::Kind::text, tr("notice.doc_once"));
    if (m.toleranceAllowed) add(DocBlock::Kind::text, tr("notice.doc_tolerance"));
    if (!b.servicePhone.empty()) add(DocBlock::Kind::field, tr("guide.phone"), b.servicePhone);
    closing(d, tr("guide.printed_at"), nowS);
    return d;
}

Document toleranceCommitment(const Matter& m, const Bundle& b, const Strings& s, Lang lang, int64_t nowS,
                             const Applicant& who, const std::vector<int>& missing, const std::string& supplementBy,
                             const Signature& signature) {
    const auto tr = [&](const char* key) -> const std::string& { return s.text(lang, key); };
    Document d = headed("commitment", tr("commitment.title"), b.hallName.get(lang));
    const auto add = adder(d);
    add(DocBlock::Kind::field, tr("guide.matter"), m.name.get(lang));
    add(DocBlock::Kind::field, tr("commitment.applicant"), who.name);
    add(DocBlock::Kind::field, tr("commitment.id"), who.maskedId);
    add(DocBlock::Kind::text, tr("commitment.missing"), "", true);
    for (int i : missing)
        if (i >= 0 && i < static_cast<int>(m.materials.size()))
            add(DocBlock::Kind::text, std::to_string(i + 1) + ". " + m.materials[static_cast<size_t>(i)].name.get(lang));
    add(DocBlock::Kind::field, tr("commitment.by"), supplementBy);
    add(DocBlock::Kind::text, fill(tr("commitment.text"), {{"matter", m.name.get(lang)}, {"date", supplementBy}}));
    add(DocBlock::Kind::text, tr("commitment.signature"), "", true);
    d.blocks.push_back(signatureImage(signature));
    closing(d, tr("commitment.signed_at"), nowS);
    return d;
}

Document submissionReceipt(const protocol::Submission& sub, const Matter& m, const Bundle& b, const Strings& s, Lang lang,
                           int64_t nowS, const std::string& qr, bool queuedOffline) {
    const auto tr = [&](const char* key) -> const std::string& { return s.text(lang, key); };
    Document d = headed("receipt", tr("presubmit.doc_title"), b.hallName.get(lang));
    const auto add = adder(d);
    add(DocBlock::Kind::field, tr("presubmit.doc_no"), sub.receiptNo, true);
    add(DocBlock::Kind::field, tr("guide.matter"), m.name.get(lang));
    add(DocBlock::Kind::field, tr("guide.department"), m.department.get(lang));
    add(DocBlock::Kind::field, tr("commitment.applicant"), sub.applicantName);
    add(DocBlock::Kind::field, tr("commitment.id"), maskIdNumber(sub.applicantId));
    add(DocBlock::Kind::field, tr("presubmit.doc_submitted"), caseTime(sub.submittedAt));
    add(DocBlock::Kind::text, tr("presubmit.doc_received"), "", true);
    int n = 0;
    for (size_t i = 0; i < sub.materials.size() && i < m.materials.size(); ++i)
        if (!sub.materials[i].missing)
            add(DocBlock::Kind::text, std::to_string(++n) + ". " + m.materials[i].name.get(lang) + " " +
                                          fill(tr("presubmit.pages"), {{"n", std::to_string(sub.materials[i].pages)}}));
    if (sub.tolerance) {
        add(DocBlock::Kind::text, fill(tr("presubmit.doc_supplement"), {{"date", sub.supplementBy}}), "", true);
        n = 0;
        for (size_t i = 0; i < sub.materials.size() && i < m.materials.size(); ++i)
            if (sub.materials[i].missing) add(DocBlock::Kind::text, std::to_string(++n) + ". " + m.materials[i].name.get(lang));
    }
    add(DocBlock::Kind::rule, "");
    // The back office answers a pre-submission within 2 working days (002 第十五条(三)).
    add(DocBlock::Kind::text, fill(tr("presubmit.doc_answer_by"),
                                   {{"date", protocol::addWorkingDays(protocol::dateOf(sub.submittedAt), 2, b.calendar)}}));
    add(DocBlock::Kind::text, tr(queuedOffline ? "presubmit.doc_queued" : "presubmit.doc_sent"), "", queuedOffline);
    add(DocBlock::Kind::qr, qr, "", false, DocBlock::Align::center);
    add(DocBlock::Kind::text, tr("presubmit.doc_query"), "", false, DocBlock::Align::center);
    if (!b.servicePhone.empty()) add(DocBlock::Kind::field, tr("presubmit.doc_phone"), b.servicePhone);
    closing(d, tr("guide.printed_at"), nowS);
    return d;
}

Document appointmentSlip(const SlipFacts& f, const std::string& qr, const Bundle& b, const Strings& s, Lang lang, int64_t nowS) {
    const auto tr = [&](const char* key) -> const std::string& { return s.text(lang, key); };
    Document d = headed("appointment", tr("appointment.doc_title"), b.hallName.get(lang));
    const auto add = adder(d);
    add(DocBlock::Kind::field, tr("appointment.doc_no"), f.no, true);
    add(DocBlock::Kind::field, tr("guide.matter"), f.matter);
    if (!f.department.empty()) add(DocBlock::Kind::field, tr("guide.department"), f.department);
    add(DocBlock::Kind::field, tr("appointment.doc_holder"), f.holder);
    add(DocBlock::Kind::field, tr("commitment.id"), f.maskedId);
    add(DocBlock::Kind::field, tr("appointment.doc_when"), f.when, true);
    if (!b.hallAddress.zh.empty()) add(DocBlock::Kind::field, tr("appointment.doc_where"), b.hallAddress.get(lang));
    add(DocBlock::Kind::rule, "");
    const int late = b.appointments ? std::min(b.appointments->checkInAfterMinutes, protocol::kLatestCheckInMinutes) : 30;
    const int early = b.appointments ? b.appointments->checkInBeforeMinutes : 30;
    add(DocBlock::Kind::text, fill(tr("appointment.doc_check_in"), {{"before", std::to_string(early)}}));
    add(DocBlock::Kind::text, fill(tr("appointment.rule_late"), {{"n", std::to_string(late)}}), "", true);
    add(DocBlock::Kind::text, fill(tr("appointment.rule_cancel"),
                                   {{"n", std::to_string(b.appointments ? b.appointments->cancelCutoffMinutes / 60 : 2)}}));
    add(DocBlock::Kind::qr, qr, "", false, DocBlock::Align::center);
    add(DocBlock::Kind::text, tr("appointment.doc_scan"), "", false, DocBlock::Align::center);
    if (!b.servicePhone.empty()) add(DocBlock::Kind::field, tr("presubmit.doc_phone"), b.servicePhone);
    closing(d, tr("guide.printed_at"), nowS);
    return d;
}

Document queueTicket(const TicketFacts& f, const std::string& qr, const Bundle& b, const Strings& s, Lang lang, int64_t nowS) {
    const auto tr = [&](const char* key) -> const std::string& { return s.text(lang, key); };
    Document d = headed("ticket", tr("queue.doc_title"), b.hallName.get(lang));
    const auto add = adder(d);
    add(DocBlock::Kind::title, f.number, "", true, DocBlock::Align::center);
    add(DocBlock::Kind::text, f.theme + " · " + f.kind, "", true, DocBlock::Align::center);
    add(DocBlock::Kind::rule, "");
    if (!f.appointment.empty()) add(DocBlock::Kind::field, tr("appointment.doc_no"), f.appointment);
    add(DocBlock::Kind::field, tr("queue.doc_ahead"), f.ahead, true);
    add(DocBlock::Kind::field, tr("queue.doc_wait"), f.wait);
    add(DocBlock::Kind::field, tr("queue.doc_windows"), f.windows);
    add(DocBlock::Kind::text, tr("queue.doc_listen"));
    add(DocBlock::Kind::qr, qr, "", false, DocBlock::Align::center);
    add(DocBlock::Kind::text, tr("queue.doc_scan"), "", false, DocBlock::Align::center);
    if (!b.servicePhone.empty()) add(DocBlock::Kind::field, tr("presubmit.doc_phone"), b.servicePhone);
    closing(d, tr("queue.doc_time"), nowS);
    return d;
}

DocBlock signatureImage(const Signature& signature) {
    DocBlock ink;
    ink.kind = DocBlock::Kind::image;
    ink.width = 384;  // two thirds of the receipt's 576 dots
    ink.height = 128;
    ink.bits = signature.rasterize(ink.width, ink.height);
    return ink;
}

Document collectionRecord(const CollectionFacts& f, const Signature& signature, const Bundle& b, const Strings& s, Lang lang,
                          int64_t nowS) {
    const auto tr = [&](const char* key) -> const std::string& { return s.text(lang, key); };
    Document d = headed("collection", tr("collect.doc_title"), b.hallName.get(lang));
    const auto add = adder(d);
    add(DocBlock::Kind::field, tr("collect.doc_case"), f.caseNo, true);
    add(DocBlock::Kind::field, tr("guide.matter"), f.matter);
    for (const auto& doc : f.documents) add(DocBlock::Kind::field, tr("collect.doc_document"), doc);
    add(DocBlock::Kind::field, tr("collect.doc_holder"), protocol::maskedName(f.holder));
    add(DocBlock::Kind::field, tr("collect.doc_collector"), protocol::maskedName(f.collector) + (f.delegate ? tr("collect.doc_delegate") : ""));
    add(DocBlock::Kind::field, tr("collect.doc_id"), f.collectorIdMasked);
    add(DocBlock::Kind::text, tr("collect.doc_signature"), "", true);
    d.blocks.push_back(signatureImage(signature));
    closing(d, tr("collect.doc_time"), nowS);
    return d;
}

Document serviceTestPage(const std::string& by, bool a4, const Bundle& b, const Strings& s, Lang lang, int64_t nowS) {
    Document d = headed("test", s.text(lang, "service.test_title"), b.hallName.get(lang));
    const auto add = adder(d);
    add(DocBlock::Kind::field, s.text(lang, "service.test_by"), by);
    add(DocBlock::Kind::text, s.text(lang, a4 ? "service.test_ok_a4" : "service.test_ok"));
    closing(d, s.text(lang, "service.test_at"), nowS);
    return d;
}

Document reportSlip(const ReportSlipFacts& f, const std::string& qr, const Bundle& b, const Strings& s, Lang lang, int64_t nowS) {
    const auto tr = [&](const char* key) -> const std::string& { return s.text(lang, key); };
    Document d = headed("report", tr("report.doc_title"), b.hallName.get(lang));
    const auto add = adder(d);
    add(DocBlock::Kind::field, tr("report.doc_no"), f.no, true);
    add(DocBlock::Kind::field, tr("report.doc_name"), protocol::maskedName(f.name));
    add(DocBlock::Kind::field, tr("report.f_department"), f.department);
    add(DocBlock::Kind::field, tr("report.f_category"), f.category);
    add(DocBlock::Kind::field, tr("report.doc_received"), f.received);
    add(DocBlock::Kind::field, tr("report.doc_deadline"), f.deadline, true);
    add(DocBlock::Kind::rule, "");
    add(DocBlock::Kind::text, tr("report.doc_promise"));
    add(DocBlock::Kind::qr, qr, "", false, DocBlock::Align::center);
    add(DocBlock::Kind::text, tr("report.doc_scan"), "", false, DocBlock::Align::center);
    if (!b.servicePhone.empty()) add(DocBlock::Kind::field, tr("presubmit.doc_phone"), b.servicePhone);
    closing(d, tr("guide.printed_at"), nowS);
    return d;
}

MatterItem matterItem(const Bundle& bundle, size_t index, const Strings& strings, Lang lang) {
    const auto& m = bundle.matters[index];
    return {static_cast<int>(index), m.name.get(lang), m.department.get(lang), promisedLimitText(m, strings, lang)};
}

}  // namespace ow::core
