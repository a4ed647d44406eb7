// A4 documents as PDF (cairo + pango, Noto Sans CJK): what the A4 printer is sent through CUPS.
#pragma once

#include <cstdint>
#include <vector>

#include "kiosk/document.h"

namespace ow::drivers::docprinter {

/** Lays the document out on A4 pages; QR codes drawn as vector squares. */
std::vector<uint8_t> renderPdf(const core::Document& doc);

}  // namespace ow::drivers::docprinter
