// The ID card reader driver: GA 467 over a serial port, polled on its own thread, re-opened after unplug.
#pragma once

#include <functional>
#include <string>

#include "drivers/api/worker.h"
#include "drivers/idcard/protocol.h"

#include "drivers/transport/stream.h"

namespace ow::drivers::idcard {

struct ReaderConfig {
    std::string path;        // /dev/ttyACM0, /dev/serial/by-id/…, usb:VVVV:PPPP (vendor bulk), or a simulator's link
    int baud = 115200;
    int pollMs = 300;        // how often to look for a card
    int answerTimeoutMs = 1000;
};

/**
 * Looks for a card, selects it and reads its base information; posts IdCardPresented or
 * IdCardUnreadable, and DeviceStatusChanged on every change of state. A read card is halted by the
 * reader, so it must leave the field and come back before it is read again.
 */
class Reader : public DeviceWorker {
public:
    /** `today` gives YYYYMMDD for the expiry check (tests pass a fixed day). */
    Reader(ReaderConfig config, EventSink sink, std::function<std::string()> today = {});
    ~Reader() override { stop(); }

protected:
    void run() override;

private:
    enum class Outcome { ok, timeout, gone, frameError };
    Outcome transact(ByteStream& port, Command command, Response& response, std::string& error);
    /** Serves one open port until it is gone or the worker stops. */
    void serve(ByteStream& port);
    ReaderConfig config_;
    std::function<std::string()> today_;
};

/** A reader response, as the kiosk's event (fields decoded, validated, expiry checked). */
IdCardPresented toEvent(const CardText& text, std::string_view today);

}  // namespace ow::drivers::idcard
