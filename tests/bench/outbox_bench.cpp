// Outbox benchmark: durable enqueues per second (WAL, synchronous=FULL, payload sealed) beside raw sqlite3
// inserts of the same size with the same pragmas, in the same run.
#include <sodium.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "kiosk/store.h"

int main() {
    if (sodium_init() < 0) return 1;
    const auto dir = std::filesystem::temp_directory_path() / "ow-outbox-bench";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::string payload = R"({"case":"QP2026112200017","matter":"310118-DJ-001","name":"欧阳䶮","phone":"13812345678"})";
    constexpr int kN = 2000;

    auto store = ow::core::Store::open((dir / "kiosk.db").string());
    ow::core::OutboxKey key{};
    randombytes_buf(key.data(), key.size());
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < kN; ++i) store->enqueueOutbox("case.submitted", 1795334400 + i, payload, key);
    const double ours = kN / std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    sqlite3* db = nullptr;
    sqlite3_open((dir / "raw.db").string().c_str(), &db);
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t (seq INTEGER PRIMARY KEY "
                     "AUTOINCREMENT, type TEXT, occurred_at INTEGER, payload BLOB);", nullptr, nullptr, nullptr);
    const std::string sealedSize = payload + std::string(40, 'x');  // nonce + MAC: the same bytes the outbox writes
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO t (type, occurred_at, payload) VALUES (?, ?, ?)", -1, &s, nullptr);
    t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < kN; ++i) {
        sqlite3_bind_text(s, 1, "case.submitted", -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 2, 1795334400 + i);
        sqlite3_bind_blob(s, 3, sealedSize.data(), static_cast<int>(sealedSize.size()), SQLITE_STATIC);
        sqlite3_step(s);
        sqlite3_reset(s);
    }
    const double raw = kN / std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    sqlite3_finalize(s);
    sqlite3_close(db);
    std::printf("outbox durable enqueues: %.0f/s; raw sqlite3 inserts, same pragmas: %.0f/s; ratio %.0f %% (%d each)\n",
                ours, raw, 100.0 * ours / raw, kN);
    std::filesystem::remove_all(dir);
    return 0;
}
