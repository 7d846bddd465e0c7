// What FindProxyForURL answers, as an ordered list of routes to try: "PROXY a:3128; PROXY
// b:3128; DIRECT" (the Netscape PAC format, also what WinHTTP and Chromium accept: PROXY,
// HTTP, HTTPS, SOCKS, SOCKS4, SOCKS5, DIRECT; keywords case-insensitive). A browser tries the
// next entry when one is unreachable.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "connect/proxy.hpp"

namespace probe::route {

enum class RouteKind { direct, http_proxy, https_proxy, socks4, socks5 };

// One entry of a route list.
struct RouteEntry {
  RouteKind kind = RouteKind::direct;
  std::string host;  // proxy host (IPv6 without brackets); empty for DIRECT
  std::uint16_t port = 0;
  // The proxy URL handed to curl when it is not made from host and port (--proxy or a variable:
  // it may carry credentials, never shown); empty otherwise.
  std::string url;
  std::string source;  // what chose it: "pac", "--proxy", "https_proxy", ...

  [[nodiscard]] bool direct() const noexcept { return kind == RouteKind::direct; }
  // As a report shows it: "DIRECT", "PROXY 127.0.0.1:3128", "SOCKS5 h:1080" (no credentials).
  [[nodiscard]] std::string text() const;
  // The choice the connector takes: empty url for DIRECT, else "http://h:p", "socks5h://h:p"...
  [[nodiscard]] connect::ProxyChoice choice() const;
};

// A parsed answer: the entries in order, and the pieces that were not understood (reported,
// skipped as browsers do).
struct PacAnswer {
  std::vector<RouteEntry> entries;
  std::vector<std::string> ignored;
};

// Parses an answer. Entries are separated by ';'; a PROXY/HTTP entry without a port gets 80,
// HTTPS 443, SOCKS 1080. An empty answer or one with no valid entry yields no entries (the
// caller decides: a PAC_EVAL_FAILED finding and DIRECT, as browsers fall back).
PacAnswer parse_pac_answer(std::string_view answer);

// The entry for a proxy URL as curl takes it (--proxy, https_proxy): its scheme gives the kind
// (none or http: PROXY, https: HTTPS, socks4/4a: SOCKS4, socks5/5h: SOCKS5).
RouteEntry entry_from_proxy_url(std::string_view url, std::string source);

}  // namespace probe::route
