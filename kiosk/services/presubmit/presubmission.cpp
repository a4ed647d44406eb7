// Pre-submission: wiping what it holds, the terminal's receipt key, and queueing a submission durably.
#include "kiosk/services/presubmit/presubmission.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "kiosk/bundle_signing.h"
#include "kiosk/config_boot.h"
#include "kiosk/scan_code.h"

namespace ow::core {

void CapturedPage::wipe() {
    if (!jpeg.empty()) sodium_memzero(jpeg.data(), jpeg.size());
    jpeg.clear();
    width = height = 0;
    serial = 0;
}

void Presubmission::wipe() {
    form.wipe();
    for (auto& m : materials)
        for (auto& p : m.pages) p.wipe();
    materials.clear();
    for (auto* s : {&receiptNo, &failure})
        if (!s->empty()) sodium_memzero(s->data(), s->size());
    *this = Presubmission{};
}

void SubmissionRequest::wipe() {
    auto& s = submission;
    for (auto* t : {&s.applicantName, &s.applicantId, &s.phone})
        if (!t->empty()) sodium_memzero(t->data(), t->size());
    for (auto& f : s.fields)
        if (!f.value.empty()) sodium_memzero(f.value.data(), f.value.size());
    for (auto& list : pages)
        for (auto& p : list) p.wipe();
    *this = SubmissionRequest{};
}

Result<ReceiptSigner> loadOrCreateReceiptSigner(const std::string& path, const std::string& kioskId) {
    ReceiptSigner s;
    s.kioskId = kioskId;
    s.keyId = protocol::receiptKeyId(kioskId);
    if (s.keyId.empty()) return Error{"the terminal id " + kioskId + " cannot name a receipt key"};
    // The same key form as kioskctl keygen's: an Ed25519 pair in base64 (bundle_signing).
    if (auto text = readFile(path)) {
        const auto j = nlohmann::json::parse(*text, nullptr, false);
        const auto field = [&](const char* key) { return j.is_object() && j[key].is_string() ? j[key].get<std::string>() : ""; };
        auto secret = decodeSecretKey(field("secret_key"));
        auto pub = decodePublicKey(field("public_key"));
        PublicKey derived{};
        if (secret) crypto_sign_ed25519_sk_to_pk(derived.data(), secret->data());
        if (field("key_id") != s.keyId || !secret || !pub || *pub != derived)
            return Error{path + " is not this terminal's receipt key; move it away to make a new one"};
        s.secret = *secret;
        s.publicKey = field("public_key");
        sodium_memzero(secret->data(), secret->size());
        return s;
    }
    KeyPair pair = generateKeyPair();
    const auto st = writePrivateFile(
        path, nlohmann::json{{"key_id", s.keyId}, {"secret_key", pair.secretKey}, {"public_key", pair.publicKey}}.dump());
    auto secret = decodeSecretKey(pair.secretKey);
    sodium_memzero(pair.secretKey.data(), pair.secretKey.size());
    if (!st) return Error{st.error()};
    s.secret = *secret;
    s.publicKey = pair.publicKey;
    return s;
}

std::string receiptCode(const ReceiptSigner& signer, const std::string& receiptNo) {
    return makeScanCode('C', receiptNo, signer.keyId, signer.secret);
}

Result<protocol::Submission> queueSubmission(Store& store, const OutboxKey& key, const ReceiptSigner& signer,
                                             const SubmissionRequest& request, int64_t nowS) {
    protocol::Submission queued = request.submission;
    queued.receiptKey = signer.publicKey;
    queued.submittedAt = nowS;
    auto first = store.enqueueOutboxAll(
        [&](int64_t firstSeq) {
            queued.receiptNo = protocol::receiptNumber(signer.kioskId, firstSeq);
            std::vector<Store::OutboxItem> items;
            // The pages first: central has every page of a case when the case itself arrives (seq order).
            for (size_t m = 0; m < request.pages.size(); ++m)
                for (size_t p = 0; p < request.pages[m].size(); ++p) {
                    const auto& jpeg = request.pages[m][p].jpeg;
                    items.push_back({protocol::kPageEvent, nowS,
                                     protocol::pageToJson({queued.receiptNo, static_cast<int>(m), static_cast<int>(p) + 1,
                                                           std::string(jpeg.begin(), jpeg.end())})});
                }
            items.push_back({protocol::kSubmittedEvent, nowS, protocol::submissionToJson(queued)});
            return items;
        },
        key);
    if (!first) return Error{first.error()};
    return queued;
}

}  // namespace ow::core
