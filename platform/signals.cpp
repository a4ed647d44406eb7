// SIGTERM/SIGINT handled on a thread of their own.
#include "platform/signals.h"

#include <pthread.h>
#include <signal.h>

#include <thread>

namespace ow::platform {

void watchTerminationSignals(std::function<void(int)> onSignal, int extra) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    if (extra != 0) sigaddset(&set, extra);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::thread([set, onSignal = std::move(onSignal)] {
        for (;;) {
            int sig = 0;
            if (sigwait(&set, &sig) == 0) onSignal(sig);
        }
    }).detach();
}

}  // namespace ow::platform
