// Library-global state of libcurl: one scope object, created first in cli::run() and
// destroyed last (curl_global_init is not thread-safe and must precede every handle).
#pragma once

#include <string>

namespace probe::lib::curl {

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

// "8.1.2 (OpenSSL/3.0.x)": libcurl's version and its TLS backend.
std::string version();

}  // namespace probe::lib::curl
