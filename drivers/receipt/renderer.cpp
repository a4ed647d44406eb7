// Renders an ESC/POS byte stream onto simulated paper.
#define ZX_USE_UTF8
#include "drivers/receipt/renderer.h"

#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <ft2build.h>
#include <stb/stb_image_write.h>
#include FT_FREETYPE_H

#include <algorithm>

#include "drivers/receipt/protocol.h"
#include "kiosk/utf8.h"

namespace ow::drivers::receipt {

namespace {
constexpr int kCell = 24;        // Font A: 12×24 dots for ASCII, 24×24 for Chinese
constexpr int kLineSpacing = 6;  // dots between lines
}  // namespace

core::Result<std::unique_ptr<Renderer>> Renderer::create(const std::string& fontPath, int fontIndex) {
    std::unique_ptr<Renderer> r(new Renderer());
    if (FT_Init_FreeType(&r->ft_)) return core::Error{"FreeType could not start"};
    if (FT_New_Face(r->ft_, fontPath.c_str(), fontIndex, &r->face_)) return core::Error{"cannot read font " + fontPath};
    FT_Select_Charmap(r->face_, FT_ENCODING_UNICODE);
    return r;
}

Renderer::~Renderer() {
    if (face_) FT_Done_Face(face_);
    if (ft_) FT_Done_FreeType(ft_);
}

void Renderer::reset() {
    align_ = 0, widthScale_ = heightScale_ = 1, bold_ = false;
}

void Renderer::ensureHeight(int h) {
    if (h <= page_.height) return;
    page_.grey.resize(static_cast<size_t>(page_.width) * h, 255);
    page_.height = h;
}

void Renderer::advance(int dots) {
    y_ += dots;
    ensureHeight(y_);
}

void Renderer::drawText(const std::string& utf8, int x, int top, int height) {
    std::vector<char32_t> cps;
    core::decodeUtf8(utf8, cps);
    FT_Set_Pixel_Sizes(face_, static_cast<FT_UInt>(22 * widthScale_), static_cast<FT_UInt>(22 * heightScale_));
    const int baseline = top + height * 5 / 6;  // ascent of the face at this size, near enough for a cell
    for (char32_t c : cps) {
        const int cellW = (c < 0x80 ? kCell / 2 : kCell) * widthScale_;
        if (c != U' ' && FT_Load_Char(face_, c, FT_LOAD_RENDER) == 0) {
            const FT_Bitmap& bm = face_->glyph->bitmap;
            const int gx = x + face_->glyph->bitmap_left + (c < 0x80 ? 0 : 1), gy = baseline - face_->glyph->bitmap_top;
            for (unsigned row = 0; row < bm.rows; ++row)
                for (unsigned col = 0; col < bm.width; ++col) {
                    const int px = gx + static_cast<int>(col), py = gy + static_cast<int>(row);
                    if (px < 0 || px >= page_.width || py < 0 || py >= page_.height) continue;
                    const uint8_t ink = bm.buffer[row * bm.pitch + col];
                    for (int b = 0; b <= (bold_ ? 1 : 0) && px + b < page_.width; ++b) {
                        uint8_t& dst = page_.grey[static_cast<size_t>(py) * page_.width + px + b];
                        dst = std::min<uint8_t>(dst, static_cast<uint8_t>(255 - ink));
                    }
                }
        }
        x += cellW;
    }
}

void Renderer::printLine() {
    const std::string text = fromGb18030(line_);
    line_.clear();
    const int height = kCell * heightScale_;
    if (text.empty()) {
        advance(height + kLineSpacing);
        return;
    }
    std::vector<char32_t> cps;
    core::decodeUtf8(text, cps);
    // Like the printer, a line wider than the print area continues on the next one (automatic wrap).
    size_t from = 0;
    while (from < cps.size()) {
        int width = 0;
        size_t to = from;
        while (to < cps.size()) {
            const int w = (cps[to] < 0x80 ? kCell / 2 : kCell) * widthScale_;
            if (width + w > page_.width && to > from) break;
            width += w;
            ++to;
        }
        std::string part;
        for (size_t i = from; i < to; ++i) core::appendUtf8(part, cps[i]);
        const int x = align_ == 0 ? 0 : align_ == 1 ? std::max(0, (page_.width - width) / 2) : std::max(0, page_.width - width);
        ensureHeight(y_ + height + kLineSpacing);
        drawText(part, x, y_, height);
        page_.lines.push_back(part);
        advance(height + kLineSpacing);
        from = to;
    }
}

void Renderer::printQr() {
    const auto ecc = qrEcc_ == 'L' ? 1 : qrEcc_ == 'Q' ? 6 : qrEcc_ == 'H' ? 8 : 4;
    const ZXing::BitMatrix m = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode).setEccLevel(ecc).setMargin(0)
                                   .encode(qrData_, 0, 0);
    const int size = m.width() * qrModule_;
    const int x0 = align_ == 0 ? 0 : align_ == 1 ? (page_.width - size) / 2 : page_.width - size;
    ensureHeight(y_ + size + kLineSpacing);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x)
            if (m.get(x / qrModule_, y / qrModule_) && x0 + x >= 0 && x0 + x < page_.width)
                page_.grey[static_cast<size_t>(y_ + y) * page_.width + x0 + x] = 0;
    page_.qrs.push_back(qrData_);
    advance(size + kLineSpacing);
}

size_t Renderer::step(const uint8_t* b, size_t n) {
    auto need = [&](size_t k) { return n >= k; };
    const uint8_t c = b[0];
    if (c == 0x0A) {
        if (printing_) printLine();
        return 1;
    }
    if (c == 0x10) {  // DLE EOT n: real-time status; DLE ENQ n: recover (n = 1 also clears the buffers)
        if (!need(3)) return 0;
        if (b[1] == 0x04 && onRealtime) onRealtime(0x04, b[2]);
        if (b[1] == 0x05 && b[2] == 0x01) line_.clear();
        return 3;
    }
    if (c == 0x1B) {
        if (!need(2)) return 0;
        switch (b[1]) {
            case '@': reset(); return 2;
            case 'a': if (!need(3)) return 0; align_ = std::min<int>(b[2] % 48, 2); return 3;
            case 'E': if (!need(3)) return 0; bold_ = b[2] & 1; return 3;
            case 'd':
                if (!need(3)) return 0;
                if (printing_) {
                    if (!line_.empty()) printLine();
                    advance(b[2] * (kCell + kLineSpacing));
                }
                return 3;
            default: return 2;  // an ESC command this printer ignores
        }
    }
    if (c == 0x1C) {
        if (!need(2)) return 0;
        return 2;  // FS & / FS .: Chinese mode (text is GB18030 either way here)
    }
    if (c == 0x1D) {
        if (!need(2)) return 0;
        switch (b[1]) {
            case '!':
                if (!need(3)) return 0;
                widthScale_ = ((b[2] >> 4) & 7) + 1, heightScale_ = (b[2] & 7) + 1;
                return 3;
            case 'a':
                if (!need(3)) return 0;
                if (onRealtime) onRealtime(0x61, b[2]);
                return 3;
            case 'V': {
                if (!need(3)) return 0;
                const bool withN = b[2] == 65 || b[2] == 66;
                if (withN && !need(4)) return 0;
                if (printing_) {
                    if (!line_.empty()) printLine();
                    pages_.push_back(std::move(page_));
                    page_ = Page{};
                    y_ = 0;
                }
                return withN ? 4 : 3;
            }
            case '(': {
                if (!need(5) || b[2] != 'k') return need(5) ? 3 : 0;
                const size_t len = b[3] | (b[4] << 8);
                if (!need(5 + len)) return 0;
                if (len >= 2 && b[5] == 0x31) {
                    const uint8_t fn = b[6];
                    if (fn == 0x43 && len >= 3) qrModule_ = std::clamp<int>(b[7], 1, 16);
                    if (fn == 0x45 && len >= 3) qrEcc_ = "LMQH"[std::clamp<int>(b[7] - 48, 0, 3)];
                    if (fn == 0x50 && len >= 3) qrData_.assign(reinterpret_cast<const char*>(b + 8), len - 3);
                    if (fn == 0x51 && printing_ && !qrData_.empty()) {
                        if (!line_.empty()) printLine();
                        printQr();
                    }
                }
                return 5 + len;
            }
            case 'v': {
                if (!need(8) || b[2] != '0') return need(8) ? 3 : 0;
                const int rowBytes = b[4] | (b[5] << 8), rows = b[6] | (b[7] << 8);
                const size_t len = static_cast<size_t>(rowBytes) * rows;
                if (!need(8 + len)) return 0;
                if (printing_) {
                    if (!line_.empty()) printLine();
                    ensureHeight(y_ + rows);
                    const int x0 = align_ == 1 ? (page_.width - rowBytes * 8) / 2 : align_ == 2 ? page_.width - rowBytes * 8 : 0;
                    for (int y = 0; y < rows; ++y)
                        for (int x = 0; x < rowBytes * 8; ++x)
                            if ((b[8 + y * rowBytes + x / 8] >> (7 - x % 8)) & 1 && x0 + x >= 0 && x0 + x < page_.width)
                                page_.grey[static_cast<size_t>(y_ + y) * page_.width + x0 + x] = 0;
                    advance(rows);
                }
                return 8 + len;
            }
            default: return 2;
        }
    }
    if (printing_ && c >= 0x20) line_ += static_cast<char>(c);
    return 1;
}

void Renderer::feed(const uint8_t* bytes, size_t size) {
    pending_.insert(pending_.end(), bytes, bytes + size);
    size_t at = 0;
    while (at < pending_.size()) {
        const size_t used = step(pending_.data() + at, pending_.size() - at);
        if (used == 0) break;
        at += used;
    }
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<long>(at));
}

bool Renderer::savePng(const Page& page, const std::string& path) {
    if (page.height == 0) return false;
    return stbi_write_png(path.c_str(), page.width, page.height, 1, page.grey.data(), page.width) != 0;
}

core::Result<Page> renderDocumentPng(const core::Document& doc, const std::string& fontPath, int fontIndex,
                                     const std::string& pngPath) {
    auto renderer = Renderer::create(fontPath, fontIndex);
    if (!renderer) return core::Error{renderer.error()};
    const auto bytes = renderDocument(doc);
    (*renderer)->feed(bytes.data(), bytes.size());
    const auto& pages = (*renderer)->pages();
    if (pages.empty() || !Renderer::savePng(pages.front(), pngPath)) return core::Error{"cannot write " + pngPath};
    return pages.front();
}

}  // namespace ow::drivers::receipt
