// A simulated 80 mm receipt printer on a pty: it renders what it is sent onto paper images, answers
// DLE EOT status queries, and can run out of paper, run low, or have its cover opened.
#pragma once

#include <atomic>
#include <deque>
#include <mutex>
#include <thread>

#include "drivers/receipt/renderer.h"
#include "drivers/transport/pty.h"

namespace ow::drivers::receipt {

class SimPrinter {
public:
    static core::Result<std::unique_ptr<SimPrinter>> create(const std::string& linkPath, const std::string& fontPath,
                                                            int fontIndex);
    ~SimPrinter();
    const std::string& path() const { return pty_.link(); }

    enum class Paper { ok, nearEnd, out };
    void setPaper(Paper paper);
    void setCoverOpen(bool open);
    /** Paper runs out after this many more printed lines (a roll ending mid-receipt); -1 never. */
    void runOutAfterLines(int lines);

    /** The pieces of paper in the output tray, oldest first (a copy, thread-safe): the last kTrayPages cut. */
    std::vector<Page> pages();
    /**
     * Writes each page cut since the last save as DIR/receipt-N.png (N counts every page ever cut) and its text as
     * receipt-N.txt; returns how many pages have been cut. A page that fell out of the tray before a save is lost,
     * as paper nobody took would be.
     */
    int savePages(const std::string& dir);

    /** Pages the tray holds: a kiosk that prints all day keeps its simulator's memory flat. */
    static constexpr size_t kTrayPages = 16;

private:
    SimPrinter(std::string link) : pty_(std::move(link)) {}
    void serve();
    uint8_t statusByte(uint8_t n);
    void updatePrinting();

    PtyDevice pty_;
    std::unique_ptr<Renderer> renderer_;
    std::thread thread_;
    std::atomic<bool> running_{false};
    std::mutex mutex_;
    Paper paper_ = Paper::ok;
    bool coverOpen_ = false;
    int linesLeft_ = -1;
    std::deque<Page> tray_;
    int cut_ = 0;    // pages cut since the start
    int saved_ = 0;  // pages cut before the last save
};

}  // namespace ow::drivers::receipt
