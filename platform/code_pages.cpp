// Handing back the code pages of a library.
#include "platform/code_pages.h"

#include <sys/mman.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

namespace ow::platform {

size_t releaseCodePages(std::string_view library) {
    // /proc/self/smaps: a header line per mapping ("start-end perms offset dev inode path"), then its counters.
    std::ifstream smaps("/proc/self/smaps");
    std::string line;
    uintptr_t start = 0, end = 0;
    bool candidate = false;
    size_t rss = 0, released = 0;
    bool dirty = false;
    const auto finish = [&] {
        if (candidate && !dirty && rss > 0 &&
            madvise(reinterpret_cast<void*>(start), end - start, MADV_DONTNEED) == 0)
            released += rss;
        candidate = dirty = false;
        rss = 0;
    };
    while (std::getline(smaps, line)) {
        unsigned long long a = 0, b = 0;
        char perms[5] = {};
        int used = 0;
        if (std::sscanf(line.c_str(), "%llx-%llx %4s%n", &a, &b, perms, &used) == 3 && line[used] == ' ') {
            finish();
            start = static_cast<uintptr_t>(a);
            end = static_cast<uintptr_t>(b);
            const auto slash = line.find('/');
            candidate = std::strcmp(perms, "r-xp") == 0 && slash != std::string::npos &&
                        line.find(library, slash) != std::string::npos;
            continue;
        }
        if (!candidate) continue;
        if (line.rfind("Rss:", 0) == 0) rss = std::strtoull(line.c_str() + 4, nullptr, 10);
        // A written page (a debugger's breakpoint, a text relocation) exists nowhere else: the mapping is left.
        if (line.rfind("Private_Dirty:", 0) == 0 && std::strtoull(line.c_str() + 14, nullptr, 10) > 0) dirty = true;
    }
    finish();
    return released;
}

}  // namespace ow::platform
