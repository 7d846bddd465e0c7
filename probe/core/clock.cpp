#include "core/clock.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace probe::core {

std::string format_utc(SysTime time) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(time);
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", seconds);
}

}  // namespace probe::core
