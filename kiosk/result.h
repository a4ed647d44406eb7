// Result<T>: a value or a plain-words error, for failures that are expected (bad input, missing file).
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace ow::core {

/** An error a person or an engineer can read: what went wrong, in one sentence. */
struct Error {
    std::string message;
};

/** Either a T or an Error; expected failures are values, not exceptions (STYLE.md "Errors"). */
template <typename T>
class Result {
public:
    Result(T value) : value_(std::move(value)) {}
    Result(Error error) : error_(std::move(error)) {}

    bool ok() const { return value_.has_value(); }
    explicit operator bool() const { return ok(); }
    T& value() { return *value_; }
    const T& value() const { return *value_; }
    T* operator->() { return &*value_; }
    const T* operator->() const { return &*value_; }
    T& operator*() { return *value_; }
    const std::string& error() const { return error_.message; }

private:
    std::optional<T> value_;
    Error error_;
};

/** Result of an operation with no value. */
struct Done {};
using Status = Result<Done>;
inline Status okStatus() { return Done{}; }

}  // namespace ow::core
