// Starting a helper program (a server) for a test or a benchmark, its standard output discarded.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

namespace ow::test {

/** Starts args[0] with the arguments; its pid. */
inline pid_t spawn(std::vector<std::string> args) {
    std::fflush(stdout);
    const pid_t pid = fork();
    if (pid == 0) {
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        if (!std::freopen("/dev/null", "w", stdout)) _exit(127);
        execv(argv[0], argv.data());
        _exit(127);
    }
    return pid;
}

}  // namespace ow::test
