// A question a service asks central's signed endpoints as JSON, and central's answer as it came: for the services
// whose questions need no more than a path and a body (reports, ratings, collections). The service writes the body
// and reads the answer's JSON itself; what either holds of the person is zeroed when it is wiped.
#pragma once

#include <optional>
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

class Service;
class Terminal;
struct Answer;

/** Where a service's question to central stands. */
enum class Asking { idle, waiting, answered, refused, offline };

/**
 * A service's one question at a time to central and its answer: asking again drops the answer to the one before; the
 * question is kept (to be asked again as it was, with its key) only while central could not be reached; everything
 * of the person in it is wiped with it. `what` names the service in the log (its events are what + ".asked" and what + ".answered").
 */
class CentralAsking {
public:
    explicit CentralAsking(const char* what) : what_(what) {}
    void ask(Terminal& t, Service& from, int op, std::string path, std::string body);
    /** The same question again (central could not be reached); false when there is none to ask again. */
    bool retry(Terminal& t, Service& from);
    /** Takes central's answer from `a` (nullptr: not one of these). */
    const CentralReply* take(Answer& a);
    Asking state() const { return state_; }
    const CentralAsk& question() const { return question_; }
    /** The answer, when central answered (or refused). */
    const CentralReply* reply() const { return reply_ ? &*reply_ : nullptr; }
    void wipe();

private:
    const char* what_;
    CentralAsk question_;
    std::optional<CentralReply> reply_;
    Asking state_ = Asking::idle;
};

}  // namespace ow::core
