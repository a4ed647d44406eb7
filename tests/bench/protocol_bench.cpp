// Protocol benchmarks (Google Benchmark): parsing an ID card answer, and a receipt with a QR to ESC/POS bytes.
#include <benchmark/benchmark.h>

#include <fstream>
#include <iterator>

#include "drivers/idcard/protocol.h"
#include "drivers/receipt/protocol.h"
#include "kiosk/config_boot.h"
#include "kiosk/document.h"

using namespace ow::drivers;

static void ParseIdCardFrame(benchmark::State& state) {
    std::ifstream in(OW_SOURCE_DIR "/tests/data/idcard/base_info_rare_name.bin", std::ios::binary);
    const std::vector<uint8_t> frame{std::istreambuf_iterator<char>(in), {}};
    for (auto _ : state) {
        const auto p = idcard::parseResponse(frame.data(), frame.size());
        const auto card = idcard::decodeBaseInfo(p.response);
        benchmark::DoNotOptimize(idcard::validate(card.text));
    }
}
BENCHMARK(ParseIdCardFrame)->Unit(benchmark::kMicrosecond);

static void ReceiptWithQrToEscPos(benchmark::State& state) {
    auto doc = ow::core::parseDocument(*ow::core::readFile(OW_SOURCE_DIR "/assets/documents/sample-receipt.json"));
    for (auto _ : state) benchmark::DoNotOptimize(receipt::renderDocument(*doc));
}
BENCHMARK(ReceiptWithQrToEscPos)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
