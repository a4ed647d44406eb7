// The one way out to the world: what a service asks of the outside (a question to central, a document to print,
// a page to photograph, a submission to store durably, an appointment to book, a queue number), each with a ticket, and the answers
// that come back.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "kiosk/central_ask.h"
#include "kiosk/document.h"
#include "kiosk/protocol/submission.h"
#include "kiosk/result.h"
#include "kiosk/services/appointments/appointment_wire.h"
#include "kiosk/services/call_staff/help_wire.h"
#include "kiosk/services/presubmit/presubmission.h"
#include "kiosk/services/progress/case_progress.h"
#include "kiosk/services/queue/queue_wire.h"

namespace ow::core {

/** A document to print (through the print journal): on the receipt printer, or A4. No answer comes back. */
struct PrintRequest {
    Document document;
    bool a4 = false;
};

/** A PDF to print on A4 (a result document a department attached to a case): main journals it and answers at once
    with its job, whose progress then comes to every service (Service::printJob). */
struct PdfPrintRequest {
    std::string pdf, title;
    void wipe();
};

/** The A4 job a PdfPrintRequest became; 0 when it could not be journalled or the terminal has no A4 printer. */
struct PrintQueued {
    int64_t jobId = 0;
};

/** A service-mode attempt or action for the terminal's audit log and central's (who, what; nothing of a citizen). */
struct AuditRequest {
    std::string actor, action, detail;
};

/** A staff code's PIN to check against its argon2id hash: main checks it on a thread of its own (about 0.1 s of
    work), so the screen never stalls. */
struct PinCheck {
    std::string hash, pin;
    void wipe();
};

/** Whether the PIN was the code's. */
struct PinChecked {
    bool ok = false;
};

/** A question or action in service mode, served by main: what the terminal knows of itself; the receipt paper
    replaced (the supplies count starts again); and for engineers: send the outbox now, ask central for a new
    configuration now, restart the kiosk (systemd starts it again), test the network to central, reboot or power off
    the machine (through logind). */
struct MaintenanceRequest {
    enum class Op { status, sendNow, checkUpdate, restart, paperReplaced, networkTest, reboot, powerOff } op = Op::status;
};

/** What main knows of the terminal: label → value lines, the device configuration in use, the receipt paper used
    since it was last replaced, and the log's last lines (already redacted). */
struct MaintenanceStatus {
    std::vector<std::pair<std::string, std::string>> facts;
    std::vector<std::string> devicesInUse;
    int64_t receiptsSincePaper = 0, paperReplacedAt = 0;  // paperReplacedAt: unix time, 0 = never recorded
    std::vector<std::string> logTail;
};

/** One step of the engineer's network test, in order: dns, tcp, tls, signed. */
struct NetworkStep {
    std::string step;    // "dns", "tcp", "tls", "signed"
    enum class Outcome { pass, fail, notUsed, notTried } outcome = Outcome::notTried;
    std::string detail;  // what was found, or what is wrong (technical: an engineer reads it)
    int64_t ms = 0;
};
/** Service mode locked after too many wrong PINs, until this unix time: main keeps it in the store, so a restart
    does not lift it. */
struct ServiceLock {
    int64_t untilS = 0;
};

/** Every device asked to check itself now (its driver talks to it at once and reports, changed or not). */
struct DeviceCheck {};

/** The network test's steps (kiosk/sync: DNS, TCP, TLS, a signed request). */
struct NetworkChecked {
    std::vector<NetworkStep> steps;
};

/** An action main could not carry out (a reboot logind refused), in words for the engineer. */
struct ActionRefused {
    std::string why;
};

/** A page to take from the document camera, for one material of a pre-submission. */
struct CaptureRequest {
    int material = 0;
};

/** Whatever a service asks main for; main serves each kind in one place (kiosk/app/requests.cpp). */
using RequestBody =
    std::variant<PrintRequest, CaseQuestion, CaptureRequest, SubmissionRequest, AppointmentQuestion, QueueQuestion, HelpQuestion,
                 CentralAsk, PdfPrintRequest, AuditRequest, MaintenanceRequest, PinCheck, DeviceCheck, ServiceLock>;
struct Request {
    uint64_t ticket = 0;
    RequestBody body;
};

/** The page the camera took for `material`, or why it could not. */
struct PageCaptured {
    int material = 0;
    Result<CapturedPage> page = Error{"not taken"};
};

/** The submission written to the outbox (or why it could not be), with its receipt's QR code; reachable: central
    answered lately. */
struct SubmissionSaved {
    Result<protocol::Submission> queued = Error{"not saved"};
    std::string qr;
    bool reachable = false;
};

using AnswerBody = std::variant<CaseAnswer, PageCaptured, SubmissionSaved, AppointmentAnswer, QueueAnswer, HelpAnswer, CentralReply, PrintQueued, MaintenanceStatus, PinChecked,
                                NetworkChecked, ActionRefused>;
/** An answer to the request with the same ticket. */
struct Answer {
    uint64_t ticket = 0;
    AnswerBody body;
};

/** Zeroes what a request or an answer holds of a person (before it is dropped or freed). */
void wipe(Request& request);
void wipe(Answer& answer);

}  // namespace ow::core
