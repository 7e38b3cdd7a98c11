#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace paydesk {

// An expected failure: a stable machine-readable code plus a human message.
// Programming errors are assertions, not Errors.
struct Error {
    std::string code;     // stable, e.g. "DB_UNAVAILABLE", "VALIDATION_ERROR"
    std::string message;  // for people; never contains secrets

    static Error make(std::string code, std::string message) { return Error{std::move(code), std::move(message)}; }
};

// Value-or-Error. A small stand-in for std::expected, which GCC 12 only ships in C++23 mode.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
    Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    [[nodiscard]] bool ok() const { return std::holds_alternative<T>(state_); }
    explicit operator bool() const { return ok(); }

    T& value() & {
        assert(ok());
        return std::get<T>(state_);
    }
    const T& value() const& {
        assert(ok());
        return std::get<T>(state_);
    }
    T&& value() && {
        assert(ok());
        return std::get<T>(std::move(state_));
    }
    const Error& error() const {
        assert(!ok());
        return std::get<Error>(state_);
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }

private:
    std::variant<T, Error> state_;
};

// Result<void>: success or an Error.
class [[nodiscard]] Status {
public:
    Status() = default;
    Status(Error error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
    static Status success() { return {}; }

    [[nodiscard]] bool ok() const { return !error_.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const {
        assert(error_.has_value());
        return *error_;
    }

private:
    std::optional<Error> error_;
};

}  // namespace paydesk
