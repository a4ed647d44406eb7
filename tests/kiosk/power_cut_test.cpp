// Power cuts, in the manner of SQLite's crash tests: one terminal's data folder lives through 240 lives. In each, the
// kiosk's own code (the store, queueSubmission, the print journal of app::Printing) serves sessions — a guide's
// notice printed, two pre-submissions each with its receipt and signed commitment, the sync worker's
// acknowledgements — until the power is cut at a random write or sync (tests/support/power_cut_vfs: what was not
// synced is lost, or in half the lives a random part of it survives). Then the terminal "reboots" on what the disk
// holds, as main() starts: the store opens, the journal's unfinished jobs are printed. After every reboot:
//  - the store opens and passes SQLite's integrity check;
//  - every submission the screen was told was saved is in the outbox whole (every page, byte for byte, and the
//    submission as it was made), and no submission is there in part;
//  - every journalled receipt the printer had not finished is printed once after the restart, byte for byte, and
//    one whose completion was recorded is never printed again.
// A printer that finished a job in the instant before the cut, before its completion was written, prints it again
// after the restart: no store can know what paper did while the power went (the test allows that job one reprint).
#include <gtest/gtest.h>
#include <sodium.h>
#include <sqlite3.h>

#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "../support/demo_submission.h"
#include "../support/power_cut_vfs.h"
#include "demo_commitment.h"
#include "demo_notice.h"
#include "kiosk/app/printing.h"
#include "kiosk/log.h"
#include "kiosk/protocol/submission.h"
#include "kiosk/services/presubmit/presubmission.h"
#include "kiosk/store.h"

namespace {

using namespace ow;
using ow::test::PowerCutVfs;

constexpr const char* kKiosk = "k-3f9a21c0d41b7e22";
constexpr int kLives = 240;

class QuietLog : public core::LogSink {
public:
    void write(core::Level, std::string_view, const std::vector<core::LogField>&) override {}
};

/** The printers: what reaches them, in order (the test's model of paper). */
class Printers : public app::PrintTarget {
public:
    struct Sent {
        int64_t id;
        std::vector<uint8_t> bytes;
    };
    bool printReceipt(int64_t id, std::vector<uint8_t> bytes) override { return send(id, std::move(bytes)); }
    bool printA4(int64_t id, std::vector<uint8_t> pdf, std::string) override { return send(id, std::move(pdf)); }
    void cancel(const std::string&, int64_t id, const std::string&) override { cancelled.push_back(id); }
    std::vector<Sent> sent;
    std::vector<int64_t> cancelled;

private:
    bool send(int64_t id, std::vector<uint8_t> bytes) {
        sent.push_back({id, std::move(bytes)});
        return true;
    }
};

/** What the test knows of a journalled job. */
struct Job {
    std::vector<uint8_t> bytes;
    bool finished = false;  // the printer put it on paper
    bool recorded = false;  // and its completion reached the disk (no cut during the write)
};

/** A submission the screen called saved. */
struct Promise {
    std::string submitted;           // its case.submitted payload as made
    std::vector<std::string> pages;  // its pages' bytes, in order
    bool ackInFlight = false;        // central's acknowledgement was being written when the power went
};

core::SubmissionRequest makeRequest(std::mt19937& rng) {
    core::SubmissionRequest req;
    req.submission = test::demoSubmission(kKiosk, 1, 0);
    for (const auto& m : req.submission.materials) {
        req.pages.emplace_back();
        for (int p = 0; p < m.pages; ++p) {
            core::CapturedPage page;
            page.jpeg.resize(30000 + rng() % 90000);  // a photographed page's size
            for (auto& b : page.jpeg) b = static_cast<uint8_t>(rng());
            page.jpeg[0] = 0xFF, page.jpeg[1] = 0xD8;
            req.pages.back().push_back(std::move(page));
        }
    }
    return req;
}

std::string integrity(core::Store& store) {
    std::string result;
    sqlite3_exec(store.handle(), "PRAGMA integrity_check",
                 [](void* out, int, char** values, char**) {
                     *static_cast<std::string*>(out) += values[0] ? values[0] : "";
                     return 0;
                 },
                 &result, nullptr);
    return result;
}

class PowerCut : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_GE(sodium_init(), 0);
        core::setLogSink(std::make_shared<QuietLog>());
        for (size_t i = 0; i < key_.size(); ++i) key_[i] = static_cast<unsigned char>(i * 7 + 1);
        auto signer = core::loadOrCreateReceiptSigner(dir_.file("receipt-key.json"), kKiosk);
        ASSERT_TRUE(signer.ok()) << signer.error();
        signer_ = *signer;
        receipt_ = *core::parseDocument(*core::readFile(test::assetsDir() + "/documents/sample-receipt.json"));
        notice_ = test::demoNotice();
        commitment_ = test::demoCommitment();
    }
    void TearDown() override { core::setLogSink(nullptr); }

    /** The printer works through what it was sent, one job per tick, reporting as the driver does. */
    void tick(app::Printing& printing, Printers& printers, size_t& next) {
        if (vfs_.isCut() || next >= printers.sent.size()) return;
        const int64_t id = printers.sent[next++].id;
        printing.track({id, drivers::PrintJobUpdate::State::printing, ""});
        if (vfs_.isCut()) return;
        jobs_[id].finished = true;  // on paper
        printing.track({id, drivers::PrintJobUpdate::State::done, ""});
        if (!vfs_.isCut()) jobs_[id].recorded = true;
    }

    /** What is journalled as it is sent: the test learns a job's bytes when the printer gets it. */
    void learnSent(const Printers& printers, size_t from) {
        for (size_t i = from; i < printers.sent.size(); ++i) jobs_.try_emplace(printers.sent[i].id, Job{printers.sent[i].bytes});
    }

    /** One life after the reboot: sessions until the power goes (or, with no cut armed, to the end). */
    void live(core::Store& store, app::Printing& printing, Printers& printers, int life, std::mt19937& rng) {
        size_t next = 0, learnt = printers.sent.size();
        const auto step = [&] {
            learnSent(printers, learnt);
            learnt = printers.sent.size();
            tick(printing, printers, next);
            return !vfs_.isCut();
        };
        // What the restart sent is printed first; then the sync worker hands central everything queued.
        while (next < printers.sent.size() && step()) {}
        if (vfs_.isCut()) return;
        auto queued = store.peekOutbox(100000, key_);
        if (!queued.ok()) {
            ADD_FAILURE() << "the outbox does not read with the power on: " << queued.error();
            return;
        }
        if (!queued->empty()) {
            for (auto& [no, p] : promised_) p.ackInFlight = true;
            const bool acked = store.ackOutbox(queued->back().seq).ok();
            if (acked && !vfs_.isCut()) promised_.clear();  // at central now
            if (vfs_.isCut()) return;
        }
        // A guide's notice (on A4 every third life), then two pre-submissions with their receipts and commitments.
        printing.print(notice_, life % 3 == 0);
        if (!step()) return;
        store.enqueueOutbox("session.summary", 1796000000 + life, R"({"reason":"finished","duration_s":40})", key_);
        if (!step()) return;
        for (int s = 0; s < 2; ++s) {
            const auto req = makeRequest(rng);
            auto saved = core::queueSubmission(store, key_, signer_, req, 1796000000 + life);
            if (!saved.ok()) {
                EXPECT_TRUE(vfs_.isCut()) << "not saved with the power on: " << saved.error();
                return;
            }
            Promise p;  // the screen now says "submitted"
            p.submitted = protocol::submissionToJson(*saved);
            for (const auto& material : req.pages)
                for (const auto& page : material) p.pages.emplace_back(page.jpeg.begin(), page.jpeg.end());
            promised_[saved->receiptNo] = std::move(p);
            printing.print(receipt_, false);
            if (!step()) return;
            printing.print(commitment_, false);
            if (!step()) return;
            store.enqueueOutbox("session.summary", 1796000000 + life, R"({"reason":"finished","duration_s":95})", key_);
            if (!step()) return;
        }
    }
    /** After a reboot: the outbox keeps every promise, whole; no submission lies there in part. */
    void checkOutbox(core::Store& store, int life) {
        auto events = store.peekOutbox(100000, key_);
        ASSERT_TRUE(events.ok()) << "life " << life << ": " << events.error();
        std::map<std::string, std::string> submitted;
        std::map<std::string, std::vector<std::string>> pages;
        for (const auto& e : *events) {
            std::string why;
            if (e.type == protocol::kSubmittedEvent) {
                auto s = protocol::submissionFromJson(e.payload, &why);
                ASSERT_TRUE(s) << "life " << life << ": a queued submission does not read back: " << why;
                submitted[s->receiptNo] = e.payload;
            } else if (e.type == protocol::kPageEvent) {
                auto p = protocol::pageFromJson(e.payload, &why);
                ASSERT_TRUE(p) << "life " << life << ": a queued page does not read back: " << why;
                pages[p->receiptNo].push_back(p->jpeg);
            }
        }
        for (const auto& [no, list] : pages)
            EXPECT_TRUE(submitted.count(no)) << "life " << life << ": pages of " << no << " without their submission";
        for (const auto& [no, payload] : submitted) {
            auto s = protocol::submissionFromJson(payload, nullptr);
            int expected = 0;
            for (const auto& m : s->materials) expected += m.pages;
            EXPECT_EQ(static_cast<int>(pages[no].size()), expected) << "life " << life << ": " << no << " in part";
        }
        for (const auto& [no, p] : promised_) {
            if (!submitted.count(no)) {
                EXPECT_TRUE(p.ackInFlight) << "life " << life << ": " << no << " was called submitted and is lost";
                EXPECT_TRUE(pages[no].empty());
                continue;
            }
            EXPECT_EQ(submitted[no], p.submitted) << "life " << life << ": " << no << " is not as it was made";
            EXPECT_EQ(pages[no], p.pages) << "life " << life << ": the pages of " << no << " are not as photographed";
        }
        // Those still queued are central's to acknowledge again; those central took are gone for good.
        for (auto it = promised_.begin(); it != promised_.end();) {
            if (submitted.count(it->first)) it->second.ackInFlight = false, ++it;
            else it = promised_.erase(it);
        }
    }

    /** After a reboot: what the journal sent again is each unfinished job once, as journalled. */
    void checkReprints(const Printers& printers, int life) {
        std::map<int64_t, int> times;
        for (const auto& s : printers.sent) {
            ++times[s.id];
            auto known = jobs_.find(s.id);
            if (known != jobs_.end()) {
                EXPECT_EQ(s.bytes, known->second.bytes) << "life " << life << ": job " << s.id << " is not as journalled";
            }
        }
        for (const auto& [id, n] : times) EXPECT_EQ(n, 1) << "life " << life << ": job " << id << " sent " << n << " times";
        for (auto& [id, job] : jobs_) {
            const bool again = times.count(id) > 0;
            if (job.recorded) {
                EXPECT_FALSE(again) << "life " << life << ": job " << id << " was done and is printed again";
            } else if (!job.finished) {
                EXPECT_TRUE(again) << "life " << life << ": job " << id << " was never printed";
            }
            if (again && job.finished) ++reprints_;
            if (again) job = Job{job.bytes};  // printed anew from the journal: its paper is yet to come
        }
        // Jobs done for good are forgotten (the journal drops their bytes); those sent again stay known.
        for (auto it = jobs_.begin(); it != jobs_.end();) it = it->second.recorded ? jobs_.erase(it) : std::next(it);
    }

    test::TempDir dir_;
    PowerCutVfs& vfs_ = PowerCutVfs::install();
    core::OutboxKey key_{};
    core::ReceiptSigner signer_;
    core::Document receipt_, notice_, commitment_;
    std::map<std::string, Promise> promised_;
    std::map<int64_t, Job> jobs_;
    int reprints_ = 0;
};

// When a session ends, the jobs held right then (out of paper, cover open) are cancelled, so a person's receipt or
// document never prints later into the tray with nobody there; a job printing or printed is left alone.
TEST_F(PowerCut, AtASessionsEndTheHeldJobsAreCancelled) {
    auto store = core::Store::open(dir_.file("held.db"));
    ASSERT_TRUE(store.ok()) << store.error();
    Printers printers;
    app::Printing printing(*store, printers, key_);
    for (int i = 0; i < 3; ++i) printing.print(receipt_, false);
    ASSERT_EQ(printers.sent.size(), 3u);
    const int64_t done = printers.sent[0].id, held = printers.sent[1].id, busy = printers.sent[2].id;
    printing.track({done, drivers::PrintJobUpdate::State::done, ""});
    printing.track({held, drivers::PrintJobUpdate::State::held, "the printer is out of paper"});
    printing.track({busy, drivers::PrintJobUpdate::State::printing, ""});
    printing.cancelHeld();
    EXPECT_EQ(printers.cancelled, std::vector<int64_t>{held});
    printing.track({held, drivers::PrintJobUpdate::State::failed, "cancelled"});  // the driver's answer
    Printers afterRestart;
    app::Printing again(*store, afterRestart, key_);
    again.resumeUnfinished();
    ASSERT_EQ(afterRestart.sent.size(), 1u) << "the cancelled job is not printed after a restart either";
    EXPECT_EQ(afterRestart.sent[0].id, busy);
}

TEST_F(PowerCut, EverySavedSubmissionAndJournalledReceiptOutlivesACutAtAnyWrite) {
    std::mt19937 rng(20261202);
    const std::string db = dir_.file("kiosk.db");
    long perLife = 0;  // writes and syncs of a whole life, measured by the first (no cut)
    int cutsDuringSession = 0, randomPart = 0, opened = 0;
    uintmax_t walPeak = 0, dbPeak = 0;  // the WAL is checkpointed into the database file now and then
    std::set<long> cutPoints;
    for (int life = 0; life < kLives; ++life) {
        auto survivors = life % 2 ? PowerCutVfs::Survivors::randomPart : PowerCutVfs::Survivors::none;
        {
            // The reboot, as main() starts: the store opens, then the journal's unfinished jobs go to the printers.
            auto store = core::Store::open(db);
            ASSERT_TRUE(store.ok()) << "life " << life << ": the store does not open after the cut: " << store.error();
            ++opened;
            EXPECT_EQ(integrity(*store), "ok") << "life " << life;
            Printers printers;
            app::Printing printing(*store, printers, key_);
            printing.resumeUnfinished();
            checkOutbox(*store, life);
            checkReprints(printers, life);
            if (HasFailure()) return;

            const long before = vfs_.operations();
            const long cutAt = life == 0 ? 0 : 1 + static_cast<long>(rng() % static_cast<unsigned long>(perLife));
            vfs_.armAfter(cutAt);
            live(*store, printing, printers, life, rng);
            if (life == 0) perLife = vfs_.operations() - before;
            if (vfs_.isCut()) ++cutsDuringSession, cutPoints.insert(cutAt);
            else vfs_.cutNow();  // the power goes while the terminal is idle
            if (HasFailure()) return;
        }  // the program is gone with the power: its connections let go of the files
        randomPart += survivors == PowerCutVfs::Survivors::randomPart;
        std::error_code ec;
        walPeak = std::max(walPeak, std::filesystem::file_size(db + "-wal", ec) * !ec);
        dbPeak = std::max(dbPeak, std::filesystem::file_size(db, ec) * !ec);
        vfs_.powerOn(survivors, static_cast<uint32_t>(rng()));
    }
    std::printf("power cut: %d lives (%d cut mid-session at %zu different points of %ld writes and syncs, %d keeping a "
                "random part of what was not synced); the store opened %d times; %d jobs finished in the instant "
                "before a cut were printed again; the WAL reached %ju KB and the database file %ju KB\n",
                kLives, cutsDuringSession, cutPoints.size(), perLife, randomPart, opened, reprints_, walPeak / 1024,
                dbPeak / 1024);
    EXPECT_GE(cutsDuringSession, 200);
}

}  // namespace
