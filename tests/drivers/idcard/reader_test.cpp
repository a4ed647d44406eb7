// The ID card driver over a real serial transport against the pty simulator: cards, faults, unplugging.
#include "drivers/idcard/reader.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "drivers/idcard/sim_reader.h"
#include "../../kiosk/test_paths.h"
#include "../../support/event_log.h"

using namespace ow::drivers;
using namespace ow::drivers::idcard;
using namespace std::chrono_literals;

namespace {

const CardText kZhang{"张三", "1", "01", "19900307", "上海市青浦区华新镇华腾路1号", "310118199003070016",
                      "上海市公安局青浦分局", "20150101", "20350101"};

class ReaderTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto sim = SimReader::create(dir_.file("idcard"));
        ASSERT_TRUE(sim.ok()) << sim.error();
        sim_ = std::move(*sim);
    }
    void startReader(const std::string& path = "") {
        ReaderConfig cfg{path.empty() ? sim_->path() : path, 115200, 20, 250};
        reader_ = std::make_unique<Reader>(cfg, log_.sink(), [] { return std::string("20261122"); });
        reader_->start();
    }
    void TearDown() override {
        if (reader_) reader_->stop();
    }
    template <typename T, typename Pred>
    std::optional<T> waitFor(Pred pred) {
        return log_.next<T>(pred, 3000ms);
    }
    std::optional<DeviceStatusChanged> waitState(DeviceState s) {
        return waitFor<DeviceStatusChanged>([s](const DeviceStatusChanged& e) { return e.state == s; });
    }
    int cardsRead() { return static_cast<int>(log_.all<IdCardPresented>().size()); }

    ow::test::TempDir dir_;
    std::unique_ptr<SimReader> sim_;
    std::unique_ptr<Reader> reader_;
    ow::test::EventLog log_;
};

}  // namespace

TEST_F(ReaderTest, ReadsACardOnceUntilItLeavesTheField) {
    startReader();
    ASSERT_TRUE(waitState(DeviceState::online));
    sim_->place(kZhang);
    auto card = waitFor<IdCardPresented>([](auto&) { return true; });
    ASSERT_TRUE(card);
    EXPECT_EQ(card->name, "张三");
    EXPECT_EQ(card->sex, "男");
    EXPECT_EQ(card->nation, "汉");
    EXPECT_EQ(card->idNumber, "310118199003070016");
    EXPECT_EQ(card->address, "上海市青浦区华新镇华腾路1号");
    EXPECT_FALSE(card->expired);
    EXPECT_EQ(card->problem, "");
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(cardsRead(), 1) << "a card lying on the reader is read once";
    sim_->remove();
    std::this_thread::sleep_for(100ms);
    sim_->place(kZhang);
    ASSERT_TRUE(waitFor<IdCardPresented>([](auto&) { return true; }));
    EXPECT_EQ(cardsRead(), 2);
}

TEST_F(ReaderTest, ExpiredAndInconsistentCardsAreReportedAsSuch) {
    startReader();
    ASSERT_TRUE(waitState(DeviceState::online));
    CardText old = kZhang;
    old.validFrom = "20000101";
    old.validTo = "20200101";
    sim_->place(old);
    auto e = waitFor<IdCardPresented>([](auto&) { return true; });
    ASSERT_TRUE(e);
    EXPECT_TRUE(e->expired);
    sim_->remove();
    CardText bad = kZhang;
    bad.idNumber = "310118199003070011";
    std::this_thread::sleep_for(60ms);
    sim_->place(bad);
    e = waitFor<IdCardPresented>([](auto&) { return true; });
    ASSERT_TRUE(e);
    EXPECT_EQ(e->problem, "the ID number's check character is wrong (GB 11643)");
}

TEST_F(ReaderTest, AFailedReadIsReportedThenTheCardIsReadOnRetry) {
    startReader();
    ASSERT_TRUE(waitState(DeviceState::online));
    sim_->fault(SimFault::readFailure, 1);
    sim_->place(kZhang);
    auto bad = waitFor<IdCardUnreadable>([](auto&) { return true; });
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->reason, "SW3 0x41: reading the card failed");
    EXPECT_TRUE(waitFor<IdCardPresented>([](auto&) { return true; }));
}

TEST_F(ReaderTest, SilenceMakesItOfflineAndItRecovers) {
    startReader();
    ASSERT_TRUE(waitState(DeviceState::online));
    sim_->fault(SimFault::noAnswer, 6);
    auto off = waitState(DeviceState::offline);
    ASSERT_TRUE(off);
    EXPECT_EQ(off->action, SuggestedAction::maintenance);
    EXPECT_EQ(off->detail, "the reader did not answer");
    ASSERT_TRUE(waitState(DeviceState::online));
    sim_->place(kZhang);
    EXPECT_TRUE(waitFor<IdCardPresented>([](auto&) { return true; }));
}

TEST_F(ReaderTest, GarbledAnswersAreAHardwareFaultAndLoseNoCard) {
    startReader();
    ASSERT_TRUE(waitState(DeviceState::online));
    sim_->fault(SimFault::badChecksum, 4);
    auto bad = waitState(DeviceState::hardwareError);
    ASSERT_TRUE(bad);
    EXPECT_NE(bad->detail.find("garbled answers: checksum is"), std::string::npos) << bad->detail;
    ASSERT_TRUE(waitState(DeviceState::online));
    sim_->fault(SimFault::truncated, 1);
    sim_->place(kZhang);
    EXPECT_TRUE(waitFor<IdCardPresented>([](auto&) { return true; }));
}

TEST_F(ReaderTest, SamSelfTestFailureNeedsAnEngineer) {
    sim_->fault(SimFault::samFailure, 2);
    startReader();
    auto bad = waitState(DeviceState::hardwareError);
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->action, SuggestedAction::maintenance);
    EXPECT_NE(bad->detail.find("self-test"), std::string::npos);
    EXPECT_TRUE(waitState(DeviceState::online));
}

TEST_F(ReaderTest, UnplugGoesNoDeviceAndReplugComesBackWithoutRestart) {
    startReader();
    ASSERT_TRUE(waitState(DeviceState::online));
    sim_->unplug();
    ASSERT_TRUE(waitState(DeviceState::noDevice));
    ASSERT_TRUE(sim_->replug().ok());
    ASSERT_TRUE(waitState(DeviceState::online));
    sim_->place(kZhang);
    EXPECT_TRUE(waitFor<IdCardPresented>([](auto&) { return true; }));
}

TEST_F(ReaderTest, AMissingDeviceIsNoDeviceNotACrash) {
    startReader(dir_.file("no-such-tty"));
    auto e = waitState(DeviceState::noDevice);
    ASSERT_TRUE(e);
    EXPECT_NE(e->detail.find("no-such-tty"), std::string::npos);
}

TEST(SimCards, LoadsTheShippedCardsFile) {
    auto cards = loadCards(std::string(OW_SOURCE_DIR) + "/assets/sim/cards.json");
    ASSERT_TRUE(cards.ok()) << cards.error();
    ASSERT_GE(cards->size(), 3u);
    EXPECT_EQ((*cards)[0].sexCode, "1");
    EXPECT_FALSE((*cards)[0].nation().empty());
}
