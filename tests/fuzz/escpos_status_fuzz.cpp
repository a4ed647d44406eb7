// libFuzzer target: any bytes as printer status answers, and any bytes through the paper renderer's parser.
#include <cstddef>
#include <cstdint>
#include <string>

#include "drivers/receipt/protocol.h"

using namespace ow::drivers::receipt;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    PrinterStatus s;
    std::string error;
    for (size_t i = 0; i < size; ++i) (void)applyStatusByte(static_cast<int>(i % 5), data[i], s, error);
    if (size >= 4) (void)parseAutoStatus(data, s, error);
    (void)fromGb18030(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
