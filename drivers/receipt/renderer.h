// Renders an ESC/POS byte stream the way an 80 mm printer would put it on paper, into grey page images:
// the receipt simulator's paper, and kiosk-diag render-receipt.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/document.h"
#include "kiosk/result.h"

struct FT_FaceRec_;
struct FT_LibraryRec_;

namespace ow::drivers::receipt {

/** One cut piece of paper. */
struct Page {
    int width = 576;
    int height = 0;
    std::vector<uint8_t> grey;       // width × height, 255 white
    std::vector<std::string> lines;  // text printed, as UTF-8, one entry per printed line
    std::vector<std::string> qrs;    // QR payloads printed
};

class Renderer {
public:
    /** fontPath/index: a CJK face (Noto Sans CJK) for text. */
    static core::Result<std::unique_ptr<Renderer>> create(const std::string& fontPath, int fontIndex);
    ~Renderer();

    /** Real-time commands (DLE EOT n, GS a n) are handed to this as they are met, in order. */
    std::function<void(uint8_t command, uint8_t n)> onRealtime;

    /** Consumes bytes; commands split across calls are completed by the next call. */
    void feed(const uint8_t* bytes, size_t size);
    /** Whether printing happens: false (paper out, cover open) drops print data but still answers queries. */
    void setPrinting(bool on) { printing_ = on; }

    const std::vector<Page>& pages() const { return pages_; }
    /** Hands over the pages cut so far and forgets them (a printer's paper leaves it). */
    std::vector<Page> takePages() { return std::exchange(pages_, {}); }
    /** The paper printed since the last cut (not yet a page). */
    const Page& current() const { return page_; }

    static bool savePng(const Page& page, const std::string& path);

private:
    Renderer() = default;
    size_t step(const uint8_t* b, size_t n);  // one command or text byte; 0 = incomplete
    void printLine();
    void drawText(const std::string& utf8, int x, int top, int height);
    void advance(int dots);
    void ensureHeight(int h);
    void printQr();
    void reset();

    FT_LibraryRec_* ft_ = nullptr;
    FT_FaceRec_* face_ = nullptr;
    std::vector<uint8_t> pending_;
    std::string line_;  // GB18030 bytes waiting for LF
    Page page_;
    std::vector<Page> pages_;
    int y_ = 0;
    int align_ = 0, widthScale_ = 1, heightScale_ = 1;
    bool bold_ = false, printing_ = true;
    std::string qrData_;
    int qrModule_ = 3;
    char qrEcc_ = 'M';
};

/**
 * A document put through the ESC/POS builder onto simulated paper, saved as a PNG (kiosk-diag render-receipt;
 * the page the simulated document camera sees). Returns the paper's first cut piece.
 */
core::Result<Page> renderDocumentPng(const core::Document& doc, const std::string& fontPath, int fontIndex,
                                     const std::string& pngPath);

}  // namespace ow::drivers::receipt
