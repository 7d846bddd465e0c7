#include "core/clock.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace probe::core {

std::string format_utc(SysTime time) {
  // Whole seconds that convert back to SysTime's nanoseconds (fmt does), even at its ends.
  constexpr auto k_first = std::chrono::ceil<std::chrono::seconds>(SysTime::min());
  constexpr auto k_last = std::chrono::floor<std::chrono::seconds>(SysTime::max());
  const auto seconds = std::clamp(std::chrono::floor<std::chrono::seconds>(time), k_first, k_last);
  // The civil date by calendar arithmetic, never through time_t and gmtime: the C runtime of
  // Windows refuses times before 1970 (fmt's chrono formatting threw "time_t value out of
  // range" there for a certificate's notBefore in 1950).
  const auto days = std::chrono::floor<std::chrono::days>(seconds);
  const std::chrono::year_month_day date{days};
  const std::chrono::hh_mm_ss clock{seconds - days};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                     clock.hours().count(), clock.minutes().count(), clock.seconds().count());
}

}  // namespace probe::core
