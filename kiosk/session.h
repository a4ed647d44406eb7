// One citizen's visit: identity and flow data held only while it lasts, wiped when it ends.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ow::core {

/**
 * Text that belongs to a person. Its buffer is overwritten with zeros (sodium_memzero) when wiped or
 * replaced, so nothing of it lingers in freed memory.
 */
class SensitiveText {
public:
    SensitiveText() = default;
    SensitiveText(const SensitiveText&) = delete;
    SensitiveText& operator=(const SensitiveText&) = delete;
    SensitiveText(SensitiveText&& other) noexcept;
    SensitiveText& operator=(SensitiveText&& other) noexcept;
    ~SensitiveText();

    void assign(std::string_view text);
    std::string_view view() const { return {buf_.data(), size_}; }
    bool empty() const { return size_ == 0; }
    /** Zeroes the whole buffer (its capacity, not just its length). */
    void wipe();
    /** The buffer, for tests that check the wipe reached memory. */
    const char* data() const { return buf_.data(); }
    size_t capacity() const { return buf_.size(); }

private:
    std::vector<char> buf_;
    size_t size_ = 0;
};

/** Overwrites a plain string that held personal data with zeros, then empties it (the buffer stays, zeroed). */
void wipeText(std::string& s);

/** Who is being served, as read from the ID card (or typed in). */
struct Identity {
    SensitiveText name;
    SensitiveText idNumber;
    SensitiveText birth;  // YYYYMMDD
    SensitiveText address;
    SensitiveText phone;
    bool present() const { return !idNumber.empty() || !name.empty(); }
    void wipe();
};

/** Why a session ended. */
enum class SessionEnd { finished, idleTimeout, cardRemoved, shutdown };
const char* sessionEndCode(SessionEnd reason);

/** A visit from the first touch to its end; inactivity ends it (idle timeout from the config bundle). */
class Session {
public:
    void start(int64_t nowMs);
    bool active() const { return active_; }
    /** Any input or relevant device event keeps the session alive. */
    void touch(int64_t nowMs) { lastActivityMs_ = nowMs; }
    int64_t idleMs(int64_t nowMs) const { return nowMs - lastActivityMs_; }
    int64_t startedMs() const { return startedMs_; }
    int64_t lastActivityMs() const { return lastActivityMs_; }

    Identity& identity() { return identity_; }
    const Identity& identity() const { return identity_; }
    /** Data a flow collects (form fields); wiped with the session. */
    void setField(const std::string& key, std::string_view value);
    std::string_view field(const std::string& key) const;
    size_t fieldCount() const { return fields_.size(); }

    /** Ends the session and wipes everything it held. */
    void end();

private:
    bool active_ = false;
    int64_t startedMs_ = 0;
    int64_t lastActivityMs_ = 0;
    Identity identity_;
    std::map<std::string, SensitiveText> fields_;
};

}  // namespace ow::core
