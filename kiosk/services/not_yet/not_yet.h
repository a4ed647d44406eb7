// A home tile whose service this terminal does not offer yet: it says so plainly and gives the next step.
#pragma once

#include <string>

#include "kiosk/service.h"

namespace ow::core {

inline constexpr ScreenId kNotYet{"not_built"};

struct NotYetView {
    std::string serviceTitle;
    std::string body;
    std::string phoneLine;
};

/** One tile of a service still to come (code: its UI keys "service.<code>.…"); it holds nothing of anyone. */
class NotYet final : public Service {
public:
    explicit NotYet(std::string_view code) : code_(code) {}
    std::string_view code() const override { return code_; }
    static constexpr ScreenId kScreens[] = {kNotYet};
    std::span<const ScreenId> screens() const override { return kScreens; }
    void open(Terminal& t) override;
    void apply(Terminal&, int, int, int64_t) override {}  // it has no intents of its own
    std::string spokenPrompt(const Terminal& t, ScreenId screen) const override;
    void wipe() override {}

private:
    std::string_view code_;
};

/** The page of the service last opened (Terminal::service()). */
NotYetView notYetView(const Terminal& t);

}  // namespace ow::core
