// The pre-submission's documents on A4, as the PDF (cairo + pango, Noto CJK) a CUPS printer gets: the receipt's
// words read back with pdftotext, its QR read back from the page pdftoppm draws, and the signature's ink on the
// commitment.
#include <gtest/gtest.h>
#include <sodium.h>

#include <fstream>

#include "../../kiosk/demo_commitment.h"
#include "../../kiosk/test_paths.h"
#include "../../support/process.h"
#include "drivers/docprinter/pdf.h"
#include "drivers/scanner/frame_decoder.h"
#include "kiosk/config_boot.h"
#include "kiosk/guide_notice.h"
#include "kiosk/services/presubmit/presubmission.h"

using namespace ow;

namespace {

struct Rendered {
    std::string text;
    std::vector<uint8_t> grey;
    int width = 0, height = 0;
};

// The document as a PDF file, its text, and its first page drawn at 150 dpi.
Rendered render(const core::Document& doc, const test::TempDir& dir, const std::string& name) {
    const auto pdf = drivers::docprinter::renderPdf(doc);
    const std::string path = dir.file(name + ".pdf");
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(pdf.data()), static_cast<std::streamsize>(pdf.size()));
    Rendered r;
    r.text = test::capture("pdftotext -layout '" + path + "' - 2>/dev/null");
    test::capture("pdftoppm -r 150 -f 1 -l 1 -gray -png '" + path + "' '" + dir.file(name) + "'");
    std::string error;
    EXPECT_TRUE(drivers::scanner::loadGrey(dir.file(name + "-1.png"), error, r.grey, r.width, r.height)) << error;
    return r;
}

int dark(const Rendered& r) {
    int n = 0;
    for (uint8_t v : r.grey) n += v < 128;
    return n;
}

}  // namespace

TEST(PdfDocuments, TheReceiptOnA4ReadsBackWithItsNumberAndItsQr) {
    ASSERT_GE(sodium_init(), 0);
    test::TempDir dir;
    auto strings = core::Strings::load(test::assetsDir());
    auto bundle = core::parseBundle(*core::readFile(test::assetsDir() + "/bundles/demo.json"));
    ASSERT_TRUE(strings.ok() && bundle.ok());
    const core::Matter* m = bundle->findMatter("310118-DJ-001");
    ASSERT_NE(m, nullptr);
    auto signer = core::loadOrCreateReceiptSigner(dir.file("key.json"), "k-3f9a21c0d41b7e22");
    ASSERT_TRUE(signer.ok());
    protocol::Submission s;
    s.receiptNo = protocol::receiptNumber(signer->kioskId, 42);
    s.applicantName = "张三";
    s.applicantId = "310118199003070016";
    s.materials = {{"", true, 1, false}, {"", true, 2, false}, {"", false, 0, true}, {"", false, 1, false}};
    s.tolerance = true;
    s.supplementBy = "2026-12-03";
    s.submittedAt = 1796090400;  // 2026-12-01 10:00 北京时间
    const std::string qr = core::receiptCode(*signer, s.receiptNo);
    const auto doc = core::submissionReceipt(s, *m, *bundle, *strings, core::Lang::zhCN, s.submittedAt, qr, true);
    const Rendered r = render(doc, dir, "receipt");
    for (const char* text : {"收件凭证", "YS-3F9A21C0D41B7E22-000042", "个体工商户设立登记", "310118********0016",
                             "2026-12-01 10:00", "经营场所使用证明", "2026-12-03", "2026-12-03 前（2 个工作日内）", "网络恢复后自动送达"})
        EXPECT_NE(r.text.find(text), std::string::npos) << text << "\n" << r.text;
    EXPECT_EQ(r.text.find("310118199003070016"), std::string::npos) << "the ID number is masked";
    auto code = drivers::scanner::decodeFrame(r.grey.data(), r.width, r.height);
    ASSERT_TRUE(code) << "no QR on the page";
    EXPECT_EQ(code->text, qr);
    const auto read = core::classifyScan(code->text, {});
    EXPECT_TRUE(read.byTerminal);
    EXPECT_EQ(read.id, s.receiptNo);
}

TEST(PdfDocuments, TheSignedCommitmentOnA4CarriesTheSignature) {
    test::TempDir dir;
    auto signedDoc = test::demoCommitment();
    auto unsignedDoc = signedDoc;
    for (auto& b : unsignedDoc.blocks)
        if (b.kind == core::DocBlock::Kind::image) std::fill(b.bits.begin(), b.bits.end(), 0);
    const Rendered withInk = render(signedDoc, dir, "signed"), without = render(unsignedDoc, dir, "unsigned");
    EXPECT_NE(withInk.text.find("容缺受理承诺书"), std::string::npos) << withInk.text;
    EXPECT_NE(withInk.text.find("4. 营业执照照片（本人近照）"), std::string::npos) << withInk.text;
    EXPECT_EQ(withInk.text, without.text);
    EXPECT_GT(dark(withInk), dark(without) + 300) << "the signature is drawn";
}
