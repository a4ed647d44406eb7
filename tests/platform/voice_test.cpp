// Spoken prompts: espeak-ng's Mandarin and English voices produce speech, slower at elderly scale.
#include "platform/voice.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <thread>

using ow::platform::Voice;

namespace {
// Seconds of sound, and whether any of it is louder than near-silence.
double seconds(const std::vector<int16_t>& s) { return static_cast<double>(s.size()) / Voice::sampleRate(); }
bool audible(const std::vector<int16_t>& s) {
    for (int16_t v : s)
        if (std::abs(static_cast<int>(v)) > 2000) return true;
    return false;
}
// Waits up to 10 s for the voice to have said n prompts.
bool saidWithin(const Voice& v, int n) {
    for (int i = 0; i < 1000 && v.promptsSaid() < n; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return v.promptsSaid() >= n;
}
}  // namespace

TEST(Voice, MandarinPromptsAreSpoken) {
    ASSERT_GT(Voice::sampleRate(), 0);
    auto zh = Voice::synthesize("请点屏幕上的业务。需要帮助，请按呼叫工作人员。", "zh-CN", false);
    ASSERT_TRUE(zh.ok()) << zh.error();
    EXPECT_GT(seconds(*zh), 2.0);  // 21 syllables
    EXPECT_TRUE(audible(*zh));
    auto en = Voice::synthesize("Touch the service you need.", "en", false);
    ASSERT_TRUE(en.ok()) << en.error();
    EXPECT_GT(seconds(*en), 0.8);
    EXPECT_TRUE(audible(*en));
}

TEST(Voice, ElderlyScaleSpeaksSlower) {
    auto normal = Voice::synthesize("材料已收到，部门正在审核是否受理。", "zh-CN", false);
    auto slow = Voice::synthesize("材料已收到，部门正在审核是否受理。", "zh-CN", true);
    ASSERT_TRUE(normal.ok() && slow.ok());
    EXPECT_GT(seconds(*slow), seconds(*normal) * 1.15);
}

TEST(Voice, StartsWithoutASoundDeviceAndCanBeSilenced) {
    auto v = Voice::start();
    ASSERT_TRUE(v.ok()) << v.error();
    Voice& voice = **v;
    voice.say("您好", "zh-CN", false);
    ASSERT_TRUE(saidWithin(voice, 1)) << "a prompt is said even without a sound device";
    EXPECT_EQ(voice.lastSaid(), "您好");
    voice.say("请点屏幕上的业务。需要帮助，请按右下角的呼叫工作人员。", "zh-CN", false);
    voice.say("请选择业务", "zh-CN", true);  // the second replaces the first
    ASSERT_TRUE(saidWithin(voice, 2));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(voice.lastSaid(), "请选择业务") << "the prompt that was replaced was said after its replacement";
    const int before = voice.promptsSaid(), begun = voice.promptsBegun();
    // A prompt long enough that its synthesis takes a second or more here, silenced as soon as it is begun (muted,
    // or the session ended, while it is being made): waiting for that, not for a fixed time, keeps the test from
    // silencing a prompt already said when the machine is busy.
    std::string longPrompt;
    for (int i = 0; i < 12; ++i) longPrompt += "材料已收到，部门正在审核是否受理。";
    voice.say(longPrompt, "zh-CN", true);
    for (int i = 0; i < 5000 && voice.promptsBegun() == begun; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ASSERT_GT(voice.promptsBegun(), begun);
    voice.silence();
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    EXPECT_EQ(voice.promptsSaid(), before) << "a silenced prompt was still said, in part";
}
