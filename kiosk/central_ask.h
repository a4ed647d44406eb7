// A question a service asks central's signed endpoints as JSON, and central's answer as it came: for the services
// whose questions need no more than a path and a body (reports, ratings, collections). The service writes the body
// and reads the answer's JSON itself; what either holds of the person is zeroed when it is wiped.
#pragma once

#include <string>
#include <string_view>

namespace ow::core {

struct CentralAsk {
    int op = 0;        // the asking service's own name for the question (its enum), given back with the answer
    std::string path;  // "/v1/reports/file"
    std::string body;  // a JSON object; may hold personal data
    void wipe();
};

struct CentralReply {
    /** answered (200, a JSON object), refused (404 or 409: central's code says why), offline (central unreachable,
        failing, or not knowing this terminal: not the person's doing), failed (central said the question itself is
        wrong, or its answer does not read: a fault of this terminal). */
    enum class Outcome { answered, refused, offline, failed } outcome = Outcome::offline;
    int op = 0;
    std::string body;     // answered: central's JSON
    std::string refusal;  // refused: central's code ("not_found" when it gave none)
    std::string detail;   // for the log, never shown as is
    void wipe();
};

/** Reads central's answer (status and body) to the question `op`. */
CentralReply readCentralReply(int op, int status, std::string_view body);

}  // namespace ow::core
