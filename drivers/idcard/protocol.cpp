// GA 467 SAM protocol of second-generation resident ID card readers: bytes ↔ structs, no I/O.
#include "drivers/idcard/protocol.h"

#include <cstdio>
#include <cstring>

#include "kiosk/protocol/id_number.h"
#include "kiosk/utf8.h"

namespace ow::drivers::idcard {

namespace {

struct Field {
    size_t offset, length;
};
// Text block layout (bytes): GA 467 / 二代证 base information.
constexpr Field kName{0, 30}, kSex{30, 2}, kNation{32, 4}, kBirth{36, 16}, kAddress{52, 70}, kId{122, 36},
    kAuthority{158, 30}, kValidFrom{188, 16}, kValidTo{204, 16};

uint8_t xorOf(const uint8_t* p, size_t n) {
    uint8_t x = 0;
    for (size_t i = 0; i < n; ++i) x ^= p[i];
    return x;
}

std::vector<uint8_t> frame(const std::vector<uint8_t>& body) {
    std::vector<uint8_t> out(std::begin(kPreamble), std::end(kPreamble));
    const size_t len = body.size() + 1;  // + checksum
    out.push_back(static_cast<uint8_t>(len >> 8));
    out.push_back(static_cast<uint8_t>(len & 0xFF));
    out.insert(out.end(), body.begin(), body.end());
    out.push_back(xorOf(out.data() + 5, out.size() - 5));
    return out;
}

// Finds the preamble; returns its offset or npos. Partial preambles at the end count as "maybe".
size_t findPreamble(const uint8_t* b, size_t n, bool& partialAtEnd) {
    partialAtEnd = false;
    for (size_t i = 0; i < n; ++i) {
        size_t k = 0;
        while (k < 5 && i + k < n && b[i + k] == kPreamble[k]) ++k;
        if (k == 5) return i;
        if (i + k == n) {
            partialAtEnd = true;
            return std::string::npos;
        }
    }
    return std::string::npos;
}

// Common framing: preamble, length, checksum. On success body/bodyLen point at what follows the length.
FrameError unframe(const uint8_t* b, size_t n, size_t minBody, size_t& consumed, const uint8_t*& body,
                   size_t& bodyLen, std::string& message) {
    bool partial;
    const size_t at = findPreamble(b, n, partial);
    if (at == std::string::npos) {
        if (partial) return FrameError::incomplete;
        consumed = n;
        message = "no frame start (AA AA AA 96 69) in " + std::to_string(n) + " bytes";
        return n == 0 ? FrameError::incomplete : FrameError::badPreamble;
    }
    if (n < at + 7) return FrameError::incomplete;
    const size_t len = (static_cast<size_t>(b[at + 5]) << 8) | b[at + 6];
    if (len < minBody + 1 || len > 4096) {
        consumed = at + 7;
        message = "length field " + std::to_string(len) + " is impossible for this frame";
        return FrameError::badLength;
    }
    if (n < at + 7 + len) return FrameError::incomplete;
    const uint8_t want = xorOf(b + at + 5, 2 + len - 1);
    const uint8_t got = b[at + 7 + len - 1];
    consumed = at + 7 + len;
    if (want != got) {
        char buf[96];
        std::snprintf(buf, sizeof buf, "checksum is 0x%02X but the bytes add up to 0x%02X", got, want);
        message = buf;
        return FrameError::badChecksum;
    }
    body = b + at + 7;
    bodyLen = len - 1;
    return FrameError::none;
}

std::string ucs2Field(const uint8_t* block, Field f) {
    std::string out;
    for (size_t i = 0; i + 1 < f.length; i += 2) {
        const char32_t c = block[f.offset + i] | (block[f.offset + i + 1] << 8);
        if (c == 0) break;
        core::appendUtf8(out, (c >= 0xD800 && c <= 0xDFFF) ? U'\uFFFD' : c);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

void putUcs2(std::vector<uint8_t>& block, Field f, std::string_view utf8) {
    std::vector<char32_t> cps;
    core::decodeUtf8(utf8, cps);
    for (size_t i = 0; i < f.length / 2; ++i) {
        const char32_t c = i < cps.size() && cps[i] < 0x10000 ? cps[i] : U' ';
        block[f.offset + 2 * i] = static_cast<uint8_t>(c & 0xFF);
        block[f.offset + 2 * i + 1] = static_cast<uint8_t>(c >> 8);
    }
}

bool isDigits(std::string_view s) {
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return !s.empty();
}

bool validDate(std::string_view d) {
    if (d.size() != 8 || !isDigits(d)) return false;
    const int y = std::stoi(std::string(d.substr(0, 4))), m = std::stoi(std::string(d.substr(4, 2))),
              day = std::stoi(std::string(d.substr(6, 2)));
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1850 || m < 1 || m > 12 || day < 1) return false;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return day <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

const char* const kNations[] = {
    "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白",
    "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇",
    "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米",
    "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙",
    "鄂伦春", "赫哲", "门巴", "珞巴", "基诺"};

}  // namespace

std::string sw3Meaning(uint8_t code) {
    const char* what = "an unknown status";
    switch (code) {
        case sw3::kSuccess: what = "success"; break;
        case sw3::kNoContent: what = "no content"; break;
        case sw3::kCardFound: what = "card found"; break;
        case sw3::kChecksum: what = "the reader received a frame with a bad checksum"; break;
        case sw3::kLength: what = "the reader received a frame with a bad length"; break;
        case sw3::kCommand: what = "the reader did not accept the command"; break;
        case sw3::kUnauthorised: what = "operation not permitted"; break;
        case sw3::kUnknownError: what = "the reader reported an unrecognised error"; break;
        case sw3::kCardAuthFailed: what = "the card failed to authenticate the reader"; break;
        case sw3::kSamAuthFailed: what = "the reader (SAM) failed to authenticate the card"; break;
        case sw3::kVerifyFailed: what = "the card's information failed verification"; break;
        case sw3::kInfoLength: what = "the card's information has a wrong length"; break;
        case sw3::kCardType: what = "not a resident ID card (unrecognised card type)"; break;
        case sw3::kReadFailed: what = "reading the card failed"; break;
        case sw3::kRandomFailed: what = "the card gave no random number"; break;
        case sw3::kSamSelfTest: what = "the reader's security module (SAM) failed its self-test"; break;
        case sw3::kSamNotAuthorised: what = "the reader's security module (SAM) is not authorised"; break;
        case sw3::kNoCard: what = "no card on the reader"; break;
        case sw3::kSelectFailed: what = "selecting the card failed"; break;
        default: break;
    }
    char buf[24];
    std::snprintf(buf, sizeof buf, "SW3 0x%02X: ", code);
    return buf + std::string(what);
}

std::vector<uint8_t> encodeCommand(Command command) {
    const auto c = static_cast<uint16_t>(command);
    return frame({static_cast<uint8_t>(c >> 8), static_cast<uint8_t>(c & 0xFF)});
}

std::vector<uint8_t> encodeResponse(uint8_t sw3, const std::vector<uint8_t>& data) {
    std::vector<uint8_t> body{0x00, 0x00, sw3};
    body.insert(body.end(), data.begin(), data.end());
    return frame(body);
}

ParseResult parseResponse(const uint8_t* bytes, size_t size) {
    ParseResult r;
    const uint8_t* body = nullptr;
    size_t len = 0;
    r.error = unframe(bytes, size, 3, r.consumed, body, len, r.message);
    if (r.error != FrameError::none) return r;
    r.response.sw1 = body[0], r.response.sw2 = body[1], r.response.sw3 = body[2];
    r.response.data.assign(body + 3, body + len);
    return r;
}

CommandResult parseCommand(const uint8_t* bytes, size_t size) {
    CommandResult r;
    const uint8_t* body = nullptr;
    size_t len = 0;
    r.error = unframe(bytes, size, 2, r.consumed, body, len, r.message);
    if (r.error == FrameError::none) r.command = static_cast<uint16_t>((body[0] << 8) | body[1]);
    return r;
}

std::string CardText::sex() const {
    if (sexCode == "1") return "男";
    if (sexCode == "2") return "女";
    return "未知";
}

std::string CardText::nation() const {
    if (nationCode.size() == 2 && isDigits(nationCode)) {
        const int n = std::stoi(nationCode);
        if (n >= 1 && n <= 56) return kNations[n - 1];
        if (n == 97) return "其他";
        if (n == 98) return "外国血统中国籍人士";
    }
    return "";
}

CardText decodeText(const uint8_t* block) {
    return {ucs2Field(block, kName),      ucs2Field(block, kSex),       ucs2Field(block, kNation),
            ucs2Field(block, kBirth),     ucs2Field(block, kAddress),   ucs2Field(block, kId),
            ucs2Field(block, kAuthority), ucs2Field(block, kValidFrom), ucs2Field(block, kValidTo)};
}

std::vector<uint8_t> encodeText(const CardText& t) {
    std::vector<uint8_t> block(kTextBytes, 0);
    for (size_t i = 0; i < kTextBytes; i += 2) block[i] = ' ';  // space padded, reserved included
    putUcs2(block, kName, t.name);
    putUcs2(block, kSex, t.sexCode);
    putUcs2(block, kNation, t.nationCode);
    putUcs2(block, kBirth, t.birth);
    putUcs2(block, kAddress, t.address);
    putUcs2(block, kId, t.idNumber);
    putUcs2(block, kAuthority, t.authority);
    putUcs2(block, kValidFrom, t.validFrom);
    putUcs2(block, kValidTo, t.validTo);
    return block;
}

std::string validate(const CardText& t) {
    // Says which field is wrong, never what it holds: the reason goes to the log (and to central in the heartbeat).
    if (t.name.empty()) return "the name is empty";
    if (t.sexCode != "0" && t.sexCode != "1" && t.sexCode != "2" && t.sexCode != "9")
        return "the sex code is not 0, 1, 2 or 9";
    if (t.nation().empty()) return "the nation code is not in GB 3304";
    if (!validDate(t.birth)) return "the birth date is not a valid YYYYMMDD date";
    if (t.idNumber.size() != 18 || !isDigits(std::string_view(t.idNumber).substr(0, 17)) ||
        !(isDigits(t.idNumber.substr(17)) || t.idNumber[17] == 'X'))
        return "the ID number is not 17 digits and a check character";
    if (ow::protocol::idCheckDigit(t.idNumber) != t.idNumber[17])
        return "the ID number's check character is wrong (GB 11643)";
    if (t.idNumber.substr(6, 8) != t.birth) return "the birth date in the ID number differs from the birth field";
    if (!validDate(t.validFrom)) return "the valid-from date is not a valid date";
    if (t.validTo != "长期") {
        if (!validDate(t.validTo)) return "the valid-to date is not a valid date or 长期";
        if (t.validTo <= t.validFrom) return "the card's validity ends before it starts";
    }
    return "";
}

bool expired(const CardText& t, std::string_view today) { return t.validTo != "长期" && t.validTo < today; }

CardRead decodeBaseInfo(const Response& r) {
    CardRead out;
    if (r.sw3 != sw3::kSuccess) {
        out.error = sw3Meaning(r.sw3);
        return out;
    }
    // Data: text length (2, big-endian), photo length (2), text, photo.
    if (r.data.size() < 4) {
        out.error = "the answer holds no text length";
        return out;
    }
    const size_t textLen = (r.data[0] << 8) | r.data[1], photoLen = (r.data[2] << 8) | r.data[3];
    if (textLen != kTextBytes || photoLen > kPhotoBytes || r.data.size() != 4 + textLen + photoLen) {
        out.error = "text length " + std::to_string(textLen) + " and photo length " + std::to_string(photoLen) +
                    " do not match the " + std::to_string(r.data.size() - 4) + " bytes received";
        return out;
    }
    out.text = decodeText(r.data.data() + 4);
    out.photo.assign(r.data.begin() + 4 + static_cast<long>(textLen), r.data.end());
    return out;
}

}  // namespace ow::drivers::idcard
