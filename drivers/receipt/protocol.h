// ESC/POS for 80 mm receipt printers: a command builder (GB18030 text, sizes, QR, raster, cut), documents
// to bytes, and the status bytes printers answer (DLE EOT, automatic status back). No I/O.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/document.h"

namespace ow::drivers::receipt {

constexpr int kDotsPerLine = 576;  // 72 mm printable at 203 dpi

/** Encodes UTF-8 as GB18030 (iconv); characters GB18030 cannot hold become '?' and `lossless` turns false. */
std::string toGb18030(std::string_view utf8, bool& lossless);
std::string fromGb18030(std::string_view gb);

/** Builds a command stream. */
class EscPos {
public:
    EscPos& init();                       // ESC @
    EscPos& chinese(bool on);             // FS & / FS .
    EscPos& align(int where);             // ESC a n: 0 left, 1 centre, 2 right
    EscPos& bold(bool on);                // ESC E n
    EscPos& size(int width, int height);  // GS ! n, 1..8 each
    EscPos& text(std::string_view utf8);  // GB18030 in Chinese mode
    EscPos& newline();                    // LF
    EscPos& feed(int lines);              // ESC d n
    /** GS ( k: model 2 (fn 165), module size (167), error correction L/M/Q/H (169), store (180), print (181). */
    EscPos& qr(std::string_view data, int moduleDots = 6, char ecc = 'M');
    /** GS v 0: a 1-bit image, rows of (width+7)/8 bytes, MSB first, 1 = black. */
    EscPos& raster(const std::vector<uint8_t>& bits, int width, int height);
    EscPos& cut();                        // GS V 66 0: feed to the cutter and cut
    const std::vector<uint8_t>& bytes() const { return out_; }
    bool lossless() const { return lossless_; }

private:
    void put(std::initializer_list<uint8_t> bytes);
    std::vector<uint8_t> out_;
    bool lossless_ = true;
};

/** A document as ESC/POS: init, Chinese mode, blocks, feed and cut. */
std::vector<uint8_t> renderDocument(const core::Document& doc);

/**
 * The first offset at or after `want` where a status query (DLE EOT) may be slipped between the bytes of a job:
 * after a whole command or a line feed — never inside a command with counted data (GS v 0 raster, GS ( k symbol),
 * where a printer would take the query as part of the image, nor between a command and its parameters, nor
 * inside a character. bytes.size() when the job ends first.
 */
size_t safeChunkEnd(const std::vector<uint8_t>& bytes, size_t want);

/** What a printer says about itself. */
struct PrinterStatus {
    bool offline = false, coverOpen = false, paperNearEnd = false, paperOut = false;
    bool cutterError = false, unrecoverable = false, autoRecoverable = false;
    bool ready() const { return !offline && !coverOpen && !paperOut && !cutterError && !unrecoverable; }
};

/** DLE EOT n (n = 1 printer, 2 offline cause, 3 error cause, 4 paper sensor): a real-time status query. */
std::vector<uint8_t> statusQuery(int n);
/** Applies the one-byte answer to DLE EOT n; false (with the reason) when the byte is not a status byte. */
bool applyStatusByte(int n, uint8_t byte, PrinterStatus& status, std::string& error);
/** GS a n: enable automatic status back for the events in mask (bit 1 online, 2 error, 3 paper, …). */
std::vector<uint8_t> enableAutoStatus(uint8_t mask);
/** Parses a 4-byte automatic status back block. */
bool parseAutoStatus(const uint8_t* four, PrinterStatus& status, std::string& error);

}  // namespace ow::drivers::receipt
