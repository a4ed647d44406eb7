// The power-cut VFS: the unix VFS with every write remembered until its file is synced.
#include "power_cut_vfs.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <new>

namespace ow::test {

struct PowerCutVfsAccess {
    static bool countOperation(PowerCutVfs& v) { return v.countOperation(); }
    static void recordChange(PowerCutVfs& v, const std::string& path, PowerCutVfs::Change c) {
        v.recordChange(path, std::move(c));
    }
    static void synced(PowerCutVfs& v, const std::string& path) { v.synced(path); }
    static void forget(PowerCutVfs& v, const std::string& path) { v.forget(path); }
    using Change = PowerCutVfs::Change;
};

namespace {

using A = PowerCutVfsAccess;

sqlite3_vfs* realVfs = nullptr;
sqlite3_vfs cutVfs;

struct alignas(16) CutFile {
    sqlite3_file base;
    sqlite3_file* real;
    PowerCutVfs* vfs;
    std::string* path;  // empty for a temporary file, whose writes are not remembered
};

CutFile* cf(sqlite3_file* f) { return reinterpret_cast<CutFile*>(f); }
sqlite3_file* real(sqlite3_file* f) { return cf(f)->real; }

int64_t sizeOf(sqlite3_file* f) {
    sqlite3_int64 size = 0;
    return real(f)->pMethods->xFileSize(real(f), &size) == SQLITE_OK ? size : 0;
}

std::string readRange(sqlite3_file* f, int64_t from, int64_t to) {
    if (to <= from) return {};
    std::string bytes(static_cast<size_t>(to - from), '\0');
    real(f)->pMethods->xRead(real(f), bytes.data(), static_cast<int>(bytes.size()), from);
    return bytes;
}

int xClose(sqlite3_file* f) {
    const int rc = real(f)->pMethods->xClose(real(f));
    delete cf(f)->path;
    return rc;
}
int xRead(sqlite3_file* f, void* buf, int amt, sqlite3_int64 off) {
    return real(f)->pMethods->xRead(real(f), buf, amt, off);
}
int xWrite(sqlite3_file* f, const void* buf, int amt, sqlite3_int64 off) {
    if (A::countOperation(*cf(f)->vfs)) return SQLITE_IOERR_WRITE;
    A::Change c;
    c.offset = off;
    c.sizeBefore = sizeOf(f);
    c.before = readRange(f, off, std::min<int64_t>(off + amt, c.sizeBefore));
    const int rc = real(f)->pMethods->xWrite(real(f), buf, amt, off);
    if (rc != SQLITE_OK || cf(f)->path->empty()) return rc;
    c.after.assign(static_cast<const char*>(buf), static_cast<size_t>(amt));
    c.sizeAfter = std::max<int64_t>(c.sizeBefore, off + amt);
    A::recordChange(*cf(f)->vfs, *cf(f)->path, std::move(c));
    return rc;
}
int xTruncate(sqlite3_file* f, sqlite3_int64 size) {
    if (A::countOperation(*cf(f)->vfs)) return SQLITE_IOERR_TRUNCATE;
    A::Change c;
    c.offset = size;
    c.sizeBefore = sizeOf(f);
    c.before = readRange(f, size, c.sizeBefore);
    c.sizeAfter = size;
    const int rc = real(f)->pMethods->xTruncate(real(f), size);
    if (rc == SQLITE_OK && !cf(f)->path->empty()) A::recordChange(*cf(f)->vfs, *cf(f)->path, std::move(c));
    return rc;
}
// The disk is the test's model, so a sync only marks what it made durable (no real fsync: fast, and the same).
int xSync(sqlite3_file* f, int) {
    if (A::countOperation(*cf(f)->vfs)) return SQLITE_IOERR_FSYNC;
    if (!cf(f)->path->empty()) A::synced(*cf(f)->vfs, *cf(f)->path);
    return SQLITE_OK;
}
int xFileSize(sqlite3_file* f, sqlite3_int64* size) { return real(f)->pMethods->xFileSize(real(f), size); }
int xLock(sqlite3_file* f, int l) { return real(f)->pMethods->xLock(real(f), l); }
int xUnlock(sqlite3_file* f, int l) { return real(f)->pMethods->xUnlock(real(f), l); }
int xCheckReservedLock(sqlite3_file* f, int* out) { return real(f)->pMethods->xCheckReservedLock(real(f), out); }
int xFileControl(sqlite3_file* f, int op, void* arg) { return real(f)->pMethods->xFileControl(real(f), op, arg); }
int xSectorSize(sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); }
int xDeviceCharacteristics(sqlite3_file* f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); }
int xShmMap(sqlite3_file* f, int page, int size, int extend, void volatile** p) {
    return real(f)->pMethods->xShmMap(real(f), page, size, extend, p);
}
int xShmLock(sqlite3_file* f, int offset, int n, int flags) { return real(f)->pMethods->xShmLock(real(f), offset, n, flags); }
void xShmBarrier(sqlite3_file* f) { real(f)->pMethods->xShmBarrier(real(f)); }
int xShmUnmap(sqlite3_file* f, int del) { return real(f)->pMethods->xShmUnmap(real(f), del); }
int xFetch(sqlite3_file* f, sqlite3_int64 off, int amt, void** p) { return real(f)->pMethods->xFetch(real(f), off, amt, p); }
int xUnfetch(sqlite3_file* f, sqlite3_int64 off, void* p) { return real(f)->pMethods->xUnfetch(real(f), off, p); }

const sqlite3_io_methods kMethods = {3,           xClose,    xRead,     xWrite,          xTruncate,  xSync,
                                     xFileSize,   xLock,     xUnlock,   xCheckReservedLock, xFileControl,
                                     xSectorSize, xDeviceCharacteristics, xShmMap, xShmLock, xShmBarrier, xShmUnmap,
                                     xFetch,      xUnfetch};

int vfsOpen(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags, int* outFlags) {
    CutFile* f = cf(file);
    f->base.pMethods = nullptr;
    f->real = reinterpret_cast<sqlite3_file*>(f + 1);
    f->vfs = static_cast<PowerCutVfs*>(vfs->pAppData);
    const int rc = realVfs->xOpen(realVfs, name, f->real, flags, outFlags);
    if (rc != SQLITE_OK || !f->real->pMethods) return rc;
    f->path = new std::string(name && !(flags & SQLITE_OPEN_DELETEONCLOSE) ? name : "");
    f->base.pMethods = &kMethods;
    return SQLITE_OK;
}

int vfsDelete(sqlite3_vfs* vfs, const char* name, int dirSync) {
    auto& v = *static_cast<PowerCutVfs*>(vfs->pAppData);
    if (v.isCut()) return SQLITE_IOERR_DELETE;
    A::forget(v, name);
    return realVfs->xDelete(realVfs, name, dirSync);
}

}  // namespace

PowerCutVfs& PowerCutVfs::install() {
    static PowerCutVfs* instance = [] {
        auto* v = new PowerCutVfs;
        realVfs = sqlite3_vfs_find("unix");
        cutVfs = *realVfs;
        cutVfs.zName = "ow-power-cut";
        cutVfs.szOsFile = static_cast<int>(sizeof(CutFile)) + realVfs->szOsFile;
        cutVfs.pAppData = v;
        cutVfs.xOpen = vfsOpen;
        cutVfs.xDelete = vfsDelete;
        cutVfs.pNext = nullptr;
        sqlite3_vfs_register(&cutVfs, 1);
        return v;
    }();
    return *instance;
}

void PowerCutVfs::armAfter(long n) {
    std::lock_guard lock(mutex_);
    cutAt_ = n > 0 ? operations_ + n : 0;
}

void PowerCutVfs::cutNow() {
    std::lock_guard lock(mutex_);
    cut_ = true;
}

bool PowerCutVfs::isCut() const {
    std::lock_guard lock(mutex_);
    return cut_;
}

long PowerCutVfs::operations() const {
    std::lock_guard lock(mutex_);
    return operations_;
}

bool PowerCutVfs::countOperation() {
    std::lock_guard lock(mutex_);
    if (cut_) return true;
    ++operations_;
    if (cutAt_ > 0 && operations_ >= cutAt_) cut_ = true;
    return cut_;
}

void PowerCutVfs::recordChange(const std::string& path, Change change) {
    std::lock_guard lock(mutex_);
    unsynced_[path].push_back(std::move(change));
}

void PowerCutVfs::synced(const std::string& path) {
    std::lock_guard lock(mutex_);
    unsynced_.erase(path);
}

void PowerCutVfs::forget(const std::string& path) { synced(path); }

void PowerCutVfs::powerOn(Survivors survivors, uint32_t seed) {
    std::lock_guard lock(mutex_);
    std::mt19937 coin(seed);
    for (auto& [path, changes] : unsynced_) {
        const int fd = ::open(path.c_str(), O_RDWR);
        if (fd < 0) continue;
        bool ok = true;
        // Back to the state of the last sync: every change undone, newest first.
        for (auto c = changes.rbegin(); c != changes.rend(); ++c) {
            ok &= ::pwrite(fd, c->before.data(), c->before.size(), c->offset) == static_cast<ssize_t>(c->before.size());
            ok &= ::ftruncate(fd, c->sizeBefore) == 0;
        }
        // Then, for a disk that had written some of its cache when the power went, a random part of them again.
        if (survivors == Survivors::randomPart)
            for (const auto& c : changes) {
                if (coin() % 2) continue;
                if (c.after.empty()) ok &= ::ftruncate(fd, c.sizeAfter) == 0;
                else ok &= ::pwrite(fd, c.after.data(), c.after.size(), c.offset) == static_cast<ssize_t>(c.after.size());
            }
        ::close(fd);
        if (!ok) std::abort();  // the test's own disk failed: nothing it says after this would mean anything
    }
    unsynced_.clear();
    cut_ = false;
    cutAt_ = 0;
}

}  // namespace ow::test
