// Soak: the real kiosk (core, screens, simulated devices, store, print journal, outbox) plays 20,000 scripted
// sessions (a card, a flow, then finishing or walking away) while the test samples what the process holds:
// resident memory, open file descriptors and threads. After warm-up none of them may keep growing.
// The kiosk runs with --soak: every frame is built and its intents applied as in service, but software GL does not
// rasterise them (20 ms a frame here), and the script is played unpaced. Prints its figures (README benchmarks).
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "../central/central_process.h"
#include "e2e_support.h"

namespace {

using ow::e2e::sql;
using ow::e2e::taps;
using ow::test::TempDir;

struct Sample {
    long sessions;  // sessions ended so far
    double rssMb;
    int fds;
    int threads;
};

long rssKb(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

int entries(const std::string& dir) {
    DIR* d = opendir(dir.c_str());
    if (!d) return -1;
    int n = 0;
    while (const dirent* e = readdir(d)) n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

// Counts "session.end" records in the kiosk's log as it grows, reading only what was added. The log rotates (the
// file is renamed to kiosk.log.1 and a new one begun): the open descriptor reads the renamed file to its end, then
// the counter moves on to the new file.
class LogCounter {
public:
    explicit LogCounter(std::string path) : path_(std::move(path)) {}
    ~LogCounter() {
        if (fd_ >= 0) ::close(fd_);
    }
    long count() {
        for (;;) {
            if (fd_ < 0 && (fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC)) < 0) return ended_;
            char buf[65536];
            ssize_t n;
            while ((n = ::read(fd_, buf, sizeof buf)) > 0) {
                partial_.append(buf, static_cast<size_t>(n));
                size_t at = 0;
                for (size_t nl; (nl = partial_.find('\n', at)) != std::string::npos; at = nl + 1)
                    ended_ += std::string_view(partial_).substr(at, nl - at).find(" session.end ") != std::string::npos;
                partial_.erase(0, at);  // a line still being written: its end comes next time
            }
            struct stat held {}, now {};
            if (::fstat(fd_, &held) != 0 || ::stat(path_.c_str(), &now) != 0 || held.st_ino == now.st_ino) return ended_;
            ::close(fd_);  // rotated: what was written before the rename has been read
            fd_ = -1;
            partial_.clear();
        }
    }

private:
    std::string path_;
    int fd_ = -1;
    std::string partial_;
    long ended_ = 0;
};

// People who come by: each with a name of their own (characters the atlas learns in the first sessions).
std::string card(int i) {
    static const char* names[] = {"欧阳䶮䶹", "王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆", "赵丽颖", "黄晓明", "周杰",
                                  "吴昊", "徐婷", "孙悦", "马超", "朱琳", "胡歌", "郭靖", "何炅", "高圆圆", "林峰"};
    const std::string id = i % 2 ? "11010519491231002X" : "310118199003070016";
    return std::string("event card {\"name\":\"") + names[i % 20] + "\",\"id_number\":\"" + id +
           "\",\"birth\":\"" + id.substr(6, 8) + "\",\"address\":\"北京市朝阳区望京街道喆园路" + std::to_string(i % 97) +
           "号\"}\n";
}

// One session from the attract screen back to it. Kinds in turn: progress by card (asked of central), a guide read and its notice printed, a form begun and left (the timeout ends it),
// English at elderly scale with a pinyin search, and every 100th a whole pre-submission with two photographed
// pages, submitted into the outbox with its receipt printed.
std::string session(int i, const std::string& page) {
    std::string s = "tap @attract.touch_to_start\n";
    if (i % 100 == 99) {
        s += "tap @service.presubmit.title\n" + card(i) + "tap \"个体工商户设立登记\"\ntap @field.2\n" +
             taps("13800138000") + "tap @field.3\n" + taps("xiaochi") + "tap \"小吃\"\ntap @field.4\ntap @choice.0\n" +
             taps("50000") + "tap @presubmit.next\nwait-for \"检查材料\" 5s\nevent document.place " + page + "\n" +
             "tap @capture.1\nwait-for \"已拍摄 1 页\" 10s\ntap @capture.1\nwait-for \"已拍摄 2 页\" 10s\n"
             "tap @capture.0\nwait-for \"已拍摄 1 页\" 10s\n"
             "tap @missing.2\ntap @missing.3\ntap @presubmit.check\nscreenshot commit\ndrag 760 150 840 290\ndrag 860 140 960 280\n"
             "tap @presubmit.sign_submit\nwait-for \"YS-\" 10s\ntap @nav.finish\n";
        return s;
    }
    switch (i % 4) {
        case 0:
            s += card(i) + "tap @service.progress.title\nwait-for \"没有查到\" 10s\ntap @nav.finish\n";
            break;
        case 1:
            s += "tap @service.guides.title\ntap @theme.registration\ntap \"个体工商户设立登记\"\n"
                 "tap @guide.print_receipt\ntap @nav.finish\n";
            break;
        case 2:
            s += card(i) + "tap @service.presubmit.title\ntap \"个体工商户设立登记\"\ntap @field.2\n" + taps("1380013") +
                 "advance 61s\nadvance 10s\n";
            break;
        case 3:
            s += "tap @lang.switch\ntap @scale.elderly\ntap @service.guides.title\ntap @guides.search\n" + taps("gtzs") +
                 "tap @candidate.0\ntap @nav.finish\n";
            break;
    }
    return s;
}

}  // namespace

TEST(Soak, TwentyThousandSessionsLeaveMemoryFilesAndThreadsFlat) {
    ow::test::Xvfb xvfb;
    ASSERT_TRUE(xvfb.ok()) << "Xvfb did not start";
    const long sessions = std::getenv("OW_SOAK_SESSIONS") ? std::atol(std::getenv("OW_SOAK_SESSIONS")) : 20000;
    TempDir dir;
    // The page the document camera sees, and central (SQLite) with the terminal's enrolment token.
    const std::string page = dir.file("page.png"), db = "sqlite:" + dir.file("central.db");
    std::string err, token;
    ASSERT_EQ(ow::test::run({OW_DIAG_BIN, "render-receipt", OW_SOURCE_DIR "/assets/documents/sample-application.json", page},
                            30, &err), 0) << err;
    ow::test::Central central(db);
    ASSERT_EQ(ow::test::run({OW_KIOSKCTL_BIN, "enroll", "--db", db, "--hall", "qingpu", "--name", "soak"}, 30, &err, &token), 0)
        << err;
    while (!token.empty() && token.back() == '\n') token.pop_back();
    {
        std::ofstream script(dir.file("script.txt"));
        for (int i = 0; i < sessions; ++i) script << session(i, page);
        script << "wait 3s\nquit\n";  // the last receipt out of the printer
    }
    std::vector<Sample> samples;
    LogCounter ended(dir.file("kiosk.log"));
    auto last = std::chrono::steady_clock::now();
    const auto watch = [&](pid_t pid) {
        const auto now = std::chrono::steady_clock::now();
        if (now - last < std::chrono::milliseconds(250)) return;
        last = now;
        const long rss = rssKb(pid);
        const std::string proc = "/proc/" + std::to_string(pid);
        const int fds = entries(proc + "/fd"), threads = entries(proc + "/task");
        if (rss > 0 && fds > 0 && threads > 0) samples.push_back({ended.count(), rss / 1024.0, fds, threads});
    };
    const auto t0 = std::chrono::steady_clock::now();
    // OW_SOAK_WRAPPER (say, heaptrack) runs the kiosk under a tool, to find what grows.
    std::vector<std::string> argv{OW_KIOSK_BIN, "--windowed", "1280x800", "--soak", "--data", dir.file("data"),
                                  "--log-file", dir.file("kiosk.log"), "--script", dir.file("script.txt"),
                                  "--screenshot-dir", dir.file("shots"), "--central", central.url(),
                                  "--enroll-token", token, "--heartbeat", "5"};
    if (const char* wrapper = std::getenv("OW_SOAK_WRAPPER")) argv.insert(argv.begin(), wrapper);
    const int rc = ow::test::run(argv, 1500, &err, nullptr, watch);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (const char* keep = std::getenv("OW_SOAK_KEEP"))  // for a look afterwards: the kiosk's folder and log
        std::filesystem::copy(dir.path(), keep, std::filesystem::copy_options::recursive);
    ASSERT_EQ(rc, 0) << err;
    EXPECT_GE(ended.count(), sessions) << "every scripted session ends";
    // Every pre-submission reached central or waits in the outbox; every receipt and notice was printed.
    long submissions = 0, notices = 0;
    for (long i = 0; i < sessions; ++i) submissions += i % 100 == 99, notices += i % 100 != 99 && i % 4 == 1;
    const std::string atCentral = sql(dir.file("central.db"), "SELECT count(*) FROM event WHERE type = 'case.submitted' AND result = 'accepted'");
    const std::string queued = sql(dir.file("data/kiosk.db"), "SELECT count(*) FROM outbox WHERE type = 'case.submitted'");
    EXPECT_EQ(std::stol(atCentral) + std::stol(queued), submissions);
    EXPECT_EQ(sql(dir.file("data/kiosk.db"), "SELECT count(*) FROM print_job WHERE state = 'done'"),
              std::to_string(2 * submissions + notices));  // a receipt and a commitment each

    // Warm-up: the first 10 % of the sessions (the atlas learns the names, SQLite's page cache fills). Then the next
    // 10 % against the last 10 %. A progress question runs on a thread of its own with its own connection to central,
    // so a sample may catch one more thread and socket than the kiosk holds between questions: what is held for
    // good is the fewest seen in a window (a leak raises it), and resident memory is the window's median (one
    // sample taken while a submission's photographs are in memory is not growth).
    struct Window {
        double rssMb = 0, rssPeakMb = 0, rssFloorMb = 0;  // median, highest, 10th percentile
        int fds = 0, threads = 0, fdsPeak = 0, threadsPeak = 0;
    };
    const auto window = [&](double from, double to) {
        std::vector<Sample> in;
        for (const auto& s : samples)
            if (s.sessions >= from * sessions && s.sessions < to * sessions) in.push_back(s);
        Window w;
        EXPECT_GE(in.size(), 3u) << "too few samples between " << from << " and " << to << " of the sessions";
        if (in.empty()) return w;
        std::vector<double> rss;
        w.fds = w.threads = 1 << 30;
        for (const auto& s : in) {
            rss.push_back(s.rssMb);
            w.rssPeakMb = std::max(w.rssPeakMb, s.rssMb);
            w.fds = std::min(w.fds, s.fds), w.fdsPeak = std::max(w.fdsPeak, s.fds);
            w.threads = std::min(w.threads, s.threads), w.threadsPeak = std::max(w.threadsPeak, s.threads);
        }
        std::sort(rss.begin(), rss.end());
        w.rssMb = rss[rss.size() / 2];
        w.rssFloorMb = rss[rss.size() / 10];
        return w;
    };
    const Window warm = window(0.1, 0.2), end = window(0.9, 1.0);  // samples after the last session are the shutdown
    std::printf("soak: RSS by tenth of the sessions, median / 10th percentile (MB):");
    for (int tenth = 0; tenth < 10; ++tenth) {
        const Window w = window(tenth / 10.0, (tenth + 1) / 10.0);
        std::printf(" %.1f/%.1f", w.rssMb, w.rssFloorMb);
    }
    std::printf("\n");
    // Resident memory wanders by a few MB from one stretch to the next (the allocator's arenas, the threads that ask
    // central, a submission's photographs in memory at a sample), above a floor that a leak would raise: growth is
    // the slope of a straight line fitted through each tenth's floor (its 10th percentile) after warm-up, times the
    // sessions it spans. A line through every sample, and the medians, are printed beside it.
    const auto slopeOf = [](const std::vector<std::pair<double, double>>& points) {
        double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (const auto& [x, y] : points) n += 1, sx += x, sy += y, sxx += x * x, sxy += x * y;
        return n > 2 ? (n * sxy - sx * sy) / (n * sxx - sx * sx) : 0.0;
    };
    std::vector<std::pair<double, double>> all, floors;
    for (const auto& s : samples)
        if (s.sessions >= 0.1 * sessions && s.sessions < sessions) all.emplace_back(static_cast<double>(s.sessions), s.rssMb);
    for (int tenth = 1; tenth < 10; ++tenth)
        floors.emplace_back((tenth + 0.5) * static_cast<double>(sessions) / 10, window(tenth / 10.0, (tenth + 1) / 10.0).rssFloorMb);
    const double n = static_cast<double>(all.size());
    const double fittedAll = slopeOf(all) * 0.9 * static_cast<double>(sessions);
    const double fitted = slopeOf(floors) * 0.9 * static_cast<double>(sessions);
    std::printf("soak: %ld sessions in %.0f s (%.1f ms each), %zu samples\n"
                "  after warm-up: RSS %.1f MB median (%.1f peak), %d fds (%d peak), %d threads (%d peak)\n"
                "  last 10 %%:     RSS %.1f MB median (%.1f peak), %d fds (%d peak), %d threads (%d peak)\n"
                "  growth after warm-up: RSS %+.2f MB (line through the tenths' floors; through all %.0f samples %+.2f MB; "
                "medians %+.2f MB), fds %+d, threads %+d\n",
                sessions, seconds, seconds * 1000 / static_cast<double>(sessions), samples.size(), warm.rssMb,
                warm.rssPeakMb, warm.fds, warm.fdsPeak, warm.threads, warm.threadsPeak, end.rssMb, end.rssPeakMb,
                end.fds, end.fdsPeak, end.threads, end.threadsPeak, fitted, n, fittedAll, end.rssMb - warm.rssMb,
                end.fds - warm.fds, end.threads - warm.threads);
    EXPECT_GE(n, 20) << "too few samples after warm-up";
    EXPECT_LE(fitted, 2.0) << "resident memory grows with the sessions served";
    EXPECT_LE(end.fds, warm.fds) << "open file descriptors grow with the sessions served";
    EXPECT_LE(end.threads, warm.threads) << "threads grow with the sessions served";
}
