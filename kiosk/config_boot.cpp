// Choosing the configuration to start with.
#include "kiosk/config_boot.h"

#include <cstring>

#include <sodium.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace ow::core {

Result<std::string> readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"cannot read " + path};
    std::stringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

Result<std::array<unsigned char, 32>> loadOrCreateKeyFile(const std::string& path) {
    std::array<unsigned char, 32> key{};
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (auto text = readFile(path)) {
            size_t len = 0;
            if (sodium_base642bin(key.data(), key.size(), text->data(), text->size(), " \n", &len, nullptr,
                                  sodium_base64_VARIANT_ORIGINAL) != 0 || len != key.size())
                return Error{path + " is not a key (32 bytes in base64)"};
            return key;
        }
        randombytes_buf(key.data(), key.size());
        std::string b64(sodium_base64_ENCODED_LEN(key.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
        sodium_bin2base64(b64.data(), b64.size(), key.data(), key.size(), sodium_base64_VARIANT_ORIGINAL);
        b64.resize(std::strlen(b64.c_str()));
        unsigned char nonce[4];
        randombytes_buf(nonce, sizeof nonce);
        char hex[sizeof nonce * 2 + 1];
        sodium_bin2hex(hex, sizeof hex, nonce, sizeof nonce);
        const std::string fresh = path + ".new-" + hex;
        auto st = writePrivateFile(fresh, b64 + "\n");
        sodium_memzero(b64.data(), b64.size());
        if (!st) return Error{st.error()};
        const bool linked = ::link(fresh.c_str(), path.c_str()) == 0;  // fails when another process was first
        ::unlink(fresh.c_str());
        if (linked) return key;
    }
    sodium_memzero(key.data(), key.size());
    return Error{"cannot read or make the key " + path};
}

Result<OutboxKey> loadOrCreateDataKey(const std::string& path) {
    auto key = loadOrCreateKeyFile(path);
    if (!key) return Error{key.error() + "; it is not this terminal's data key: move it away (what it sealed is then lost)"};
    return *key;
}

Status writePrivateFile(const std::string& path, std::string_view content) {
    const std::string tmp = path + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return Error{"cannot write " + tmp};
    ::fchmod(fd, 0600);  // an older PATH.tmp may have had other modes
    size_t done = 0;
    while (done < content.size()) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n <= 0) break;
        done += static_cast<size_t>(n);
    }
    const bool ok = done == content.size() && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) return Error{"cannot write " + path};
    return okStatus();
}

Result<BootConfig> bootConfig(Store& store, const std::string& shippedPath) {
    BootConfig out;
    std::optional<Bundle> stored;
    std::string storedSource;
    for (auto [get, name] : {std::pair{&Store::activeBundle, "stored"}, std::pair{&Store::lastGoodBundle, "last_good"}}) {
        auto row = (store.*get)();
        if (!row) continue;
        auto parsed = parseBundle(row->body);
        if (parsed) {
            stored = std::move(*parsed);
            storedSource = name;
            break;
        }
        out.problems.push_back(std::string(name) + " bundle version " + std::to_string(row->version) +
                               " is unusable: " + parsed.error());
    }

    auto text = readFile(shippedPath);
    std::optional<Bundle> shipped;
    if (text) {
        auto parsed = parseBundle(*text);
        if (parsed)
            shipped = std::move(*parsed);
        else
            out.problems.push_back("shipped bundle " + shippedPath + " is unusable: " + parsed.error());
    } else {
        out.problems.push_back(text.error());
    }

    if (stored && (!shipped || stored->version >= shipped->version)) {
        out.bundle = std::move(*stored);
        out.source = storedSource;
        return out;
    }
    if (!shipped) {
        std::string why = "no usable configuration bundle";
        for (const auto& p : out.problems) why += "; " + p;
        return Error{why};
    }
    if (auto st = store.activateBundle(shipped->version, *text); !st) return Error{st.error()};
    out.bundle = std::move(*shipped);
    out.source = "shipped";
    return out;
}

}  // namespace ow::core
