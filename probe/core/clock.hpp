// The injected clock: every "now" in the product comes from a Clock, so validity dates,
// staleness and report timestamps are testable with a fixed time.
#pragma once

#include <chrono>
#include <string>

namespace probe::core {

using SysTime = std::chrono::system_clock::time_point;
using SteadyTime = std::chrono::steady_clock::time_point;
using Millis = std::chrono::milliseconds;

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time: certificate validity, CRL freshness, report timestamps.
  [[nodiscard]] virtual SysTime now() const = 0;
  // Monotonic time: timeouts, deadlines and measured durations.
  [[nodiscard]] virtual SteadyTime steady_now() const = 0;
};

// The real clocks of the machine.
class SystemClock final : public Clock {
 public:
  [[nodiscard]] SysTime now() const override { return std::chrono::system_clock::now(); }
  [[nodiscard]] SteadyTime steady_now() const override { return std::chrono::steady_clock::now(); }
};

// A clock that says what it is told; steady time advances with advance().
class FixedClock final : public Clock {
 public:
  explicit FixedClock(SysTime now) : m_now(now) {}
  [[nodiscard]] SysTime now() const override { return m_now; }
  [[nodiscard]] SteadyTime steady_now() const override { return m_steady; }
  void advance(Millis by) {
    m_now += by;
    m_steady += by;
  }

 private:
  SysTime m_now;
  SteadyTime m_steady{};
};

// Formats a time as RFC 3339 UTC with second precision: "2026-11-23T09:33:00Z".
std::string format_utc(SysTime time);

}  // namespace probe::core
