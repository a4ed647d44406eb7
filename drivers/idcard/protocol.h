// GA 467 SAM protocol of second-generation resident ID card readers: bytes ↔ structs, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ow::drivers::idcard {

/** Host → reader commands (command byte, parameter byte). */
enum class Command : uint16_t {
    samStatus = 0x11FF,     // 读SAM状态
    findCard = 0x2001,      // 寻找证/卡
    selectCard = 0x2002,    // 选取证/卡
    readBaseInfo = 0x3001,  // 读基本信息（文字 + 照片）
};

/** SW3 status codes the reader answers with (GA 467 appendix). */
namespace sw3 {
constexpr uint8_t kSuccess = 0x90, kNoContent = 0x91, kCardFound = 0x9F, kChecksum = 0x10, kLength = 0x11,
                  kCommand = 0x21, kUnauthorised = 0x23, kUnknownError = 0x24, kCardAuthFailed = 0x31,
                  kSamAuthFailed = 0x32, kVerifyFailed = 0x33, kInfoLength = 0x3F, kCardType = 0x40,
                  kReadFailed = 0x41, kRandomFailed = 0x47, kSamSelfTest = 0x60, kSamNotAuthorised = 0x66,
                  kNoCard = 0x80, kSelectFailed = 0x81;
}
/** Plain words for an SW3 code, e.g. "SW3 0x41: reading the card failed". */
std::string sw3Meaning(uint8_t code);

constexpr uint8_t kPreamble[] = {0xAA, 0xAA, 0xAA, 0x96, 0x69};
constexpr size_t kTextBytes = 256, kPhotoBytes = 1024;

/** A host command frame. */
std::vector<uint8_t> encodeCommand(Command command);

/** A reader response frame (what the simulator sends; what tests build captured frames to compare with). */
std::vector<uint8_t> encodeResponse(uint8_t sw3, const std::vector<uint8_t>& data = {});

/** One decoded reader response. */
struct Response {
    uint8_t sw1 = 0, sw2 = 0, sw3 = 0;
    std::vector<uint8_t> data;
};

/** Why bytes are not a valid frame. */
enum class FrameError { none, incomplete, badPreamble, badLength, badChecksum };

/**
 * Looks for one whole response frame at the start of `bytes` (after skipping noise before a preamble).
 * On success returns the number of bytes consumed; `incomplete` means wait for more bytes.
 */
struct ParseResult {
    FrameError error = FrameError::none;
    size_t consumed = 0;
    Response response;
    std::string message;  // what is wrong, in one sentence
};
ParseResult parseResponse(const uint8_t* bytes, size_t size);
/** The same for host command frames (the simulator's side). */
struct CommandResult {
    FrameError error = FrameError::none;
    size_t consumed = 0;
    uint16_t command = 0;
    std::string message;
};
CommandResult parseCommand(const uint8_t* bytes, size_t size);

/** The fields of the card's text block, decoded. */
struct CardText {
    std::string name, sexCode, nationCode, birth, address, idNumber, authority, validFrom, validTo;
    std::string sex() const;     // 男 / 女 / 未知
    std::string nation() const;  // 汉, 蒙古, … (GB 3304)
};
/** The text block's layout: UCS-2LE, space padded; byte offsets and lengths per GA 467. */
CardText decodeText(const uint8_t* block);
std::vector<uint8_t> encodeText(const CardText& text);

/** What is wrong with a card's data, or empty when it is consistent. */
std::string validate(const CardText& text);
/** True when valid_to (YYYYMMDD or 长期) is before today (YYYYMMDD). */
bool expired(const CardText& text, std::string_view today);

/** A whole read-base-info answer: text, photo (opaque, 1024 bytes of WLT), or the reason it failed. */
struct CardRead {
    CardText text;
    std::vector<uint8_t> photo;
    std::string error;  // empty on success
};
CardRead decodeBaseInfo(const Response& response);

}  // namespace ow::drivers::idcard
