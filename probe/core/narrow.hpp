// narrow<T>(v): a checked integer conversion. Sizes and counts from the network are never
// silently truncated: an out-of-range value is a bug at the call site (PROBE_ASSERT).
#pragma once

#include <optional>
#include <utility>

#include "core/assert.hpp"

namespace probe::core {

// Returns v as To, or std::nullopt when it does not fit.
template <class To, class From>
constexpr std::optional<To> try_narrow(From v) noexcept {
  if (!std::in_range<To>(v)) return std::nullopt;
  return static_cast<To>(v);
}

// Returns v as To; asserts (exit 3) when it does not fit.
template <class To, class From>
constexpr To narrow(From v) noexcept {
  PROBE_ASSERT(std::in_range<To>(v));
  return static_cast<To>(v);
}

}  // namespace probe::core
