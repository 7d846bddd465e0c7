#include "core/url.hpp"

#include <charconv>

namespace probe::core {

std::string Url::bare_host() const {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    return host.substr(1, host.size() - 2);
  }
  return host;
}

long Url::port_number() const noexcept {
  if (!port.empty()) {
    long value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec == std::errc{} && end == port.data() + port.size() && value > 0 && value <= 65535) {
      return value;
    }
  }
  if (scheme == "https") return 443;
  if (scheme == "http") return 80;
  return 0;
}

}  // namespace probe::core
