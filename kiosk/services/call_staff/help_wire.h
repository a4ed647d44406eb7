// Calls for staff (帮办) between the terminal and central: raise a call, wait for it to be taken, cancel it; and
// central's answers as the terminal reads them. Nothing of the person goes but whether they are 60 or more.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ow::core {

struct HelpQuestion {
    enum class Op { raise, status, cancel } op = Op::raise;
    std::string key;              // raise: the same for every retry of one call
    std::string screen, service;  // raise: where the person is
    bool elder = false;           // raise: 60 or more, by the card
    std::string id;               // status, cancel
    std::string seen;             // status: the state already known; central waits up to waitMs for another
    int waitMs = 0;
    std::string path() const;
    std::string body() const;
    void wipe() {}  // it holds nothing of the person
};
const char* helpOpCode(HelpQuestion::Op op);

struct HelpAnswer {
    /** answered (the call as it stands), refused (404/409: no such call, or no longer open), offline, failed. */
    enum class Outcome { answered, refused, offline, failed } outcome = Outcome::offline;
    HelpQuestion::Op op = HelpQuestion::Op::raise;
    std::string id, state;  // state: raised | taken | cancelled | closed
    std::string detail;     // for the log
};

HelpAnswer parseHelpAnswer(HelpQuestion::Op op, int status, std::string_view body);

}  // namespace ow::core
