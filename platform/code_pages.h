// Handing back code pages a process touched once and no longer runs: the renderer's shader compiler (LLVM, under
// Mesa's llvmpipe) runs only when a new shader variant is compiled, yet its code stays resident for as long as the
// kiosk lives.
#pragma once

#include <cstddef>
#include <string_view>

namespace ow::platform {

/**
 * Drops from this process the resident pages of the executable mappings (r-xp) of loaded libraries whose file
 * name contains `library`, when not one of their pages is dirty (the code as the file holds it, so nothing is
 * lost: a page is read again from the page cache when it is next run). Returns the KiB that were resident.
 */
size_t releaseCodePages(std::string_view library);

}  // namespace ow::platform
