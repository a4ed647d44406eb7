// Test support: a private Xvfb display, started on a free display number and stopped afterwards.
#pragma once

#include <string>
#include <sys/types.h>

#include <functional>
#include <vector>

namespace ow::test {

/** Starts `Xvfb -displayfd` (1280×800×24) and sets DISPLAY for this process and its children. */
class Xvfb {
public:
    Xvfb();
    ~Xvfb();
    bool ok() const { return pid_ > 0 && !display_.empty(); }
    const std::string& display() const { return display_; }

private:
    pid_t pid_ = -1;
    std::string display_;
};

/**
 * Runs a program with arguments; kills it after timeoutS. Returns its exit code (128+signal when killed).
 * `whileRunning`, if given, is called with the child's pid about every 20 ms until it exits.
 */
int run(const std::vector<std::string>& argv, int timeoutS, std::string* stderrText = nullptr,
        std::string* stdoutText = nullptr, const std::function<void(pid_t)>& whileRunning = {});

}  // namespace ow::test
