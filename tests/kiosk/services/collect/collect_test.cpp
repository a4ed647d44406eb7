// Collecting results at the terminal: the person's cases by card; printing the result after the signature, the case
// recorded as collected only once every job is done (a job held by an empty tray, or failed, leaves it ready and says
// so); the collection record printed with the signature; a delegate by the receipt's QR with the authorisation
// photographed, and refused where the matter allows no delegate; a physical certificate sends the person to the
// results window; postal delivery with the address typed in pinyin; nothing of the person after the session.
#include "kiosk/services/collect/collect.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <nlohmann/json.hpp>

#include "demo_terminal.h"
#include "drivers/api/device.h"
#include "kiosk/pinyin_input.h"
#include "kiosk/scan_code.h"
#include "test_paths.h"

using namespace ow::core;
using namespace ow::test;
namespace c = ow::core::collect;
using nlohmann::json;
using Job = ow::drivers::PrintJobUpdate;

namespace {

const IdentityInput kHolder{"李四", "310118199003070016", "19900307", "上海市青浦区", ""};
const IdentityInput kDelegate{"王五", "11010519491231002X", "19491231", "北京市朝阳区", ""};
const std::string kCase = "OW20261204000001";
const c::Collect& svc(const Terminal& t) { return t.service<c::Collect>(); }
auto takeAsk(Terminal& t) { return t.takeRequest<CentralAsk>(); }

void online(Terminal& t, const char* device) {
    t.onDevice(ow::drivers::DeviceStatusChanged{device, ow::drivers::DeviceState::online, ow::drivers::SuggestedAction::none, ""}, 0);
}

std::string caseJson(bool printable = true, bool delegate = true) {
    return json{{"case_no", kCase}, {"matter", "个体工商户设立登记"}, {"department", "区市场监督管理局"}, {"holder", "李*"},
                {"documents", json::array({{{"n", 1}, {"name", "营业执照"}}})}, {"printable", printable}, {"delegate", delegate}}
        .dump();
}

std::string pdfAnswer() {
    const std::string pdf = "%PDF-1.4 the licence";
    std::string b64(sodium_base64_ENCODED_LEN(pdf.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(b64.data(), b64.size(), reinterpret_cast<const unsigned char*>(pdf.data()), pdf.size(), sodium_base64_VARIANT_ORIGINAL);
    b64.resize(b64.size() - 1);
    return json{{"name", "营业执照"}, {"pdf", b64}}.dump();
}

void sign(Terminal& t) {
    for (int i = 0; i < 12; ++i)
        t.apply(Intent::of(c::Kind::signAt, signValue(0.1f + 0.06f * static_cast<float>(i), i % 2 ? 0.4f : 0.6f, i == 0)), 100);
}

// The holder's card, the case chosen from the list.
void holderChoosesTheCase(Terminal& t, bool printable = true) {
    online(t, "a4");
    online(t, "receipt");
    t.identify(kHolder, 0);
    t.apply(Intent::open(c::kCode), 10);
    auto ready = takeAsk(t);
    ASSERT_TRUE(ready);
    EXPECT_EQ(ready->second.path, "/v1/collect/ready");
    EXPECT_EQ(json::parse(ready->second.body), json({{"id_number", "310118199003070016"}}));
    t.answer({ready->first, readCentralReply(ready->second.op, 200, R"({"cases":[)" + caseJson(printable) + "]}")});
    ASSERT_EQ(svc(t).startView(t).cases.size(), 1u);
    t.apply(Intent::of(c::Kind::choose, 0), 20);
    ASSERT_EQ(t.screen(), c::kCase);
}

// Signed, the document fetched and handed to CUPS as job 7: what central is asked next, if anything.
void signAndPrint(Terminal& t) {
    t.apply(Intent::of(c::Kind::collect), 30);
    ASSERT_EQ(t.screen(), c::kSign);
    t.apply(Intent::of(c::Kind::signed_), 40);
    EXPECT_EQ(t.screen(), c::kSign) << "no signature yet: nothing printed";
    sign(t);
    t.apply(Intent::of(c::Kind::signed_), 50);
    ASSERT_EQ(t.screen(), c::kPrinting);
    auto doc = takeAsk(t);
    ASSERT_TRUE(doc);
    EXPECT_EQ(doc->second.path, "/v1/collect/document");
    EXPECT_EQ(json::parse(doc->second.body)["n"], 1);
    t.answer({doc->first, readCentralReply(doc->second.op, 200, pdfAnswer())});
    auto pdf = t.takeRequest<PdfPrintRequest>();
    ASSERT_TRUE(pdf);
    EXPECT_EQ(pdf->second.pdf, "%PDF-1.4 the licence");
    t.answer({pdf->first, PrintQueued{7}});
}

}  // namespace

TEST(CollectService, TheCaseIsCollectedOnlyOnceCupsHasPrintedItAndTheRecordCarriesTheSignature) {
    Terminal t = makeTerminal();
    holderChoosesTheCase(t);
    const auto v = svc(t).caseView(t);
    EXPECT_TRUE(v.canPrint);
    EXPECT_TRUE(v.canPost);
    signAndPrint(t);
    t.onDevice(Job{7, Job::State::printing, ""}, 60);
    EXPECT_FALSE(takeAsk(t));
    t.onDevice(Job{7, Job::State::held, "media-empty"}, 70);
    EXPECT_EQ(svc(t).printingView(t).state, c::PrintingView::State::held);
    EXPECT_EQ(svc(t).printingView(t).detail, "您的办件仍为“待领取”，没有记为已领取。可以呼叫工作人员，或到统一窗口出件处领取。");
    EXPECT_FALSE(takeAsk(t)) << "held: not collected";
    t.onDevice(Job{8, Job::State::done, ""}, 75);  // someone else's job
    EXPECT_FALSE(takeAsk(t));
    t.onDevice(Job{7, Job::State::done, ""}, 80);  // the paper put back: printed
    auto done = takeAsk(t);
    ASSERT_TRUE(done);
    EXPECT_EQ(done->second.path, "/v1/collect/done");
    const json body = json::parse(done->second.body);
    EXPECT_EQ(body["case_no"], kCase);
    EXPECT_EQ(body["id_number"], "310118199003070016");
    EXPECT_EQ(body["collector"]["name"], "李四");
    EXPECT_EQ(body["delegate"], false);
    EXPECT_FALSE(body["signature"].get<std::string>().empty());
    EXPECT_FALSE(body.contains("authorisation"));
    EXPECT_EQ(svc(t).printingView(t).state, c::PrintingView::State::recording);
    t.answer({done->first, readCentralReply(done->second.op, 200, R"({"collection":{"case_no":")" + kCase + R"("}})")});
    EXPECT_EQ(svc(t).printingView(t).state, c::PrintingView::State::done);
    ASSERT_TRUE(t.ratingOfferHere()) << "the collection may be rated";
    EXPECT_EQ(t.ratingOfferHere()->stage, "collection");
    auto record = takePrintRequest(t);
    ASSERT_TRUE(record);
    EXPECT_EQ(record->document.kind, "collection");
    bool ink = false, kept = false;
    for (const auto& b : record->document.blocks) {
        ink |= b.kind == DocBlock::Kind::image && !b.bits.empty();
        kept |= b.text == "结果文书" && b.value == "营业执照";
    }
    EXPECT_TRUE(ink) << "the signature on the record";
    EXPECT_TRUE(kept) << "what was handed over";
}

TEST(CollectService, AFailedPrintLeavesTheCaseReady) {
    Terminal t = makeTerminal();
    holderChoosesTheCase(t);
    signAndPrint(t);
    t.onDevice(Job{7, Job::State::failed, "stopped"}, 60);
    EXPECT_EQ(svc(t).printingView(t).state, c::PrintingView::State::failed);
    EXPECT_EQ(svc(t).printingView(t).message, "打印没有成功。");
    EXPECT_FALSE(takeAsk(t)) << "never recorded as collected";
}

TEST(CollectService, ADelegateByTheReceiptWithTheAuthorisationPhotographed) {
    Terminal t = makeTerminal();
    online(t, "a4");
    online(t, "document_camera");
    t.identify(kDelegate, 0);
    t.apply(Intent::open(c::kCode), 10);
    takeAsk(t);  // the delegate's own cases
    t.apply(Intent::of(c::Kind::delegate), 20);
    ASSERT_EQ(t.screen(), c::kDelegate);
    const std::string receipt = "OW1.C.YS-0123456789ABCDEF-000007.0123456789abcdef.c2lnbmF0dXJl";  // a terminal's receipt
    t.onDevice(ow::drivers::CodeScanned{receipt, "scanner"}, 30);
    auto find = takeAsk(t);
    ASSERT_TRUE(find);
    EXPECT_EQ(find->second.path, "/v1/collect/find");
    EXPECT_EQ(json::parse(find->second.body), json({{"receipt_code", receipt}})) << "the delegate's ID number is not proof";
    t.answer({find->first, readCentralReply(find->second.op, 200, R"({"case":)" + caseJson() + "}")});
    ASSERT_EQ(t.screen(), c::kCase);
    EXPECT_TRUE(svc(t).caseView(t).forSomeoneElse);
    EXPECT_FALSE(svc(t).caseView(t).canPost) << "posting is the applicant's own request";
    t.apply(Intent::of(c::Kind::collect), 40);
    ASSERT_EQ(t.screen(), c::kAuthorise);
    t.apply(Intent::of(c::Kind::authorised), 45);
    EXPECT_EQ(t.screen(), c::kAuthorise) << "no photograph yet";
    t.apply(Intent::of(c::Kind::capture), 50);
    auto cap = t.takeRequest<CaptureRequest>();
    ASSERT_TRUE(cap);
    CapturedPage page;
    page.jpeg = {0xFF, 0xD8, 0xFF, 0xE0, 9, 9, 0xFF, 0xD9};
    page.width = 1200, page.height = 1600;
    t.answer({cap->first, PageCaptured{0, std::move(page)}});
    t.apply(Intent::of(c::Kind::authorised), 60);
    ASSERT_EQ(t.screen(), c::kSign);
    sign(t);
    t.apply(Intent::of(c::Kind::signed_), 70);
    auto doc = takeAsk(t);
    ASSERT_TRUE(doc);
    EXPECT_EQ(json::parse(doc->second.body)["receipt_code"], receipt);
    t.answer({doc->first, readCentralReply(doc->second.op, 200, pdfAnswer())});
    auto pdf = t.takeRequest<PdfPrintRequest>();
    ASSERT_TRUE(pdf);
    t.answer({pdf->first, PrintQueued{9}});
    t.onDevice(Job{9, Job::State::done, ""}, 80);
    auto done = takeAsk(t);
    ASSERT_TRUE(done);
    const json body = json::parse(done->second.body);
    EXPECT_EQ(body["delegate"], true);
    EXPECT_EQ(body["collector"]["name"], "王五");
    EXPECT_FALSE(body["authorisation"].get<std::string>().empty()) << "the authorisation goes with the record";
}

TEST(CollectService, WhereNoDelegateIsAllowedCentralsRefusalIsSaid) {
    Terminal t = makeTerminal();
    t.identify(kDelegate, 0);
    t.apply(Intent::open(c::kCode), 10);
    takeAsk(t);
    t.apply(Intent::of(c::Kind::delegate), 20);
    t.apply(Intent::of(c::Kind::formField, 0), 21);
    for (char d : std::string("20261204000001")) t.apply(Intent::of(c::Kind::formKey, d - '0'), 22);
    t.apply(Intent::of(c::Kind::formField, 1), 23);
    for (char d : std::string("13900139000")) t.apply(Intent::of(c::Kind::formKey, d - '0'), 24);
    t.apply(Intent::of(c::Kind::find), 30);
    auto find = takeAsk(t);
    ASSERT_TRUE(find);
    EXPECT_EQ(json::parse(find->second.body), json({{"case_no", kCase}, {"phone", "13900139000"}}));
    t.answer({find->first, readCentralReply(find->second.op, 409, R"({"error":{"code":"no_delegate","message":"x"}})")});
    EXPECT_EQ(t.screen(), c::kDelegate);
    EXPECT_EQ(svc(t).delegateProblem(t), "这件办件只能由申请人本人领取，请申请人本人带身份证来领取。");
}

TEST(CollectService, APhysicalCertificateIsCollectedAtTheResultsWindow) {
    Terminal t = makeTerminal();
    holderChoosesTheCase(t, false);
    const auto v = svc(t).caseView(t);
    EXPECT_FALSE(v.canPrint);
    EXPECT_EQ(v.whereToCollect, "一楼大厅 统一窗口出件（8 号窗口）");
    t.apply(Intent::of(c::Kind::collect), 30);
    EXPECT_EQ(t.screen(), c::kCase) << "nothing to print here";
}

TEST(CollectService, PostalDeliveryWithTheAddressTypedInPinyin) {
    TempDir dir;
    auto engine = PinyinInput::open(dir.file("user.dat"));
    ASSERT_TRUE(engine.ok()) << engine.error();
    Terminal t = makeTerminal();
    t.setPinyin(engine->get());
    holderChoosesTheCase(t);
    t.apply(Intent::of(c::Kind::post), 30);
    ASSERT_EQ(t.screen(), c::kPost);
    for (char l : std::string("shanghai")) t.apply(Intent::of(c::Kind::formLetter, l - 'a'), 31);
    const auto cands = svc(t).postView(t).candidates;
    int pick = -1;
    for (size_t i = 0; i < cands.size(); ++i)
        if (cands[i] == "上海") pick = static_cast<int>(i);
    ASSERT_GE(pick, 0);
    t.apply(Intent::of(c::Kind::formCandidate, pick), 32);
    t.apply(Intent::of(c::Kind::postSend), 33);
    EXPECT_EQ(t.screen(), c::kPost) << "no phone yet";
    EXPECT_FALSE(takeAsk(t));
    t.apply(Intent::of(c::Kind::formField, 1), 34);
    for (char d : std::string("13900139000")) t.apply(Intent::of(c::Kind::formKey, d - '0'), 35);
    t.apply(Intent::of(c::Kind::postSend), 40);
    ASSERT_EQ(t.screen(), c::kOutcome);
    auto post = takeAsk(t);
    ASSERT_TRUE(post);
    const json body = json::parse(post->second.body);
    EXPECT_EQ(body["address"], "上海");
    EXPECT_EQ(body["phone"], "13900139000");
    EXPECT_EQ(body["case_no"], kCase);
    t.answer({post->first, readCentralReply(post->second.op, 200, R"({"post":{"mail_by":"2026-12-07"}})")});
    EXPECT_EQ(svc(t).outcomeView(t).detail, "工作人员将在 2026-12-07 前寄出，寄出后可在“办件查询”看到快递单号。");
}

TEST(CollectService, NothingOfThePersonAfterTheSession) {
    Terminal t = makeTerminal();
    holderChoosesTheCase(t);
    signAndPrint(t);
    t.endSession(SessionEnd::idleTimeout);
    t.onDevice(Job{7, Job::State::done, ""}, 200);
    EXPECT_FALSE(takeAsk(t)) << "a job done after the person left records nothing for them";
    EXPECT_TRUE(svc(t).startView(t).cases.empty());
    EXPECT_TRUE(svc(t).signature().empty());
}
