// Reading a POST /v1/events body in one SAX pass (see event_batch.h).
#include "central/event_batch.h"

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "kiosk/utf8.h"

namespace ow::central {

namespace {

using nlohmann::json;

// An event type: 1 to 64 of a-z 0-9 . _ - (so it is never mistaken for anything else in logs or queries).
bool validType(const std::string& t) {
    if (t.empty() || t.size() > 64) return false;
    for (char c : t)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) return false;
    return true;
}

// The parser's callbacks. Depth 0 is the body, 1 its members, 2 the events, 3 an event's members; a payload
// is written out as text as it is read, and any other value is skipped.
class BatchReader {
public:
    bool topIsObject = false;
    enum class List { absent, array, other } list = List::absent;
    size_t count = 0;  // events in the list (only the first kMaxBatch are kept)
    std::vector<Event> events;
    std::string firstError;  // "events[i].field must …" for the first bad event

    // Scalars.
    bool null() { return scalar(Kind::other, [this] { out_ += "null"; }); }
    bool boolean(bool v) { return scalar(Kind::other, [&] { out_ += v ? "true" : "false"; }); }
    bool number_integer(json::number_integer_t v) {
        return scalar(Kind::integer, [&] { out_ += std::to_string(v); }, v);
    }
    bool number_unsigned(json::number_unsigned_t v) {
        const bool fits = v <= static_cast<json::number_unsigned_t>(std::numeric_limits<int64_t>::max());
        return scalar(fits ? Kind::integer : Kind::other, [&] { out_ += std::to_string(v); }, fits ? static_cast<int64_t>(v) : 0);
    }
    bool number_float(json::number_float_t v, const json::string_t&) {
        return scalar(Kind::other, [&] { out_ += json(v).dump(); });
    }
    bool string(json::string_t& v) { return scalar(Kind::string, [&] { quote(v); }, 0, &v); }
    bool binary(json::binary_t&) { return scalar(Kind::other, [] {}); }

    // Containers.
    bool start_object(std::size_t) {
        if (skip_) return ++skip_, true;
        if (capture_) return openInPayload('{');
        switch (depth_) {
            case 0: topIsObject = true; break;
            case 2: beginEvent(); break;
            case 3:
                if (key_ == Key::payload) {
                    field_.payload = Have::ok;
                    out_.assign(1, '{');
                    first_.assign(1, true);
                    afterKey_ = false;
                    capture_ = 1;
                    return true;
                }
                return otherValue(true);
            default: return otherValue(true);  // depth 1: a member other than "events" (or "events" not a list)
        }
        ++depth_;
        return true;
    }
    bool end_object() {
        if (skip_) return --skip_, true;
        if (capture_) {
            closeInPayload('}');
            if (capture_ == 0) field_.payloadText = std::move(out_);
            return true;
        }
        if (--depth_ == 2) endEvent();
        return true;
    }
    bool start_array(std::size_t) {
        if (skip_) return ++skip_, true;
        if (capture_) return openInPayload('[');
        if (depth_ == 1 && key_ == Key::events) {
            list = List::array;
            ++depth_;
            return true;
        }
        return otherValue(true);
    }
    bool end_array() {
        if (skip_) return --skip_, true;
        if (capture_) return closeInPayload(']');
        --depth_;
        return true;
    }
    bool key(json::string_t& k) {
        if (skip_) return true;
        if (capture_) {
            separate();
            quote(k);
            out_ += ':';
            afterKey_ = true;
            return true;
        }
        if (depth_ == 1) {
            key_ = k == "events" ? Key::events : Key::other;
            if (key_ == Key::events) {  // given twice: the last one counts
                list = List::absent;
                count = 0;
                events.clear();
                firstError.clear();
                lastSeq_ = 0;
            }
        } else {
            key_ = k == "seq" ? Key::seq : k == "type" ? Key::type : k == "occurred_at" ? Key::at : k == "payload" ? Key::payload : Key::other;
        }
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

private:
    enum class Kind { integer, string, other };
    enum class Key { none, events, seq, type, at, payload, other };
    enum class Have { missing, ok, bad };
    struct Fields {
        Have seq = Have::missing, type = Have::missing, at = Have::missing, payload = Have::missing;
        int64_t seqValue = 0, atValue = 0;
        std::string typeValue, payloadText;
    };

    // An object or array opened or closed inside the payload being written out.
    bool openInPayload(char bracket) {
        separate();
        out_ += bracket;
        first_.push_back(true);
        ++capture_;
        return true;
    }
    bool closeInPayload(char bracket) {
        out_ += bracket;
        first_.pop_back();
        --capture_;
        return true;
    }

    // A string of the payload written out as JSON: as it is when nothing in it needs escaping (what the library
    // would write too), else written by the library.
    void quote(const std::string& text) {
        for (const char c : text)
            if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) {
                out_ += json(text).dump();
                return;
            }
        out_ += '"';
        out_ += text;
        out_ += '"';
    }

    // A value that is not read: skipped whole; at depth 1 under "events" it means the list is not an array; at
    // depth 2 an event that is not an object; at depth 3 a known member of the wrong kind.
    bool otherValue(bool container) {
        if (depth_ == 1 && key_ == Key::events) list = List::other;
        if (depth_ == 2) {
            beginEvent();
            fail("", "must be an object");
        }
        if (depth_ == 3) mark(Kind::other, 0, nullptr);
        if (container) ++skip_;
        return true;
    }

    template <typename Write>
    bool scalar(Kind kind, Write write, int64_t n = 0, json::string_t* text = nullptr) {
        if (skip_) return true;
        if (capture_) {
            separate();
            write();
            return true;
        }
        if (depth_ == 3) {
            mark(kind, n, text);
            return true;
        }
        return otherValue(false);
    }

    // A known member of an event: what it holds, or that it holds the wrong kind of value.
    void mark(Kind kind, int64_t n, json::string_t* text) {
        switch (key_) {
            case Key::seq:
                field_.seq = kind == Kind::integer && n >= 1 ? Have::ok : Have::bad;
                field_.seqValue = n;
                break;
            case Key::at:
                field_.at = kind == Kind::integer && n >= 0 ? Have::ok : Have::bad;
                field_.atValue = n;
                break;
            case Key::type:
                field_.type = kind == Kind::string && validType(*text) ? Have::ok : Have::bad;
                if (field_.type == Have::ok) field_.typeValue = std::move(*text);
                break;
            case Key::payload: field_.payload = Have::bad; break;
            default: break;
        }
    }

    // Inside a payload: the comma before a member or an element (none right after a key).
    void separate() {
        if (afterKey_) {
            afterKey_ = false;
            return;
        }
        if (!first_.back()) out_ += ',';
        first_.back() = false;
    }

    void beginEvent() {
        field_ = Fields{};
        index_ = count++;
    }
    void fail(const char* field, const char* must) {
        if (firstError.empty()) firstError = "events[" + std::to_string(index_) + "]" + field + " " + must;
    }
    // An event's members are checked in a fixed order, whatever order they came in.
    void endEvent() {
        if (field_.seq != Have::ok) return fail(".seq", "must be a whole number from 1");
        if (field_.type != Have::ok) return fail(".type", "must be 1 to 64 of a-z 0-9 . _ -");
        if (field_.at != Have::ok) return fail(".occurred_at", "must be Unix seconds");
        if (field_.payload != Have::ok) return fail(".payload", "must be an object");
        if (field_.seqValue <= lastSeq_) return fail(".seq", "must be higher than the one before");
        lastSeq_ = field_.seqValue;
        if (firstError.empty() && events.size() < kMaxBatch)
            events.push_back({field_.seqValue, std::move(field_.typeValue), field_.atValue, std::move(field_.payloadText)});
    }

    int depth_ = 0, skip_ = 0, capture_ = 0;
    Key key_ = Key::none;
    Fields field_;
    size_t index_ = 0;
    int64_t lastSeq_ = 0;
    std::string out_;          // the payload being written out
    std::vector<bool> first_;  // per open container in the payload: nothing written in it yet
    bool afterKey_ = false;
};

}  // namespace

std::variant<std::vector<Event>, BatchError> readEventBatch(std::string_view body) {
    if (body.size() > kMaxBodyBytes) return BatchError{413, "too_large", "the batch is over 1 MiB; send fewer events"};
    if (!core::isValidUtf8(body)) return BatchError{400, "bad_encoding", "the body is not UTF-8"};
    BatchReader reader;
    if (!json::sax_parse(body.begin(), body.end(), &reader)) return BatchError{400, "bad_json", "the body is not JSON"};
    if (!reader.topIsObject) return BatchError{400, "bad_request", "the body must be a JSON object"};
    if (reader.list != BatchReader::List::array) return BatchError{400, "bad_request", "expected {\"events\": [...]}"};
    if (reader.count == 0 || reader.count > kMaxBatch)
        return BatchError{400, "bad_request", "a batch holds 1 to " + std::to_string(kMaxBatch) + " events"};
    if (!reader.firstError.empty()) return BatchError{400, "bad_request", reader.firstError};
    return std::move(reader.events);
}

}  // namespace ow::central
