// Pre-submission at the terminal: the card first, the form with its checks (a wrong ID check character named),
// pinyin into a text field, pages and missing materials, the three verdicts, the signed commitment, the outbox
// written at once before "submitted", the receipt and its QR, and nothing of the person left afterwards.
#include <gtest/gtest.h>
#include <sodium.h>

#include <nlohmann/json.hpp>

#include "demo_terminal.h"
#include "kiosk/services/call_staff/call_staff.h"
#include "kiosk/services/guides/guides.h"
#include "kiosk/services/presubmit/presubmit.h"
#include "kiosk/services/progress/progress.h"
#include "kiosk/guide_notice.h"
#include "kiosk/pinyin_input.h"
#include "kiosk/services/presubmit/presubmission.h"
#include "kiosk/protocol/submission.h"
#include "kiosk/store.h"
#include "test_paths.h"

using namespace ow::core;
using namespace ow::test;

namespace {

const IdentityInput kZhang{"张三", "310118199003070016", "19900307", "上海市青浦区华新镇1号", ""};
const IdentityInput kLi{"李四", "440304198505120033", "19850512", "深圳市福田区福中三路1号", ""};
constexpr const char* kKiosk = "k-3f9a21c0d41b7e22";

int matterIndex(const Terminal& t, const std::string& code) {
    for (size_t i = 0; i < t.bundle().matters.size(); ++i)
        if (t.bundle().matters[i].code == code) return static_cast<int>(i);
    return -1;
}

int fieldIndex(const Terminal& t, const std::string& code, const std::string& key) {
    const auto& form = t.bundle().matters[static_cast<size_t>(matterIndex(t, code))].form;
    for (size_t i = 0; i < form.size(); ++i)
        if (form[i].key == key) return static_cast<int>(i);
    return -1;
}

void typeDigits(Terminal& t, const std::string& digits) {
    for (char c : digits) t.apply(Intent::of(presubmit::Kind::formKey, c == 'X' ? kFormX : c - '0'), 1000);
}

void online(Terminal& t, const char* device) {
    t.onDevice(ow::drivers::DeviceStatusChanged{device, ow::drivers::DeviceState::online, ow::drivers::SuggestedAction::none, ""}, 0);
}

CapturedPage page() {
    CapturedPage p;
    p.jpeg = {0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 0xFF, 0xD9};
    p.width = 800;
    p.height = 1131;
    return p;
}

// Photographs material m once.
void photograph(Terminal& t, int m) {
    t.apply(Intent::of(presubmit::Kind::capture, m), 1000);
    auto req = takeCaptureRequest(t);
    ASSERT_TRUE(req);
    EXPECT_EQ(req->second.material, m);
    onPageCaptured(t, req->first, m, page());
}

// 张三 at the terminal, on the form of 个体工商户设立登记 with what the card says filled in, the phone and the
// business's form and capital typed (the name of the business is left to each test).
void fillBusinessForm(Terminal& t, const IdentityInput& who) {
    t.identify(who, 1000);
    t.apply(Intent::open(presubmit::kCode), 1000);
    t.apply(Intent::of(presubmit::Kind::openMatter, matterIndex(t, "310118-DJ-001")), 1000);
    t.apply(Intent::of(presubmit::Kind::formField, fieldIndex(t, "310118-DJ-001", "phone")), 1000);
    typeDigits(t, "13800138000");
    t.apply(Intent::of(presubmit::Kind::formField, fieldIndex(t, "310118-DJ-001", "business_form")), 1000);
    t.apply(Intent::of(presubmit::Kind::formChoice, 0), 1000);
    t.apply(Intent::of(presubmit::Kind::formField, fieldIndex(t, "310118-DJ-001", "capital")), 1000);
    typeDigits(t, "50000");
}
Terminal onBusinessForm() {
    Terminal t = ow::test::makeTerminal();
    for (const char* d : {"receipt", "document_camera"}) online(t, d);
    fillBusinessForm(t, kZhang);
    return t;
}

}  // namespace

TEST(Presubmission, TheIdCardComesFirstAndPlacingItGoesOnToTheMatters) {
    Terminal t = ow::test::makeTerminal();
    t.apply(Intent::of(ShellKind::start), 0);
    t.apply(Intent::open(presubmit::kCode), 0);
    EXPECT_EQ(t.screen(), presubmit::kChoose);
    EXPECT_FALSE(t.service<presubmit::Presubmit>().presubmitView(t).identified);
    t.identify(kZhang, 500);
    EXPECT_EQ(t.screen(), presubmit::kChoose);
    const auto v = t.service<presubmit::Presubmit>().presubmitView(t);
    EXPECT_TRUE(v.identified);
    EXPECT_EQ(v.who, "张三（310118********0016）");
    ASSERT_EQ(v.matters.size(), 2u) << "the two matters with forms";
    t.apply(Intent::of(presubmit::Kind::openMatter, v.matters[1].index), 600);
    EXPECT_EQ(t.screen(), presubmit::kForm);
    EXPECT_EQ(t.service<presubmit::Presubmit>().formView(t).title, "个体工商户设立登记");
    const auto f = t.service<presubmit::Presubmit>().formView(t);
    EXPECT_EQ(f.fields[0].value, "张三") << "the card's name filled in";
    EXPECT_EQ(f.fields[1].value, "310118199003070016");
}

TEST(Presubmission, ApplyingFromAGuideAsksForTheCardThenOpensThatMattersForm) {
    Terminal t = ow::test::makeTerminal();
    t.apply(Intent::of(ShellKind::start), 0);
    t.apply(Intent::open(guides::kCode), 0);
    t.apply(Intent::of(guides::Kind::openMatter, matterIndex(t, "310118-SM-003")), 0);
    ASSERT_TRUE(t.service<guides::Guides>().guideView(t).canPresubmit);
    t.apply(Intent::of(presubmit::Kind::openMatter, t.service<guides::Guides>().guideView(t).index), 0);
    EXPECT_EQ(t.screen(), presubmit::kChoose) << "no form before the card";
    EXPECT_FALSE(t.service<presubmit::Presubmit>().presubmitView(t).identified);
    t.identify(kZhang, 500);
    EXPECT_EQ(t.screen(), presubmit::kForm);
    EXPECT_EQ(t.service<presubmit::Presubmit>().formView(t).title, "最低生活保障申请");
    t.apply(Intent::of(ShellKind::back), 600);
    EXPECT_EQ(t.screen(), presubmit::kChoose) << "back: the other matters";
}

TEST(Presubmission, AWrongIdCheckCharacterIsNamedAndTheFormStays) {
    Terminal t = onBusinessForm();
    const int id = fieldIndex(t, "310118-DJ-001", "applicant_id");
    t.apply(Intent::of(presubmit::Kind::formField, id), 1000);
    t.apply(Intent::of(presubmit::Kind::formKey, kKeypadClear), 1000);
    typeDigits(t, "31011819900307001X");  // the check character of this number is 6
    t.apply(Intent::of(presubmit::Kind::formNext), 1000);
    EXPECT_EQ(t.screen(), presubmit::kForm);
    auto v = t.service<presubmit::Presubmit>().formView(t);
    EXPECT_TRUE(v.problems);
    EXPECT_NE(v.fields[static_cast<size_t>(id)].problem.find("不是 X"), std::string::npos) << v.fields[static_cast<size_t>(id)].problem;
    // The business name is required and still empty: both problems are shown at once.
    EXPECT_FALSE(v.fields[static_cast<size_t>(fieldIndex(t, "310118-DJ-001", "business_name"))].problem.empty());
    EXPECT_TRUE(v.fields[static_cast<size_t>(fieldIndex(t, "310118-DJ-001", "start_date"))].problem.empty()) << "optional";
    // Putting it right clears the note for that field.
    t.apply(Intent::of(presubmit::Kind::formKey, kKeypadDelete), 1000);
    typeDigits(t, "6");
    EXPECT_TRUE(t.service<presubmit::Presubmit>().formView(t).fields[static_cast<size_t>(id)].problem.empty());
    // A valid number that is not the card holder's: applying for someone else is done at the counter.
    t.apply(Intent::of(presubmit::Kind::formKey, kKeypadClear), 1000);
    typeDigits(t, "11010519491231002X");
    t.apply(Intent::of(presubmit::Kind::formNext), 1000);
    EXPECT_NE(t.service<presubmit::Presubmit>().formView(t).fields[static_cast<size_t>(id)].problem.find("所读身份证上的号码"), std::string::npos);
}

TEST(Presubmission, PinyinTypesChineseIntoATextFieldWithTheRealEngine) {
    ow::test::TempDir dir;
    auto engine = PinyinInput::open(dir.file("user.dat"));
    ASSERT_TRUE(engine.ok()) << engine.error();
    Terminal t = onBusinessForm();
    t.setPinyin(engine->get());
    t.apply(Intent::of(presubmit::Kind::formField, fieldIndex(t, "310118-DJ-001", "business_name")), 1000);
    EXPECT_EQ(t.service<presubmit::Presubmit>().formView(t).input, presubmit::FormView::Input::letters);
    // As a person does: letters, then the characters wanted among the candidates, word by word.
    for (auto [letters, want] : {std::pair{"zhangsan", "张三"}, {"xiaochi", "小吃"}, {"dian", "店"}}) {
        for (const char* c = letters; *c; ++c) t.apply(Intent::of(presubmit::Kind::formLetter, *c - 'a'), 1000);
        const auto v = t.service<presubmit::Presubmit>().formView(t);
        int pick = -1;
        std::string all;
        for (size_t i = 0; i < v.candidates.size(); ++i) {
            all += v.candidates[i] + " ";
            if (v.candidates[i] == want) pick = static_cast<int>(i);
        }
        ASSERT_GE(pick, 0) << letters << " gives " << want << ", not only: " << all;
        t.apply(Intent::of(presubmit::Kind::formCandidate, pick), 1000);
        EXPECT_TRUE(t.service<presubmit::Presubmit>().formView(t).letters.empty());
    }
    EXPECT_EQ(t.service<presubmit::Presubmit>().formView(t).fields[static_cast<size_t>(fieldIndex(t, "310118-DJ-001", "business_name"))].value, "张三小吃店");
    t.apply(Intent::of(presubmit::Kind::formNext), 1000);
    EXPECT_EQ(t.screen(), presubmit::kMaterials) << "every field right";
}

TEST(Presubmission, DatesGetTheirDashesAndOnlyTheLastIdCharacterCanBeX) {
    Terminal t = onBusinessForm();
    t.apply(Intent::of(presubmit::Kind::formField, fieldIndex(t, "310118-DJ-001", "start_date")), 1000);
    EXPECT_EQ(t.service<presubmit::Presubmit>().formView(t).input, presubmit::FormView::Input::date);
    typeDigits(t, "20261215");
    EXPECT_EQ(t.service<presubmit::Presubmit>().formView(t).fields[static_cast<size_t>(fieldIndex(t, "310118-DJ-001", "start_date"))].value, "2026-12-15");
    t.apply(Intent::of(presubmit::Kind::formKey, kKeypadDelete), 1000);
    t.apply(Intent::of(presubmit::Kind::formKey, kKeypadDelete), 1000);
    EXPECT_EQ(t.service<presubmit::Presubmit>().formView(t).fields[static_cast<size_t>(fieldIndex(t, "310118-DJ-001", "start_date"))].value, "2026-12");
    const int id = fieldIndex(t, "310118-DJ-001", "applicant_id");
    t.apply(Intent::of(presubmit::Kind::formField, id), 1000);
    t.apply(Intent::of(presubmit::Kind::formKey, kKeypadClear), 1000);
    typeDigits(t, "X1101051949");
    EXPECT_EQ(t.service<presubmit::Presubmit>().formView(t).fields[static_cast<size_t>(id)].value, "1101051949");
}

// The rest of the flow on t's form, with the business name typed through the real engine as the keyboard does.
void onToMaterials(Terminal& t) {
    ow::test::TempDir dir;
    auto engine = PinyinInput::open(dir.file("user.dat"));
    EXPECT_TRUE(engine.ok()) << engine.error();
    if (engine) {
        t.setPinyin(engine->get());
        t.apply(Intent::of(presubmit::Kind::formField, fieldIndex(t, "310118-DJ-001", "business_name")), 1000);
        for (char c : std::string("xcd")) t.apply(Intent::of(presubmit::Kind::formLetter, c - 'a'), 1000);
        t.apply(Intent::of(presubmit::Kind::formCandidate, 0), 1000);
        t.setPinyin(nullptr);
    }
    t.apply(Intent::of(presubmit::Kind::formNext), 1000);
}
Terminal onMaterials() {
    Terminal t = onBusinessForm();
    onToMaterials(t);
    return t;
}

TEST(Presubmission, MissingKeyMaterialsAreAllListedAtOnceAndTheNoticeListsThemFirst) {
    Terminal t = onMaterials();
    ASSERT_EQ(t.screen(), presubmit::kMaterials);
    EXPECT_FALSE(t.service<presubmit::Presubmit>().materialsView(t).allDecided);
    photograph(t, 0);  // the ID card; the application form (key) and both others are not brought
    for (int m : {1, 2, 3}) t.apply(Intent::of(presubmit::Kind::markMissing, m), 1000);
    EXPECT_TRUE(t.service<presubmit::Presubmit>().materialsView(t).allDecided);
    t.apply(Intent::of(presubmit::Kind::materialsNext), 1000);
    EXPECT_EQ(t.screen(), presubmit::kIncomplete);
    auto v = t.service<presubmit::Presubmit>().submitView(t);
    ASSERT_EQ(v.missingKey.size(), 1u);
    EXPECT_EQ(v.missingKey[0], "个体工商户设立登记申请书");
    EXPECT_EQ(v.missingOther.size(), 2u) << "the non-key ones too, in the same list";
    t.apply(Intent::of(presubmit::Kind::submit), 1000);
    EXPECT_FALSE(takeSubmission(t)) << "an incomplete submission cannot be made";
    t.apply(Intent::of(presubmit::Kind::printMissing, 0), 1000);
    auto print = takePrintRequest(t);
    ASSERT_TRUE(print);
    std::string text;
    for (const auto& b : print->document.blocks) text += b.text + b.value + "\n";
    const size_t listed = text.find("本次缺少的材料");
    ASSERT_NE(listed, std::string::npos) << text;
    EXPECT_LT(listed, text.find("经营场所使用证明")) << "what this person lacks comes first";
}

TEST(Presubmission, ToleranceNeedsASignatureThenEverythingGoesIntoTheOutboxAtOnce) {
    ASSERT_GE(sodium_init(), 0);
    Terminal t = onMaterials();
    ASSERT_EQ(t.screen(), presubmit::kMaterials);
    photograph(t, 0);
    photograph(t, 1);
    photograph(t, 1);  // the application form has two pages
    for (int m : {2, 3}) t.apply(Intent::of(presubmit::Kind::markMissing, m), 1000);
    t.apply(Intent::of(presubmit::Kind::materialsNext), 1000);
    ASSERT_EQ(t.screen(), presubmit::kCommitment);
    auto v = t.service<presubmit::Presubmit>().submitView(t);
    EXPECT_EQ(v.missingOther.size(), 2u);
    std::string commitment;
    for (const auto& line : v.commitment) commitment += line + "\n";
    EXPECT_NE(commitment.find("经营场所使用证明"), std::string::npos);
    EXPECT_NE(commitment.find(v.supplementBy), std::string::npos) << commitment;
    EXPECT_EQ(t.spokenPrompt(), "请阅读容缺受理承诺书，签名后提交。") << "the commitment names the person on screen, not aloud";
    // A tap is not a signature.
    t.apply(Intent::of(presubmit::Kind::signAt, signValue(0.5f, 0.5f, true)), 1000);
    t.apply(Intent::of(presubmit::Kind::submit), 1000);
    EXPECT_FALSE(takeSubmission(t));
    for (int i = 0; i <= 20; ++i)
        t.apply(Intent::of(presubmit::Kind::signAt, signValue(0.1f + 0.04f * static_cast<float>(i), 0.5f + (i % 2 ? 0.1f : -0.1f), i == 0)), 1000);
    EXPECT_TRUE(t.service<presubmit::Presubmit>().submitView(t).signedEnough);
    t.apply(Intent::of(presubmit::Kind::submit), 1000);
    auto req = takeSubmission(t);
    ASSERT_TRUE(req);
    EXPECT_TRUE(req->second.submission.tolerance);
    EXPECT_EQ(req->second.submission.phone, "13800138000");
    EXPECT_EQ(req->second.submission.applicantId, "310118199003070016");
    ASSERT_EQ(req->second.pages.size(), 4u);
    EXPECT_EQ(req->second.pages[1].size(), 2u);

    // Written to the outbox in one go: the three pages, then the submission, which names them.
    ow::test::TempDir dir;
    auto store = Store::open(dir.file("k.db"));
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(store->enqueueOutbox("session.summary", 1, "{}", OutboxKey{}).ok());
    auto signer = loadOrCreateReceiptSigner(dir.file("receipt-key.json"), kKiosk);
    ASSERT_TRUE(signer.ok()) << signer.error();
    auto queued = queueSubmission(*store, OutboxKey{}, *signer, req->second, 1796000000);
    ASSERT_TRUE(queued.ok()) << queued.error();
    EXPECT_EQ(queued->receiptNo, "YS-3F9A21C0D41B7E22-000002") << "numbered by its first event's seq";
    auto events = store->peekOutbox(10, OutboxKey{});
    ASSERT_EQ(events->size(), 5u);
    for (int i = 1; i <= 3; ++i) EXPECT_EQ((*events)[static_cast<size_t>(i)].type, "case.material");
    EXPECT_EQ(events->back().type, "case.submitted");
    std::string why;
    auto sent = ow::protocol::submissionFromJson(events->back().payload, &why);
    ASSERT_TRUE(sent) << why;
    EXPECT_EQ(sent->materials[1].pages, 2);
    EXPECT_TRUE(sent->materials[3].missing);
    EXPECT_EQ(sent->supplementBy, v.supplementBy);
    auto firstPage = ow::protocol::pageFromJson((*events)[1].payload, &why);
    ASSERT_TRUE(firstPage) << why;
    EXPECT_EQ(firstPage->receiptNo, queued->receiptNo);

    // The receipt (with its QR) and the signed commitment are printed, and the screen says it is submitted.
    onSubmitted(t, req->first, queued, receiptCode(*signer, queued->receiptNo), false);
    EXPECT_EQ(t.screen(), presubmit::kSubmitted);
    EXPECT_TRUE(t.service<presubmit::Presubmit>().submittedView(t).queuedOffline);
    EXPECT_EQ(t.service<presubmit::Presubmit>().submittedView(t).receiptNo, queued->receiptNo);
    auto receipt = takePrintRequest(t);
    auto signedCommitment = takePrintRequest(t);
    ASSERT_TRUE(receipt && signedCommitment);
    EXPECT_FALSE(takePrintRequest(t));
    EXPECT_EQ(receipt->document.kind, "receipt");
    EXPECT_EQ(signedCommitment->document.kind, "commitment");
    std::string text, qr;
    for (const auto& b : receipt->document.blocks) {
        text += b.text + b.value + "\n";
        if (b.kind == DocBlock::Kind::qr) qr = b.text;
    }
    EXPECT_NE(text.find(queued->receiptNo), std::string::npos);
    EXPECT_NE(text.find("310118********0016"), std::string::npos);
    EXPECT_EQ(text.find("310118199003070016"), std::string::npos) << "the ID number is masked on paper";
    EXPECT_NE(text.find("网络恢复后自动送达"), std::string::npos) << "offline: the receipt says it is queued";
    EXPECT_NE(text.find("经营场所使用证明"), std::string::npos) << "what is to be supplemented";
    const ScanCode code = classifyScan(qr, {});
    EXPECT_EQ(code.kind, ScanKind::caseReceipt);
    EXPECT_TRUE(code.byTerminal);
    EXPECT_EQ(code.id, queued->receiptNo);
    bool ink = false;
    for (const auto& b : signedCommitment->document.blocks)
        if (b.kind == DocBlock::Kind::image)
            for (auto byte : b.bits) ink |= byte != 0;
    EXPECT_TRUE(ink) << "the signature is on the commitment";

    // What is said aloud on these screens is heard by everyone nearby: never the name, number or phone.
    EXPECT_EQ(t.spokenPrompt(), "申报已保存，网络恢复后自动提交，请取走收件凭证。") << "queued: central was not reachable";
    for (const std::string& secret : {std::string("张三"), std::string("310118199003070016"), std::string("13800138000"), queued->receiptNo})
        EXPECT_EQ(t.spokenPrompt().find(secret), std::string::npos) << secret;

    // The next person finds nothing of this one.
    t.endSession(SessionEnd::finished);
    t.identify({"李四", "11010519491231002X", "19491231", "", ""}, 2000);
    t.apply(Intent::open(presubmit::kCode), 2000);
    t.apply(Intent::of(presubmit::Kind::openMatter, matterIndex(t, "310118-DJ-001")), 2000);
    EXPECT_EQ(t.service<presubmit::Presubmit>().formView(t).fields[2].value, "") << "the phone typed by the last person is gone";
    EXPECT_EQ(t.service<presubmit::Presubmit>().submittedView(t).receiptNo, "");
}

TEST(Presubmission, APageForAPersonWhoLeftIsDroppedAndACompleteOneIsConfirmedFirst) {
    Terminal t = onMaterials();
    t.apply(Intent::of(presubmit::Kind::capture, 0), 1000);
    auto req = takeCaptureRequest(t);
    ASSERT_TRUE(req);
    t.apply(Intent::of(presubmit::Kind::capture, 1), 1000);
    EXPECT_FALSE(takeCaptureRequest(t)) << "one page at a time";
    onPageCaptured(t, req->first, 0, page());
    for (int m : {1, 2, 3}) photograph(t, m);
    t.apply(Intent::of(presubmit::Kind::materialsNext), 1000);
    EXPECT_EQ(t.screen(), presubmit::kConfirm);
    EXPECT_EQ(t.service<presubmit::Presubmit>().submitView(t).captured.size(), 4u);
    t.apply(Intent::of(ShellKind::back), 1000);
    t.apply(Intent::of(presubmit::Kind::capture, 0), 1000);
    req = takeCaptureRequest(t);
    ASSERT_TRUE(req);
    t.endSession(SessionEnd::idleTimeout);
    // The next person reaches the same matter's materials before the last person's page comes back.
    fillBusinessForm(t, kLi);
    onToMaterials(t);
    ASSERT_EQ(t.screen(), presubmit::kMaterials);
    onPageCaptured(t, req->first, 0, page());  // 张三's page, after 张三 left
    EXPECT_EQ(t.service<presubmit::Presubmit>().materialsView(t).items[0].pages, 0) << "the last person's papers shown";
    EXPECT_TRUE(t.service<presubmit::Presubmit>().newestPages(t).empty());
    photograph(t, 0);
    EXPECT_EQ(t.service<presubmit::Presubmit>().materialsView(t).items[0].pages, 1) << "李四's own page is kept";
}

TEST(Presubmission, APageThatWasNotTakenSaysSoAndTheCameraCanBeTriedAgain) {
    Terminal t = onMaterials();
    t.apply(Intent::of(presubmit::Kind::capture, 0), 1000);
    auto req = takeCaptureRequest(t);
    ASSERT_TRUE(req);
    EXPECT_TRUE(t.service<presubmit::Presubmit>().materialsView(t).capturing);
    onPageCaptured(t, req->first, 0, Error{"the camera gave no frame within 2 s"});
    EXPECT_FALSE(t.service<presubmit::Presubmit>().materialsView(t).capturing);
    EXPECT_EQ(t.service<presubmit::Presubmit>().materialsView(t).items[0].pages, 0);
    EXPECT_NE(t.notice(1500).find("没有拍成功"), std::string::npos) << t.notice(1500);
    photograph(t, 0);
    EXPECT_EQ(t.service<presubmit::Presubmit>().materialsView(t).items[0].pages, 1);
}

TEST(Presubmission, WithoutTheDocumentCameraThePersonIsToldWhatStillWorks) {
    Terminal t = ow::test::makeTerminal();
    online(t, "receipt");  // a printer, but no document camera
    fillBusinessForm(t, kZhang);
    onToMaterials(t);
    ASSERT_EQ(t.screen(), presubmit::kMaterials) << "the capture below must be refused for want of a camera";
    EXPECT_FALSE(t.service<presubmit::Presubmit>().materialsView(t).camera);
    t.apply(Intent::of(presubmit::Kind::capture, 0), 1000);
    EXPECT_FALSE(takeCaptureRequest(t));
    EXPECT_NE(t.notice(1500).find("高拍仪暂时不能使用"), std::string::npos) << t.notice(1500);
    EXPECT_NE(t.notice(1500).find("综合受理窗口"), std::string::npos) << "and where to hand in paper instead";
}
