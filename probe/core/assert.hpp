// PROBE_ASSERT: a broken invariant is a bug, reported and ended with exit code 3.
#pragma once

namespace probe::core {

// Prints "pinprobe: internal error: <expr> at <file>:<line>" to stderr and exits with 3.
[[noreturn]] void assertion_failed(const char* expression, const char* file, int line) noexcept;

}  // namespace probe::core

#define PROBE_ASSERT(expr) \
  ((expr) ? static_cast<void>(0) : ::probe::core::assertion_failed(#expr, __FILE__, __LINE__))
