// libFuzzer target: any case.submitted or case.material payload a terminal (or an attacker with its secret) sends.
#include <sodium.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "kiosk/protocol/submission.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const bool ready = sodium_init() >= 0;
    if (!ready) std::abort();
    const std::string text(reinterpret_cast<const char*>(data), size);
    std::string why;
    if (auto s = ow::protocol::submissionFromJson(text, &why)) {
        // What was accepted writes back to a form that reads the same.
        auto again = ow::protocol::submissionFromJson(ow::protocol::submissionToJson(*s), &why);
        if (!again || again->receiptNo != s->receiptNo || again->materials.size() != s->materials.size()) std::abort();
    } else if (why.empty()) {
        std::abort();  // a refusal always says why
    }
    why.clear();
    if (auto p = ow::protocol::pageFromJson(text, &why)) {
        if (p->jpeg.size() > ow::protocol::kMaxPageBytes) std::abort();
    } else if (why.empty()) {
        std::abort();
    }
    return 0;
}
