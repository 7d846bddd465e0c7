#include "core/units.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <string>

#include "core/text.hpp"

namespace probe::core {
namespace {

struct NumberAndUnit {
  double number = 0;
  std::string unit;
};

Result<NumberAndUnit> split(std::string_view text, std::string_view what) {
  std::size_t i = 0;
  while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
  NumberAndUnit out;
  const auto digits = text.substr(0, i);
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out.number);
  if (digits.empty() || ec != std::errc{} || ptr != digits.data() + digits.size() ||
      !std::isfinite(out.number)) {
    return unexpected(ErrorKind::usage,
                      fmt::format("invalid {} '{}': expected a number with a unit", what,
                                  escape_control(text, 64)));
  }
  out.unit = to_lower(text.substr(i));
  return out;
}

}  // namespace

Result<Millis> parse_duration(std::string_view text) {
  auto parts = split(text, "duration");
  if (!parts) return unexpected(parts.error());
  double ms = 0;
  const auto& unit = parts->unit;
  if (unit == "ms") {
    ms = parts->number;
  } else if (unit.empty() || unit == "s") {
    ms = parts->number * 1000;
  } else if (unit == "m" || unit == "min") {
    ms = parts->number * 60'000;
  } else if (unit == "h") {
    ms = parts->number * 3'600'000;
  } else {
    return unexpected(ErrorKind::usage,
                      fmt::format("invalid duration '{}': unknown unit '{}' (use ms, s, m or h)",
                                  escape_control(text, 64), escape_control(unit, 16)));
  }
  if (ms < 1 || ms > 86'400'000.0) {
    return unexpected(ErrorKind::usage,
                      fmt::format("invalid duration '{}': must be between 1ms and 24h",
                                  escape_control(text, 64)));
  }
  return Millis{static_cast<Millis::rep>(std::llround(ms))};
}

Result<std::uint64_t> parse_size(std::string_view text) {
  auto parts = split(text, "size");
  if (!parts) return unexpected(parts.error());
  double factor = 0;
  const auto& unit = parts->unit;
  if (unit.empty() || unit == "b") {
    factor = 1;
  } else if (unit == "k" || unit == "kb" || unit == "kib") {
    factor = 1024.0;
  } else if (unit == "m" || unit == "mb" || unit == "mib") {
    factor = 1024.0 * 1024;
  } else if (unit == "g" || unit == "gb" || unit == "gib") {
    factor = 1024.0 * 1024 * 1024;
  } else {
    return unexpected(ErrorKind::usage,
                      fmt::format("invalid size '{}': unknown unit '{}' (use KiB, MiB or GiB)",
                                  escape_control(text, 64), escape_control(unit, 16)));
  }
  const double bytes = parts->number * factor;
  if (bytes < 1 || bytes > 64.0 * 1024 * 1024 * 1024) {
    return unexpected(ErrorKind::usage,
                      fmt::format("invalid size '{}': must be between 1 byte and 64GiB",
                                  escape_control(text, 64)));
  }
  return static_cast<std::uint64_t>(std::llround(bytes));
}

}  // namespace probe::core
