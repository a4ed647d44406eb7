// The receipt printer driver against the simulated printer: what comes out on paper, and paper running out.
#include "drivers/receipt/printer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <fstream>
#include <sstream>

#include "../../kiosk/demo_commitment.h"
#include "../../kiosk/demo_notice.h"
#include "../../kiosk/test_paths.h"
#include "../../support/event_log.h"
#include "drivers/receipt/renderer.h"
#include "drivers/receipt/sim_printer.h"
#include "drivers/scanner/frame_decoder.h"
#include "drivers/transport/usb.h"
#include "kiosk/config_boot.h"
#include "kiosk/utf8.h"
#include "platform/font_locator.h"

using namespace ow::drivers;
using namespace ow::drivers::receipt;
using namespace std::chrono_literals;

namespace {

ow::core::Document sampleReceipt() {
    auto text = ow::core::readFile(std::string(OW_SOURCE_DIR) + "/assets/documents/sample-receipt.json");
    auto doc = ow::core::parseDocument(*text);
    EXPECT_TRUE(doc.ok());
    return *doc;
}

class PrinterTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto fonts = ow::platform::findUiFonts();
        ASSERT_TRUE(fonts.ok());
        auto sim = SimPrinter::create(dir_.file("receipt"), fonts->regular.path, fonts->regular.index);
        ASSERT_TRUE(sim.ok()) << sim.error();
        sim_ = std::move(*sim);
        printer_ = std::make_unique<Printer>(sim_->path(), 115200, log_.sink(), 250);
        printer_->start();
    }
    void TearDown() override { printer_->stop(); }
    bool waitJob(int64_t id, PrintJobUpdate::State state, std::string* detail = nullptr) {
        auto j = log_.next<PrintJobUpdate>([&](const PrintJobUpdate& u) { return u.jobId == id && u.state == state; });
        if (j && detail) *detail = j->detail;
        return j.has_value();
    }
    bool waitStatus(DeviceState state, const std::string& detail) {
        return log_.any<DeviceStatusChanged>(
            [&](const DeviceStatusChanged& s) { return s.state == state && s.detail == detail; }, 5s);
    }
    bool sawJob(int64_t id, PrintJobUpdate::State state) {
        return log_.any<PrintJobUpdate>([&](const PrintJobUpdate& u) { return u.jobId == id && u.state == state; });
    }

    ow::test::TempDir dir_;
    std::unique_ptr<SimPrinter> sim_;
    std::unique_ptr<Printer> printer_;
    ow::test::EventLog log_;
};

const std::vector<std::string> kExpectedLines = {
    "收件凭证", "青浦区政务服务中心", std::string(48, '-'), "办件编号：QP2026112200017", "事项：个体工商户设立登记",
    "申请人：欧阳䶮", "收件时间：2026-11-22 10:15", "承诺时限：1个工作日"};

}  // namespace

TEST_F(PrinterTest, AReceiptComesOutWithItsTextAndAReadableQr) {
    ASSERT_TRUE(waitStatus(DeviceState::online, ""));
    printer_->submit({1, renderDocument(sampleReceipt())});
    ASSERT_TRUE(waitJob(1, PrintJobUpdate::State::done));
    std::this_thread::sleep_for(100ms);
    const auto pages = sim_->pages();
    ASSERT_EQ(pages.size(), 1u);
    const Page& page = pages[0];
    ASSERT_GE(page.lines.size(), kExpectedLines.size());
    for (size_t i = 0; i < kExpectedLines.size(); ++i) EXPECT_EQ(page.lines[i], kExpectedLines[i]);
    // The QR on the paper image reads back as the case code.
    auto code = scanner::decodeFrame(page.grey.data(), page.width, page.height);
    ASSERT_TRUE(code);
    EXPECT_EQ(code->text.rfind("OW1.C.QP2026112200017.demo1.", 0), 0u);
    EXPECT_EQ(sim_->savePages(dir_.path()), 1);
    EXPECT_TRUE(std::ifstream(dir_.file("receipt-1.png")).good());
}

TEST_F(PrinterTest, PaperRunningOutMidReceiptHoldsTheJobAndReprintsItWholeAfterRefill) {
    ASSERT_TRUE(waitStatus(DeviceState::online, ""));
    sim_->runOutAfterLines(4);
    printer_->submit({7, renderDocument(sampleReceipt())});
    std::string why;
    ASSERT_TRUE(waitJob(7, PrintJobUpdate::State::held, &why));
    EXPECT_EQ(why, "the paper ran out while printing");
    ASSERT_TRUE(waitStatus(DeviceState::userError, "out of paper"));
    EXPECT_FALSE(sawJob(7, PrintJobUpdate::State::done));
    EXPECT_TRUE(sim_->pages().empty()) << "nothing is cut while the paper is out";

    sim_->setPaper(SimPrinter::Paper::ok);  // hall staff put a new roll in
    ASSERT_TRUE(waitJob(7, PrintJobUpdate::State::done));
    std::this_thread::sleep_for(100ms);
    const auto pages = sim_->pages();
    ASSERT_EQ(pages.size(), 1u);
    // The cut piece ends with the whole receipt, printed again from its first line.
    const auto& lines = pages[0].lines;
    const auto start = std::find(lines.rbegin(), lines.rend(), "收件凭证");
    ASSERT_NE(start, lines.rend());
    const size_t from = static_cast<size_t>(lines.rend() - start - 1);
    ASSERT_GE(lines.size() - from, kExpectedLines.size());
    for (size_t i = 0; i < kExpectedLines.size(); ++i) EXPECT_EQ(lines[from + i], kExpectedLines[i]);
    EXPECT_EQ(pages[0].qrs.size(), 1u);
}

// A kiosk prints all day: the simulator keeps only the last pages in its tray, so its memory stays flat (the soak
// found it holding every receipt ever cut), and a save still numbers pages by how many were ever cut.
TEST_F(PrinterTest, TheTrayHoldsTheLastPagesAndSavesNumberEveryPageCut) {
    ASSERT_TRUE(waitStatus(DeviceState::online, ""));
    const int jobs = static_cast<int>(SimPrinter::kTrayPages) + 4;
    ASSERT_EQ(sim_->savePages(dir_.path()), 0);
    for (int id = 1; id <= 2; ++id) {
        printer_->submit({id, renderDocument(sampleReceipt())});
        ASSERT_TRUE(waitJob(id, PrintJobUpdate::State::done));
    }
    std::this_thread::sleep_for(100ms);
    ASSERT_EQ(sim_->savePages(dir_.path()), 2);
    for (int id = 3; id <= jobs; ++id) {
        printer_->submit({id, renderDocument(sampleReceipt())});
        ASSERT_TRUE(waitJob(id, PrintJobUpdate::State::done));
    }
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(sim_->pages().size(), SimPrinter::kTrayPages);
    EXPECT_EQ(sim_->savePages(dir_.path()), jobs);
    EXPECT_TRUE(std::ifstream(dir_.file("receipt-2.png")).good());
    EXPECT_FALSE(std::ifstream(dir_.file("receipt-3.png")).good()) << "fell out of the tray before the second save";
    EXPECT_TRUE(std::ifstream(dir_.file("receipt-" + std::to_string(jobs - 15) + ".png")).good());
    EXPECT_TRUE(std::ifstream(dir_.file("receipt-" + std::to_string(jobs) + ".txt")).good());
    EXPECT_FALSE(std::ifstream(dir_.file("receipt-" + std::to_string(jobs + 1) + ".png")).good());
}

TEST_F(PrinterTest, AnOpenCoverWaitsForHallStaffAndNearEndIsReported) {
    ASSERT_TRUE(waitStatus(DeviceState::online, ""));
    sim_->setCoverOpen(true);
    ASSERT_TRUE(waitStatus(DeviceState::userError, "the cover is open"));
    printer_->submit({3, renderDocument(sampleReceipt())});
    std::this_thread::sleep_for(400ms);
    EXPECT_FALSE(sawJob(3, PrintJobUpdate::State::printing)) << "nothing is sent to a printer that cannot print";
    sim_->setCoverOpen(false);
    ASSERT_TRUE(waitJob(3, PrintJobUpdate::State::done));
    sim_->setPaper(SimPrinter::Paper::nearEnd);
    EXPECT_TRUE(waitStatus(DeviceState::online, "paper near end"));
}

TEST(UsbTransport, NoSuchDeviceIsNoDeviceNotACrash) {
    uint16_t v = 0, p = 0;
    ASSERT_TRUE(ow::drivers::parseUsbId("usb:dead:beef", v, p));
    EXPECT_EQ(v, 0xdead);
    EXPECT_EQ(p, 0xbeef);
    EXPECT_FALSE(ow::drivers::parseUsbId("/dev/usb/lp0", v, p));
    auto s = ow::drivers::UsbBulkStream::open(0xdead, 0xbeef);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().find("dead:beef"), std::string::npos) << s.error();
    // The driver on a USB printer that is not there reports noDevice and keeps looking.
    ow::test::EventLog log;
    Printer printer("usb:dead:beef", 0, log.sink());
    printer.start();
    auto st = log.next<DeviceStatusChanged>([](auto&) { return true; }, 3s);
    ASSERT_TRUE(st);
    EXPECT_EQ(st->state, DeviceState::noDevice);
    EXPECT_NE(st->detail.find("dead:beef"), std::string::npos);
    printer.stop();
}

// The one-time notice on 80 mm paper: every line of it, long ones continued on the next line, none cut off.
TEST_F(PrinterTest, AOneTimeNoticeComesOutWholeWithLongLinesContinued) {
    ASSERT_TRUE(waitStatus(DeviceState::online, ""));
    printer_->submit({7, renderDocument(ow::test::demoNotice())});
    ASSERT_TRUE(waitJob(7, PrintJobUpdate::State::done));
    std::this_thread::sleep_for(100ms);
    const auto pages = sim_->pages();
    ASSERT_EQ(pages.size(), 1u);
    std::string all;
    for (const auto& line : pages[0].lines) {
        all += line;
        int columns = 0;
        std::vector<char32_t> cps;
        ow::core::decodeUtf8(line, cps);
        for (char32_t c : cps) columns += c < 0x80 ? 1 : 2;
        EXPECT_LE(columns, 48) << line;
    }
    EXPECT_EQ(pages[0].lines.at(0), "一次性告知书");
    for (const char* text : {"1. ★ 申请人居民身份证（原件 1 份）", "2. ★ 个体工商户设立登记申请书（复印件 1 份）",
                             "3. 经营场所使用证明（复印件 1 份）", "承诺时限：1 个工作日", "收费：不收费",
                             "以上是办理本事项需要的全部材料和要求，一次告知，不再另行增加。",
                             "本事项可容缺受理：关键材料（★）齐全、只缺其他材料的，可签署承诺书先行受理，在补正期限内补交。"})
        EXPECT_NE(all.find(text), std::string::npos) << text << "\n" << all;
}

// The tolerance commitment on paper: its text whole, and the signature printed as an image below its label.
TEST_F(PrinterTest, ASignedCommitmentComesOutWithTheSignature) {
    ASSERT_TRUE(waitStatus(DeviceState::online, ""));
    printer_->submit({8, renderDocument(ow::test::demoCommitment())});
    ASSERT_TRUE(waitJob(8, PrintJobUpdate::State::done));
    std::this_thread::sleep_for(100ms);
    const auto pages = sim_->pages();
    ASSERT_EQ(pages.size(), 1u);
    const Page& page = pages[0];
    std::string all;
    for (const auto& line : page.lines) all += line;
    EXPECT_EQ(page.lines.at(0), "容缺受理承诺书");
    EXPECT_NE(all.find("承诺在 2026-11-24 前补交齐全。"), std::string::npos) << all;
    EXPECT_NE(all.find("申请人签名："), std::string::npos);
    // Every line as the document has it: the status queries slipped between the chunks of the job never land
    // inside a command (a query between ESC and its 'a' once printed "a4." for "4.").
    for (const char* line : {"3. 经营场所使用证明", "4. 营业执照照片（本人近照）", "补正期限：2026-11-24"})
        EXPECT_NE(std::find(page.lines.begin(), page.lines.end(), line), page.lines.end()) << line << "\n" << all;
    // Dark dots in the left two thirds of the paper, with the signature and without it: the image came out.
    const auto darkDots = [](const Page& p) {
        int n = 0;
        for (int y = 0; y < p.height; ++y)
            for (int x = 0; x < 384; ++x) n += p.grey[static_cast<size_t>(y) * p.width + x] < 128;
        return n;
    };
    const int dark = darkDots(page);
    auto plain = ow::test::demoCommitment();
    plain.blocks.erase(std::remove_if(plain.blocks.begin(), plain.blocks.end(),
                                      [](const ow::core::DocBlock& b) { return b.kind == ow::core::DocBlock::Kind::image; }),
                       plain.blocks.end());
    printer_->submit({9, renderDocument(plain)});
    ASSERT_TRUE(waitJob(9, PrintJobUpdate::State::done));
    std::this_thread::sleep_for(100ms);
    const auto after = sim_->pages();
    ASSERT_EQ(after.size(), 2u);
    const Page& without = after[1];
    const int darkWithout = darkDots(without);
    EXPECT_GT(dark, darkWithout + 500) << "the signature adds ink";
    EXPECT_GT(page.height, without.height + 100) << "and its height";
}

// Wherever the driver cuts a job to ask for the printer's status, the paper reads the same as without the
// queries: for every chunk size the driver could use, the commitment's lines come out unchanged.
TEST(PrinterChunks, StatusQueriesBetweenChunksNeverChangeWhatIsPrinted) {
    auto fonts = ow::platform::findUiFonts();
    ASSERT_TRUE(fonts.ok());
    const auto bytes = renderDocument(ow::test::demoCommitment());
    const auto render = [&](size_t chunk) {
        auto r = Renderer::create(fonts->regular.path, fonts->regular.index);
        EXPECT_TRUE(r.ok());
        (*r)->onRealtime = [](uint8_t, uint8_t) {};
        const auto query = statusQuery(1);
        for (size_t at = 0, next; at < bytes.size(); at = next) {
            next = chunk ? safeChunkEnd(bytes, at + chunk) : bytes.size();
            (*r)->feed(bytes.data() + at, next - at);
            if (next < bytes.size()) (*r)->feed(query.data(), query.size());
        }
        return (*r)->pages().empty() ? std::vector<std::string>{} : (*r)->pages().back().lines;
    };
    const auto whole = render(0);
    ASSERT_GT(whole.size(), 10u);
    for (size_t chunk = 1; chunk <= 300; chunk += 7) EXPECT_EQ(render(chunk), whole) << "chunks of " << chunk;
}

