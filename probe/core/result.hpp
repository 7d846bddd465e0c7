// Result<T>: a value or an Error, with std::expected's member names so it can be
// replaced by std::expected once every supported compiler has it.
#pragma once

#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/assert.hpp"

namespace probe::core {

// What went wrong, coarsely: decides the exit code (usage/config/io -> 2, internal -> 3).
enum class ErrorKind { usage, config, io, internal };

// An operational error: a message ready for the user, "file:line:col: what: detail".
struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string message;
};

// Wraps an Error so that `return unexpected(...)` converts into any Result<T>.
template <class E>
struct Unexpected {
  E value;
};

inline Unexpected<Error> unexpected(ErrorKind kind, std::string message) {
  return Unexpected<Error>{Error{kind, std::move(message)}};
}
inline Unexpected<Error> unexpected(Error error) { return Unexpected<Error>{std::move(error)}; }

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_state(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  Result(Unexpected<Error> error)                                         // NOLINT: implicit
      : m_state(std::in_place_index<1>, std::move(error.value)) {}

  [[nodiscard]] bool has_value() const noexcept { return m_state.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T& value() & {
    PROBE_ASSERT(has_value());
    return std::get<0>(m_state);
  }
  const T& value() const& {
    PROBE_ASSERT(has_value());
    return std::get<0>(m_state);
  }
  T&& value() && {
    PROBE_ASSERT(has_value());
    return std::get<0>(std::move(m_state));
  }
  const Error& error() const& {
    PROBE_ASSERT(!has_value());
    return std::get<1>(m_state);
  }
  Error&& error() && {
    PROBE_ASSERT(!has_value());
    return std::get<1>(std::move(m_state));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Error> m_state;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Unexpected<Error> error) : m_error(std::move(error.value)), m_failed(true) {}  // NOLINT

  [[nodiscard]] bool has_value() const noexcept { return !m_failed; }
  explicit operator bool() const noexcept { return has_value(); }
  const Error& error() const& {
    PROBE_ASSERT(m_failed);
    return m_error;
  }

 private:
  Error m_error;
  bool m_failed = false;
};

}  // namespace probe::core
