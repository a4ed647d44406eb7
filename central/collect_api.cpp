// Collecting results, the terminal's endpoints and the admin's attachment of a result document.
#include <sodium.h>

#include <nlohmann/json.hpp>

#include "central/api.h"
#include "central/api_fields.h"
#include "central/appointments.h"
#include "central/collections.h"
#include "kiosk/protocol/case_status.h"

namespace ow::central {

using nlohmann::json;
using namespace fields;

namespace {

std::string base64Of(const std::string& bytes) {
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);  // its terminating NUL
    return out;
}

std::optional<std::string> bytesOf(const std::string& b64, size_t max) {
    std::string out(b64.size() / 4 * 3 + 3, '\0');
    size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), b64.data(), b64.size(), nullptr, &len, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        len > max)
        return std::nullopt;
    out.resize(len);
    return out;
}

// The case a terminal's request proves a right to: the holder by their ID number, or a delegate by the receipt's QR
// or the case number with the holder's phone (a case number alone shows nobody's case). delegate: it was not the holder.
struct Proven {
    protocol::CaseRecord c;
    bool delegate = false;
};
std::variant<Proven, Reply> provenCase(Store& store, const json& doc, const core::TrustedKeys& keys, bool needCaseNo) {
    std::string idNumber, caseNo, phone, receipt;
    for (auto [key, max, out] : {std::tuple{"id_number", size_t{18}, &idNumber}, {"case_no", 32, &caseNo}, {"phone", 24, &phone},
                                 {"receipt_code", 200, &receipt}})
        if (auto bad = textField(doc, key, max, *out, false)) return *bad;
    const Reply none = errorReply(404, "not_found", "no such case for this person");
    std::optional<protocol::CaseRecord> found;
    bool delegate = true;
    if (!receipt.empty()) {
        auto r = caseOfReceiptCode(store, receipt, keys);
        if (const Reply* bad = std::get_if<Reply>(&r)) return *bad;
        if (auto* c = std::get_if<protocol::CaseRecord>(&r)) found = std::move(*c);
    } else if (!caseNo.empty() && validCaseNo(caseNo)) {
        auto r = store.caseByNumber(caseNo);
        if (!r) return storeFailure(r.error(), "the case could not be read");
        if (*r && !idNumber.empty() && (*r)->holderId == idNumber) found = std::move(**r), delegate = false;
        else if (*r && !phone.empty() && (*r)->phone == phone) found = std::move(**r);
    } else if (needCaseNo) {
        return badField("case_no", "must be a case number like OW20261204000001");
    } else {
        return badField("the request", "needs \"receipt_code\", or \"case_no\" with \"phone\"");
    }
    if (!found) return none;
    if (!caseNo.empty() && found->caseNo != caseNo) return none;
    return Proven{std::move(*found), delegate};
}

json caseJson(Store& store, const protocol::CaseRecord& c, const std::shared_ptr<const AppointmentBook::Offer>& offer) {
    json docs = json::array();
    if (auto d = store.collections().documents(c.caseNo))
        for (const auto& doc : *d) docs.push_back({{"n", doc.n}, {"name", doc.name}, {"bytes", doc.bytes}});
    json out = {{"case_no", c.caseNo},
                {"matter", c.matterName},
                {"matter_code", c.matterCode},
                {"department", c.department},
                {"holder", protocol::maskedName(c.holderName)},
                {"status", protocol::caseStatusCode(c.status)},
                {"documents", docs},
                {"printable", !offer || !offer->notPrintable.count(c.matterCode)},
                {"delegate", !offer || !offer->noDelegate.count(c.matterCode)}};
    return out;
}

std::shared_ptr<const AppointmentBook::Offer> offerOf(Store& store, std::string_view kioskId) {
    const auto hall = store.kioskHall(kioskId);
    if (!hall) return nullptr;
    return store.appointments().hallOffer(*hall);
}

}  // namespace

Reply handleCollect(Store& store, std::string_view kioskId, std::string_view op, std::string_view body, const core::TrustedKeys& keys,
                    int64_t nowS) {
    json doc;
    if (auto bad = parseObject(body, doc)) return *bad;
    const auto hall = store.kioskHall(kioskId);
    if (!hall) return errorReply(401, "unauthenticated", "unknown terminal");
    const auto offer = offerOf(store, kioskId);
    if (op == "ready") {
        std::string id;
        if (auto bad = idNumberField(doc, "id_number", id)) return *bad;
        auto list = store.casesOfHolder(id);
        if (!list) return storeFailure(list.error(), "the cases could not be read");
        json out = json::array();
        for (const auto& c : *list)
            if (c.status == protocol::CaseStatus::ready) out.push_back(caseJson(store, c, offer));
        return {200, json{{"cases", out}}.dump()};
    }
    auto proven = provenCase(store, doc, keys, op != "find");
    if (const Reply* bad = std::get_if<Reply>(&proven)) return *bad;
    const Proven& p = std::get<Proven>(proven);
    const bool delegateAllowed = !offer || !offer->noDelegate.count(p.c.matterCode);
    if (p.delegate && !delegateAllowed) return errorReply(409, "no_delegate", "only the applicant may collect this result (代领 not allowed)");
    if (op == "find") {
        if (p.c.status != protocol::CaseStatus::ready) return errorReply(409, "not_ready", "the result is not ready to collect");
        return {200, json{{"case", caseJson(store, p.c, offer)}}.dump()};
    }
    if (op == "document") {
        if (!doc.contains("n") || !doc["n"].is_number_integer()) return badField("n", "must be the document's number");
        auto d = store.collections().document(p.c.caseNo, doc["n"].get<int>());
        if (!d) return storeFailure(d.error(), "the document could not be read");
        if (!*d) return errorReply(404, "not_found", "the case has no such document");
        return {200, json{{"name", (*d)->first}, {"pdf", base64Of((*d)->second)}}.dump()};
    }
    if (op == "done") {
        CollectionBook::Record r;
        r.caseNo = p.c.caseNo, r.hall = *hall, r.kioskId = std::string(kioskId), r.delegate = p.delegate;
        if (!doc.contains("collector") || !doc["collector"].is_object()) return badField("collector", "must be {\"name\", \"id_number\"}");
        if (auto bad = textField(doc["collector"], "name", 64, r.collectorName, true)) return *bad;
        if (auto bad = idNumberField(doc["collector"], "id_number", r.collectorId)) return *bad;
        std::string auth, sig;
        if (auto bad = textField(doc, "authorisation", 4 << 20, auth, p.delegate)) return *bad;
        if (auto bad = textField(doc, "signature", 1 << 18, sig, true)) return *bad;
        const auto authBytes = bytesOf(auth, 3 << 20), sigBytes = bytesOf(sig, 1 << 17);
        if (!authBytes) return badField("authorisation", "must be a JPEG in base64");
        if (!sigBytes || sigBytes->empty()) return badField("signature", "must be the signature in base64");
        r.authorisationJpeg = *authBytes, r.signaturePng = *sigBytes;
        auto already = store.collections().ofCase(p.c.caseNo);
        if (!already) return storeFailure(already.error(), "the collection could not be read");
        if (*already) {
            // The same terminal asking again (its answer lost): the collection as it stands.
            if ((*already)->kioskId == kioskId && p.c.status == protocol::CaseStatus::collected)
                return {200, json{{"collection", {{"case_no", p.c.caseNo}, {"at", (*already)->at}, {"delegate", (*already)->delegate}}}}.dump()};
            return errorReply(409, "already_collected", "the result was collected already");
        }
        if (p.c.status != protocol::CaseStatus::ready) return errorReply(409, "not_ready", "the result is not ready to collect");
        protocol::CaseMove move;
        move.to = protocol::CaseStatus::collected;
        move.by = "自助终端 · " + std::string(p.delegate ? "代领 " : "本人 ") + protocol::maskedName(r.collectorName);
        auto moved = store.advanceCase(p.c.caseNo, move, nowS);
        if (!moved) return errorReply(409, "not_ready", moved.error());
        if (auto st = store.collections().record(r, nowS); !st) return storeFailure(st.error(), "the collection could not be recorded");
        return {200, json{{"collection", {{"case_no", p.c.caseNo}, {"at", nowS}, {"delegate", p.delegate}}}}.dump()};
    }
    if (op == "post") {
        if (p.delegate) return errorReply(409, "holder_only", "a result is posted at the applicant's own request");
        if (p.c.status != protocol::CaseStatus::ready) return errorReply(409, "not_ready", "the result is not ready to collect");
        CollectionBook::Post post{p.c.caseNo, *hall, std::string(kioskId), "", ""};
        if (auto bad = textField(doc, "address", 300, post.address, true)) return *bad;
        if (auto bad = textField(doc, "phone", 20, post.phone, true)) return *bad;
        if (!validPhone(post.phone)) return badField("phone", "must be a mainland mobile or a landline with its area code");
        auto r = store.collections().requestPost(post, nowS);
        if (!r) return storeFailure(r.error(), "the request to post could not be recorded");
        return {200, json{{"post", {{"case_no", r->caseNo}, {"mail_by", r->mailBy}, {"address", r->addressMasked}, {"phone", r->phoneMasked}}}}
                         .dump()};
    }
    return errorReply(404, "not_found", "no such endpoint");
}

Reply handleAttachDocument(Store& store, std::string_view body, int64_t nowS) {
    json doc;
    if (auto bad = parseObject(body, doc, kMaxAdminBodyBytes)) return *bad;
    std::string caseNo, name, pdf, by;
    for (auto [key, max, out, required] : {std::tuple{"case_no", size_t{32}, &caseNo, true}, {"name", 100, &name, true},
                                           {"pdf", kMaxAdminBodyBytes, &pdf, true}, {"by", 100, &by, false}})
        if (auto bad = textField(doc, key, max, *out, required)) return *bad;
    if (!validCaseNo(caseNo)) return errorReply(404, "no_such_case", "no case " + caseNo);
    const auto bytes = bytesOf(pdf, kMaxResultPdfBytes);
    if (!bytes) return badField("pdf", "must be a PDF of at most 3 MB in base64");
    if (bytes->rfind("%PDF-", 0) != 0) return badField("pdf", "is not a PDF (it does not start with %PDF-)");
    auto c = store.caseByNumber(caseNo);
    if (!c) return storeFailure(c.error(), "the case could not be read");
    if (!*c) return errorReply(404, "no_such_case", "no case " + caseNo);
    auto n = store.collections().attach(caseNo, name, *bytes, by.empty() ? "admin" : by, nowS);
    if (!n) return storeFailure(n.error(), "the document could not be kept");
    return {201, json{{"document", {{"case_no", caseNo}, {"n", *n}, {"name", name}, {"bytes", bytes->size()}}}}.dump()};
}

}  // namespace ow::central
