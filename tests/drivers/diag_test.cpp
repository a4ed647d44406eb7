// kiosk-diag as an engineer uses it: captured frames in, JSON or one exact line out; device states listed.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "../kiosk/test_paths.h"
#include "../support/xvfb.h"

namespace {
struct Output {
    int code;
    std::string out, err;
};
Output diag(std::vector<std::string> args) {
    args.insert(args.begin(), OW_DIAG_BIN);
    Output o;
    o.code = ow::test::run(args, 30, &o.err, &o.out);
    return o;
}
std::string frame(const std::string& name) { return std::string(OW_SOURCE_DIR) + "/tests/data/idcard/" + name; }
}  // namespace

TEST(KioskDiag, ParsesACapturedCardIntoJson) {
    const Output o = diag({"parse-idcard", frame("base_info_rare_name.bin")});
    ASSERT_EQ(o.code, 0) << o.err;
    const auto j = nlohmann::json::parse(o.out);
    EXPECT_EQ(j["name"], "欧阳䶮");
    EXPECT_EQ(j["id_number"], "11010519491231002X");
    EXPECT_EQ(j["valid_to"], "长期");
    EXPECT_EQ(j["sex"], "女");
    for (const char* key : {"name", "sex", "nation", "birth", "address", "id_number", "authority", "valid_from",
                            "valid_to"})
        EXPECT_TRUE(j.contains(key)) << key;
}

TEST(KioskDiag, SaysExactlyWhatIsWrongWithABadFrame) {
    struct Case {
        const char* file;
        const char* line;
    } cases[] = {
        {"base_info_bad_checksum.bin", "bad checksum: checksum is 0x38 but the bytes add up to 0x62\n"},
        {"base_info_truncated.bin", "truncated frame: 700 bytes of the 1295 its length field announces\n"},
        {"read_failed.bin", "SW3 0x41: reading the card failed\n"},
        {"base_info_bad_check_digit.bin", "the ID number's check character is wrong (GB 11643)\n"},
    };
    for (const auto& c : cases) {
        const Output o = diag({"parse-idcard", frame(c.file)});
        EXPECT_NE(o.code, 0) << c.file;
        EXPECT_EQ(o.out, c.line) << c.file;
    }
}

TEST(KioskDiag, ListsTheSimulatedReaderOnlineAndAMissingOneAsNoDevice) {
    Output o = diag({"list"});
    ASSERT_EQ(o.code, 0) << o.err;
    for (const char* device : {"idcard ", "scanner ", "camera-scanner ", "receipt "}) {
        const auto at = o.out.find(std::string("\n") + device);
        ASSERT_NE(at, std::string::npos) << device << "\n" << o.out;
        const std::string line = o.out.substr(at + 1, o.out.find('\n', at + 1) - at - 1);
        EXPECT_NE(line.find("simulator"), std::string::npos) << line;
        EXPECT_NE(line.find("online"), std::string::npos) << line;
    }

    ow::test::TempDir dir;
    std::ofstream(dir.file("devices.json")) << R"({"idcard": {"transport": "serial", "path": "/dev/ttyACM9"}})";
    o = diag({"list", "--devices", dir.file("devices.json")});
    ASSERT_EQ(o.code, 0) << o.err;
    EXPECT_NE(o.out.find("noDevice"), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("maintenance"), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("/dev/ttyACM9"), std::string::npos) << o.out;
}

TEST(KioskDiag, SelfTestPassesOnTheSimulatorAndFailsClearlyWithoutADevice) {
    Output o = diag({"selftest", "idcard"});
    EXPECT_EQ(o.code, 0) << o.out << o.err;
    EXPECT_EQ(o.out, "PASS idcard: SAM status OK on the simulator\n");
    ow::test::TempDir dir;
    std::ofstream(dir.file("devices.json")) << R"({"idcard": {"transport": "serial", "path": "/dev/ttyACM9"}})";
    o = diag({"selftest", "idcard", "--devices", dir.file("devices.json")});
    EXPECT_EQ(o.code, 1);
    EXPECT_NE(o.out.find("FAIL idcard: cannot open /dev/ttyACM9"), std::string::npos) << o.out;
}

TEST(KioskDiag, BadDeviceConfigurationNamesTheField) {
    ow::test::TempDir dir;
    std::ofstream(dir.file("devices.json")) << R"({"idcard": {"transport": "serial"}})";
    const Output o = diag({"list", "--devices", dir.file("devices.json")});
    EXPECT_EQ(o.code, 2);
    EXPECT_NE(o.err.find("idcard.path: a serial transport needs the device path"), std::string::npos) << o.err;
}

TEST(KioskDiag, PrintsATestReceiptOnTheSimulatedPrinter) {
    ow::test::TempDir dir;
    const Output o = diag({"print-test", "receipt", "--out", dir.path()});
    ASSERT_EQ(o.code, 0) << o.out << o.err;
    EXPECT_EQ(o.out, "PASS receipt: test page printed (simulated paper: " + dir.path() + "/receipt-1.png)\n");
    const Output d = diag({"decode", dir.file("receipt-1.png")});
    EXPECT_EQ(d.code, 0);
    EXPECT_EQ(d.out.rfind("OW1.C.QP2026112200017.", 0), 0u) << d.out;
    ow::test::TempDir cfg;
    std::ofstream(cfg.file("devices.json")) << R"({"receipt": {"transport": "none"}})";
    EXPECT_EQ(diag({"print-test", "receipt", "--devices", cfg.file("devices.json")}).out,
              "FAIL receipt: this terminal has no receipt printer\n");
}

TEST(KioskDiag, CapturesThePageUnderTheSimulatedDocumentCamera) {
    ow::test::TempDir dir;
    const std::string page = std::string(OW_SOURCE_DIR) + "/docs/screenshots/01-attract-zh.png";
    Output o = diag({"capture-page", dir.file("page.png"), "--page", page});
    ASSERT_EQ(o.code, 0) << o.out << o.err;
    EXPECT_EQ(o.out, "PASS document camera: 1280 x 800 page written to " + dir.file("page.png") + "\n");
    EXPECT_TRUE(std::ifstream(dir.file("page.png")).good());
    // With no page named, the simulated camera sees the printed application form the demo terminal uses.
    o = diag({"capture-page", dir.file("form.png")});
    EXPECT_EQ(o.code, 0) << o.out << o.err;
    EXPECT_EQ(o.out.rfind("PASS document camera: 576 x ", 0), 0u) << o.out;
}

TEST(KioskDiag, SelfTestsEveryDeviceClass) {
    for (const char* device : {"scanner", "camera-scanner", "receipt"}) {
        const Output o = diag({"selftest", device});
        EXPECT_EQ(o.code, 0) << o.out << o.err;
        EXPECT_EQ(o.out, std::string("PASS ") + device + ": online\n");
    }
    ow::test::TempDir dir;
    std::ofstream(dir.file("devices.json")) << R"({"receipt": {"transport": "usblp", "path": "/dev/usb/lp7"}})";
    const Output o = diag({"selftest", "receipt", "--devices", dir.file("devices.json")});
    EXPECT_EQ(o.code, 1);
    EXPECT_NE(o.out.find("FAIL receipt: noDevice, cannot open /dev/usb/lp7"), std::string::npos) << o.out;
}
