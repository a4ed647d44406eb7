// The ImGui font atlas, grown glyph by glyph.
#include "screens/font_atlas.h"

#include <fcntl.h>
#include <ft2build.h>
#include <imgui.h>
#include <imgui_freetype.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <mutex>

#include "kiosk/utf8.h"

namespace ow::screens {

namespace {

constexpr int kPad = 1;  // ImGui's TexGlyphPadding
constexpr int kStripBody = 300, kStripHeading = 60;

// Font files mapped by mapFont; ImGui must never free them (see useMappedFontsWithoutCopies).
std::mutex gMappedMutex;
std::vector<std::pair<const unsigned char*, size_t>> gMapped;

bool isMapped(const void* p) {
    std::lock_guard lock(gMappedMutex);
    for (auto [base, size] : gMapped)
        if (p >= base && p < base + size) return true;
    return false;
}

void* imguiAlloc(size_t size, void*) { return std::malloc(size); }
void imguiFree(void* p, void*) {
    if (p && !isMapped(p)) std::free(p);
}

}  // namespace

void useMappedFontsWithoutCopies() { ImGui::SetAllocatorFunctions(imguiAlloc, imguiFree); }

core::Result<MappedFont> mapFont(const std::string& path, int index) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return core::Error{"cannot open font " + path};
    struct stat st {};
    fstat(fd, &st);
    void* p = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (p == MAP_FAILED) return core::Error{"cannot map font " + path};
    // Glyph outlines are scattered over the file: read only the pages touched, not megabytes around each.
    madvise(p, static_cast<size_t>(st.st_size), MADV_RANDOM);
    {
        std::lock_guard lock(gMappedMutex);
        gMapped.push_back({static_cast<const unsigned char*>(p), static_cast<size_t>(st.st_size)});
    }
    return MappedFont{path, index, static_cast<const unsigned char*>(p), static_cast<size_t>(st.st_size)};
}

namespace {

// Same size request as ImGui's FreeType builder, so glyphs added later match those built in.
void setPixelHeight(FT_Face face, float px) {
    FT_Size_RequestRec req{};
    req.type = FT_SIZE_REQUEST_TYPE_REAL_DIM;
    req.height = static_cast<FT_Long>(px * 64);
    FT_Request_Size(face, &req);
}

}  // namespace

FontAtlas::~FontAtlas() {
    for (auto* f : faces_)
        if (f) FT_Done_Face(f);
    if (ft_) FT_Done_FreeType(ft_);
    for (auto& m : files_)
        if (m.data) munmap(const_cast<unsigned char*>(m.data), m.size);
}

core::Status FontAtlas::open(const MappedFont& regular, const MappedFont& bold, const MappedFont& fallback) {
    files_[0] = regular;
    files_[1] = bold;
    files_[2] = fallback;
    if (FT_Init_FreeType(&ft_)) return core::Error{"FreeType could not start"};
    for (int i = 0; i < 4; ++i) {
        const MappedFont& file = files_[i < 2 ? i : 2];
        if (FT_New_Memory_Face(ft_, file.data, static_cast<FT_Long>(file.size), file.index, &faces_[i]))
            return core::Error{"cannot read font " + file.path};
        FT_Select_Charmap(faces_[i], FT_ENCODING_UNICODE);
    }
    return core::okStatus();
}

core::Status FontAtlas::build(const core::ScaleMetrics& metrics, core::GlyphSet& body, core::GlyphSet& heading) {
    metrics_ = metrics;
    core::GlyphSet* sets[2] = {&body, &heading};
    for (auto* set : sets) set->takeNew();  // all of them go into this build
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    atlas->Clear();
    atlas->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    atlas->FontBuilderFlags = 0;
    atlas->Flags |= ImFontAtlasFlags_NoMouseCursors;
    atlas->TexGlyphPadding = kPad;

    const float size[2] = {metrics.em, metrics.heading};
    double surface = 0;
    for (int i = 0; i < 2; ++i) {
        auto& ranges = ranges_[i];
        auto& fallback = fallbackRanges_[i];
        ranges.clear();
        fallback.clear();
        for (auto [first, last] : sets[i]->ranges()) {
            ranges.push_back(static_cast<uint16_t>(first));
            ranges.push_back(static_cast<uint16_t>(last));
            for (char32_t cp = first; cp <= last; ++cp) {
                // Characters newer than the main face (e.g. Unicode 13's U+4DB6…) come from the fallback face.
                if (FT_Get_Char_Index(faces_[i], cp) != 0 || FT_Get_Char_Index(faces_[2 + i], cp) == 0) continue;
                fallback.push_back(static_cast<uint16_t>(cp));
                fallback.push_back(static_cast<uint16_t>(cp));
            }
        }
        ranges.push_back(0);
        fallback.push_back(0);
        // A CJK glyph's box is about 0.75 of the line height; Latin letters are narrower still.
        surface += static_cast<double>(sets[i]->size()) * (size[i] * 0.75 + 2) * (size[i] * 0.8 + 2);
    }

    // The strip holds kStripBody characters at body size and kStripHeading at heading size before a rebuild
    // is needed (names and addresses are body text; headings rarely meet new characters).
    width_ = surface > 1024.0 * 600 ? 2048 : 1024;
    atlas->TexDesiredWidth = width_;
    stripW_ = width_ - 2 * kPad;
    stripH_ = 0;
    for (int i = 0; i < 2; ++i) {
        const int cell = static_cast<int>(size[i]) + 2 * kPad;
        const int perRow = std::max(1, stripW_ / cell);
        stripH_ += (((i == 0 ? kStripBody : kStripHeading) + perRow - 1) / perRow) * cell;
    }
    const int stripRect = atlas->AddCustomRectRegular(stripW_, stripH_);

    for (int i = 0; i < 2; ++i) {
        ImFontConfig cfg;
        cfg.FontData = const_cast<unsigned char*>(files_[i].data);
        cfg.FontDataSize = static_cast<int>(files_[i].size);
        // "Owned" so that ImGui does not copy the whole file (it would read every page of a 19 MB face);
        // its free of this pointer is ignored by the allocator installed by useMappedFontsWithoutCopies().
        cfg.FontDataOwnedByAtlas = true;
        cfg.FontNo = files_[i].index;
        cfg.SizePixels = size[i];
        cfg.GlyphRanges = reinterpret_cast<const ImWchar*>(ranges_[i].data());
        std::snprintf(cfg.Name, sizeof cfg.Name, "%s %.0fpx", i == 0 ? "body" : "heading", cfg.SizePixels);
        ImFont* f = atlas->AddFont(&cfg);
        (i == 0 ? body_ : heading_) = f;
        if (fallbackRanges_[i].size() > 1) {
            ImFontConfig merged = cfg;
            merged.FontData = const_cast<unsigned char*>(files_[2].data);
            merged.FontDataSize = static_cast<int>(files_[2].size);
            merged.FontNo = files_[2].index;
            merged.MergeMode = true;
            merged.GlyphRanges = reinterpret_cast<const ImWchar*>(fallbackRanges_[i].data());
            atlas->AddFont(&merged);
        }
    }
    if (!atlas->Build()) return core::Error{"building the font atlas failed"};
    unsigned char* px;
    atlas->GetTexDataAsAlpha8(&px, &width_, &height_);
    const ImFontAtlasCustomRect* r = atlas->GetCustomRectByIndex(stripRect);
    stripX0_ = r->X, stripY0_ = r->Y;
    penX_ = stripX0_, penY_ = stripY0_, shelfH_ = 0;
    // Drop ImGui's copy of the inputs; glyphs added later come from our own faces.
    atlas->ClearInputData();
    setPixelHeight(faces_[0], metrics.em);
    setPixelHeight(faces_[1], metrics.heading);
    setPixelHeight(faces_[2], metrics.em);
    setPixelHeight(faces_[3], metrics.heading);
    dropFontPages();
    return core::okStatus();
}

void FontAtlas::dropFontPages() {
    // The outlines read for this batch are not needed until the next one: unmap their pages from this process
    // (they stay in the page cache, and are read again on demand). Keeps an idle kiosk's footprint small.
    for (const auto& f : files_)
        if (f.data) madvise(const_cast<unsigned char*>(f.data), f.size, MADV_DONTNEED);
}

void FontAtlas::releasePixels() { ImGui::GetIO().Fonts->ClearTexData(); }

std::vector<char32_t> FontAtlas::missing(std::string_view text) const {
    std::vector<char32_t> cps, out;
    core::decodeUtf8(text, cps);
    for (char32_t cp : cps) {
        if (cp < 0x20 || cp == 0x7F || cp == 0x3000 || cp == ' ') continue;
        bool found = false;
        for (auto* face : faces_)
            if (face && FT_Get_Char_Index(face, cp) != 0) found = true;
        if (!found && std::find(out.begin(), out.end(), cp) == out.end()) out.push_back(cp);
    }
    return out;
}

bool FontAtlas::rasterise(int font, char32_t cp, std::vector<uint8_t>& scratch, const TextureUpload& upload) {
    FT_Face face = faces_[font];
    ImFont* dst = font == 0 ? body_ : heading_;
    FT_UInt index = FT_Get_Char_Index(face, cp);
    if (index == 0) {
        face = faces_[font + 2];
        index = FT_Get_Char_Index(face, cp);
    }
    if (index == 0) return true;  // no face has it: ImGui's fallback glyph shows, nothing to add
    if (FT_Load_Glyph(face, index, FT_LOAD_NO_BITMAP | FT_LOAD_TARGET_NORMAL) ||
        FT_Render_Glyph(face->glyph, FT_RENDER_MODE_NORMAL))
        return true;
    const FT_GlyphSlot slot = face->glyph;
    const int w = static_cast<int>(slot->bitmap.width), h = static_cast<int>(slot->bitmap.rows);
    if (penX_ + w + kPad > stripX0_ + stripW_) {
        penX_ = stripX0_;
        penY_ += shelfH_ + kPad;
        shelfH_ = 0;
    }
    if (penY_ + h > stripY0_ + stripH_) return false;  // strip full
    scratch.resize(static_cast<size_t>(w) * h);
    for (int y = 0; y < h; ++y)
        std::copy_n(slot->bitmap.buffer + y * slot->bitmap.pitch, w, scratch.data() + static_cast<size_t>(y) * w);
    if (w > 0 && h > 0) upload(penX_, penY_, w, h, scratch.data());
    const float x0 = static_cast<float>(slot->bitmap_left);
    const float y0 = static_cast<float>(-slot->bitmap_top) + std::round(dst->Ascent);
    const float advance = std::round(std::ceil(slot->advance.x / 64.0f));
    dst->AddGlyph(nullptr, static_cast<ImWchar>(cp), x0, y0, x0 + w, y0 + h,
                  static_cast<float>(penX_) / width_, static_cast<float>(penY_) / height_,
                  static_cast<float>(penX_ + w) / width_, static_cast<float>(penY_ + h) / height_, advance);
    penX_ += w + kPad;
    shelfH_ = std::max(shelfH_, h);
    return true;
}

FontAtlas::Growth FontAtlas::grow(core::GlyphSet& body, core::GlyphSet& heading, const TextureUpload& upload) {
    if (!body.hasNew() && !heading.hasNew()) return Growth::none;
    std::vector<uint8_t> scratch;
    core::GlyphSet* sets[2] = {&body, &heading};
    for (int font = 0; font < 2; ++font) {
        for (char32_t cp : sets[font]->takeNew()) {
            if (!rasterise(font, cp, scratch, upload)) {
                build(metrics_, body, heading);  // strip full: start over with everything in use
                return Growth::rebuilt;
            }
        }
    }
    body_->BuildLookupTable();
    heading_->BuildLookupTable();
    dropFontPages();
    return Growth::added;
}

}  // namespace ow::screens
