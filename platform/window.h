// The fullscreen window with its OpenGL context, and the ImGui platform/renderer backends on it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/result.h"

struct SDL_Window;

namespace ow::platform {

struct WindowOptions {
    bool windowed = false;  // development: a normal window of width × height instead of fullscreen
    int width = 1280;
    int height = 800;
};

/** SDL2 window + OpenGL 3 context + ImGui backends. Created and used on the UI thread only. */
class Window {
public:
    /** Opens the window; needs an ImGui context already created. */
    static core::Result<std::unique_ptr<Window>> open(const WindowOptions& options);
    ~Window();
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    int width() const;
    int height() const;
    SDL_Window* sdl() const { return window_; }

    void newFrame();
    /** Clears and draws ImGui's draw data into the back buffer. */
    void render();
    void present();
    /** Reads the back buffer (after render, before present) as top-down RGBA. */
    void readPixels(std::vector<uint8_t>& rgba, int& w, int& h) const;

    /** Re-creates the GPU font texture from ImGui's atlas pixels (after a full atlas build). */
    void recreateFontTexture();
    /** Uploads a region of the font atlas (one byte of coverage per pixel). */
    void updateFontTexture(int x, int y, int w, int h, const uint8_t* alpha);
    /** A picture for ImGui::Image from grey pixels (a captured page's thumbnail); its texture id. */
    void* createImage(const uint8_t* grey, int w, int h);
    void destroyImage(void* image);

private:
    Window() = default;
    SDL_Window* window_ = nullptr;
    void* gl_ = nullptr;
    bool deviceObjects_ = false;
    bool swizzle_ = false;      // one-channel textures (OpenGL 3.3): the atlas and pictures in a quarter of RGBA
    unsigned fontTexture_ = 0;  // ours when one-channel; else the backend's
};

/** Writes RGBA pixels as a PNG file. */
bool writePng(const std::string& path, const std::vector<uint8_t>& rgba, int w, int h);

}  // namespace ow::platform
