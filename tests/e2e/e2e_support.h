// What the kiosk's end-to-end tests share: the real kiosk run under the suite's Xvfb with a script, its
// screenshots and what each one shows, and the card the tests place.
#pragma once

#include <gtest/gtest.h>
#include <stb/stb_image.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "../kiosk/test_paths.h"
#include "../support/process.h"
#include "../support/xvfb.h"

namespace ow::e2e {

using nlohmann::json;


struct Image {
    int w = 0, h = 0;
    std::vector<uint8_t> px;
    const uint8_t* at(int x, int y) const { return &px[(static_cast<size_t>(y) * w + x) * 4]; }
    // Rows between the first and last that hold a pixel darker than `luma` inside [x0,x1)×[y0,y1).
    int inkHeight(float x0, float y0, float x1, float y1, int luma = 110) const {
        int top = -1, bottom = -1;
        for (int y = std::max(0, int(y0)); y < std::min(h, int(y1)); ++y)
            for (int x = std::max(0, int(x0)); x < std::min(w, int(x1)); ++x) {
                const uint8_t* p = at(x, y);
                if ((p[0] * 299 + p[1] * 587 + p[2] * 114) / 1000 < luma) {
                    if (top < 0) top = y;
                    bottom = y;
                    break;
                }
            }
        return top < 0 ? 0 : bottom - top + 1;
    }
    // Share of pixels in a rectangle with exactly this colour.
    double share(float x0, float y0, float x1, float y1, uint8_t r, uint8_t g, uint8_t b) const {
        size_t hit = 0, all = 0;
        for (int y = int(y0); y < int(y1); ++y)
            for (int x = int(x0); x < int(x1); ++x, ++all) {
                const uint8_t* p = at(x, y);
                hit += std::abs(p[0] - r) < 4 && std::abs(p[1] - g) < 4 && std::abs(p[2] - b) < 4;
            }
        return all ? double(hit) / all : 0;
    }
};

class Kiosk {
public:
    explicit Kiosk(const std::string& script) {
        std::ofstream(dir_.file("script.txt")) << script;
    }
    int run(std::vector<std::string> extra = {}) {
        std::vector<std::string> argv{OW_KIOSK_BIN,  "--windowed",   "1280x800",          "--data",
                                      dir_.file("data"), "--log-file", dir_.file("kiosk.log"), "--script",
                                      dir_.file("script.txt"), "--screenshot-dir", dir_.file("shots")};
        argv.insert(argv.end(), trusting_.begin(), trusting_.end());
        argv.insert(argv.end(), extra.begin(), extra.end());
        return ow::test::run(argv, 120, &stderr_);
    }
    /**
     * Gives the simulator an issuer key of its own (DATA/sim-issuer.key, made with kioskctl keygen, as the run
     * command does) and boots a demo bundle that names it; returns the file of its public half (for central's
     * --receipt-keys). Without this the terminal, like an installed one, trusts no issuer.
     */
    std::string trustSimulatorIssuer() {
        std::filesystem::create_directories(dir_.file("data"));
        const std::string key = dir_.file("data/sim-issuer.key");
        std::string err;
        EXPECT_EQ(ow::test::run({OW_KIOSKCTL_BIN, "keygen", "--key-id", "demo1", "--out", key}, 30, &err), 0) << err;
        std::ifstream pubIn(key + ".pub"), bundleIn(ow::test::assetsDir() + "/bundles/demo.json");
        const json pub = json::parse(pubIn);
        json bundle = json::parse(bundleIn);
        bundle["content"]["code_issuers"] = json::array({{{"id", "demo1"}, {"public_key", pub["demo1"]}}});
        std::ofstream(dir_.file("trusting.json")) << bundle.dump();
        trusting_ = {"--bundle", dir_.file("trusting.json")};
        return key + ".pub";
    }
    json shot(const std::string& name) const {
        std::ifstream in(dir_.file("shots/" + name + ".json"));
        EXPECT_TRUE(in.good()) << "no screenshot " << name << "; kiosk said: " << stderr_;
        return in ? json::parse(in) : json::object();
    }
    Image image(const std::string& name) const {
        Image img;
        int n = 0;
        unsigned char* p = stbi_load(dir_.file("shots/" + name + ".png").c_str(), &img.w, &img.h, &n, 4);
        EXPECT_NE(p, nullptr) << name;
        if (p) img.px.assign(p, p + static_cast<size_t>(img.w) * img.h * 4), stbi_image_free(p);
        return img;
    }
    std::string log() const {
        std::ifstream in(dir_.file("kiosk.log"));
        std::stringstream buf;
        buf << in.rdbuf();
        return buf.str();
    }
    const std::string& stderrText() const { return stderr_; }
    const ow::test::TempDir& dir() const { return dir_; }

private:
    ow::test::TempDir dir_;
    std::string stderr_;
    std::vector<std::string> trusting_;
};

inline bool shows(const json& shot, const std::string& text) {
    for (const auto& it : shot["items"])
        if (it["text"].get<std::string>().find(text) != std::string::npos) return true;
    return false;
}
inline const json* find(const json& shot, const std::string& key) {
    for (const auto& it : shot["items"])
        if (it["key"] == key) return &it;
    return nullptr;
}
// What lies under the notice showing `text` (its band, recorded as kind "notice"): the keys or texts of the items
// drawn there besides the notice's own words, which the person could not read or tap. Empty when nothing does;
// when no such notice shows, says so.
inline std::vector<std::string> underNotice(const json& shot, const std::string& text) {
    const json* notice = nullptr;
    for (const auto& it : shot["items"])
        if (it["kind"] == "notice" && it["text"].get<std::string>().find(text) != std::string::npos) notice = &it;
    if (!notice) return {"(no notice showing \"" + text + "\")"};
    std::vector<std::string> hidden;
    const std::string words = (*notice)["text"];
    const auto& n = (*notice)["visible"];
    const auto x0 = n[0].get<float>(), y0 = n[1].get<float>(), x1 = n[2].get<float>(), y1 = n[3].get<float>();
    for (const auto& it : shot["items"]) {
        const std::string t = it["text"];
        const auto& r = it["visible"];  // the part on screen
        // The notice's own words: text lines of it, wholly inside its band.
        const bool own = it["kind"] == "text" && !t.empty() && words.find(t) != std::string::npos && r[0] >= x0 &&
                         r[1] >= y0 && r[2] <= x1 && r[3] <= y1;
        if (&it == notice || own) continue;
        if (r[0].get<float>() < x1 && r[2].get<float>() > x0 && r[1].get<float>() < y1 && r[3].get<float>() > y0)
            hidden.push_back(it["key"].get<std::string>().empty() ? t : it["key"].get<std::string>());
    }
    return hidden;
}
inline int buttons(const json& shot, const std::string& keyPrefix) {
    int n = 0;
    for (const auto& it : shot["items"])
        n += it["kind"] == "button" && it["key"].get<std::string>().rfind(keyPrefix, 0) == 0;
    return n;
}

class KioskE2E : public ::testing::Test {
protected:
    static void SetUpTestSuite() { xvfb_ = new ow::test::Xvfb(); }
    static void TearDownTestSuite() { delete xvfb_; }
    void SetUp() override { ASSERT_TRUE(xvfb_->ok()) << "Xvfb did not start"; }
    static inline ow::test::Xvfb* xvfb_ = nullptr;
};

// Script taps on the screen keyboard for each letter or digit of `keys`.
inline std::string taps(const std::string& keys) {
    std::string out;
    for (char c : keys) {
        if (c >= 'a' && c <= 'z') out += std::string("tap @letter.") + c + "\n";
        else out += std::string("tap @digit.") + c + "\n";
    }
    return out;
}
// One sqlite3 query on a database file; its output without the trailing newline.
inline std::string sql(const std::string& db, const std::string& query) {
    std::string out, err;
    EXPECT_EQ(ow::test::run({"/usr/bin/sqlite3", db, query}, 30, &err, &out), 0) << err;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

// What a printed receipt says (the simulated printer's text beside its picture), its lines joined: the printer
// continues a long line on the next one.
inline std::string readText(const std::string& path) {
    std::ifstream in(path);
    std::string out;
    for (std::string line; std::getline(in, line);) out += line;
    return out;
}

// cupsd with an IPP Everywhere printer (ippeveprinter) started for one test and stopped after it (print-servers.sh):
// not inside the test's own 0700 folder, since cupsd runs its filters as lp, which must reach the spool. While DIR/
// media-empty exists the printer is out of paper and holds the job.
struct PrintServers {
    PrintServers()
        : dir((std::filesystem::temp_directory_path() / ("ow-e2e-cups-" + std::to_string(getpid()))).string()),
          started(ow::test::capture(std::string(OW_SOURCE_DIR) + "/tests/support/print-servers.sh " + dir + " start " +
                                    std::to_string(19700 + getpid() % 1000))) {}
    ~PrintServers() {
        ow::test::capture(std::string(OW_SOURCE_DIR) + "/tests/support/print-servers.sh " + dir + " stop");
        std::filesystem::remove_all(dir);
    }
    bool ok() const { return started.find("CUPS_SERVER=") != std::string::npos; }
    /** The terminal's device file naming this A4 printer (the other devices simulated). */
    std::string devicesJson() const { return R"({"a4": {"transport": "cups", "queue": "A4", "server": ")" + dir + R"(/cups.sock"}})"; }
    std::string dir, started;
};

inline const char* kCard =
    R"(event card {"name":"欧阳䶮䶹","id_number":"11010519491231002X","birth":"19491231","address":"北京市朝阳区望京街道喆园路1号","phone":"13812345678"})";

}  // namespace ow::e2e
