// A SQLite VFS for power-cut tests, in the manner of SQLite's own crash tests (test6.c): it sits over the unix VFS,
// keeps for each file what every write or truncate since its last sync overwrote, and can cut the power at a chosen
// write or sync. From the cut on nothing reaches the disk (every write, sync, truncate and delete fails, as on a
// machine that has gone dark); once the program has let go of its connections, powerOn() puts each file back as the
// disk would hold it: everything synced, and of what was not synced either nothing or a random part.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <vector>

struct sqlite3_vfs;

namespace ow::test {

class PowerCutVfs {
public:
    /** Registers the VFS as SQLite's default (once per process) and returns it. */
    static PowerCutVfs& install();

    /** Cuts the power at the n-th write or sync from now (1 = the next one); 0 = not at all. */
    void armAfter(long n);
    /** Cuts the power now (a cut while nothing is being written). */
    void cutNow();
    bool isCut() const;
    /** Writes and syncs seen since install (the count armAfter measures in). */
    long operations() const;

    /** What survives of the writes since each file's last sync. */
    enum class Survivors { none, randomPart };
    /**
     * After every connection is closed: each file as a disk would hold it after the cut, and the power back on.
     * With randomPart, each write not yet synced survives or not by a coin thrown from `seed`.
     */
    void powerOn(Survivors survivors, uint32_t seed);

private:
    friend struct PowerCutVfsAccess;
    PowerCutVfs() = default;
    struct Change {              // one write or truncate since the file's last sync
        int64_t offset = 0;      // where it began
        std::string before;      // what was there (up to the old end of the file)
        int64_t sizeBefore = 0;  // the file's size before it
        std::string after;       // what was written (empty for a truncate)
        int64_t sizeAfter = 0;   // the file's size after it
    };
    bool countOperation();  // true when this operation is the cut (or comes after it): it must not happen
    void recordChange(const std::string& path, Change change);
    void synced(const std::string& path);
    void forget(const std::string& path);

    mutable std::mutex mutex_;
    long operations_ = 0, cutAt_ = 0;
    bool cut_ = false;
    std::map<std::string, std::vector<Change>> unsynced_;
};

}  // namespace ow::test
