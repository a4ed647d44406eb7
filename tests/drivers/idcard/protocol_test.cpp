// ID card protocol against captured frames in tests/data/idcard (built from the GA 467 layout by
// make_frames.py, independently of this code): what a person would see on screen, or the exact fault.
#include "drivers/idcard/protocol.h"
#include "kiosk/protocol/id_number.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

using namespace ow::drivers::idcard;

namespace {
std::vector<uint8_t> captured(const std::string& name) {
    std::ifstream in(std::string(OW_SOURCE_DIR) + "/tests/data/idcard/" + name, std::ios::binary);
    EXPECT_TRUE(in.good()) << name;
    return {std::istreambuf_iterator<char>(in), {}};
}
CardRead readCaptured(const std::string& name) {
    const auto bytes = captured(name);
    const ParseResult p = parseResponse(bytes.data(), bytes.size());
    EXPECT_EQ(p.error, FrameError::none) << p.message;
    EXPECT_EQ(p.consumed, bytes.size());
    return decodeBaseInfo(p.response);
}
}  // namespace

TEST(IdCardProtocol, CommandFramesMatchTheStandard) {
    EXPECT_EQ(encodeCommand(Command::findCard), (std::vector<uint8_t>{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03,
                                                                       0x20, 0x01, 0x22}));
    EXPECT_EQ(encodeCommand(Command::readBaseInfo), (std::vector<uint8_t>{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03,
                                                                           0x30, 0x01, 0x32}));
    EXPECT_EQ(encodeCommand(Command::samStatus), (std::vector<uint8_t>{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03,
                                                                        0x11, 0xFF, 0xED}));
}

TEST(IdCardProtocol, ReadsACapturedCard) {
    const CardRead r = readCaptured("base_info_ok.bin");
    ASSERT_TRUE(r.error.empty()) << r.error;
    EXPECT_EQ(r.text.name, "张三");
    EXPECT_EQ(r.text.sex(), "男");
    EXPECT_EQ(r.text.nation(), "汉");
    EXPECT_EQ(r.text.birth, "19900307");
    EXPECT_EQ(r.text.address, "上海市青浦区华新镇华腾路1号");
    EXPECT_EQ(r.text.idNumber, "310118199003070016");
    EXPECT_EQ(r.text.authority, "上海市公安局青浦分局");
    EXPECT_EQ(r.text.validFrom, "20150101");
    EXPECT_EQ(r.text.validTo, "20350101");
    EXPECT_EQ(r.photo.size(), 1024u);
    EXPECT_EQ(validate(r.text), "");
    EXPECT_FALSE(expired(r.text, "20261122"));
}

TEST(IdCardProtocol, RareCharactersAndLongTermValidity) {
    const CardRead r = readCaptured("base_info_rare_name.bin");
    ASSERT_TRUE(r.error.empty());
    EXPECT_EQ(r.text.name, "欧阳䶮");
    EXPECT_EQ(r.text.sex(), "女");
    EXPECT_EQ(r.text.nation(), "回");
    EXPECT_EQ(r.text.validTo, "长期");
    EXPECT_EQ(validate(r.text), "");
    EXPECT_FALSE(expired(r.text, "20991231"));
}

TEST(IdCardProtocol, ExpiredCardIsReadAndReportedAsExpired) {
    const CardRead r = readCaptured("base_info_expired.bin");
    ASSERT_TRUE(r.error.empty());
    EXPECT_EQ(validate(r.text), "");
    EXPECT_TRUE(expired(r.text, "20261122"));
}

TEST(IdCardProtocol, WrongCheckDigitIsNamed) {
    const CardRead r = readCaptured("base_info_bad_check_digit.bin");
    ASSERT_TRUE(r.error.empty());
    EXPECT_EQ(validate(r.text), "the ID number's check character is wrong (GB 11643)");
}

TEST(IdCardProtocol, BadChecksumAndTruncationAreFrameErrors) {
    auto bytes = captured("base_info_bad_checksum.bin");
    ParseResult p = parseResponse(bytes.data(), bytes.size());
    EXPECT_EQ(p.error, FrameError::badChecksum);
    EXPECT_NE(p.message.find("checksum is 0x"), std::string::npos);
    bytes = captured("base_info_truncated.bin");
    p = parseResponse(bytes.data(), bytes.size());
    EXPECT_EQ(p.error, FrameError::incomplete);
}

TEST(IdCardProtocol, StatusCodesHavePlainMeanings) {
    auto bytes = captured("read_failed.bin");
    ParseResult p = parseResponse(bytes.data(), bytes.size());
    ASSERT_EQ(p.error, FrameError::none);
    EXPECT_EQ(decodeBaseInfo(p.response).error, "SW3 0x41: reading the card failed");
    bytes = captured("sam_self_test_failed.bin");
    p = parseResponse(bytes.data(), bytes.size());
    EXPECT_EQ(p.response.sw3, 0x60);
    EXPECT_NE(sw3Meaning(0x60).find("self-test"), std::string::npos);
    bytes = captured("find_no_card.bin");
    EXPECT_EQ(parseResponse(bytes.data(), bytes.size()).response.sw3, sw3::kNoCard);
}

TEST(IdCardProtocol, NoiseBeforeAFrameIsSkipped) {
    auto bytes = captured("find_card_found.bin");
    bytes.insert(bytes.begin(), {0x00, 0xFF, 0xAA});
    const ParseResult p = parseResponse(bytes.data(), bytes.size());
    ASSERT_EQ(p.error, FrameError::none);
    EXPECT_EQ(p.response.sw3, sw3::kCardFound);
    EXPECT_EQ(p.consumed, bytes.size());
}

TEST(IdCardProtocol, ImpossibleLengthIsRefused) {
    const std::vector<uint8_t> bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0xFF, 0xFF, 0x00};
    EXPECT_EQ(parseResponse(bytes.data(), bytes.size()).error, FrameError::badLength);
}

TEST(IdCardProtocol, EncodedTextDecodesToTheSameFields) {
    const CardText t{"王小明", "1", "08", "20000229", "广西壮族自治区南宁市青秀区民族大道1号", "45010320000229001X",
                     "南宁市公安局青秀分局", "20160301", "20260301"};
    const auto block = encodeText(t);
    ASSERT_EQ(block.size(), kTextBytes);
    const CardText back = decodeText(block.data());
    EXPECT_EQ(back.name, t.name);
    EXPECT_EQ(back.nation(), "壮");
    EXPECT_EQ(back.address, t.address);
    EXPECT_EQ(back.idNumber, t.idNumber);
}

TEST(IdCardProtocol, CheckDigitFollowsGb11643) {
    EXPECT_EQ(ow::protocol::idCheckDigit("11010519491231002"), 'X');
    EXPECT_EQ(ow::protocol::idCheckDigit("44030419850512003"), '3');
}

TEST(IdCardProtocol, ValidationNamesWhatIsWrong) {
    CardText t{"张三", "1", "01", "19900230", "地址", "31011819900230001X", "机关", "20150101", "20350101"};
    EXPECT_EQ(validate(t), "the birth date is not a valid YYYYMMDD date") << "and it does not say what the card holds";
    t.birth = "19900307";
    t.idNumber = "310118199003070016";
    t.nationCode = "77";
    EXPECT_EQ(validate(t), "the nation code is not in GB 3304");
    t.nationCode = "01";
    t.validTo = "20100101";
    EXPECT_EQ(validate(t), "the card's validity ends before it starts");
}
