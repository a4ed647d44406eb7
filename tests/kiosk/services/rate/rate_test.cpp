// Rating the service at the terminal: offered by the bottom bar after a service is done (never forced, nothing chosen
// beforehand), real-name by the card; a good rating sent at the tap, a bad one asking what went wrong first (at least
// one thing) and telling when the person will be contacted; "already rated" said plainly (一事一评); from the tile, the
// person's own cases and appointments, those rated already not offered again; the offer gone with the session.
#include "kiosk/services/rate/rate.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "demo_terminal.h"
#include "kiosk/services/queue/queue.h"

using namespace ow::core;
using namespace ow::test;
namespace r = ow::core::rate;
using nlohmann::json;

namespace {

const IdentityInput kPerson{"李四", "310118199003070016", "19900307", "上海市青浦区", ""};
const std::string kTicketId = "0123456789abcdef01234567";
const r::Rate& svc(const Terminal& t) { return t.service<r::Rate>(); }
auto takeAsk(Terminal& t) { return t.takeRequest<CentralAsk>(); }

// A ticket's QR scanned after the visit: its place says done, and the visit may be rated.
void visitDone(Terminal& t) {
    t.onDevice(ow::drivers::CodeScanned{"OW1.Q." + kTicketId, "scanner"}, 0);
    auto q = t.takeRequest<QueueQuestion>();
    ASSERT_TRUE(q);
    t.answer({q->first, parseQueueAnswer(QueueQuestion::Op::status, 200,
                                         R"({"ticket":{"id":")" + kTicketId + R"(","number":"A012","theme":"livelihood","class":)"
                                         R"("ordinary","day":"2026-12-04","ahead":0,"state":"done","window":"2","wait_minutes":0,)"
                                         R"("windows":["1","2"],"issued_at":1796349600}})")});
    ASSERT_EQ(t.screen(), queue::kPlace);
}

}  // namespace

TEST(RateService, AVisitDoneIsOfferedForRatingAndAGoodRatingIsSentAtTheTap) {
    Terminal t = makeTerminal();
    visitDone(t);
    ASSERT_TRUE(t.ratingOfferHere()) << "the bottom bar offers a rating on the place that says done";
    EXPECT_EQ(t.ratingOfferHere()->stage, "visit");
    EXPECT_FALSE(takeAsk(t)) << "nothing is sent unless the person rates";
    t.apply(Intent::open(r::kCode), 10);
    EXPECT_EQ(t.screen(), r::kStart) << "real-name: the card first";
    EXPECT_FALSE(svc(t).startView(t).identified);
    t.identify(kPerson, 20);
    EXPECT_EQ(t.screen(), r::kLevels);
    const auto v = svc(t).levelsView(t);
    EXPECT_EQ(v.levels, (std::vector<std::string>{"非常满意", "满意", "基本满意", "不满意", "非常不满意"}));
    EXPECT_EQ(v.kind, "窗口办理");
    EXPECT_FALSE(takeAsk(t)) << "no level chosen beforehand";
    t.apply(Intent::of(r::Kind::level, 4), 30);
    EXPECT_EQ(t.screen(), r::kDone);
    auto ask = takeAsk(t);
    ASSERT_TRUE(ask);
    EXPECT_EQ(ask->second.path, "/v1/ratings/rate");
    const json body = json::parse(ask->second.body);
    EXPECT_EQ(body["stage"], "visit");
    EXPECT_EQ(body["subject"], kTicketId);
    EXPECT_EQ(body["level"], 4);
    EXPECT_TRUE(body["reasons"].empty());
    EXPECT_EQ(body["name"], "李四");
    EXPECT_EQ(body["id_number"], "310118199003070016");
    EXPECT_EQ(svc(t).doneView(t).message, "正在提交评价，请稍候……");
    t.answer({ask->first, readCentralReply(ask->second.op, 200, R"({"rating":{"id":"x","level":4}})")});
    EXPECT_EQ(svc(t).doneView(t).message, "感谢您的评价！");
    EXPECT_EQ(svc(t).doneView(t).detail, "") << "a good rating: nothing to follow up";
}

TEST(RateService, ABadRatingSaysWhatWentWrongFirstAndWhenThePersonIsContacted) {
    Terminal t = makeTerminal();
    t.identify(kPerson, 0);
    visitDone(t);
    t.apply(Intent::open(r::kCode), 10);
    ASSERT_EQ(t.screen(), r::kLevels);
    t.apply(Intent::of(r::Kind::level, 2), 20);
    EXPECT_EQ(t.screen(), r::kReasons);
    EXPECT_FALSE(takeAsk(t));
    t.apply(Intent::of(r::Kind::submit), 30);
    EXPECT_TRUE(svc(t).reasonsView(t).needOne);
    EXPECT_FALSE(takeAsk(t)) << "a bad rating says what went wrong";
    t.apply(Intent::of(r::Kind::reason, 0), 40);
    t.apply(Intent::of(r::Kind::reason, 2), 41);
    t.apply(Intent::of(r::Kind::reason, 2), 42);  // again: off
    EXPECT_TRUE(svc(t).reasonsView(t).reasons[0].on);
    EXPECT_FALSE(svc(t).reasonsView(t).reasons[2].on);
    t.apply(Intent::of(r::Kind::words), 50);
    EXPECT_EQ(t.screen(), r::kWords);
    t.apply(Intent::of(r::Kind::wordsDone), 60);
    EXPECT_EQ(t.screen(), r::kReasons);
    t.apply(Intent::of(r::Kind::submit), 70);
    auto ask = takeAsk(t);
    ASSERT_TRUE(ask);
    const json body = json::parse(ask->second.body);
    EXPECT_EQ(body["level"], 2);
    EXPECT_EQ(body["reasons"], json::array({"排队等候时间长"}));
    t.answer({ask->first, readCentralReply(ask->second.op, 200,
                                           R"({"rating":{"id":"x","level":2,"follow_up":{"state":"opened","contact_by":"2026-12-07"}}})")});
    EXPECT_EQ(svc(t).doneView(t).detail, "我们会在 2026-12-07 前与您联系，了解情况并整改。");
}

TEST(RateService, ASecondRatingIsRefusedInPlainWordsAndOfflineOffersTryAgain) {
    Terminal t = makeTerminal();
    t.identify(kPerson, 0);
    visitDone(t);
    t.apply(Intent::open(r::kCode), 10);
    t.apply(Intent::of(r::Kind::level, 5), 20);
    auto ask = takeAsk(t);
    ASSERT_TRUE(ask);
    t.answer({ask->first, readCentralReply(ask->second.op, 503, "")});
    EXPECT_TRUE(svc(t).doneView(t).canRetry);
    t.apply(Intent::of(r::Kind::retry), 30);
    auto again = takeAsk(t);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->second.body, ask->second.body) << "the same rating, with its key";
    t.answer({again->first, readCentralReply(again->second.op, 409, R"({"error":{"code":"already_rated","message":"x"}})")});
    EXPECT_EQ(svc(t).doneView(t).message, "已评价，无需重复评价。");
    EXPECT_FALSE(svc(t).doneView(t).canRetry);
}

TEST(RateService, FromTheTileThePersonsOwnThingsAndThoseRatedAlreadyAreNotOfferedAgain) {
    Terminal t = makeTerminal();
    t.identify(kPerson, 0);
    t.apply(Intent::open(r::kCode), 10);
    EXPECT_EQ(t.screen(), r::kStart);
    auto ask = takeAsk(t);
    ASSERT_TRUE(ask);
    EXPECT_EQ(ask->second.path, "/v1/ratings/mine");
    EXPECT_EQ(json::parse(ask->second.body), json({{"id_number", "310118199003070016"}}));
    t.answer({ask->first, readCentralReply(ask->second.op, 200,
                                           R"({"rateable":[{"stage":"case","subject":"OW20261204000001","what":"个体工商户设立登记",)"
                                           R"("at":1796349600,"rated":true},{"stage":"appointment","subject":"YY2026120712345678",)"
                                           R"("what":"居民身份证换领","at":1796349600,"rated":false}]})")});
    const auto v = svc(t).startView(t);
    ASSERT_EQ(v.items.size(), 2u);
    EXPECT_TRUE(v.items[0].rated);
    EXPECT_EQ(v.items[1].kind, "预约");
    t.apply(Intent::of(r::Kind::choose, 0), 20);
    EXPECT_EQ(t.screen(), r::kStart) << "rated already: not again";
    t.apply(Intent::of(r::Kind::choose, 1), 30);
    EXPECT_EQ(t.screen(), r::kLevels);
    EXPECT_EQ(svc(t).levelsView(t).what, "居民身份证换领");
    t.apply(Intent::of(r::Kind::level, 3), 40);
    ask = takeAsk(t);
    ASSERT_TRUE(ask);
    EXPECT_EQ(json::parse(ask->second.body)["subject"], "YY2026120712345678");
}

TEST(RateService, TheOfferAndEverythingOfThePersonGoWithTheSession) {
    Terminal t = makeTerminal();
    t.identify(kPerson, 0);
    visitDone(t);
    ASSERT_TRUE(t.ratingOffer());
    t.endSession(SessionEnd::finished);
    EXPECT_FALSE(t.ratingOffer()) << "the next person is not offered this one's visit";
    t.apply(Intent::of(ShellKind::start), 100);
    t.apply(Intent::open(r::kCode), 110);
    EXPECT_EQ(t.screen(), r::kStart);
    EXPECT_TRUE(svc(t).levelsView(t).what.empty());
}
