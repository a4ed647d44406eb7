// A terminal core with the shipped UI strings and demo configuration, for tests of flows; and the world's side
// of its requests (what kiosk/app serves for real), one kind at a time.
#pragma once

#include "kiosk/config_boot.h"
#include "kiosk/terminal.h"
#include "test_paths.h"

namespace ow::test {

inline core::Terminal makeTerminal() {
    auto strings = core::Strings::load(assetsDir());
    auto bundle = core::parseBundle(*core::readFile(assetsDir() + "/bundles/demo.json"));
    return core::Terminal(std::move(*strings), std::move(*bundle));
}

/** The oldest document the terminal asked to print. */
inline std::optional<core::PrintRequest> takePrintRequest(core::Terminal& t) {
    auto r = t.takeRequest<core::PrintRequest>();
    if (!r) return std::nullopt;
    return std::move(r->second);
}
inline auto takeCaseQuestion(core::Terminal& t) { return t.takeRequest<core::CaseQuestion>(); }
inline auto takeCaptureRequest(core::Terminal& t) { return t.takeRequest<core::CaptureRequest>(); }
inline auto takeSubmission(core::Terminal& t) { return t.takeRequest<core::SubmissionRequest>(); }
inline auto takeAppointmentQuestion(core::Terminal& t) { return t.takeRequest<core::AppointmentQuestion>(); }

inline void onCaseAnswer(core::Terminal& t, uint64_t ticket, core::CaseAnswer answer) { t.answer({ticket, std::move(answer)}); }
inline void onPageCaptured(core::Terminal& t, uint64_t ticket, int material, core::Result<core::CapturedPage> page) {
    t.answer({ticket, core::PageCaptured{material, std::move(page)}});
}
inline void onSubmitted(core::Terminal& t, uint64_t ticket, core::Result<protocol::Submission> queued, std::string qr,
                        bool reachable) {
    t.answer({ticket, core::SubmissionSaved{std::move(queued), std::move(qr), reachable}});
}

}  // namespace ow::test
