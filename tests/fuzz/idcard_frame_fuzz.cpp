// libFuzzer target: any bytes into the ID card frame parser and text decoder must neither crash nor overrun.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "drivers/idcard/protocol.h"

using namespace ow::drivers::idcard;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const ParseResult r = parseResponse(data, size);
    if (r.consumed > size) std::abort();
    if (r.error == FrameError::none) {
        const CardRead card = decodeBaseInfo(r.response);
        if (card.error.empty()) {
            (void)validate(card.text);
            (void)expired(card.text, "20261122");
            (void)card.text.nation();
        }
    }
    const CommandResult c = parseCommand(data, size);
    if (c.consumed > size) std::abort();
    if (size >= kTextBytes) (void)decodeText(data);
    return 0;
}
