// The pre-submission's wire form as central reads it: what a terminal sends reads back the same, and anything
// that breaks the intake rules (a key material missing, missing without a commitment, a bad ID number, a page
// that is not a JPEG or too large) is refused with the field named.
#include <gtest/gtest.h>
#include <sodium.h>

#include <nlohmann/json.hpp>

#include "kiosk/protocol/submission.h"
#include "tests/support/demo_submission.h"

using namespace ow::protocol;
using nlohmann::json;

namespace {

Submission good() { return ow::test::demoSubmission("k-3f9a21c0d41b7e22", 42, 1796000000); }

std::string refusal(const json& j) {
    std::string why;
    EXPECT_FALSE(submissionFromJson(j.dump(), &why)) << j.dump();
    return why;
}

}  // namespace

TEST(SubmissionProtocol, ReceiptNumbersAreTheTerminalsOwn) {
    EXPECT_EQ(receiptNumber("k-3f9a21c0d41b7e22", 42), "YS-3F9A21C0D41B7E22-000042");
    EXPECT_TRUE(validReceiptNo("YS-3F9A21C0D41B7E22-000042"));
    EXPECT_TRUE(validReceiptNo("YS-3F9A21C0D41B7E22-1234567"));
    EXPECT_FALSE(validReceiptNo("YS-3F9A21C0D41B7E2-000042"));
    EXPECT_FALSE(validReceiptNo("YS-3f9a21c0d41b7e22-000042"));
    EXPECT_FALSE(validReceiptNo("OW20261201000001"));
    EXPECT_EQ(receiptKeyId("k-3f9a21c0d41b7e22"), "3f9a21c0d41b7e22");
    EXPECT_EQ(receiptKeyId("kiosk-1"), "");
}

TEST(SubmissionProtocol, WhatATerminalSendsReadsBackTheSame) {
    std::string why;
    auto s = submissionFromJson(submissionToJson(good()), &why);
    ASSERT_TRUE(s) << why;
    EXPECT_EQ(s->receiptNo, good().receiptNo);
    EXPECT_EQ(s->fields.at(0).value, "张三小吃店");
    EXPECT_TRUE(s->materials.at(2).missing);
    EXPECT_EQ(s->supplementBy, good().supplementBy);
}

TEST(SubmissionProtocol, TheIntakeRulesAreCheckedAgainAtCentral) {
    const json base = json::parse(submissionToJson(good()));
    json j = base;
    j["materials"][0]["missing"] = true;
    j["materials"][0]["pages"] = 0;
    EXPECT_NE(refusal(j).find("key material"), std::string::npos);
    j = base;
    j["tolerance"] = false;
    EXPECT_NE(refusal(j).find("commitment"), std::string::npos);
    j = base;
    j["supplement_by"] = "2026-13-40";
    EXPECT_NE(refusal(j).find("supplement_by"), std::string::npos);
    j = base;
    j["applicant"]["id_number"] = "31011819900307001X";
    EXPECT_NE(refusal(j).find("applicant.id_number"), std::string::npos);
    j = base;
    j["materials"][0]["pages"] = 9;
    EXPECT_NE(refusal(j).find("pages"), std::string::npos);
    j = base;
    j["receipt_no"] = "OW20261201000001";
    EXPECT_NE(refusal(j).find("receipt_no"), std::string::npos);
    j = base;
    j["receipt_key"] = "not a key";
    EXPECT_NE(refusal(j).find("receipt_key"), std::string::npos);
    j = base;
    j["fields"][0]["value"] = 5;
    EXPECT_NE(refusal(j).find("value"), std::string::npos);
    j = base;
    j["fields"] = json::array();
    for (int i = 0; i < 61; ++i) j["fields"].push_back({{"key", "k"}, {"label", "l"}, {"value", "v"}});
    EXPECT_NE(refusal(j).find("fields"), std::string::npos);
    j = base;
    j.erase("matter_code");
    EXPECT_NE(refusal(j).find("matter_code"), std::string::npos);
    std::string why;
    EXPECT_FALSE(submissionFromJson("{\"receipt_no\": \"\xff\xfe\"}", &why));
    EXPECT_FALSE(why.empty());
}

TEST(SubmissionProtocol, APageIsAJpegOfBoundedSize) {
    ASSERT_GE(sodium_init(), 0);
    MaterialPage p{receiptNumber("k-3f9a21c0d41b7e22", 41), 0, 1, std::string("\xFF\xD8\xFF\xE0jpegdata\xFF\xD9", 14)};
    std::string why;
    auto back = pageFromJson(pageToJson(p), &why);
    ASSERT_TRUE(back) << why;
    EXPECT_EQ(back->jpeg, p.jpeg);
    p.jpeg = "\x89PNG....";
    EXPECT_FALSE(pageFromJson(pageToJson(p), &why));
    EXPECT_NE(why.find("JPEG"), std::string::npos);
    p.jpeg = std::string("\xFF\xD8", 2) + std::string(kMaxPageBytes, 'x');
    EXPECT_FALSE(pageFromJson(pageToJson(p), &why));
    p.jpeg = std::string("\xFF\xD8\xFF\xD9", 4);
    json j = json::parse(pageToJson(p));
    j["jpeg"] = "!!!not base64!!!";
    EXPECT_FALSE(pageFromJson(j.dump(), &why));
    j = json::parse(pageToJson(p));
    j["page"] = 0;
    EXPECT_FALSE(pageFromJson(j.dump(), &why));
    EXPECT_NE(why.find("page"), std::string::npos);
}
