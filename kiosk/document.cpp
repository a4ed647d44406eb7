// Printed documents and their JSON form.
#include "kiosk/document.h"

#include <nlohmann/json.hpp>

namespace ow::core {

Result<Document> parseDocument(std::string_view json) {
    auto doc = nlohmann::json::parse(json, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return Error{"a document must be a JSON object"};
    Document out;
    out.kind = doc.value("kind", std::string("receipt"));
    if (!doc.contains("blocks") || !doc["blocks"].is_array()) return Error{"document: missing \"blocks\" list"};
    const auto& blocks = doc["blocks"];
    for (size_t i = 0; i < blocks.size(); ++i) {
        const auto& b = blocks[i];
        const std::string where = "blocks[" + std::to_string(i) + "]";
        if (!b.is_object()) return Error{where + ": must be an object"};
        auto text = [&](const char* key) -> Result<std::string> {
            if (!b[key].is_string()) return Error{where + "." + key + ": must be text"};
            return b[key].get<std::string>();
        };
        DocBlock block;
        if (b.contains("title")) {
            block.kind = DocBlock::Kind::title;
            auto t = text("title");
            if (!t) return Error{t.error()};
            block.text = *t;
            block.align = DocBlock::Align::center;
            block.bold = true;
        } else if (b.contains("text")) {
            auto t = text("text");
            if (!t) return Error{t.error()};
            block.text = *t;
        } else if (b.contains("field")) {
            block.kind = DocBlock::Kind::field;
            auto t = text("field");
            if (!t) return Error{t.error()};
            block.text = *t;
            if (!b.contains("value") || !b["value"].is_string()) return Error{where + ".value: must be text"};
            block.value = b["value"].get<std::string>();
        } else if (b.contains("qr")) {
            block.kind = DocBlock::Kind::qr;
            auto t = text("qr");
            if (!t) return Error{t.error()};
            if (t->empty() || t->size() > 1000) return Error{where + ".qr: must be 1 to 1000 characters"};
            block.text = *t;
            block.align = DocBlock::Align::center;
        } else if (b.contains("rule")) {
            block.kind = DocBlock::Kind::rule;
        } else if (b.contains("feed")) {
            block.kind = DocBlock::Kind::feed;
            if (!b["feed"].is_number_integer() || b["feed"].get<int>() < 1 || b["feed"].get<int>() > 20)
                return Error{where + ".feed: must be 1 to 20 lines"};
            block.lines = b["feed"].get<int>();
        } else {
            return Error{where + ": needs one of title, text, field, qr, rule, feed"};
        }
        if (b.contains("align")) {
            const std::string a = b["align"].is_string() ? b["align"].get<std::string>() : "";
            if (a == "left") block.align = DocBlock::Align::left;
            else if (a == "center") block.align = DocBlock::Align::center;
            else if (a == "right") block.align = DocBlock::Align::right;
            else return Error{where + ".align: must be left, center or right"};
        }
        if (b.contains("bold")) {
            if (!b["bold"].is_boolean()) return Error{where + ".bold: must be true or false"};
            block.bold = b["bold"].get<bool>();
        }
        out.blocks.push_back(std::move(block));
    }
    return out;
}

}  // namespace ow::core
