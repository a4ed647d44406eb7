// ESC/POS bytes as the Epson/GB standards give them, and the printer's status bytes.
#include "drivers/receipt/protocol.h"

#include <gtest/gtest.h>

using namespace ow::drivers::receipt;
using Bytes = std::vector<uint8_t>;

TEST(EscPos, QrFunctionsFollowGsParenK) {
    EscPos p;
    p.qr("AB", 6, 'M');
    EXPECT_EQ(p.bytes(), (Bytes{0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00,   // 165 model 2
                                0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, 0x06,         // 167 module 6
                                0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 0x31,         // 169 level M
                                0x1D, 0x28, 0x6B, 0x05, 0x00, 0x31, 0x50, 0x30, 'A', 'B',  // 180 store
                                0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30}));     // 181 print
}

TEST(EscPos, ChineseTextIsGb18030IncludingRareCharacters) {
    EscPos p;
    p.chinese(true).text("中䶮").cut();
    // 中 is D6 D0; U+4DAE 䶮 is FE 9F in GB18030-2005 (a two-byte code, not the four-byte range).
    EXPECT_EQ(p.bytes(), (Bytes{0x1C, 0x26, 0xD6, 0xD0, 0xFE, 0x9F, 0x1D, 0x56, 0x42, 0x00}));
    EXPECT_TRUE(p.lossless());
    EXPECT_EQ(fromGb18030("\xD6\xD0\xFE\x9F"), "中䶮");
}

TEST(EscPos, SizeAlignBoldFeedAndRaster) {
    EscPos p;
    p.size(2, 3).align(1).bold(true).feed(4).raster({0xF0, 0x0F}, 16, 1);
    EXPECT_EQ(p.bytes(), (Bytes{0x1D, 0x21, 0x12, 0x1B, 0x61, 0x01, 0x1B, 0x45, 0x01, 0x1B, 0x64, 0x04, 0x1D, 0x76,
                                0x30, 0x00, 0x02, 0x00, 0x01, 0x00, 0xF0, 0x0F}));
}

TEST(PrinterStatus, DleEotAnswers) {
    PrinterStatus s;
    std::string error;
    ASSERT_TRUE(applyStatusByte(4, 0x12, s, error));
    EXPECT_TRUE(s.ready());
    ASSERT_TRUE(applyStatusByte(4, 0x1E, s, error));  // near end
    EXPECT_TRUE(s.paperNearEnd);
    EXPECT_FALSE(s.paperOut);
    ASSERT_TRUE(applyStatusByte(4, 0x7E, s, error));  // paper end
    EXPECT_TRUE(s.paperOut);
    EXPECT_FALSE(s.ready());
    PrinterStatus c;
    ASSERT_TRUE(applyStatusByte(2, 0x16, c, error));  // cover open
    EXPECT_TRUE(c.coverOpen);
    ASSERT_TRUE(applyStatusByte(3, 0x1A, c, error));  // autocutter error
    EXPECT_TRUE(c.cutterError);
    EXPECT_FALSE(applyStatusByte(1, 0x00, c, error));
    EXPECT_EQ(error, "0x00 is not an answer to DLE EOT 1 (fixed bits wrong)");
}

TEST(PrinterStatus, AutomaticStatusBack) {
    const uint8_t ok[] = {0x10, 0x00, 0x00, 0x00}, paperEnd[] = {0x30, 0x00, 0x0C, 0x00}, bad[] = {0x12, 0, 0, 0};
    PrinterStatus s;
    std::string error;
    ASSERT_TRUE(parseAutoStatus(ok, s, error));
    EXPECT_TRUE(s.ready());
    ASSERT_TRUE(parseAutoStatus(paperEnd, s, error));
    EXPECT_TRUE(s.paperOut);
    EXPECT_TRUE(s.coverOpen);
    EXPECT_FALSE(parseAutoStatus(bad, s, error));
    EXPECT_EQ(enableAutoStatus(0x0F), (Bytes{0x1D, 0x61, 0x0F}));
}

// A status query between chunks never lands inside an image's or a QR code's data.
TEST(EscPosProtocol, ChunksEndOutsideImageAndSymbolData) {
    ow::core::Document d;
    ow::core::DocBlock text;
    text.text = "容缺受理承诺书";
    d.blocks.push_back(text);
    ow::core::DocBlock image;
    image.kind = ow::core::DocBlock::Kind::image;
    image.width = 384;
    image.height = 128;
    image.bits.assign(48 * 128, 0x10);  // data full of DLE bytes
    d.blocks.push_back(image);
    ow::core::DocBlock qr;
    qr.kind = ow::core::DocBlock::Kind::qr;
    qr.text = std::string(300, 'A');
    d.blocks.push_back(qr);
    const auto bytes = renderDocument(d);
    // Where the counted blocks are, found independently: GS v 0 header and GS ( k store header.
    std::vector<std::pair<size_t, size_t>> inside;
    for (size_t i = 0; i + 8 < bytes.size(); ++i) {
        if (bytes[i] == 0x1D && bytes[i + 1] == 0x76 && bytes[i + 2] == 0x30) {
            inside.push_back({i + 1, i + 8 + 48 * 128});
            i += 8 + 48 * 128 - 1;
        } else if (bytes[i] == 0x1D && bytes[i + 1] == 0x28 && bytes[i + 2] == 0x6B) {
            const size_t len = bytes[i + 3] | (bytes[i + 4] << 8);
            inside.push_back({i + 1, i + 5 + len});
            i += 5 + len - 1;
        }
    }
    ASSERT_GE(inside.size(), 2u);
    size_t chunks = 0;
    for (size_t at = 0, next; at < bytes.size(); at = next, ++chunks) {
        next = safeChunkEnd(bytes, at + 256);
        ASSERT_GT(next, at);
        for (const auto& [from, to] : inside) EXPECT_FALSE(next >= from && next < to) << "a chunk ends at " << next;
    }
    EXPECT_GT(chunks, 2u);
}
