// Printed documents, laid out once: a list of blocks that the receipt printer (ESC/POS) and the A4 printer
// (PDF) each render in their own way.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/result.h"

namespace ow::core {

/** One block of a printed document. */
struct DocBlock {
    enum class Kind { title, text, field, qr, rule, feed, image };
    Kind kind = Kind::text;
    std::string text;   // title, text, field label, QR payload
    std::string value;  // field value
    enum class Align { left, center, right } align = Align::left;
    bool bold = false;
    int lines = 1;  // feed
    // image: 1-bit rows of (width + 7) / 8 bytes, most significant bit first, 1 = ink (a signature)
    std::vector<uint8_t> bits;
    int width = 0, height = 0;
};

/** A printed document: receipt (收件凭证), one-time notice, queue ticket, … */
struct Document {
    std::string kind;  // "receipt", "notice", "ticket", "test"
    std::vector<DocBlock> blocks;
};

/**
 * The JSON form (kiosk-diag render-receipt, tests):
 * {"kind": "receipt", "blocks": [{"title": "收件凭证"}, {"text": "…", "align": "center", "bold": true},
 *  {"field": "办件编号", "value": "QP…"}, {"qr": "OW1.C.…"}, {"rule": true}, {"feed": 2}]}
 */
Result<Document> parseDocument(std::string_view json);

}  // namespace ow::core
