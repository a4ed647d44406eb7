// Choosing the configuration to start with.
#include "kiosk/config_boot.h"

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
