#include "cli/validate.hpp"

#ifdef _WIN32
#include <io.h>
#else
#include <fcntl.h>
#include <unistd.h>
#endif

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <filesystem>
#include <optional>
#include <span>
#include <system_error>

#include "core/text.hpp"
#include "lib/curl/url.hpp"
#include "resolve/address.hpp"

namespace probe::cli {
namespace {

namespace fs = std::filesystem;
using core::ErrorKind;
using core::unexpected;

core::Error usage(std::string_view option, std::string_view shown, std::string_view why) {
  return core::Error{ErrorKind::usage,
                     fmt::format("{} '{}': {}", option, core::escape_control(shown, 200), why)};
}

bool valid_port(std::string_view digits) {
  unsigned port = 0;
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  return ec == std::errc{} && ptr == digits.data() + digits.size() && port >= 1 && port <= 65535;
}

// The checks a proxy and a push URL share: parsed by curl, a scheme from `schemes`, a host,
// a port in range. `shown` is the redacted text used in messages.
core::Result<void> validate_url(std::string_view option, const std::string& text, bool guess_scheme,
                                std::span<const std::string_view> schemes,
                                std::string_view expected) {
  const auto shown = lib::curl::redact_url(text);
  if (text.empty()) return unexpected(usage(option, shown, "empty URL"));
  const auto parsed = lib::curl::parse_url(
      text, guess_scheme ? lib::curl::UrlMode::guess_scheme : lib::curl::UrlMode::strict);
  if (!parsed) {
    return unexpected(
        usage(option, shown,
              fmt::format("not a URL ({}); expected {}", parsed.error().message, expected)));
  }
  const core::Url& parts = *parsed;
  if (std::find(schemes.begin(), schemes.end(), parts.scheme) == schemes.end()) {
    return unexpected(usage(option, shown,
                            fmt::format("scheme '{}' is not supported; expected {}",
                                        core::escape_control(parts.scheme, 32), expected)));
  }
  if (parts.host.empty()) return unexpected(usage(option, shown, "the URL names no host"));
  if (!parts.port.empty() && !valid_port(parts.port)) {
    return unexpected(usage(option, shown, "the port is not 1-65535"));
  }
  return {};
}

}  // namespace

core::Result<void> validate_ca_file(const std::string& path) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    return unexpected(usage("--ca-file", path, "no such file"));
  }
  if (fs::is_directory(status)) {
    return unexpected(usage("--ca-file", path, "is a directory (use --ca-path for a directory)"));
  }
  if (!fs::is_regular_file(status)) {
    return unexpected(usage("--ca-file", path, "not a regular file"));
  }
  if (::access(path.c_str(), R_OK) != 0) {
    return unexpected(usage("--ca-file", path, "not readable"));
  }
  return {};
}

core::Result<void> validate_ca_path(const std::string& path) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return unexpected(usage("--ca-path", path, "no such directory"));
  if (!fs::is_directory(status)) {
    return unexpected(usage("--ca-path", path, "not a directory (use --ca-file for a file)"));
  }
  return {};
}

core::Result<void> validate_dns_server(const std::string& text) {
  constexpr std::string_view k_option = "--dns-server";
  constexpr std::string_view k_forms = " (expected ADDR, ADDR:PORT, IPv6 or [IPv6]:PORT)";
  if (text.empty()) {
    return unexpected(usage(k_option, text, fmt::format("empty address{}", k_forms)));
  }
  std::string address = text;
  std::string port;
  if (text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string::npos) {
      return unexpected(usage(k_option, text, fmt::format("missing ']'{}", k_forms)));
    }
    address = text.substr(1, close - 1);
    const auto rest = std::string_view(text).substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') {
        return unexpected(usage(k_option, text, fmt::format("junk after ']'{}", k_forms)));
      }
      port = std::string(rest.substr(1));
      if (port.empty()) return unexpected(usage(k_option, text, "the port is empty"));
    }
    if (address.find(':') == std::string::npos) {
      return unexpected(usage(k_option, text, "brackets are for IPv6 addresses only"));
    }
  } else if (std::count(text.begin(), text.end(), ':') == 1) {
    const auto colon = text.find(':');
    address = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (port.empty()) return unexpected(usage(k_option, text, "the port is empty"));
  }
  if (resolve::classify_address(address) == resolve::AddressClass::invalid) {
    return unexpected(usage(
        k_option, text,
        fmt::format("'{}' is not an IP address{}", core::escape_control(address, 60), k_forms)));
  }
  if (!port.empty() && !valid_port(port)) {
    return unexpected(usage(k_option, text, "the port is not 1-65535"));
  }
  return {};
}

core::Result<void> validate_proxy_url(const std::string& text) {
  static constexpr std::array<std::string_view, 6> k_schemes{"http",    "https",  "socks4",
                                                             "socks4a", "socks5", "socks5h"};
  return validate_url("--proxy", text, true, k_schemes,
                      "[http|https|socks4|socks4a|socks5|socks5h://]HOST[:PORT]");
}

core::Result<void> validate_proxy_user(const std::string& text) {
  if (text.find(':') == std::string::npos) {
    // Whatever was typed may be the password itself: never echo it.
    return unexpected(ErrorKind::usage,
                      "--proxy-user: expected USER:PASS, the value has no ':' (not shown)");
  }
  return {};
}

core::Result<void> validate_push_url(const std::string& text) {
  static constexpr std::array<std::string_view, 2> k_schemes{"http", "https"};
  return validate_url("--push", text, false, k_schemes, "http(s)://HOST[:PORT][/PATH]");
}

core::Result<void> validate_output_target(const std::string& path) {
  constexpr std::string_view k_option = "--output";
  if (path == "-") return {};
  if (path.empty()) return unexpected(usage(k_option, path, "empty file name"));
  std::error_code ec;
  const fs::path target(path);
  const auto status = fs::status(target, ec);
  if (!ec && fs::is_directory(status)) return unexpected(usage(k_option, path, "is a directory"));
  if (!ec && fs::exists(status) && !fs::is_regular_file(status)) {
#ifdef _WIN32
    // Windows has no device files in the file system to write a report to.
    const bool terminal = false;
#else
    // A character device or FIFO would be replaced by a regular file; only a terminal is
    // written to as it is (O_NONBLOCK: opening a FIFO never waits for a reader).
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    const bool terminal = fd >= 0 && ::isatty(fd) == 1;
    if (fd >= 0) ::close(fd);
#endif
    if (!terminal) {
      return unexpected(usage(k_option, path, "exists and is not a regular file"));
    }
    return {};
  }
  const auto dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  const auto dir_status = fs::status(dir, ec);
  if (ec || !fs::exists(dir_status)) {
    return unexpected(usage(
        k_option, path,
        fmt::format("directory '{}' does not exist", core::escape_control(dir.string(), 200))));
  }
  if (!fs::is_directory(dir_status)) {
    return unexpected(
        usage(k_option, path,
              fmt::format("'{}' is not a directory", core::escape_control(dir.string(), 200))));
  }
#ifdef _WIN32
  constexpr int k_write_access = 2;  // _waccess: W_OK (a read-only folder refuses it)
  if (::_waccess(dir.c_str(), k_write_access) != 0) {
#else
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
#endif
    const std::error_code why(errno, std::generic_category());
    return unexpected(usage(k_option, path,
                            fmt::format("directory '{}' is not writable: {}",
                                        core::escape_control(dir.string(), 200), why.message())));
  }
  return {};
}

core::Result<void> validate_parsed_options(const CLI::App& command) {
  auto final_value = [&command](const char* name) -> std::optional<std::string> {
    const auto* opt = command.get_option_no_throw(name);
    if (opt == nullptr || opt->count() == 0) return std::nullopt;
    return opt->as<std::string>();
  };
  if (auto output = final_value("--output")) {
    if (auto ok = validate_output_target(*output); !ok) return ok;
  }
  if (auto push = final_value("--push")) {
    if (auto ok = validate_push_url(*push); !ok) return ok;
  }
  return {};
}

}  // namespace probe::cli
