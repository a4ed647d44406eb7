// libFuzzer target: any scanned payload through the classifier and the scanner line/key assemblers.
#include <sodium.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "drivers/scanner/protocol.h"
#include "kiosk/protocol/submission.h"
#include "kiosk/scan_code.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const bool ready = sodium_init() >= 0;
    if (!ready) std::abort();
    static ow::core::TrustedKeys keys = [] {
        ow::core::TrustedKeys k;
        k["demo1"] = {};
        return k;
    }();
    const auto r = ow::core::classifyScan(std::string_view(reinterpret_cast<const char*>(data), size), keys);
    // No valid signature exists for a zero key; a terminal's receipt passes unverified only in its exact form.
    if (r.kind == ow::core::ScanKind::appointment) std::abort();
    if (r.kind == ow::core::ScanKind::caseReceipt && !(r.byTerminal && ow::protocol::validReceiptNo(r.id))) std::abort();
    ow::drivers::scanner::LineAssembler lines;
    (void)lines.feed(data, size, 0);
    ow::drivers::scanner::KeyboardWedge wedge;
    for (size_t i = 0; i + 1 < size; i += 2) (void)wedge.key(data[i], data[i + 1] % 3);
    return 0;
}
