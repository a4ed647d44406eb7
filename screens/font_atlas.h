// The ImGui font atlas, built for the characters in use and grown glyph by glyph as new text appears.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/appearance.h"
#include "kiosk/glyph_set.h"
#include "kiosk/result.h"

struct ImFont;
struct FT_LibraryRec_;
struct FT_FaceRec_;

namespace ow::screens {

/** A font file mapped into memory (pages are read only when FreeType touches them). */
struct MappedFont {
    std::string path;
    int index = 0;
    const unsigned char* data = nullptr;
    size_t size = 0;
};

/**
 * Installs ImGui allocator functions that never free a mapped font file. Call before ImGui::CreateContext():
 * the atlas then hands ImGui the mapped file itself instead of letting it copy the whole face into memory.
 */
void useMappedFontsWithoutCopies();

/** Maps a font file read-only (the atlas owns the mapping once opened with it). */
core::Result<MappedFont> mapFont(const std::string& path, int index);

/** Uploads a region of the atlas (one byte of coverage per pixel, tightly packed) to the GPU texture. */
using TextureUpload = std::function<void(int x, int y, int w, int h, const uint8_t* alpha)>;

/**
 * Two faces (body, heading) at the sizes of the current text scale, each with its own glyph set. The
 * first build holds the glyphs of the UI strings and the catalogue, plus a reserved strip; characters
 * that appear later are rasterised with FreeType into that strip and uploaded as a sub-image, without
 * rebuilding the atlas. When the strip is full the atlas is rebuilt with everything in use.
 */
class FontAtlas {
public:
    FontAtlas() = default;
    ~FontAtlas();
    FontAtlas(const FontAtlas&) = delete;
    FontAtlas& operator=(const FontAtlas&) = delete;

    /** Maps the body (regular), heading (bold) and fallback faces; the fallback covers what the others lack. */
    core::Status open(const MappedFont& regular, const MappedFont& bold, const MappedFont& fallback);

    /** Builds ImGui's atlas: body glyphs at body size, heading glyphs at heading size. Needs an ImGui context. */
    core::Status build(const core::ScaleMetrics& metrics, core::GlyphSet& body, core::GlyphSet& heading);

    enum class Growth { none, added, rebuilt };
    /** Adds the sets' new characters; calls upload for each, or rebuilds when the strip is full (then the
        caller recreates the texture). */
    Growth grow(core::GlyphSet& body, core::GlyphSet& heading, const TextureUpload& upload);

    /** Characters of the text that no font has (they would show as boxes); whitespace and controls are ignored. */
    std::vector<char32_t> missing(std::string_view text) const;

    ImFont* body() const { return body_; }
    ImFont* heading() const { return heading_; }
    int width() const { return width_; }
    int height() const { return height_; }

    /** Frees the CPU copy of the atlas pixels once the GPU texture holds them. */
    void releasePixels();

private:
    bool rasterise(int font, char32_t cp, std::vector<uint8_t>& scratch, const TextureUpload& upload);
    void dropFontPages();
    MappedFont files_[3];  // regular, bold, fallback
    FT_LibraryRec_* ft_ = nullptr;
    // body, heading, body fallback, heading fallback: each at its pixel size
    FT_FaceRec_* faces_[4] = {nullptr, nullptr, nullptr, nullptr};
    ImFont* body_ = nullptr;
    ImFont* heading_ = nullptr;
    core::ScaleMetrics metrics_{};
    // ImGui keeps pointers to the ranges until the atlas is built.
    std::vector<uint16_t> ranges_[2], fallbackRanges_[2];
    int width_ = 0, height_ = 0;
    // Reserved strip for glyphs added after the build: shelf packing, left to right, top to bottom.
    int stripX0_ = 0, stripY0_ = 0, stripW_ = 0, stripH_ = 0;
    int penX_ = 0, penY_ = 0, shelfH_ = 0;
};

}  // namespace ow::screens
