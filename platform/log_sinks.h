// Log sinks: journald when the system has it, otherwise a size-rotated file.
#pragma once

#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

#include "kiosk/log.h"

namespace ow::platform {

/** Sends records to the systemd journal with structured fields (EVENT=, and one field per key). */
class JournalSink : public core::LogSink {
public:
    void write(core::Level level, std::string_view event, const std::vector<core::LogField>& fields) override;
    /** True when the journal socket exists on this system. */
    static bool available();
};

/** Appends one line per record to a file; at maxBytes it becomes file.1 (and file.1 → file.2 …, keeping `keep`). */
class RotatingFileSink : public core::LogSink {
public:
    RotatingFileSink(std::string path, size_t maxBytes = 5 * 1024 * 1024, int keep = 3);
    ~RotatingFileSink() override;
    void write(core::Level level, std::string_view event, const std::vector<core::LogField>& fields) override;

private:
    void rotate();
    std::string path_;
    size_t maxBytes_;
    int keep_;
    std::mutex mutex_;
    FILE* file_ = nullptr;
    size_t size_ = 0;
};

/** The sink for this system: the rotating file always (service mode shows an engineer its last lines), and journald
    as well when present and no file was asked for. */
std::shared_ptr<core::LogSink> makeLogSink(const std::string& filePath, bool forceFile);

}  // namespace ow::platform
