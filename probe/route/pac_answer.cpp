#include "route/pac_answer.hpp"

#include <fmt/format.h>

#include <charconv>

#include "core/text.hpp"

namespace probe::route {
namespace {

std::string_view keyword_of(RouteKind kind) {
  switch (kind) {
    case RouteKind::direct:
      return "DIRECT";
    case RouteKind::http_proxy:
      return "PROXY";
    case RouteKind::https_proxy:
      return "HTTPS";
    case RouteKind::socks4:
      return "SOCKS4";
    case RouteKind::socks5:
      return "SOCKS5";
  }
  return "DIRECT";
}

std::string_view scheme_of(RouteKind kind) {
  switch (kind) {
    case RouteKind::https_proxy:
      return "https";
    case RouteKind::socks4:
      return "socks4a";
    case RouteKind::socks5:
      return "socks5h";
    case RouteKind::direct:
    case RouteKind::http_proxy:
      break;
  }
  return "http";
}

std::uint16_t default_port(RouteKind kind) {
  switch (kind) {
    case RouteKind::https_proxy:
      return 443;
    case RouteKind::socks4:
    case RouteKind::socks5:
      return 1080;
    case RouteKind::direct:
    case RouteKind::http_proxy:
      break;
  }
  return 80;
}

bool host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_' || c == ':';
}

// "host[:port]" or "[v6]:port" into `entry`; false when it is not one.
bool parse_host_port(std::string_view text, RouteEntry& entry) {
  std::string_view host = text;
  std::string_view port;
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return false;
    host = text.substr(1, close - 1);
    const auto rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (!rest.starts_with(':')) return false;
      port = rest.substr(1);
    }
  } else if (const auto colon = text.rfind(':'); colon != std::string_view::npos) {
    if (text.find(':') != colon) return false;  // a bare IPv6 literal needs brackets
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (host.empty()) return false;
  for (const char c : host) {
    if (!host_char(c)) return false;
  }
  entry.host = core::to_lower(host);
  entry.port = default_port(entry.kind);
  if (text.starts_with('[') || text.find(':') != std::string_view::npos) {
    unsigned value = 0;
    const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc{} || ptr != port.data() + port.size() || value == 0 || value > 65535) {
      return false;
    }
    entry.port = static_cast<std::uint16_t>(value);
  }
  return true;
}

bool kind_of_keyword(std::string_view word, RouteKind& kind) {
  const std::string w = core::to_lower(word);
  if (w == "direct") {
    kind = RouteKind::direct;
  } else if (w == "proxy" || w == "http") {
    kind = RouteKind::http_proxy;
  } else if (w == "https") {
    kind = RouteKind::https_proxy;
  } else if (w == "socks" || w == "socks4") {
    kind = RouteKind::socks4;
  } else if (w == "socks5") {
    kind = RouteKind::socks5;
  } else {
    return false;
  }
  return true;
}

std::string host_for_url(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

}  // namespace

std::string RouteEntry::text() const {
  if (direct()) return "DIRECT";
  return fmt::format("{} {}:{}", keyword_of(kind), host_for_url(host), port);
}

connect::ProxyChoice RouteEntry::choice() const {
  if (direct()) return {};
  if (!url.empty()) return {url, source};
  return {fmt::format("{}://{}:{}", scheme_of(kind), host_for_url(host), port), source};
}

PacAnswer parse_pac_answer(std::string_view answer) {
  PacAnswer out;
  while (!answer.empty()) {
    const auto semi = answer.find(';');
    const auto piece = core::trim(answer.substr(0, semi));
    answer = semi == std::string_view::npos ? std::string_view{} : answer.substr(semi + 1);
    if (piece.empty()) continue;
    const auto space = piece.find_first_of(" \t");
    const auto word = piece.substr(0, space);
    const auto rest =
        space == std::string_view::npos ? std::string_view{} : core::trim(piece.substr(space));
    RouteEntry entry;
    entry.source = "pac";
    bool ok = kind_of_keyword(word, entry.kind);
    if (ok && entry.direct()) {
      ok = rest.empty();
    } else if (ok) {
      ok = !rest.empty() && rest.find_first_of(" \t") == std::string_view::npos &&
           parse_host_port(rest, entry);
    }
    if (ok) {
      out.entries.push_back(std::move(entry));
    } else {
      out.ignored.push_back(core::bound(piece, 200));
    }
  }
  return out;
}

RouteEntry entry_from_proxy_url(std::string_view url, std::string source) {
  RouteEntry entry;
  entry.kind = RouteKind::http_proxy;
  entry.url = std::string(url);
  entry.source = std::move(source);
  auto rest = url;
  if (const auto sep = rest.find("://"); sep != std::string_view::npos) {
    const std::string scheme = core::to_lower(rest.substr(0, sep));
    if (scheme == "https") entry.kind = RouteKind::https_proxy;
    if (scheme == "socks4" || scheme == "socks4a") entry.kind = RouteKind::socks4;
    if (scheme == "socks5" || scheme == "socks5h") entry.kind = RouteKind::socks5;
    rest.remove_prefix(sep + 3);
  }
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  rest = rest.substr(0, rest.find('/'));
  RouteEntry parsed;
  parsed.kind = entry.kind;
  if (parse_host_port(rest, parsed)) {
    entry.host = parsed.host;
    entry.port = parsed.port;
  } else {
    entry.host = core::bound(rest, 200);
  }
  return entry;
}

}  // namespace probe::route
