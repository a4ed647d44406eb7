// A simulated 80 mm receipt printer on a pty.
#include "drivers/receipt/sim_printer.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <poll.h>
#include <unistd.h>

namespace ow::drivers::receipt {

core::Result<std::unique_ptr<SimPrinter>> SimPrinter::create(const std::string& linkPath, const std::string& fontPath,
                                                             int fontIndex) {
    std::unique_ptr<SimPrinter> sim(new SimPrinter(linkPath));
    auto renderer = Renderer::create(fontPath, fontIndex);
    if (!renderer) return core::Error{renderer.error()};
    sim->renderer_ = std::move(*renderer);
    sim->renderer_->onRealtime = [s = sim.get()](uint8_t command, uint8_t n) {
        if (command != 0x04) return;  // GS a (automatic status back) is accepted and not used here
        const uint8_t answer = s->statusByte(n);
        if (::write(s->pty_.fd(), &answer, 1) != 1) return;
    };
    if (auto st = sim->pty_.plug(); !st) return core::Error{st.error()};
    sim->running_ = true;
    sim->thread_ = std::thread([s = sim.get()] { s->serve(); });
    return sim;
}

SimPrinter::~SimPrinter() {
    running_ = false;
    if (thread_.joinable()) thread_.join();
}

void SimPrinter::updatePrinting() { renderer_->setPrinting(paper_ != Paper::out && !coverOpen_); }

void SimPrinter::setPaper(Paper paper) {
    std::lock_guard lock(mutex_);
    paper_ = paper;
    if (paper != Paper::out) linesLeft_ = -1;
    updatePrinting();
}

void SimPrinter::setCoverOpen(bool open) {
    std::lock_guard lock(mutex_);
    coverOpen_ = open;
    updatePrinting();
}

void SimPrinter::runOutAfterLines(int lines) {
    std::lock_guard lock(mutex_);
    linesLeft_ = lines;
}

// Answers to DLE EOT n (fixed bits 0x12 always set), per the state of the paper, cover and mechanism.
uint8_t SimPrinter::statusByte(uint8_t n) {
    uint8_t b = 0x12;
    const bool out = paper_ == Paper::out;
    switch (n) {
        case 1: if (out || coverOpen_) b |= 0x08; break;
        case 2: b |= (coverOpen_ ? 0x04 : 0) | (out ? 0x20 : 0) | (out || coverOpen_ ? 0x40 : 0); break;
        case 3: break;
        case 4: b |= (paper_ != Paper::ok ? 0x0C : 0) | (out ? 0x60 : 0); break;
        default: break;
    }
    return b;
}

std::vector<Page> SimPrinter::pages() {
    std::lock_guard lock(mutex_);
    return {tray_.begin(), tray_.end()};
}

int SimPrinter::savePages(const std::string& dir) {
    std::lock_guard lock(mutex_);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);  // a folder the script names may not exist yet
    const int first = cut_ - static_cast<int>(tray_.size());  // the number of the oldest page in the tray, less one
    for (saved_ = std::max(saved_, first); saved_ < cut_; ++saved_) {
        const auto& page = tray_[static_cast<size_t>(saved_ - first)];
        const std::string base = dir + "/receipt-" + std::to_string(saved_ + 1);
        Renderer::savePng(page, base + ".png");
        // What the paper says, line by line, beside its picture (for tests, and for reading without an image viewer).
        std::ofstream text(base + ".txt");
        for (const auto& line : page.lines) text << line << "\n";
    }
    return saved_;
}

void SimPrinter::serve() {
    uint8_t buf[256];
    while (running_) {
        pollfd p{pty_.fd(), POLLIN, 0};
        if (poll(&p, 1, 250) <= 0) continue;
        const ssize_t n = ::read(pty_.fd(), buf, sizeof buf);
        if (n <= 0) continue;
        std::lock_guard lock(mutex_);
        // Byte by byte while the roll is ending, so it runs out exactly where it should.
        for (ssize_t i = 0; i < n; ++i) {
            const size_t before = renderer_->current().lines.size() + renderer_->pages().size();
            renderer_->feed(buf + i, 1);
            if (linesLeft_ > 0 && renderer_->current().lines.size() + renderer_->pages().size() > before &&
                --linesLeft_ == 0) {
                paper_ = Paper::out;
                updatePrinting();
            }
        }
        for (auto& page : renderer_->takePages()) {
            tray_.push_back(std::move(page));
            ++cut_;
        }
        while (tray_.size() > kTrayPages) tray_.pop_front();
    }
}

}  // namespace ow::drivers::receipt
