// One citizen's visit, and the wiping of everything it held.
#include "kiosk/session.h"

#include <sodium.h>

#include <cstring>

namespace ow::core {

void wipeText(std::string& s) {
    if (!s.empty()) sodium_memzero(s.data(), s.size());
    s.clear();
}

SensitiveText::SensitiveText(SensitiveText&& other) noexcept : buf_(std::move(other.buf_)), size_(other.size_) {
    other.size_ = 0;
}

SensitiveText& SensitiveText::operator=(SensitiveText&& other) noexcept {
    if (this != &other) {
        wipe();
        buf_ = std::move(other.buf_);
        size_ = other.size_;
        other.size_ = 0;
    }
    return *this;
}

SensitiveText::~SensitiveText() { wipe(); }

void SensitiveText::assign(std::string_view text) {
    if (text.size() > buf_.size()) {
        // Grow by replacing: the old buffer is zeroed before it is freed.
        std::vector<char> bigger(text.size());
        wipe();
        buf_.swap(bigger);
    } else {
        wipe();
    }
    std::memcpy(buf_.data(), text.data(), text.size());
    size_ = text.size();
}

void SensitiveText::wipe() {
    if (!buf_.empty()) sodium_memzero(buf_.data(), buf_.size());
    size_ = 0;
}

void Identity::wipe() {
    name.wipe();
    idNumber.wipe();
    birth.wipe();
    address.wipe();
    phone.wipe();
}

const char* sessionEndCode(SessionEnd reason) {
    switch (reason) {
        case SessionEnd::finished: return "finished";
        case SessionEnd::idleTimeout: return "idle_timeout";
        case SessionEnd::cardRemoved: return "card_removed";
        case SessionEnd::shutdown: return "shutdown";
    }
    return "?";
}

void Session::start(int64_t nowMs) {
    end();
    active_ = true;
    startedMs_ = lastActivityMs_ = nowMs;
}

void Session::setField(const std::string& key, std::string_view value) { fields_[key].assign(value); }

std::string_view Session::field(const std::string& key) const {
    auto it = fields_.find(key);
    return it == fields_.end() ? std::string_view{} : it->second.view();
}

void Session::end() {
    identity_.wipe();
    for (auto& [_, value] : fields_) value.wipe();
    fields_.clear();
    active_ = false;
}

}  // namespace ow::core
