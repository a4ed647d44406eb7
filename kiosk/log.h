// Structured logging with a redaction layer: no ID number, name, phone or address ever reaches a sink.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace ow::core {

enum class Level { debug, info, warning, error };
const char* levelName(Level level);

/** One key=value of a log record. */
struct LogField {
    std::string key;
    std::string value;
};

/** Where records go (journald, a rotating file, a test buffer). Receives already redacted records. */
class LogSink {
public:
    virtual ~LogSink() = default;
    virtual void write(Level level, std::string_view event, const std::vector<LogField>& fields) = 0;
};

/** Keys whose values are personal data and are never written. */
bool isPersonalKey(std::string_view key);

/**
 * Masks personal data in free text: 18- and 15-digit ID numbers, mainland mobile numbers, and any
 * value registered as secret (the current session's name and address).
 */
std::string redact(std::string_view text);

/** Values of the current session that must never be logged, whatever field they turn up in. */
void addLogSecret(std::string_view value);
void clearLogSecrets();

void setLogSink(std::shared_ptr<LogSink> sink);
/** Writes one record through the redaction layer. Thread-safe. */
void log(Level level, std::string_view event, std::vector<LogField> fields = {});

/** Formats a record as one line: "LEVEL event key=value ..." (values quoted when they hold spaces). */
std::string formatRecord(Level level, std::string_view event, const std::vector<LogField>& fields);

}  // namespace ow::core
