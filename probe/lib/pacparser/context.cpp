#include "lib/pacparser/context.hpp"

#include <pacparser.h>

#include <array>
#include <atomic>
#include <cstdarg>
#include <cstdio>

namespace probe::lib::pacparser {
namespace {

std::atomic<bool> g_open{false};  // one Context per process (the library's global state)

// What the library printed since the last clear_errors(), bounded.
std::string& printed() {
  static std::string text;
  return text;
}
constexpr std::size_t k_max_printed = 4096;

// pacparser_error_printer: collects the library's messages instead of writing to stderr.
__attribute__((format(printf, 1, 0))) int collect_error(const char* format, va_list args) noexcept {
  try {
    std::array<char, 1024> line{};
    const int n = std::vsnprintf(line.data(), line.size(), format, args);
    if (n < 0) return 0;
    auto& text = printed();
    if (text.size() < k_max_printed) text.append(line.data());
    return n;
  } catch (...) {
    return 0;
  }
}

// The collected messages as one line: "PAC script:1: SyntaxError: missing } ...".
std::string take_errors(std::string_view fallback) {
  std::string out;
  bool space = false;
  for (const char c : printed()) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  printed().clear();
  // The library's own trailer names its function, not the script's problem.
  for (const std::string_view trailer :
       {"pacparser.c: pacparser_parse_pac_string: ", "pacparser.c: pacparser_find_proxy: "}) {
    const auto at = out.find(trailer);
    if (at == std::string::npos) continue;
    if (at == 0) {
      out.erase(0, trailer.size());
    } else {
      out.erase(at > 0 && out[at - 1] == ' ' ? at - 1 : at);
    }
  }
  if (out.starts_with("JSERROR: ")) out.erase(0, 9);
  return out.empty() ? std::string(fallback) : out;
}

}  // namespace

core::Result<Context> Context::open() {
  bool expected = false;
  if (!g_open.compare_exchange_strong(expected, true)) {
    return core::unexpected(core::ErrorKind::internal, "pacparser: a context is already open");
  }
  pacparser_set_error_printer(&collect_error);
  printed().clear();
  if (pacparser_init() == 0) {
    g_open = false;
    return core::unexpected(core::ErrorKind::internal,
                            "pacparser_init failed: " + take_errors("no detail"));
  }
  Context context;
  context.m_open = true;
  return context;
}

Context::Context(Context&& other) noexcept : m_open(other.m_open) { other.m_open = false; }

Context::~Context() {
  if (!m_open) return;
  pacparser_cleanup();
  printed().clear();
  g_open = false;
}

core::Result<void> Context::evaluate(std::string_view script) {
  if (script.find('\0') != std::string_view::npos) {
    return core::unexpected(core::ErrorKind::config, "the script contains a NUL byte");
  }
  const std::string text(script);
  printed().clear();
  if (pacparser_parse_pac_string(text.c_str()) == 0) {
    return core::unexpected(core::ErrorKind::config, take_errors("the script does not evaluate"));
  }
  printed().clear();
  return {};
}

core::Result<std::string> Context::find_proxy(const std::string& url, const std::string& host) {
  printed().clear();
  // The answer is owned by the JavaScript engine: copied at once (pacparser.c).
  const char* answer = pacparser_find_proxy(url.c_str(), host.c_str());
  if (answer == nullptr) {
    return core::unexpected(core::ErrorKind::config,
                            take_errors("FindProxyForURL returned nothing"));
  }
  printed().clear();
  return std::string(answer);
}

void Context::set_my_ip(std::string address) {
  // Kept alive for the process (like the library's own state): it may keep the pointer.
  static std::string my_ip;
  my_ip = std::move(address);
  pacparser_setmyip(my_ip.c_str());
}

std::string version() {
  const char* v = pacparser_version();
  if (v == nullptr || *v == '\0') return "unknown";
  return v;
}

}  // namespace probe::lib::pacparser
