// ESC/POS for 80 mm receipt printers.
#include "drivers/receipt/protocol.h"

#include <iconv.h>

#include <algorithm>
#include <cstdio>

namespace ow::drivers::receipt {

namespace {

std::string convert(const char* to, const char* from, std::string_view in, bool& lossless) {
    lossless = true;
    iconv_t cd = iconv_open(to, from);
    if (cd == reinterpret_cast<iconv_t>(-1)) {
        lossless = false;
        return std::string(in);
    }
    std::string out;
    char* src = const_cast<char*>(in.data());
    size_t left = in.size();
    std::vector<char> buf(in.size() * 4 + 16);
    while (left > 0) {
        char* dst = buf.data();
        size_t room = buf.size();
        const size_t r = iconv(cd, &src, &left, &dst, &room);
        out.append(buf.data(), static_cast<size_t>(dst - buf.data()));
        if (r == static_cast<size_t>(-1)) {
            if (errno == E2BIG) continue;
            // An invalid or unencodable sequence: one '?' for it, then on to the next character.
            lossless = false;
            out += '?';
            ++src, --left;
            while (left > 0 && (static_cast<unsigned char>(*src) & 0xC0) == 0x80) ++src, --left;
        }
    }
    iconv_close(cd);
    return out;
}

}  // namespace

std::string toGb18030(std::string_view utf8, bool& lossless) { return convert("GB18030", "UTF-8", utf8, lossless); }

std::string fromGb18030(std::string_view gb) {
    bool lossless;
    return convert("UTF-8", "GB18030", gb, lossless);
}

void EscPos::put(std::initializer_list<uint8_t> bytes) {
    // One byte at a time: GCC 12 warns wrongly (stringop-overflow) on inserting a list into an empty vector.
    for (uint8_t b : bytes) out_.push_back(b);
}

EscPos& EscPos::init() {
    put({0x1B, 0x40});
    return *this;
}
EscPos& EscPos::chinese(bool on) {
    put({0x1C, static_cast<uint8_t>(on ? 0x26 : 0x2E)});
    return *this;
}
EscPos& EscPos::align(int where) {
    put({0x1B, 0x61, static_cast<uint8_t>(std::clamp(where, 0, 2))});
    return *this;
}
EscPos& EscPos::bold(bool on) {
    put({0x1B, 0x45, static_cast<uint8_t>(on ? 1 : 0)});
    return *this;
}
EscPos& EscPos::size(int width, int height) {
    const int w = std::clamp(width, 1, 8) - 1, h = std::clamp(height, 1, 8) - 1;
    put({0x1D, 0x21, static_cast<uint8_t>((w << 4) | h)});
    return *this;
}
EscPos& EscPos::text(std::string_view utf8) {
    bool ok = true;
    const std::string gb = toGb18030(utf8, ok);
    lossless_ = lossless_ && ok;
    for (char c : gb)
        if (c != '\n' && c != '\r') out_.push_back(static_cast<uint8_t>(c));
    return *this;
}
EscPos& EscPos::newline() {
    out_.push_back(0x0A);
    return *this;
}
EscPos& EscPos::feed(int lines) {
    put({0x1B, 0x64, static_cast<uint8_t>(std::clamp(lines, 0, 255))});
    return *this;
}
EscPos& EscPos::qr(std::string_view data, int moduleDots, char ecc) {
    auto fn = [&](uint8_t f, std::initializer_list<uint8_t> params) {
        const size_t len = params.size() + 2;
        put({0x1D, 0x28, 0x6B, static_cast<uint8_t>(len & 0xFF), static_cast<uint8_t>(len >> 8),
                                 0x31, f});
        put(params);
    };
    fn(0x41, {0x32, 0x00});                                             // 165: model 2
    fn(0x43, {static_cast<uint8_t>(std::clamp(moduleDots, 1, 16))});  // 167: module size in dots
    const uint8_t level = ecc == 'L' ? 48 : ecc == 'Q' ? 50 : ecc == 'H' ? 51 : 49;
    fn(0x45, {level});                                                  // 169: error correction
    const size_t len = data.size() + 3;                                 // 180: store the data
    put({0x1D, 0x28, 0x6B, static_cast<uint8_t>(len & 0xFF), static_cast<uint8_t>(len >> 8),
                             0x31, 0x50, 0x30});
    out_.insert(out_.end(), data.begin(), data.end());
    fn(0x51, {0x30});                                                   // 181: print it
    return *this;
}
EscPos& EscPos::raster(const std::vector<uint8_t>& bits, int width, int height) {
    const int rowBytes = (width + 7) / 8;
    put({0x1D, 0x76, 0x30, 0x00, static_cast<uint8_t>(rowBytes & 0xFF),
                             static_cast<uint8_t>(rowBytes >> 8), static_cast<uint8_t>(height & 0xFF),
                             static_cast<uint8_t>(height >> 8)});
    out_.insert(out_.end(), bits.begin(), bits.begin() + std::min<long>(static_cast<long>(bits.size()),
                                                                     static_cast<long>(rowBytes) * height));
    return *this;
}
EscPos& EscPos::cut() {
    put({0x1D, 0x56, 0x42, 0x00});
    return *this;
}

size_t safeChunkEnd(const std::vector<uint8_t>& bytes, size_t want) {
    const size_t n = bytes.size();
    if (want >= n) return n;
    // Walk whole commands and text: a chunk may end after a command (its parameters and counted data included)
    // or after a line feed — never inside a command, nor inside a two- or four-byte character of a text line.
    for (size_t i = 0; i < n;) {
        size_t end = i + 1;
        bool boundary = false;
        const uint8_t b = bytes[i], next = i + 1 < n ? bytes[i + 1] : 0;
        if (b == 0x1D && next == 0x76 && i + 7 < n) {  // GS v 0 m xL xH yL yH data
            end = i + 8 + static_cast<size_t>(bytes[i + 4] | (bytes[i + 5] << 8)) * static_cast<size_t>(bytes[i + 6] | (bytes[i + 7] << 8));
            boundary = true;
        } else if (b == 0x1D && next == 0x28 && i + 4 < n && bytes[i + 2] == 0x6B) {  // GS ( k pL pH data
            end = i + 5 + static_cast<size_t>(bytes[i + 3] | (bytes[i + 4] << 8));
            boundary = true;
        } else if (b == 0x1B || b == 0x1C || b == 0x1D) {
            // ESC @ and FS & / FS . take no parameter; GS V m n two; the others this builder sends one.
            end = i + (b == 0x1C || (b == 0x1B && next == 0x40) ? 2 : b == 0x1D && next == 0x56 ? 4 : 3);
            boundary = true;
        } else if (b == 0x0A) {
            boundary = true;
        }
        if (boundary && end >= want) return std::min(end, n);
        i = end;
    }
    return n;
}

std::vector<uint8_t> renderDocument(const core::Document& doc) {
    using K = core::DocBlock::Kind;
    EscPos p;
    p.init().chinese(true);
    for (const auto& b : doc.blocks) {
        p.align(static_cast<int>(b.align)).bold(b.bold);
        switch (b.kind) {
            case K::title: p.size(2, 2).text(b.text).newline().size(1, 1); break;
            case K::text: p.text(b.text).newline(); break;
            case K::field: p.text(b.text + "：" + b.value).newline(); break;
            case K::qr: p.qr(b.text).newline(); break;
            case K::rule: p.text(std::string(48, '-')).newline(); break;
            case K::feed: p.feed(b.lines); break;
            case K::image: p.raster(b.bits, b.width, b.height).newline(); break;
        }
    }
    p.bold(false).align(0).feed(3).cut();
    return p.bytes();
}

std::vector<uint8_t> statusQuery(int n) { return {0x10, 0x04, static_cast<uint8_t>(n)}; }

bool applyStatusByte(int n, uint8_t b, PrinterStatus& s, std::string& error) {
    // Every DLE EOT answer has bits 1 and 4 set and bits 0 and 7 clear.
    if ((b & 0x93) != 0x12) {
        char buf[80];
        std::snprintf(buf, sizeof buf, "0x%02X is not an answer to DLE EOT %d (fixed bits wrong)", b, n);
        error = buf;
        return false;
    }
    switch (n) {
        case 1: s.offline = b & 0x08; break;
        case 2:
            s.coverOpen = b & 0x04;
            s.paperOut = s.paperOut || (b & 0x20);
            break;
        case 3:
            s.cutterError = b & 0x08;
            s.unrecoverable = (b & 0x20) || (b & 0x04);
            s.autoRecoverable = b & 0x40;
            break;
        case 4:
            s.paperNearEnd = (b & 0x0C) == 0x0C;
            s.paperOut = (b & 0x60) == 0x60;
            break;
        default: error = "DLE EOT " + std::to_string(n) + " is not a status query"; return false;
    }
    return true;
}

std::vector<uint8_t> enableAutoStatus(uint8_t mask) { return {0x1D, 0x61, mask}; }

bool parseAutoStatus(const uint8_t* f, PrinterStatus& s, std::string& error) {
    if ((f[0] & 0x93) != 0x10 || (f[1] & 0x90) != 0 || (f[2] & 0x90) != 0 || (f[3] & 0x90) != 0) {
        char buf[96];
        std::snprintf(buf, sizeof buf, "%02X %02X %02X %02X is not an automatic status block", f[0], f[1], f[2], f[3]);
        error = buf;
        return false;
    }
    s.offline = f[0] & 0x08;
    s.coverOpen = f[0] & 0x20;
    s.cutterError = f[1] & 0x08;
    s.unrecoverable = (f[1] & 0x20) || (f[1] & 0x04);
    s.autoRecoverable = f[1] & 0x40;
    s.paperNearEnd = f[2] & 0x03;
    s.paperOut = f[2] & 0x0C;
    return true;
}

}  // namespace ow::drivers::receipt
