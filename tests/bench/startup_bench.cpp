// Start to first frame: from just before exec to the kiosk's first presented frame (CLOCK_MONOTONIC both sides).
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

extern char** environ;

int main(int argc, char** argv) {
    if (argc < 3) return std::fprintf(stderr, "usage: startup_bench KIOSK DATA_DIR [runs]\n"), 2;
    const int runs = argc > 3 ? std::atoi(argv[3]) : 10;
    std::vector<double> ms;
    for (int i = 0; i < runs + 1; ++i) {
        int out[2];
        if (pipe(out) != 0) return 1;
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, out[1], 1);
        posix_spawn_file_actions_addclose(&fa, out[0]);
        const char* args[] = {argv[1], "--windowed", "1280x800", "--data", argv[2], "--quit-after-first-frame", nullptr};
        timespec t0{};
        clock_gettime(CLOCK_MONOTONIC, &t0);
        pid_t pid;
        if (posix_spawn(&pid, argv[1], &fa, nullptr, const_cast<char**>(args), environ) != 0) return 1;
        close(out[1]);
        std::string text;
        char buf[256];
        ssize_t n;
        while ((n = read(out[0], buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
        close(out[0]);
        int status;
        waitpid(pid, &status, 0);
        const auto at = text.find("first_frame_monotonic_ns=");
        if (at == std::string::npos) return std::fprintf(stderr, "kiosk printed no first frame\n"), 1;
        const long long first = std::atoll(text.c_str() + at + 25);
        const double d = (first - (t0.tv_sec * 1000000000LL + t0.tv_nsec)) / 1e6;
        if (i > 0) ms.push_back(d);  // the first run warms the page cache
    }
    std::sort(ms.begin(), ms.end());
    std::printf("start to first frame (%d runs, warm cache): median %.0f ms, min %.0f ms, max %.0f ms\n", runs,
                ms[ms.size() / 2], ms.front(), ms.back());
    return 0;
}
