// A simulated ID card reader on a pseudo-terminal: it speaks GA 467 bytes, so the real serial transport
// and driver run against it. Cards come from a JSON file; every fault can be injected.
#pragma once

#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "drivers/idcard/protocol.h"
#include "drivers/transport/pty.h"
#include "kiosk/result.h"

namespace ow::drivers::idcard {

/** Faults the simulator can play, each for the next N answers. */
enum class SimFault { none, noAnswer, badChecksum, truncated, samFailure, readFailure, authFailure };
bool parseSimFault(std::string_view name, SimFault& out);  // "no-answer", "bad-checksum", "truncated", …

/**
 * Cards file: a JSON array of objects with keys name, sex (男/女 or 1/2), nation (汉… or 01…), birth,
 * address, id_number, authority, valid_from, valid_to (YYYYMMDD or 长期).
 */
core::Result<std::vector<CardText>> loadCards(const std::string& path);

class SimReader {
public:
    /** Opens a pty and makes `linkPath` a symlink to it (as udev makes /dev/serial/by-id links). */
    static core::Result<std::unique_ptr<SimReader>> create(const std::string& linkPath);
    ~SimReader();

    const std::string& path() const { return pty_.link(); }
    void place(const CardText& card);  // a card is laid on the reader
    void remove();                     // the card is taken away
    void fault(SimFault fault, int times = 1);
    void unplug();                     // the pty disappears, as a USB device would
    core::Status replug();

private:
    explicit SimReader(std::string link) : pty_(std::move(link)) {}
    core::Status plug();
    void serve();
    std::vector<uint8_t> answer(uint16_t command);

    PtyDevice pty_;
    std::thread thread_;
    std::atomic<bool> running_{false};
    std::mutex mutex_;
    std::optional<CardText> card_;
    bool halted_ = false;  // read once; must leave the field before the next read
    SimFault fault_ = SimFault::none;
    int faultTimes_ = 0;
};

}  // namespace ow::drivers::idcard
