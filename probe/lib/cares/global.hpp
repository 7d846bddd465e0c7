// Library-global state of c-ares: one scope object in cli::run(), destroyed last.
#pragma once

#include <string>

namespace probe::lib::cares {

class GlobalScope {
 public:
  GlobalScope();
  ~GlobalScope();
  GlobalScope(const GlobalScope&) = delete;
  GlobalScope& operator=(const GlobalScope&) = delete;
  [[nodiscard]] bool ok() const noexcept { return m_ok; }

 private:
  bool m_ok = false;
};

// c-ares' version, "1.18.1".
std::string version();

}  // namespace probe::lib::cares
