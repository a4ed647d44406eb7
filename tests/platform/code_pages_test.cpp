// Handing back a library's code pages: they stop counting as resident, and the library still runs.
#include "platform/code_pages.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <array>

#include <fstream>
#include <string>
#include <vector>

namespace {

// KiB resident of the executable mappings of files whose name contains `library`.
size_t residentCode(const std::string& library) {
    std::ifstream smaps("/proc/self/smaps");
    std::string line;
    bool in = false;
    size_t kib = 0;
    while (std::getline(smaps, line)) {
        if (line.find(" r-xp ") != std::string::npos) {
            in = line.find(library) != std::string::npos;
        } else if (line.find(" r--p ") != std::string::npos || line.find(" rw-p ") != std::string::npos ||
                   line.find(" ---p ") != std::string::npos) {
            in = false;
        } else if (in && line.rfind("Rss:", 0) == 0) {
            kib += std::stoul(line.substr(4));
        }
    }
    return kib;
}

std::array<unsigned char, 32> hashOf(const std::vector<unsigned char>& data) {
    std::array<unsigned char, 32> h{};
    crypto_generichash(h.data(), h.size(), data.data(), data.size(), nullptr, 0);
    return h;
}

}  // namespace

TEST(CodePages, ALibrarysCodeIsHandedBackAndStillRuns) {
    ASSERT_GE(sodium_init(), 0);
    std::vector<unsigned char> data(1 << 16);
    for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<unsigned char>(i * 7);
    const auto before = hashOf(data);  // libsodium's code is now resident
    ASSERT_GT(residentCode("libsodium.so"), 0u);

    const size_t released = ow::platform::releaseCodePages("libsodium.so");
    EXPECT_GT(released, 0u);
    EXPECT_EQ(residentCode("libsodium.so"), 0u) << "the pages are still counted as the process's";
    EXPECT_EQ(hashOf(data), before) << "the code read back from the file runs as before";
    EXPECT_GT(residentCode("libsodium.so"), 0u);
}

TEST(CodePages, NothingElseIsTouched) {
    EXPECT_EQ(ow::platform::releaseCodePages("no-such-library-here.so"), 0u);
    const size_t own = residentCode("ow_screens_tests");
    ow::platform::releaseCodePages("libsodium.so");
    EXPECT_GT(residentCode("ow_screens_tests"), 0u);
    EXPECT_GT(own, 0u);
}
