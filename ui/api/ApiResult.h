#pragma once

#include "BackendClient.h"

#include <functional>
#include <utility>
#include <variant>

// The typed outcome of one operator API call: the value, or why there is none (the backend's error,
// a network failure, or an answer whose fields do not have the types the console expects).
template <typename T>
class ApiResult {
public:
    ApiResult(T value) : m_outcome(std::move(value)) {}             // NOLINT(google-explicit-constructor)
    ApiResult(BackendError error) : m_outcome(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    bool ok() const { return std::holds_alternative<T>(m_outcome); }
    const T& value() const { return std::get<T>(m_outcome); }
    const BackendError& error() const { return std::get<BackendError>(m_outcome); }

private:
    std::variant<T, BackendError> m_outcome;
};

// What an action answers when the console only needs to know that it worked.
struct Done {};

template <typename T>
using ApiCallback = std::function<void(const ApiResult<T>&)>;
