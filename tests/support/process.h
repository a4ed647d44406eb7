// Helper programs for tests and benchmarks: a server started in the background, a command's output.
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

/** Runs a shell command line; its standard output (trailing newlines removed when trim). */
inline std::string capture(const std::string& command, bool trim = false) {
    std::string out;
    FILE* p = popen(command.c_str(), "r");
    char buf[512];
    while (p && fgets(buf, sizeof buf, p)) out += buf;
    if (p) pclose(p);
    while (trim && !out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

}  // namespace ow::test
