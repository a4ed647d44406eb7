// Cameras: YUYV colour conversion, captured pages as PNG, the image-file stand-in, and a real UVC camera
// when one is plugged in (skipped otherwise).
#include "drivers/camera/v4l2.h"

#include <gtest/gtest.h>
#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

#include <filesystem>

#include "../../kiosk/test_paths.h"

using namespace ow::drivers::camera;

TEST(Camera, YuyvConvertsToTheRightColours) {
    // Two pixels each: white, black, and BT.601 red (Y 81, U 90, V 240).
    const uint8_t yuyv[] = {235, 128, 235, 128, 16, 128, 16, 128, 81, 90, 81, 240};
    const Picture p = yuyvToRgb(yuyv, 6, 1);
    auto px = [&](int i) { return std::array<int, 3>{p.rgb[i * 3], p.rgb[i * 3 + 1], p.rgb[i * 3 + 2]}; };
    EXPECT_EQ(px(0), (std::array<int, 3>{255, 255, 255}));
    EXPECT_EQ(px(2), (std::array<int, 3>{0, 0, 0}));
    EXPECT_GE(px(4)[0], 250);
    EXPECT_LE(px(4)[1], 5);
    EXPECT_LE(px(4)[2], 5);
}

TEST(Camera, APageUnderTheSimulatedCameraIsCapturedAsPng) {
    ow::test::TempDir dir;
    SimDocumentCamera cam;
    EXPECT_EQ(cam.capturePage().error(), "no page under the simulated camera");
    std::vector<uint8_t> page(200 * 100 * 3, 240);
    for (int x = 20; x < 180; ++x) page[(50 * 200 + x) * 3] = 10;  // a line of "text"
    ASSERT_TRUE(stbi_write_png(dir.file("page.png").c_str(), 200, 100, 3, page.data(), 200 * 3));
    cam.place(dir.file("page.png"));
    auto pic = cam.capturePage();
    ASSERT_TRUE(pic.ok()) << pic.error();
    EXPECT_EQ(pic->width, 200);
    EXPECT_EQ(pic->height, 100);
    const auto png = encodePng(*pic);
    int w = 0, h = 0, n = 0;
    unsigned char* back = stbi_load_from_memory(png.data(), static_cast<int>(png.size()), &w, &h, &n, 3);
    ASSERT_NE(back, nullptr);
    EXPECT_EQ(back[(50 * 200 + 100) * 3], 10);
    stbi_image_free(back);
}

TEST(Camera, AMissingCameraIsAClearError) {
    auto cam = V4l2Camera::open("/dev/video-none", 1280, 720);
    ASSERT_FALSE(cam.ok());
    EXPECT_NE(cam.error().find("cannot open /dev/video-none"), std::string::npos);
}

// The document camera says whether it is there without taking a picture: a missing node, and a node that is not a
// camera (/dev/null answers no VIDIOC_QUERYCAP), are each named.
TEST(Camera, ADocumentCameraThatIsNotThereSaysWhy) {
    EXPECT_NE(V4l2DocumentCamera("/dev/video-none", 2592, 1944).probe().find("/dev/video-none: No such file"), std::string::npos);
    EXPECT_EQ(V4l2DocumentCamera("/dev/null", 2592, 1944).probe(), "/dev/null does not answer as a camera");
    SimDocumentCamera sim;
    EXPECT_EQ(sim.probe(), "");
    sim.unplug();
    EXPECT_NE(sim.probe(), "");
    EXPECT_FALSE(sim.capturePage().ok());
    sim.replug();
    EXPECT_EQ(sim.probe(), "");
}

TEST(CameraHardware, CapturesAFrameFromARealUvcCamera) {
    if (!std::filesystem::exists("/dev/video0")) GTEST_SKIP() << "no camera at /dev/video0";
    V4l2DocumentCamera cam("/dev/video0", 1280, 720);
    auto pic = cam.capturePage();
    ASSERT_TRUE(pic.ok()) << pic.error();
    EXPECT_GT(pic->width, 0);
}
