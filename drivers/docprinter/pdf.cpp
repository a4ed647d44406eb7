// A4 documents as PDF.
#define ZX_USE_UTF8
#include "drivers/docprinter/pdf.h"

#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <string>

namespace ow::drivers::docprinter {

namespace {
constexpr double kWidth = 595.28, kHeight = 841.89, kMargin = 56.0;  // A4 in points, 2 cm margins

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
    auto* out = static_cast<std::vector<uint8_t>*>(closure);
    out->insert(out->end(), data, data + length);
    return CAIRO_STATUS_SUCCESS;
}

// Draws text at y; returns its height.
double drawText(cairo_t* cr, const std::string& text, double y, double size, bool bold, core::DocBlock::Align align) {
    PangoLayout* layout = pango_cairo_create_layout(cr);
    PangoFontDescription* font = pango_font_description_from_string("Noto Sans CJK SC");
    pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout, font);
    pango_layout_set_width(layout, static_cast<int>((kWidth - 2 * kMargin) * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout, align == core::DocBlock::Align::center ? PANGO_ALIGN_CENTER
                                       : align == core::DocBlock::Align::right ? PANGO_ALIGN_RIGHT
                                                                               : PANGO_ALIGN_LEFT);
    pango_layout_set_text(layout, text.c_str(), -1);
    int w = 0, h = 0;
    pango_layout_get_size(layout, &w, &h);
    cairo_move_to(cr, kMargin, y);
    pango_cairo_show_layout(cr, layout);
    pango_font_description_free(font);
    g_object_unref(layout);
    return static_cast<double>(h) / PANGO_SCALE;
}
}  // namespace

std::vector<uint8_t> renderPdf(const core::Document& doc) {
    using K = core::DocBlock::Kind;
    std::vector<uint8_t> out;
    cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append, &out, kWidth, kHeight);
    cairo_t* cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 0, 0, 0);
    double y = kMargin;
    for (const auto& b : doc.blocks) {
        double need = b.kind == K::qr ? 160 : 40;
        if (y + need > kHeight - kMargin) {
            cairo_show_page(cr);
            y = kMargin;
        }
        switch (b.kind) {
            case K::title: y += drawText(cr, b.text, y, 22, true, b.align) + 12; break;
            case K::text: y += drawText(cr, b.text, y, 12, b.bold, b.align) + 6; break;
            case K::field: y += drawText(cr, b.text + "：" + b.value, y, 12, b.bold, b.align) + 6; break;
            case K::rule:
                cairo_set_line_width(cr, 0.8);
                cairo_move_to(cr, kMargin, y + 6);
                cairo_line_to(cr, kWidth - kMargin, y + 6);
                cairo_stroke(cr);
                y += 14;
                break;
            case K::feed: y += 14.0 * b.lines; break;
            case K::image: {
                // Drawn at 72 dpi per dot ÷ 2.5 (a 576-dot receipt-wide signature becomes about 8 cm).
                if (b.width <= 0 || b.height <= 0) break;
                const double scale = 1.0 / 2.5;
                const size_t rowBytes = static_cast<size_t>(b.width + 7) / 8;
                for (int yy = 0; yy < b.height; ++yy)
                    for (int xx = 0; xx < b.width; ++xx) {
                        const size_t at = static_cast<size_t>(yy) * rowBytes + static_cast<size_t>(xx) / 8;
                        if (at < b.bits.size() && (b.bits[at] & (0x80 >> (xx % 8))))
                            cairo_rectangle(cr, kMargin + xx * scale, y + yy * scale, scale, scale);
                    }
                cairo_fill(cr);
                y += b.height * scale + 8;
                break;
            }
            case K::qr: {
                const ZXing::BitMatrix m =
                    ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode).setMargin(0).encode(b.text, 0, 0);
                const double module = 140.0 / m.width();
                const double x0 = b.align == core::DocBlock::Align::left ? kMargin
                                  : b.align == core::DocBlock::Align::right ? kWidth - kMargin - 140
                                                                            : (kWidth - 140) / 2;
                for (int my = 0; my < m.height(); ++my)
                    for (int mx = 0; mx < m.width(); ++mx)
                        if (m.get(mx, my)) cairo_rectangle(cr, x0 + mx * module, y + my * module, module, module);
                cairo_fill(cr);
                y += 150;
                break;
            }
        }
    }
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    cairo_surface_destroy(surface);
    return out;
}

}  // namespace ow::drivers::docprinter
