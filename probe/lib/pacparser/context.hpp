// The one place that calls libpacparser (Debian libpacparser-dev, pacparser(3)): its single
// JavaScript context as an RAII object with Result<T> errors.
//
// libpacparser keeps global state (one SpiderMonkey runtime and context per process) and is
// not thread-safe: at most one Context is open at a time (a second open() fails), and every
// call must come from the thread that opened it. pinprobe evaluates PAC answers before the
// network stage or on the run's loop thread only.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace probe::lib::pacparser {

class Context {
 public:
  // pacparser_init(). Fails (internal) when the library cannot start or another Context is open.
  static core::Result<Context> open();
  ~Context();
  Context(Context&& other) noexcept;
  Context& operator=(Context&&) = delete;
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  // Evaluates `script` in the context's global scope (pacparser_parse_pac_string): function
  // declarations stay defined for later calls. Fails (config) with the JavaScript error the
  // library printed ("PAC script:1: SyntaxError: ..."); a script with a NUL byte is refused.
  core::Result<void> evaluate(std::string_view script);

  // FindProxyForURL(url, host) (pacparser_find_proxy): the answer as returned. Fails (config)
  // with the library's words when the function is missing, throws or returns nothing.
  core::Result<std::string> find_proxy(const std::string& url, const std::string& host);

  // What myIpAddress() returns from now on (pacparser_setmyip).
  void set_my_ip(std::string address);

 private:
  Context() = default;
  bool m_open = false;
};

// libpacparser's version string; "unknown" when the library does not say (1.3.x).
std::string version();

}  // namespace probe::lib::pacparser
