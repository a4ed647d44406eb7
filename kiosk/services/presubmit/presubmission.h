// Pre-submission (自助申报) at the terminal: the form as typed, the pages captured for each material, the
// completeness verdict and signature, and writing all of it to the outbox at once, before the screen says
// "submitted" (DESIGN.md "Storage on the terminal").
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "kiosk/services/presubmit/completeness.h"
#include "kiosk/form_entry.h"
#include "kiosk/protocol/submission.h"
#include "kiosk/result.h"
#include "kiosk/session.h"
#include "kiosk/signature.h"
#include "kiosk/store.h"

namespace ow::core {

/** A page from the document camera, as sent: a grey JPEG. It shows a person's papers, so it is wiped. */
struct CapturedPage {
    std::vector<uint8_t> jpeg;
    int width = 0, height = 0;
    uint64_t serial = 0;  // which capture it came from (its thumbnail is made once per page)
    void wipe();
};

/** A pre-submission in progress (part of the session: wiped when it ends). */
struct Presubmission {
    int matter = -1;  // index in the catalogue
    FormEntry form;   // one value per form field
    struct Material {
        std::vector<CapturedPage> pages;
        bool missing = false;  // the person said they did not bring it
    };
    std::vector<Material> materials;
    bool capturing = false;  // a page is being taken
    uint64_t captureTicket = 0;
    Completeness verdict;
    Signature signature;
    // Once saved: the receipt number, and whether central could be reached at that moment.
    std::string receiptNo, failure;
    bool queuedOffline = false;
    void wipe();
};

/** What main saves when the person submits (the core has no store): the submission and every page. */
struct SubmissionRequest {
    protocol::Submission submission;               // receipt number and key are filled in when it is queued
    std::vector<std::vector<CapturedPage>> pages;  // per material, in the submission's order
    void wipe();
};

/** The terminal's own key for the QR codes on its receipts (Ed25519), made once and kept 0600. */
struct ReceiptSigner {
    std::string kioskId, keyId, publicKey;  // publicKey: base64
    std::array<unsigned char, 64> secret{};
};
/** Reads the key file, or makes a new key and writes it (mode 0600 from creation). */
Result<ReceiptSigner> loadOrCreateReceiptSigner(const std::string& path, const std::string& kioskId);
/** The receipt's QR payload: OW1.C.<receipt no>.<key id>.<signature>. */
std::string receiptCode(const ReceiptSigner& signer, const std::string& receiptNo);

/**
 * Writes the pages (case.material) and then the submission (case.submitted) to the outbox in one transaction,
 * with a receipt number made from the first event's seq. Returns the submission as queued.
 */
Result<protocol::Submission> queueSubmission(Store& store, const OutboxKey& key, const ReceiptSigner& signer,
                                             const SubmissionRequest& request, int64_t nowS);

}  // namespace ow::core
