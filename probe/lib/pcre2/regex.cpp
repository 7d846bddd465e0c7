#include "lib/pcre2/regex.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <utility>

namespace probe::lib::pcre2 {

namespace {

// Bounds for one search: a line of a few KiB needs far less; a catastrophic pattern on a
// hostile line stops here instead of spinning.
constexpr std::uint32_t k_match_limit = 1'000'000;
constexpr std::uint32_t k_depth_limit = 10'000;

std::string error_text(int code) {
  std::array<PCRE2_UCHAR, 256> buffer{};
  const int n = pcre2_get_error_message(code, buffer.data(), buffer.size());
  if (n < 0) return fmt::format("PCRE2 error {}", code);
  return {reinterpret_cast<const char*>(buffer.data()), static_cast<std::size_t>(n)};
}

}  // namespace

struct Regex::Impl {
  pcre2_code* code = nullptr;
  pcre2_match_data* match = nullptr;
  pcre2_match_context* context = nullptr;
  std::uint32_t captures = 0;

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    pcre2_match_context_free(context);
    pcre2_match_data_free(match);
    pcre2_code_free(code);
  }
};

Regex::Regex(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;
Regex::~Regex() = default;

core::Result<Regex> Regex::compile(std::string_view pattern) {
  auto impl = std::make_unique<Impl>();
  int code = 0;
  PCRE2_SIZE offset = 0;
  impl->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                             PCRE2_CASELESS, &code, &offset, nullptr);
  if (impl->code == nullptr) {
    return core::unexpected(core::ErrorKind::config,
                            fmt::format("{} at offset {}", error_text(code), offset));
  }
  // Without JIT support (some platforms) pcre2_match interprets: same results, slower.
  (void)pcre2_jit_compile(impl->code, PCRE2_JIT_COMPLETE);
  (void)pcre2_pattern_info(impl->code, PCRE2_INFO_CAPTURECOUNT, &impl->captures);
  impl->match = pcre2_match_data_create_from_pattern(impl->code, nullptr);
  impl->context = pcre2_match_context_create(nullptr);
  if (impl->match == nullptr || impl->context == nullptr) {
    return core::unexpected(core::ErrorKind::internal, "out of memory compiling a regex");
  }
  pcre2_set_match_limit(impl->context, k_match_limit);
  pcre2_set_depth_limit(impl->context, k_depth_limit);
  return Regex(std::move(impl));
}

bool Regex::search(std::string_view text, std::vector<std::optional<std::string>>* groups) {
  const int rc = pcre2_match(m_impl->code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(),
                             0, 0, m_impl->match, m_impl->context);
  if (rc < 0) return false;  // no match, or a limit was hit
  if (groups != nullptr) {
    groups->assign(m_impl->captures, std::nullopt);
    const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(m_impl->match);
    const auto pairs = static_cast<std::uint32_t>(rc);  // groups set, plus the whole match
    for (std::uint32_t g = 1; g < pairs && g <= m_impl->captures; ++g) {
      const PCRE2_SIZE begin = ovector[2 * g];
      const PCRE2_SIZE end = ovector[2 * g + 1];
      if (begin == PCRE2_UNSET || end < begin) continue;
      (*groups)[g - 1] = std::string(text.substr(begin, end - begin));
    }
  }
  return true;
}

std::size_t Regex::capture_count() const noexcept { return m_impl->captures; }

}  // namespace probe::lib::pcre2
