// Paths the tests use: the source tree's assets and a fresh temporary folder per test.
#pragma once

#include <filesystem>
#include <string>

namespace ow::test {

inline std::string assetsDir() { return OW_SOURCE_DIR "/assets"; }
inline std::string sourceDir() { return OW_SOURCE_DIR; }

/** A temporary folder removed when the object goes out of scope. */
class TempDir {
public:
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "ow-test-XXXXXX").string();
        path_ = mkdtemp(tmpl.data());
    }
    ~TempDir() { std::filesystem::remove_all(path_); }
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

}  // namespace ow::test
