// PCRE2 (pcre2_compile(3), pcre2_match(3)) as one value type: the regex engine of explain's
// signatures. Patterns are compiled once, JIT-compiled where the platform supports it, and
// matched case-insensitively on bytes; a match is bounded (match and depth limits) so a
// hostile log line cannot make a search run away or exhaust the stack.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace probe::lib::pcre2 {

class Regex {
 public:
  // Compiles `pattern` (PCRE2 syntax, which covers the ECMAScript patterns signatures use),
  // caseless. Error: "<pcre2's message> at offset N" (ErrorKind::config).
  static core::Result<Regex> compile(std::string_view pattern);

  Regex(Regex&&) noexcept;
  Regex& operator=(Regex&&) noexcept;
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;
  ~Regex();

  // Whether `text` contains a match. With `groups`, on a match it receives one entry per
  // capture group (group 1 first): the captured text, or nullopt for a group that did not
  // take part. A search that hits the match or depth limit counts as no match.
  // Not thread-safe: the match data is kept with the pattern.
  bool search(std::string_view text, std::vector<std::optional<std::string>>* groups = nullptr);

  [[nodiscard]] std::size_t capture_count() const noexcept;

 private:
  struct Impl;
  explicit Regex(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace probe::lib::pcre2
