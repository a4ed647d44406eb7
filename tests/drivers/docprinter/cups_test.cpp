// The A4 printer through a real cupsd and an ippeveprinter on loopback (started for these tests):
// PDFs arrive at the printer with their text, and an empty paper tray reaches the device model.
#include "drivers/docprinter/cups_printer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>

#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "../../kiosk/demo_notice.h"
#include "drivers/docprinter/pdf.h"
#include "kiosk/config_boot.h"
#include "../../support/event_log.h"
#include "../../support/process.h"
#include "../../support/xvfb.h"

using namespace ow::drivers;
using namespace std::chrono_literals;

namespace {

using ow::test::capture;

class CupsTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new std::string(std::filesystem::temp_directory_path() / ("ow-cups-" + std::to_string(getpid())));
        const std::string port = std::to_string(18700 + getpid() % 1000);
        const std::string out = capture(std::string(OW_SOURCE_DIR) + "/tests/support/print-servers.sh " + *dir_ + " start " + port);
        server_ = new std::string(*dir_ + "/cups.sock");
        ready_ = out.find("CUPS_SERVER=") != std::string::npos;
    }
    static void TearDownTestSuite() {
        capture(std::string(OW_SOURCE_DIR) + "/tests/support/print-servers.sh " + *dir_ + " stop");
        std::filesystem::remove_all(*dir_);
    }
    void SetUp() override {
        ASSERT_TRUE(ready_) << "the print servers did not start; see " << *dir_;
        printer_ = std::make_unique<docprinter::CupsPrinter>("A4", *server_, log_.sink(), 300);
        printer_->start();
    }
    void TearDown() override { printer_->stop(); }
    bool waitJob(int64_t id, PrintJobUpdate::State s) {
        return log_.any<PrintJobUpdate>([&](const PrintJobUpdate& j) { return j.jobId == id && j.state == s; }, 30s);
    }
    static std::vector<uint8_t> samplePdf() {
        auto doc = ow::core::parseDocument(*ow::core::readFile(OW_SOURCE_DIR "/assets/documents/sample-receipt.json"));
        return docprinter::renderPdf(*doc);
    }
    static std::string spooledText() {
        std::string text;
        for (const auto& f : std::filesystem::directory_iterator(*dir_ + "/spool"))
            text += capture("pdftotext '" + f.path().string() + "' - 2>/dev/null");
        return text;
    }

    static inline std::string* dir_ = nullptr;
    static inline std::string* server_ = nullptr;
    static inline bool ready_ = false;
    std::unique_ptr<docprinter::CupsPrinter> printer_;
    ow::test::EventLog log_;
};

}  // namespace

TEST(CupsStatus, PrinterStateReasonsMapToTheDeviceModel) {
    EXPECT_EQ(docprinter::statusFromReasons(3, "none").state, DeviceState::online);
    auto s = docprinter::statusFromReasons(4, "media-empty-error");
    EXPECT_EQ(s.state, DeviceState::userError);
    EXPECT_EQ(s.action, SuggestedAction::clear);
    EXPECT_EQ(docprinter::statusFromReasons(3, "media-jam-error").detail, "paper jam");
    EXPECT_EQ(docprinter::statusFromReasons(3, "door-open-error").action, SuggestedAction::clear);
    EXPECT_EQ(docprinter::statusFromReasons(3, "toner-low-report").detail, "toner low");
    EXPECT_EQ(docprinter::statusFromReasons(3, "offline-report").action, SuggestedAction::maintenance);
    EXPECT_EQ(docprinter::statusFromReasons(5, "paused").state, DeviceState::hardwareError);
}

TEST_F(CupsTest, APdfReachesThePrinterWithItsText) {
    const auto pdf = samplePdf();
    ASSERT_GT(pdf.size(), 1000u);
    ASSERT_EQ(std::string(pdf.begin(), pdf.begin() + 5), "%PDF-");
    printer_->submit(1, pdf, "收件凭证");
    ASSERT_TRUE(waitJob(1, PrintJobUpdate::State::done));
    const std::string text = spooledText();
    EXPECT_NE(text.find("收件凭证"), std::string::npos) << text;
    EXPECT_NE(text.find("QP2026112200017"), std::string::npos) << text;
}

TEST_F(CupsTest, AOneTimeNoticeOnA4CarriesEveryMaterial) {
    printer_->submit(3, docprinter::renderPdf(ow::test::demoNotice()), "一次性告知书");
    ASSERT_TRUE(waitJob(3, PrintJobUpdate::State::done));
    std::string text = spooledText();
    text.erase(std::remove_if(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\n'; }), text.end());
    for (const char* t : {"一次性告知书", "申请人居民身份证", "个体工商户设立登记申请书", "经营场所使用证明", "营业执照照片",
                          "区市场监督管理局", "可容缺受理"})
        EXPECT_NE(text.find(t), std::string::npos) << t << "\n" << text;
}

TEST_F(CupsTest, AJobCupsCannotConvertIsHeldNotPrintingForever) {
    const std::string junk = "%PDF-1.4 this is not really a PDF";
    printer_->submit(4, std::vector<uint8_t>(junk.begin(), junk.end()), "broken");
    EXPECT_TRUE(log_.any<PrintJobUpdate>(
        [](const PrintJobUpdate& j) { return j.jobId == 4 && j.state == PrintJobUpdate::State::held && j.detail == "the print system stopped the job"; },
        30s));
}

TEST_F(CupsTest, AnEmptyTrayHoldsTheJobAndItPrintsAfterRefill) {
    std::ofstream(*dir_ + "/media-empty") << "out";
    printer_->submit(2, samplePdf(), "一次性告知书");
    ASSERT_TRUE(waitJob(2, PrintJobUpdate::State::held));
    EXPECT_TRUE(log_.any<DeviceStatusChanged>(
        [](const DeviceStatusChanged& s) {
            return s.state == DeviceState::userError && s.action == SuggestedAction::clear && s.detail == "out of paper";
        },
        30s));
    std::filesystem::remove(*dir_ + "/media-empty");  // paper put back
    ASSERT_TRUE(waitJob(2, PrintJobUpdate::State::done));
}

TEST_F(CupsTest, KioskDiagPrintsAnA4TestPage) {
    const std::string cfg = *dir_ + "/devices.json";
    std::ofstream(cfg) << R"({"a4": {"transport": "cups", "queue": "A4", "server": ")" << *server_ << R"("}})";
    std::string out, err;
    EXPECT_EQ(ow::test::run({OW_DIAG_BIN, "print-test", "a4", "--devices", cfg}, 60, &err, &out), 0) << out << err;
    EXPECT_EQ(out, "PASS a4: test page printed on CUPS queue A4\n");
    out.clear();
    ow::test::run({OW_DIAG_BIN, "list", "--devices", cfg}, 30, &err, &out);
    EXPECT_NE(out.find("a4              cups A4"), std::string::npos) << out;
}
