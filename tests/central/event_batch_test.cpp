// Reading a terminal's batch of events in one pass: what a terminal sends is read back as the same events and
// payloads, and a bad batch is refused with the reason a terminal's log (and its engineer) can act on.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "central/event_batch.h"

using namespace ow::central;
using nlohmann::json;

namespace {

std::vector<Event> accepted(const std::string& body) {
    auto r = readEventBatch(body);
    if (const auto* bad = std::get_if<BatchError>(&r)) ADD_FAILURE() << body << " refused: " << bad->message;
    return std::holds_alternative<std::vector<Event>>(r) ? std::get<std::vector<Event>>(r) : std::vector<Event>{};
}

BatchError refused(const std::string& body) {
    auto r = readEventBatch(body);
    if (!std::holds_alternative<BatchError>(r)) {
        ADD_FAILURE() << body << " was accepted";
        return {};
    }
    return std::get<BatchError>(r);
}

std::string event(int seq, const std::string& payload, const std::string& extra = "") {
    return R"({"seq":)" + std::to_string(seq) + R"(,"type":"session.summary","occurred_at":1795334400,"payload":)" + payload +
           extra + "}";
}

}  // namespace

TEST(EventBatch, EveryPayloadReadsBackAsTheTerminalSentIt) {
    const std::vector<std::string> payloads = {
        R"({})",
        R"({"reason":"finished","duration_s":42})",
        R"({"nested":{"list":[1,-2,3.25,true,false,null,{"deep":[[],{}]}],"empty":[]},"z":0})",
        R"({"text":"引号\"反斜杠\\ 换行\n 制表\t \u0001 \ud83d\ude00 😀","big":18446744073709551615,"neg":-9223372036854775808})",
        R"({"float":1e300,"tiny":-2.5e-7,"int_as_float":2.0})",
    };
    std::string body = R"({"version":3,"events":[)";
    for (size_t i = 0; i < payloads.size(); ++i) {
        if (i) body += ',';
        body += event(static_cast<int>(i + 1), payloads[i]);
    }
    body += R"(],"trailing":{"ignored":[1,2]}})";
    const auto events = accepted(body);
    ASSERT_EQ(events.size(), payloads.size());
    for (size_t i = 0; i < payloads.size(); ++i) {
        EXPECT_EQ(events[i].seq, static_cast<int64_t>(i + 1));
        EXPECT_EQ(events[i].type, "session.summary");
        EXPECT_EQ(events[i].occurredAt, 1795334400);
        // The stored text is JSON that means what was sent.
        EXPECT_EQ(json::parse(events[i].payload), json::parse(payloads[i])) << events[i].payload;
    }
    // Members keep the order they were sent in.
    EXPECT_EQ(events[1].payload, R"({"reason":"finished","duration_s":42})");
}

TEST(EventBatch, MembersMayComeInAnyOrderAndUnknownOnesAreIgnored) {
    const auto events = accepted(
        R"({"events":[{"payload":{"a":[1,{"b":2}]},"note":{"x":[{"y":1}]},"occurred_at":5,"type":"print.job","seq":7,"extra":[1,[2]]}]})");
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].seq, 7);
    EXPECT_EQ(events[0].type, "print.job");
    EXPECT_EQ(events[0].occurredAt, 5);
    EXPECT_EQ(json::parse(events[0].payload), json::parse(R"({"a":[1,{"b":2}]})"));
}

TEST(EventBatch, AMemberGivenTwiceCountsOnceTheLastTime) {
    const auto events = accepted(R"({"events":[{"seq":1}],"events":[)" + event(2, R"({"n":1})", R"(,"payload":{"n":2})") + "]}");
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].seq, 2);
    EXPECT_EQ(json::parse(events[0].payload), json::parse(R"({"n":2})"));
}

TEST(EventBatch, ABadBatchIsRefusedWithWhatIsWrong) {
    struct Case {
        std::string body;
        int status;
        std::string code, message;
    };
    const std::vector<Case> cases = {
        {std::string(kMaxBodyBytes + 1, ' '), 413, "too_large", "the batch is over 1 MiB; send fewer events"},
        {"{\"events\":[\xff]}", 400, "bad_encoding", "the body is not UTF-8"},
        {R"({"events":[)" + event(1, "{}"), 400, "bad_json", "the body is not JSON"},
        {R"({"events":[)" + event(1, "{}") + "]} trailing", 400, "bad_json", "the body is not JSON"},
        {"", 400, "bad_json", "the body is not JSON"},
        // A syntax error anywhere outranks a bad field before it.
        {R"({"events":[{"seq":0}], "x": [1,})", 400, "bad_json", "the body is not JSON"},
        {R"([{"events":[]}])", 400, "bad_request", "the body must be a JSON object"},
        {R"("events")", 400, "bad_request", "the body must be a JSON object"},
        {R"({"batch":[]})", 400, "bad_request", R"(expected {"events": [...]})"},
        {R"({"events":{"seq":1}})", 400, "bad_request", R"(expected {"events": [...]})"},
        {R"({"events":"all"})", 400, "bad_request", R"(expected {"events": [...]})"},
        {R"({"events":[]})", 400, "bad_request", "a batch holds 1 to 500 events"},
        {R"({"events":[7]})", 400, "bad_request", "events[0] must be an object"},
        {R"({"events":[)" + event(1, "{}") + R"(,[1]]})", 400, "bad_request", "events[1] must be an object"},
        {R"({"events":[{"type":"session.summary","occurred_at":1,"payload":{}}]})", 400, "bad_request",
         "events[0].seq must be a whole number from 1"},
        {R"({"events":[{"seq":0,"type":"session.summary","occurred_at":1,"payload":{}}]})", 400, "bad_request",
         "events[0].seq must be a whole number from 1"},
        {R"({"events":[{"seq":1.5,"type":"session.summary","occurred_at":1,"payload":{}}]})", 400, "bad_request",
         "events[0].seq must be a whole number from 1"},
        {R"({"events":[{"seq":"1","type":"session.summary","occurred_at":1,"payload":{}}]})", 400, "bad_request",
         "events[0].seq must be a whole number from 1"},
        {R"({"events":[{"seq":9223372036854775808,"type":"session.summary","occurred_at":1,"payload":{}}]})", 400,
         "bad_request", "events[0].seq must be a whole number from 1"},
        {R"({"events":[{"seq":[1],"type":"session.summary","occurred_at":1,"payload":{}}]})", 400, "bad_request",
         "events[0].seq must be a whole number from 1"},
        {R"({"events":[{"seq":1,"type":"Session Summary","occurred_at":1,"payload":{}}]})", 400, "bad_request",
         "events[0].type must be 1 to 64 of a-z 0-9 . _ -"},
        {R"({"events":[{"seq":1,"type":"x';DROP TABLE event;--","occurred_at":1,"payload":{}}]})", 400, "bad_request",
         "events[0].type must be 1 to 64 of a-z 0-9 . _ -"},
        {R"({"events":[{"seq":1,"type":")" + std::string(65, 'a') + R"(","occurred_at":1,"payload":{}}]})", 400, "bad_request",
         "events[0].type must be 1 to 64 of a-z 0-9 . _ -"},
        {R"({"events":[{"seq":1,"type":{"a":1},"occurred_at":1,"payload":{}}]})", 400, "bad_request",
         "events[0].type must be 1 to 64 of a-z 0-9 . _ -"},
        {R"({"events":[{"seq":1,"type":"session.summary","occurred_at":-1,"payload":{}}]})", 400, "bad_request",
         "events[0].occurred_at must be Unix seconds"},
        {R"({"events":[{"seq":1,"type":"session.summary","payload":{}}]})", 400, "bad_request",
         "events[0].occurred_at must be Unix seconds"},
        {R"({"events":[{"seq":1,"type":"session.summary","occurred_at":1}]})", 400, "bad_request",
         "events[0].payload must be an object"},
        {R"({"events":[{"seq":1,"type":"session.summary","occurred_at":1,"payload":[{}]}]})", 400, "bad_request",
         "events[0].payload must be an object"},
        {R"({"events":[{"seq":1,"type":"session.summary","occurred_at":1,"payload":"{}"}]})", 400, "bad_request",
         "events[0].payload must be an object"},
        // Checked in a fixed order, whatever order the members came in.
        {R"({"events":[{"payload":5,"occurred_at":-1,"type":"","seq":0}]})", 400, "bad_request",
         "events[0].seq must be a whole number from 1"},
        {R"({"events":[)" + event(2, "{}") + "," + event(2, "{}") + "]}", 400, "bad_request",
         "events[1].seq must be higher than the one before"},
        // The first bad event is named.
        {R"({"events":[)" + event(1, "{}") + R"(,{"seq":2},{"seq":-3}]})", 400, "bad_request", "events[1].type must be 1 to 64 of a-z 0-9 . _ -"},
    };
    for (const auto& c : cases) {
        const BatchError e = refused(c.body);
        EXPECT_EQ(e.status, c.status) << c.body.substr(0, 200);
        EXPECT_EQ(e.code, c.code) << c.body.substr(0, 200);
        EXPECT_EQ(e.message, c.message) << c.body.substr(0, 200);
    }
}

TEST(EventBatch, ABatchOfMoreThanFiveHundredIsRefusedWhateverElseIsWrongWithIt) {
    std::string body = R"({"events":[{"seq":0})";
    for (int i = 2; i <= 501; ++i) {
        body += ',';
        body += event(i, "{}");
    }
    body += "]}";
    EXPECT_EQ(refused(body).message, "a batch holds 1 to 500 events");
    std::string full = R"({"events":[)";
    for (int i = 1; i <= 500; ++i) {
        if (i > 1) full += ',';
        full += event(i, R"({"i":)" + std::to_string(i) + "}");
    }
    full += "]}";
    const auto events = accepted(full);
    ASSERT_EQ(events.size(), 500u);
    EXPECT_EQ(json::parse(events[499].payload)["i"], 500);
}

TEST(EventBatch, DeepNestingIsReadWithoutRecursion) {
    // A hostile payload nested 100,000 deep (200 KB) reads back without exhausting the stack.
    const int depth = 100000;
    std::string payload = "{\"d\":";
    payload.append(depth, '[').append(depth, ']') += '}';
    const auto events = accepted(R"({"events":[)" + event(1, payload) + "]}");
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].payload, payload);
}
