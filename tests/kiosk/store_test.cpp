// The local store: WAL mode, migrations from empty and from every earlier version, bundle activation.
#include "kiosk/store.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "test_paths.h"

using namespace ow::core;

namespace {
int64_t count(Store& s, const std::string& table) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(s.handle(), ("SELECT count(*) FROM " + table).c_str(), -1, &st, nullptr);
    int64_t n = -1;
    if (st && sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}
}  // namespace

TEST(Store, NewFileIsWalAtTheLatestVersion) {
    ow::test::TempDir dir;
    auto s = Store::open(dir.file("k.db"));
    ASSERT_TRUE(s.ok()) << s.error();
    EXPECT_EQ(s->schemaVersion(), kSchemaVersion);
    EXPECT_EQ(s->journalMode(), "wal");
    EXPECT_EQ(count(*s, "outbox"), 0);
    EXPECT_EQ(count(*s, "print_job"), 0);
}

// A file left by each earlier release, with data in it, opens under this release with the data intact.
TEST(Store, MigratesFromEveryEarlierVersionKeepingData) {
    for (int from = 0; from < kSchemaVersion; ++from) {
        ow::test::TempDir dir;
        {
            auto old = Store::open(dir.file("k.db"), from);
            ASSERT_TRUE(old.ok()) << old.error();
            ASSERT_EQ(old->schemaVersion(), from);
            if (from >= 1) {
                ASSERT_TRUE(old->activateBundle(4, "{\"v\":4}").ok());
                ASSERT_TRUE(old->setSetting("hall", "demo-hall").ok());
            }
            if (from >= 2) {
                ASSERT_TRUE(old->audit("engineer", "paper.refill", "receipt").ok());
            }
        }
        auto s = Store::open(dir.file("k.db"));
        ASSERT_TRUE(s.ok()) << "from " << from << ": " << s.error();
        EXPECT_EQ(s->schemaVersion(), kSchemaVersion);
        if (from >= 1) {
            ASSERT_TRUE(s->activeBundle().has_value());
            EXPECT_EQ(s->activeBundle()->version, 4);
            EXPECT_EQ(s->setting("hall").value_or(""), "demo-hall");
        }
        EXPECT_EQ(s->auditCount(), from >= 2 ? 1 : 0);
        EXPECT_EQ(count(*s, "device_event"), 0);
    }
}

TEST(Store, RefusesAFileFromNewerSoftware) {
    ow::test::TempDir dir;
    {
        auto s = Store::open(dir.file("k.db"));
        ASSERT_TRUE(s.ok());
        ASSERT_TRUE(s->exec("PRAGMA user_version = 99").ok());
    }
    auto s = Store::open(dir.file("k.db"));
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().find("newer than this software"), std::string::npos);
}

TEST(Store, ActivatingABundleKeepsThePreviousAsLastGood) {
    ow::test::TempDir dir;
    auto s = Store::open(dir.file("k.db"));
    ASSERT_TRUE(s.ok());
    EXPECT_FALSE(s->activeBundle().has_value());
    ASSERT_TRUE(s->activateBundle(1, "one").ok());
    ASSERT_TRUE(s->activateBundle(2, "two").ok());
    ASSERT_TRUE(s->activateBundle(3, "three").ok());
    EXPECT_EQ(s->activeBundle()->body, "three");
    EXPECT_EQ(s->lastGoodBundle()->body, "two");
    EXPECT_EQ(count(*s, "bundle"), 2);  // older ones are not kept
}

TEST(Store, UnopenablePathIsAnErrorNotACrash) {
    auto s = Store::open("/nonexistent-dir/for/sure/k.db");
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().find("cannot open the local store"), std::string::npos);
}

TEST(Store, PrintJournalKeepsUnfinishedJobsAcrossARestart) {
    ow::test::TempDir dir;
    OutboxKey key{};
    key.fill(7);
    int64_t held = 0;
    {
        auto s = Store::open(dir.file("k.db"));
        auto a = s->addPrintJob("receipt", "receipt", {0x1B, 0x40, 'A'}, key);
        auto b = s->addPrintJob("receipt", "notice", {0x1B, 0x40, 'B'}, key);
        auto c = s->addPrintJob("a4", "certificate", {'%', 'P', 'D', 'F'}, key);
        ASSERT_TRUE(a.ok() && b.ok() && c.ok());
        ASSERT_TRUE(s->setPrintJobState(*a, "done").ok());
        ASSERT_TRUE(s->setPrintJobState(*b, "held").ok());
        held = *b;
        EXPECT_FALSE(s->setPrintJobState(*b, "lost").ok()) << "only the journal's states are accepted";
        EXPECT_FALSE(s->setPrintJobState(9999, "done").ok());
    }
    auto s = Store::open(dir.file("k.db"));
    const auto jobs = s->unfinishedPrintJobs("receipt", key);
    ASSERT_EQ(jobs.size(), 1u);
    EXPECT_EQ(jobs[0].id, held);
    EXPECT_EQ(jobs[0].state, "held");
    EXPECT_EQ(jobs[0].data, (std::vector<uint8_t>{0x1B, 0x40, 'B'}));
    EXPECT_EQ(s->unfinishedPrintJobs("a4", key).size(), 1u);
    OutboxKey other{};
    other.fill(9);
    EXPECT_TRUE(s->unfinishedPrintJobs("a4", other).empty()) << "a job sealed with another key cannot be printed";
}

// The supplies count: receipts printed (done) since the paper was replaced; held, failed and A4 jobs are not paper
// off the roll.
TEST(Store, TheSuppliesCountIsTheReceiptsPrintedSinceAMoment) {
    ow::test::TempDir dir;
    OutboxKey key{};
    key.fill(7);
    auto s = Store::open(dir.file("k.db"));
    for (const char* state : {"done", "done", "held", "failed"})
        ASSERT_TRUE(s->setPrintJobState(*s->addPrintJob("receipt", "receipt", {'A'}, key), state).ok());
    ASSERT_TRUE(s->setPrintJobState(*s->addPrintJob("a4", "test", {'%'}, key), "done").ok());
    ASSERT_TRUE(s->exec("UPDATE print_job SET created_at = 1000 WHERE id = 1").ok());  // before the paper was replaced
    EXPECT_EQ(s->printedSince("receipt", 0), 2);
    EXPECT_EQ(s->printedSince("receipt", 2000), 1);
    EXPECT_EQ(s->printedSince("a4", 0), 1);
}

// A file from before the journal was sealed: the receipts it kept in clear are gone after the upgrade, printed
// ones at once, an unfinished one when it turns out it cannot be opened (marked failed, never printed as garbage).
TEST(Store, AnUpgradeDropsTheReceiptsEarlierReleasesKeptInClear) {
    ow::test::TempDir dir;
    OutboxKey key{};
    key.fill(3);
    {
        auto old = Store::open(dir.file("k.db"), 3);
        ASSERT_TRUE(old.ok()) << old.error();
        ASSERT_TRUE(old->exec("INSERT INTO print_job (created_at, printer, document, state, data) VALUES "
                              "(1, 'receipt', 'receipt', 'done', CAST('CLEAR-RECEIPT-ZHANG-SAN' AS BLOB)), "
                              "(2, 'receipt', 'receipt', 'held', CAST('CLEAR-HELD-LI-SI' AS BLOB))")
                        .ok());
    }
    {
        auto s = Store::open(dir.file("k.db"));
        ASSERT_TRUE(s.ok()) << s.error();
        EXPECT_TRUE(s->unfinishedPrintJobs("receipt", key).empty()) << "a clear job was printed as if it were sealed";
    }
    std::ifstream in(dir.file("k.db"), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes.find("ZHANG-SAN"), std::string::npos) << "a printed receipt from before is still in the file";
    EXPECT_EQ(bytes.find("LI-SI"), std::string::npos) << "an unfinished receipt from before is still in the file";
}

// A receipt's bytes (a name, a masked ID, a signature) are sealed in the journal and in its WAL, and dropped once
// the printer confirmed the job; only what service mode and the supplies count need stays.
TEST(Store, APrintedReceiptLeavesNothingOfThePersonInTheFiles) {
    ow::test::TempDir dir;
    OutboxKey key{};
    randombytes_buf(key.data(), key.size());
    const std::string marker = "APPLICANT-ZHANG-SAN-310118199003070016";
    std::vector<uint8_t> receipt(marker.begin(), marker.end());
    receipt.resize(20000, 'x');  // a receipt with a signature image is kilobytes
    const auto filesHold = [&](const std::string& text) {
        for (const char* f : {"k.db", "k.db-wal"}) {
            std::ifstream in(dir.file(f), std::ios::binary);
            const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            if (bytes.find(text) != std::string::npos) return true;
        }
        return false;
    };
    {
        auto s = Store::open(dir.file("k.db"));
        auto id = s->addPrintJob("receipt", "receipt", receipt, key);
        ASSERT_TRUE(id.ok()) << id.error();
        EXPECT_FALSE(filesHold(marker)) << "the journal holds the receipt in clear";
        ASSERT_EQ(s->unfinishedPrintJobs("receipt", key).at(0).data, receipt);
        ASSERT_TRUE(s->setPrintJobState(*id, "done").ok());
        EXPECT_TRUE(s->unfinishedPrintJobs("receipt", key).empty());
    }  // closed: the WAL is checkpointed into the file
    EXPECT_FALSE(filesHold(marker));
    // The sealed bytes are gone too, not only unreadable: a done job keeps its kind, printer and state.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(dir.file("k.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT length(data), state, document FROM print_job", -1, &st, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int(st, 0), 0) << "the printed receipt's sealed bytes were kept";
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 1)), "done");
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 2)), "receipt");
    sqlite3_finalize(st);
    sqlite3_close(db);
}

TEST(Store, OutboxKeepsEventsEncryptedInOrderUntilAcknowledged) {
    ASSERT_GE(sodium_init(), 0);
    ow::test::TempDir dir;
    OutboxKey key{};
    randombytes_buf(key.data(), key.size());
    {
        auto s = Store::open(dir.file("k.db"));
        for (int i = 1; i <= 3; ++i)
            ASSERT_TRUE(s->enqueueOutbox("case.submitted", 1795334400 + i,
                                         R"({"name":"欧阳䶮","id_number":"11010519491231002X","n":)" + std::to_string(i) + "}",
                                         key).ok());
    }
    // Personal data is not in the file in clear (checked on the raw bytes, WAL included).
    for (const char* f : {"k.db", "k.db-wal"}) {
        std::ifstream in(dir.file(f), std::ios::binary);
        const std::string raw{std::istreambuf_iterator<char>(in), {}};
        EXPECT_EQ(raw.find("11010519491231002X"), std::string::npos) << f;
    }
    auto s = Store::open(dir.file("k.db"));  // still there after a restart
    auto events = s->peekOutbox(10, key);
    ASSERT_TRUE(events.ok()) << events.error();
    ASSERT_EQ(events->size(), 3u);
    EXPECT_LT((*events)[0].seq, (*events)[1].seq);
    EXPECT_NE((*events)[2].payload.find("\"n\":3"), std::string::npos);
    EXPECT_NE((*events)[0].payload.find("欧阳䶮"), std::string::npos);
    OutboxKey other{};
    EXPECT_NE(s->peekOutbox(10, other).error().find("cannot be decrypted"), std::string::npos);
    ASSERT_TRUE(s->ackOutbox((*events)[1].seq).ok());
    EXPECT_EQ(s->outboxDepth(), 1);
    EXPECT_EQ(s->peekOutbox(10, key)->front().seq, (*events)[2].seq);
}
