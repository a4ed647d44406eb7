// Log sinks: journald or a rotating file.
#include "platform/log_sinks.h"

#include <sys/stat.h>
// No CODE_FILE=/CODE_LINE= in each record: the source paths of the build machine stay out of the program.
#define SD_JOURNAL_SUPPRESS_LOCATION
#include <systemd/sd-journal.h>

#include <ctime>
#include <vector>

namespace ow::platform {

namespace {
int syslogPriority(core::Level level) {
    switch (level) {
        case core::Level::debug: return 7;
        case core::Level::info: return 6;
        case core::Level::warning: return 4;
        case core::Level::error: return 3;
    }
    return 6;
}
}  // namespace

bool JournalSink::available() {
    struct stat st {};
    return stat("/run/systemd/journal/socket", &st) == 0;
}

void JournalSink::write(core::Level level, std::string_view event, const std::vector<core::LogField>& fields) {
    std::vector<std::string> items;
    items.push_back("MESSAGE=" + core::formatRecord(level, event, fields));
    items.push_back("PRIORITY=" + std::to_string(syslogPriority(level)));
    items.push_back("SYSLOG_IDENTIFIER=onewindow-kiosk");
    items.push_back("OW_EVENT=" + std::string(event));
    for (const auto& f : fields) {
        std::string key = "OW_";
        for (char c : f.key) key += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : (c == '.' ? '_' : c);
        items.push_back(key + "=" + f.value);
    }
    std::vector<iovec> iov;
    for (auto& s : items) iov.push_back({s.data(), s.size()});
    sd_journal_sendv(iov.data(), static_cast<int>(iov.size()));
}

RotatingFileSink::RotatingFileSink(std::string path, size_t maxBytes, int keep)
    : path_(std::move(path)), maxBytes_(maxBytes), keep_(keep) {
    file_ = std::fopen(path_.c_str(), "a");
    if (file_) {
        std::fseek(file_, 0, SEEK_END);
        size_ = static_cast<size_t>(std::ftell(file_));
    }
}

RotatingFileSink::~RotatingFileSink() {
    if (file_) std::fclose(file_);
}

void RotatingFileSink::rotate() {
    std::fclose(file_);
    for (int i = keep_ - 1; i >= 1; --i)
        std::rename((path_ + "." + std::to_string(i)).c_str(), (path_ + "." + std::to_string(i + 1)).c_str());
    std::rename(path_.c_str(), (path_ + ".1").c_str());
    file_ = std::fopen(path_.c_str(), "w");
    size_ = 0;
}

void RotatingFileSink::write(core::Level level, std::string_view event, const std::vector<core::LogField>& fields) {
    std::lock_guard lock(mutex_);
    if (!file_) return;
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    const std::string line = std::string(stamp) + " " + core::formatRecord(level, event, fields) + "\n";
    std::fwrite(line.data(), 1, line.size(), file_);
    std::fflush(file_);
    size_ += line.size();
    if (size_ >= maxBytes_) rotate();
}

namespace {
// Each record to both: the journal for the machine's administrators, the file for the engineer at the terminal.
class BothSinks : public core::LogSink {
public:
    explicit BothSinks(const std::string& filePath) : file_(filePath) {}
    void write(core::Level level, std::string_view event, const std::vector<core::LogField>& fields) override {
        journal_.write(level, event, fields);
        file_.write(level, event, fields);
    }

private:
    JournalSink journal_;
    RotatingFileSink file_;
};
}  // namespace

std::shared_ptr<core::LogSink> makeLogSink(const std::string& filePath, bool forceFile) {
    if (!forceFile && JournalSink::available()) return std::make_shared<BothSinks>(filePath);
    return std::make_shared<RotatingFileSink>(filePath);
}

}  // namespace ow::platform
