// A pre-submission (自助申报) as the terminal sends it to central: the case.submitted event that opens a case
// in "received", and the case.material events that carry each captured page. Both sides read it with the same
// checks, so what central stores is what the terminal meant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ow::protocol {

/** One material of the matter as submitted: how many pages were captured, or that the person did not have it. */
struct SubmittedMaterial {
    std::string name;
    bool key = false;
    int pages = 0;
    bool missing = false;
};

/** One form field as typed (a choice as the text of what was picked). */
struct SubmittedField {
    std::string key, label, value;
};

/** The case.submitted event's payload. */
struct Submission {
    std::string receiptNo;  // the terminal's receipt number (validReceiptNo)
    std::string matterCode, matterName, department;
    bool instant = false;
    int promisedDays = 0;
    std::string applicantName, applicantId, phone;
    std::vector<SubmittedField> fields;
    std::vector<SubmittedMaterial> materials;
    /** Tolerance acceptance (容缺受理): the applicant signed the commitment to bring the missing non-key ones. */
    bool tolerance = false;
    std::string supplementBy;  // YYYY-MM-DD, with tolerance
    int64_t submittedAt = 0;   // Unix seconds, the terminal's clock
    /** The Ed25519 public key (base64) the receipt's QR code is signed with: central verifies a
        scanned receipt against the key that came with the case through the terminal's signed channel. */
    std::string receiptKey;
};

/** The case.material event's payload: one captured page, a JPEG. */
struct MaterialPage {
    std::string receiptNo;
    int material = 0, page = 0;  // material index in the submission, page from 1
    std::string jpeg;            // the bytes
};

/** YS-<16 hex of the terminal's id, upper case>-<6 or more digits>: made by the terminal, unique in the fleet. */
bool validReceiptNo(std::string_view no);
/** The receipt number of a terminal ("k-" and 16 hex) for a sequence number. */
std::string receiptNumber(std::string_view kioskId, int64_t n);
/** The key id a terminal signs its receipts' codes with: the 16 hex of its id (lower case). */
std::string receiptKeyId(std::string_view kioskId);
/** The key id that signs the code of a receipt number (of validReceiptNo form): its terminal's. */
std::string receiptKeyIdOf(std::string_view receiptNo);

/** The events' types on the wire. */
constexpr const char* kSubmittedEvent = "case.submitted";
constexpr const char* kPageEvent = "case.material";

constexpr size_t kMaxPageBytes = 600 * 1024;  // one page's JPEG; a batch of events stays under central's 1 MiB
constexpr int kMaxPagesPerMaterial = 4;

std::string submissionToJson(const Submission& s);
/** Parses and checks every field; the error names the field and what is wrong. */
std::optional<Submission> submissionFromJson(std::string_view json, std::string* why);
std::string pageToJson(const MaterialPage& p);
std::optional<MaterialPage> pageFromJson(std::string_view json, std::string* why);

}  // namespace ow::protocol
