// Pre-submission benchmarks (Google Benchmark): a document camera's full frame (2592 × 1944) made into the page
// that is submitted (grey JPEG, at most 1600 px), and a submission with four such pages written durably to the
// outbox (one transaction, synchronous=FULL) — the time between "submit" and the screen saying so.
#include <benchmark/benchmark.h>
#include <sodium.h>

#include <cstdlib>
#include <filesystem>

#include "drivers/camera/v4l2.h"
#include "kiosk/services/presubmit/presubmission.h"
#include "kiosk/store.h"

using namespace ow;

namespace {

// A page as a camera sees it: white paper, lines of dark "text", a little sensor noise.
drivers::camera::Picture paperFrame() {
    drivers::camera::Picture p;
    p.width = 2592;
    p.height = 1944;
    p.rgb.resize(static_cast<size_t>(p.width) * p.height * 3);
    uint32_t seed = 12345;
    for (int y = 0; y < p.height; ++y)
        for (int x = 0; x < p.width; ++x) {
            seed = seed * 1103515245u + 12345u;
            const bool ink = (y / 24) % 3 == 1 && (x / 18) % 5 != 0 && x > 200 && x < 2400;
            const uint8_t v = static_cast<uint8_t>((ink ? 40 : 225) + (seed >> 28));
            uint8_t* px = &p.rgb[(static_cast<size_t>(y) * p.width + x) * 3];
            px[0] = px[1] = px[2] = v;
        }
    return p;
}

void PageJpegFromA5MegapixelFrame(benchmark::State& state) {
    const auto frame = paperFrame();
    size_t bytes = 0;
    for (auto _ : state) {
        int w = 0, h = 0;
        const auto jpeg = drivers::camera::encodePageJpeg(frame, 1600, w, h);
        bytes = jpeg.size();
        benchmark::DoNotOptimize(jpeg.data());
    }
    state.counters["jpeg_kb"] = static_cast<double>(bytes) / 1024;
}
BENCHMARK(PageJpegFromA5MegapixelFrame)->Unit(benchmark::kMillisecond);

void QueueASubmissionWithFourPages(benchmark::State& state) {
    if (sodium_init() < 0) std::abort();
    const auto dir = std::filesystem::temp_directory_path() / ("ow-bench-presubmit-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    auto store = core::Store::open((dir / "k.db").string());
    auto signer = core::loadOrCreateReceiptSigner((dir / "key.json").string(), "k-3f9a21c0d41b7e22");
    if (!store || !signer) std::abort();
    int w = 0, h = 0;
    core::CapturedPage page;
    page.jpeg = drivers::camera::encodePageJpeg(paperFrame(), 1600, w, h);
    core::SubmissionRequest req;
    auto& s = req.submission;
    s.matterCode = "310118-DJ-001";
    s.matterName = "个体工商户设立登记";
    s.department = "区市场监督管理局";
    s.applicantName = "张三";
    s.applicantId = "310118199003070016";
    s.phone = "13800138000";
    for (int m = 0; m < 4; ++m) {
        s.materials.push_back({"材料", true, 1, false});
        req.pages.push_back({page});
    }
    const core::OutboxKey key{};
    for (auto _ : state) {
        auto queued = core::queueSubmission(*store, key, *signer, req, 1796000000);
        if (!queued) std::abort();
        state.PauseTiming();
        store->ackOutbox(store->outboxLastSeq());
        state.ResumeTiming();
    }
    state.counters["page_kb"] = static_cast<double>(page.jpeg.size()) / 1024;
    std::filesystem::remove_all(dir);
}
BENCHMARK(QueueASubmissionWithFourPages)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
