// The fullscreen window with its OpenGL context and the ImGui backends.
#include "platform/window.h"

#include <SDL.h>
#include <SDL_opengl.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <imgui.h>
#include <stb/stb_image_write.h>

#include <algorithm>

namespace ow::platform {

core::Result<std::unique_ptr<Window>> Window::open(const WindowOptions& options) {
    // Our own signal watcher handles SIGTERM; SDL must not turn it into a quit request.
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER | SDL_INIT_EVENTS) != 0)
        return core::Error{std::string("cannot start the display: ") + SDL_GetError() +
                           " (no display? run under Xvfb or a kiosk session such as cage)"};
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 2);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
    SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);

    Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI;
    int w = options.width, h = options.height;
    if (!options.windowed) {
        // Fullscreen on the primary display, no decorations: there is no way out to a desktop.
        SDL_DisplayMode mode;
        if (SDL_GetDesktopDisplayMode(0, &mode) == 0) w = mode.w, h = mode.h;
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
    }
    std::unique_ptr<Window> win(new Window());
    win->window_ = SDL_CreateWindow("OneWindow", SDL_WINDOWPOS_CENTERED_DISPLAY(0), SDL_WINDOWPOS_CENTERED_DISPLAY(0),
                                    w, h, flags);
    if (!win->window_) return core::Error{std::string("cannot open the window: ") + SDL_GetError()};
    win->gl_ = SDL_GL_CreateContext(win->window_);
    if (!win->gl_) return core::Error{std::string("cannot create an OpenGL 3.2 context: ") + SDL_GetError()};
    SDL_GL_MakeCurrent(win->window_, win->gl_);
    SDL_GL_SetSwapInterval(1);
    if (!options.windowed) SDL_ShowCursor(SDL_DISABLE);
    ImGui_ImplSDL2_InitForOpenGL(win->window_, win->gl_);
    ImGui_ImplOpenGL3_Init("#version 150");
    return win;
}

Window::~Window() {
    if (gl_) {
        if (fontTexture_) glDeleteTextures(1, &fontTexture_);
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplSDL2_Shutdown();
        SDL_GL_DeleteContext(gl_);
    }
    if (window_) SDL_DestroyWindow(window_);
    SDL_Quit();
}

int Window::width() const {
    int w, h;
    SDL_GL_GetDrawableSize(window_, &w, &h);
    return w;
}

int Window::height() const {
    int w, h;
    SDL_GL_GetDrawableSize(window_, &w, &h);
    return h;
}

void Window::newFrame() {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
}

void Window::render() {
    glViewport(0, 0, width(), height());
    glClearColor(0.96f, 0.965f, 0.976f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void Window::present() { SDL_GL_SwapWindow(window_); }

void Window::readPixels(std::vector<uint8_t>& rgba, int& w, int& h) const {
    w = width(), h = height();
    std::vector<uint8_t> raw(static_cast<size_t>(w) * h * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, raw.data());
    rgba.resize(raw.size());
    const size_t row = static_cast<size_t>(w) * 4;
    for (int y = 0; y < h; ++y)  // OpenGL rows start at the bottom
        std::copy_n(raw.data() + static_cast<size_t>(h - 1 - y) * row, row, rgba.data() + static_cast<size_t>(y) * row);
}

namespace {

// A texture of RGBA pixels, or (with a swizzle) of one channel that samples as (R, G, B, A) = `swizzle` of it: a
// quarter of the memory of RGBA.
GLuint newTexture(int w, int h, const uint8_t* px, const GLint* swizzle) {
    GLint last = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &last);
    GLuint tex = 0;
    glGenTextures(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    if (swizzle) glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
    glPixelStorei(GL_UNPACK_ALIGNMENT, swizzle ? 1 : 4);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    if (swizzle) glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, w, h, 0, GL_RED, GL_UNSIGNED_BYTE, px);
    else glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, px);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(last));
    return tex;
}

constexpr GLint kCoverage[4] = {GL_ONE, GL_ONE, GL_ONE, GL_RED};  // white ink, the glyph's coverage as alpha
constexpr GLint kGrey[4] = {GL_RED, GL_RED, GL_RED, GL_ONE};      // an opaque grey picture

}  // namespace

void Window::recreateFontTexture() {
    // The first call creates all of the renderer's objects, so its NewFrame never rebuilds the atlas itself.
    if (!deviceObjects_) {
        ImGui_ImplOpenGL3_CreateDeviceObjects();
        deviceObjects_ = true;
        GLint major = 0, minor = 0;
        glGetIntegerv(GL_MAJOR_VERSION, &major);
        glGetIntegerv(GL_MINOR_VERSION, &minor);
        swizzle_ = major > 3 || (major == 3 && minor >= 3);  // texture swizzles are core from OpenGL 3.3
    }
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    if (fontTexture_) glDeleteTextures(1, &fontTexture_);
    fontTexture_ = 0;
    if (!swizzle_) {  // RGBA, as the backend makes it
        ImGui_ImplOpenGL3_CreateFontsTexture();
        return;
    }
    unsigned char* alpha = nullptr;
    int w = 0, h = 0;
    ImGui::GetIO().Fonts->GetTexDataAsAlpha8(&alpha, &w, &h);
    fontTexture_ = newTexture(w, h, alpha, kCoverage);
    ImGui::GetIO().Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(fontTexture_)));
}

void Window::updateFontTexture(int x, int y, int w, int h, const uint8_t* alpha) {
    const auto tex = static_cast<GLuint>(reinterpret_cast<intptr_t>(ImGui::GetIO().Fonts->TexID));
    GLint last = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &last);
    glBindTexture(GL_TEXTURE_2D, tex);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    if (swizzle_) {
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        glTexSubImage2D(GL_TEXTURE_2D, 0, x, y, w, h, GL_RED, GL_UNSIGNED_BYTE, alpha);
    } else {
        std::vector<uint32_t> rgba(static_cast<size_t>(w) * static_cast<size_t>(h));
        for (size_t i = 0; i < rgba.size(); ++i) rgba[i] = IM_COL32(255, 255, 255, alpha[i]);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
        glTexSubImage2D(GL_TEXTURE_2D, 0, x, y, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
    }
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(last));
}

void* Window::createImage(const uint8_t* grey, int w, int h) {
    if (swizzle_) return reinterpret_cast<void*>(static_cast<intptr_t>(newTexture(w, h, grey, kGrey)));
    std::vector<uint8_t> rgba(static_cast<size_t>(w) * static_cast<size_t>(h) * 4);
    for (size_t i = 0; i < static_cast<size_t>(w) * static_cast<size_t>(h); ++i) {
        rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = grey[i];
        rgba[i * 4 + 3] = 255;
    }
    const GLuint tex = newTexture(w, h, rgba.data(), nullptr);
    std::fill(rgba.begin(), rgba.end(), 0);  // a person's papers: nothing of them left in freed memory
    return reinterpret_cast<void*>(static_cast<intptr_t>(tex));
}

void Window::destroyImage(void* image) {
    const auto tex = static_cast<GLuint>(reinterpret_cast<intptr_t>(image));
    if (tex) glDeleteTextures(1, &tex);
}

bool writePng(const std::string& path, const std::vector<uint8_t>& rgba, int w, int h) {
    return stbi_write_png(path.c_str(), w, h, 4, rgba.data(), w * 4) != 0;
}

}  // namespace ow::platform
