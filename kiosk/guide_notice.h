// The one-time notice (一次性告知书) of a matter: its whole guide on paper, laid out once for the receipt printer
// and for A4 (001 一次性告知制: everything needed, in one go).
#pragma once

#include <cstdint>

#include "kiosk/bundle.h"
#include "kiosk/document.h"
#include "kiosk/i18n.h"
#include "kiosk/protocol/submission.h"
#include "kiosk/signature.h"

namespace ow::core {

/**
 * The notice for a matter, in a language, as printed at `nowS` by the hall of the bundle. With `missing`
 * (material indexes, from a completeness check) it first lists what this person still has to bring, all at once.
 */
Document oneTimeNotice(const Matter& matter, const Bundle& bundle, const Strings& strings, Lang lang, int64_t nowS,
                       const std::vector<int>& missing = {});

/** Who signs a tolerance commitment, as printed: the name, and the ID number with its middle masked. */
struct Applicant {
    std::string name, maskedId;
};
/**
 * The tolerance commitment (容缺受理承诺书): the applicant promises to hand in the missing (non-key) materials
 * by the supplement date, knowing the case ends if they do not; signed on the touch screen.
 */
Document toleranceCommitment(const Matter& matter, const Bundle& bundle, const Strings& strings, Lang lang, int64_t nowS,
                             const Applicant& applicant, const std::vector<int>& missing, const std::string& supplementBy,
                             const Signature& signature);

/**
 * The receipt of a pre-submission (收件凭证, 收件凭证制): its receipt number and QR code (to query progress), the
 * matter, the applicant with the ID number masked, every material received and any to supplement by its date,
 * when the pre-check answer is due (2 working days, 002 第十五条(三)), and — when the terminal could not reach
 * central — that the submission is kept on the terminal and sent by itself.
 */
Document submissionReceipt(const protocol::Submission& submission, const Matter& matter, const Bundle& bundle,
                           const Strings& strings, Lang lang, int64_t nowS, const std::string& qr, bool queuedOffline);

/** An appointment as its slip shows it (the holder's name and ID number masked). */
struct SlipFacts {
    std::string no, matter, department, holder, maskedId, when;
};
/**
 * The appointment slip (预约回执): the appointment's number and QR code (scanned at any terminal it shows the
 * appointment, to cancel or move it), the matter, the holder masked, the date and time, the hall's address, that
 * arriving more than 30 minutes late forfeits it (预约服务制度), and how to cancel.
 */
Document appointmentSlip(const SlipFacts& facts, const std::string& qr, const Bundle& bundle, const Strings& strings, Lang lang,
                         int64_t nowS);

/** A queue ticket as its paper shows it. */
struct TicketFacts {
    std::string number, theme, kind, ahead, wait, windows, appointment;  // kind: 绿色通道 / 预约 / 普通
};
/**
 * The queue ticket (取号凭条): the number large, the theme, how many are ahead and the estimated wait, the windows
 * that serve it, the time, and a QR that shows its place at any terminal (002 第十六条: numbers by theme).
 */
Document queueTicket(const TicketFacts& facts, const std::string& qr, const Bundle& bundle, const Strings& strings, Lang lang,
                     int64_t nowS);

/** A signature as printed (a 1-bit image two thirds of the receipt's width). */
DocBlock signatureImage(const Signature& signature);

/** A collection as its record shows it (names masked on paper). */
struct CollectionFacts {
    std::string caseNo, matter, holder, collector, collectorIdMasked;
    std::vector<std::string> documents;  // what was printed and handed over
    bool delegate = false;
};
/** The collection record (领取记录): the case, what was handed over, for whom and by whom (a delegate said so), the
    collector's signature from the pad, and when. */
Document collectionRecord(const CollectionFacts& facts, const Signature& signature, const Bundle& bundle, const Strings& strings,
                          Lang lang, int64_t nowS);

/** A work order as its slip shows it (the name masked). */
struct ReportSlipFacts {
    std::string no, name, department, category, received, deadline;
};
/**
 * The work order slip (办不成事反映回执): its number, who reported (masked), the department and what happened, when
 * received and the working day the lead office answers by, and a QR that shows its state at any terminal.
 */
Document reportSlip(const ReportSlipFacts& facts, const std::string& qr, const Bundle& bundle, const Strings& strings, Lang lang,
                    int64_t nowS);

/** Service mode's test page (receipt or A4): the hall's heading, who printed it, and what a good print looks like. */
Document serviceTestPage(const std::string& by, bool a4, const Bundle& bundle, const Strings& strings, Lang lang, int64_t nowS);

/** "1 个工作日" / "即办": a matter's promised limit in words. */
std::string promisedLimitText(const Matter& matter, const Strings& strings, Lang lang);
/** "原件 1 份" / "复印件 2 份": how a material is handed in. */
std::string materialCopiesText(const Material& material, const Strings& strings, Lang lang);

/** A matter as a tile shows it (guides, pre-submission): its name, department and promised limit. */
struct MatterItem {
    int index;  // in the catalogue
    std::string name, department, limit;
};
MatterItem matterItem(const Bundle& bundle, size_t index, const Strings& strings, Lang lang);

}  // namespace ow::core
