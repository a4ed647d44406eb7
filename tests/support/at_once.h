// A race, on purpose: n threads that each get ready (fn's own work before calling together()) and are then released
// at the same moment.
#pragma once

#include <atomic>
#include <functional>
#include <thread>
#include <vector>

namespace ow::test {

/** Runs fn(i, together) on n threads; each calls together() when ready, and all go on from there at once. */
template <class F>
void atOnce(int n, F&& fn) {
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    const std::function<void()> together = [&] {
        ++ready;
        while (!go) std::this_thread::yield();
    };
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i) threads.emplace_back([&, i] { fn(i, together); });
    while (ready < n) std::this_thread::yield();
    go = true;
    for (auto& t : threads) t.join();
}

}  // namespace ow::test
