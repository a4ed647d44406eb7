// A simulated ID card reader on a pseudo-terminal.
#include "drivers/idcard/sim_reader.h"

#include <poll.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace ow::drivers::idcard {

bool parseSimFault(std::string_view name, SimFault& out) {
    static const std::pair<const char*, SimFault> kNames[] = {
        {"none", SimFault::none},           {"no-answer", SimFault::noAnswer},
        {"bad-checksum", SimFault::badChecksum}, {"truncated", SimFault::truncated},
        {"sam-failure", SimFault::samFailure},   {"read-failure", SimFault::readFailure},
        {"auth-failure", SimFault::authFailure}};
    for (auto [n, f] : kNames)
        if (name == n) return out = f, true;
    return false;
}

core::Result<std::vector<CardText>> loadCards(const std::string& path) {
    std::ifstream in(path);
    if (!in) return core::Error{"cannot read the cards file " + path};
    std::stringstream buf;
    buf << in.rdbuf();
    auto doc = nlohmann::json::parse(buf.str(), nullptr, false);
    if (!doc.is_array()) return core::Error{path + ": must be a JSON array of cards"};
    std::vector<CardText> cards;
    for (size_t i = 0; i < doc.size(); ++i) {
        const auto& c = doc[i];
        auto get = [&](const char* key) { return c.is_object() && c.contains(key) && c[key].is_string() ? c[key].get<std::string>() : std::string(); };
        CardText t{get("name"), get("sex"), get("nation"), get("birth"), get("address"), get("id_number"),
                   get("authority"), get("valid_from"), get("valid_to")};
        if (t.sexCode == "男") t.sexCode = "1";
        if (t.sexCode == "女") t.sexCode = "2";
        if (t.nationCode.size() != 2 || t.nationCode[0] < '0' || t.nationCode[0] > '9') {
            for (int n = 1; n <= 98; ++n) {
                CardText probe;
                char code[3];
                std::snprintf(code, sizeof code, "%02d", n);
                probe.nationCode = code;
                if (!probe.nation().empty() && probe.nation() == t.nationCode) {
                    t.nationCode = code;
                    break;
                }
            }
        }
        if (t.name.empty() || t.idNumber.empty())
            return core::Error{path + ": card " + std::to_string(i) + " needs at least name and id_number"};
        cards.push_back(std::move(t));
    }
    return cards;
}

core::Result<std::unique_ptr<SimReader>> SimReader::create(const std::string& linkPath) {
    std::unique_ptr<SimReader> sim(new SimReader(linkPath));
    if (auto st = sim->plug(); !st) return core::Error{st.error()};
    return sim;
}

core::Status SimReader::plug() {
    if (auto st = pty_.plug(); !st) return st;
    running_ = true;
    thread_ = std::thread([this] { serve(); });
    return core::okStatus();
}

void SimReader::unplug() {
    if (!running_) return;
    running_ = false;
    if (thread_.joinable()) thread_.join();
    pty_.unplug();
}

core::Status SimReader::replug() { return running_ ? core::okStatus() : plug(); }

SimReader::~SimReader() { unplug(); }

void SimReader::place(const CardText& card) {
    std::lock_guard lock(mutex_);
    card_ = card;
    halted_ = false;
}

void SimReader::remove() {
    std::lock_guard lock(mutex_);
    card_.reset();
    halted_ = false;
}

void SimReader::fault(SimFault fault, int times) {
    std::lock_guard lock(mutex_);
    fault_ = fault;
    faultTimes_ = times;
}

std::vector<uint8_t> SimReader::answer(uint16_t command) {
    std::lock_guard lock(mutex_);
    SimFault f = SimFault::none;
    if (faultTimes_ > 0) {
        f = fault_;
        // SAM and read faults apply to their own commands; line faults to whatever comes next.
        const bool applies = (f == SimFault::samFailure && command == static_cast<uint16_t>(Command::samStatus)) ||
                             ((f == SimFault::readFailure || f == SimFault::authFailure) &&
                              command == static_cast<uint16_t>(Command::readBaseInfo)) ||
                             f == SimFault::noAnswer || f == SimFault::badChecksum || f == SimFault::truncated;
        if (applies)
            --faultTimes_;
        else
            f = SimFault::none;
    }
    std::vector<uint8_t> out;
    switch (static_cast<Command>(command)) {
        case Command::samStatus:
            out = encodeResponse(f == SimFault::samFailure ? sw3::kSamSelfTest : sw3::kSuccess);
            break;
        case Command::findCard:
            out = card_ && !halted_ ? encodeResponse(sw3::kCardFound, {0, 0, 0, 0}) : encodeResponse(sw3::kNoCard);
            break;
        case Command::selectCard:
            out = card_ && !halted_ ? encodeResponse(sw3::kSuccess, std::vector<uint8_t>(8, 0))
                                    : encodeResponse(sw3::kSelectFailed);
            break;
        case Command::readBaseInfo:
            if (!card_ || halted_) {
                out = encodeResponse(sw3::kReadFailed);
            } else if (f == SimFault::readFailure || f == SimFault::authFailure) {
                out = encodeResponse(f == SimFault::readFailure ? sw3::kReadFailed : sw3::kCardAuthFailed);
            } else {
                std::vector<uint8_t> data{0x01, 0x00, 0x04, 0x00};
                const auto text = encodeText(*card_);
                data.insert(data.end(), text.begin(), text.end());
                for (size_t i = 0; i < kPhotoBytes; ++i) data.push_back(static_cast<uint8_t>(i * 7));
                out = encodeResponse(sw3::kSuccess, data);
                halted_ = true;
            }
            break;
        default: out = encodeResponse(sw3::kCommand); break;
    }
    if (f == SimFault::noAnswer) return {};
    if (f == SimFault::badChecksum) out.back() ^= 0x5A;
    if (f == SimFault::truncated) out.resize(out.size() / 2);
    return out;
}

void SimReader::serve() {
    std::vector<uint8_t> buf;
    uint8_t chunk[512];
    while (running_) {
        pollfd p{pty_.fd(), POLLIN, 0};
        if (poll(&p, 1, 250) <= 0) continue;
        const ssize_t n = ::read(pty_.fd(), chunk, sizeof chunk);
        if (n <= 0) continue;
        buf.insert(buf.end(), chunk, chunk + n);
        for (;;) {
            const CommandResult c = parseCommand(buf.data(), buf.size());
            if (c.error == FrameError::incomplete) break;
            buf.erase(buf.begin(), buf.begin() + static_cast<long>(c.consumed));
            const auto out = c.error == FrameError::none ? answer(c.command)
                                                          : encodeResponse(c.error == FrameError::badChecksum
                                                                               ? sw3::kChecksum
                                                                               : sw3::kLength);
            if (!out.empty() && ::write(pty_.fd(), out.data(), out.size()) < 0) break;
        }
    }
}

}  // namespace ow::drivers::idcard
