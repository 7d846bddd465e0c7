#include "cli/options.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <charconv>

#include "cli/validate.hpp"
#include "core/text.hpp"
#include "core/units.hpp"
#include "resolve/address.hpp"

namespace probe::cli {

using core::ErrorKind;
using core::unexpected;

namespace {

// A CLI11 transform from the words of `table` straight to the enum E (CLI11 then reads the
// enum from its number); any other word fails with "WORD not in {a,b,c}".
template <class E>
CLI::Validator word_transform(std::vector<std::pair<std::string, E>> table) {
  std::vector<std::string> names;
  for (const auto& [word, value] : table) names.push_back(word);
  const std::string set = fmt::format("{{{}}}", fmt::join(names, ","));
  return CLI::Validator(
      [table = std::move(table), set](std::string& input) -> std::string {
        for (const auto& [word, value] : table) {
          if (word == input) {
            input = std::to_string(static_cast<int>(value));
            return {};
          }
        }
        return input + " not in " + set;
      },
      set);
}

}  // namespace

void add_network_options(CLI::App& app, NetworkArgs& a) {
  app.add_option("--proxy", a.proxy, "explicit HTTP(S) proxy URL (default: HTTPS_PROXY etc.)");
  app.add_flag("--no-proxy", a.no_proxy, "connect directly, ignoring proxy environment variables");
  app.add_option("--proxy-user", a.proxy_user, "proxy credentials USER:PASS");
  app.add_option("--proxy-auth", a.proxy_auth, "proxy authentication: basic, ntlm, negotiate, any")
      ->transform(word_transform<core::ProxyAuth>({{"basic", core::ProxyAuth::basic},
                                                   {"ntlm", core::ProxyAuth::ntlm},
                                                   {"negotiate", core::ProxyAuth::negotiate},
                                                   {"any", core::ProxyAuth::any}}))
      ->type_name("TEXT");
  app.add_option("--dns-server", a.dns_servers, "ask this resolver ADDR[:PORT] (repeatable)");
  app.add_option("--resolve", a.resolve,
                 "pin HOST:PORT:ADDR[,ADDR]... like curl --resolve (HOST may be *; repeatable)");
  app.add_option("--ca-file", a.ca_file, "trust store file to compare against (PEM bundle)");
  app.add_option("--ca-path", a.ca_path, "trust store directory (hashed, as c_rehash makes)");
  app.add_flag("-4", a.ipv4, "IPv4 only");
  app.add_flag("-6", a.ipv6, "IPv6 only");
  app.add_flag("--all-addresses", a.all_addresses, "probe every resolved address");
  app.add_option("--timeout", a.timeout, "per-step timeout (default 5s)");
  app.add_option("--deadline", a.deadline, "bound on the whole run (default 60s)");
  app.add_option("--concurrency", a.concurrency,
                 "transfers open at once (default 256, fewer when the descriptor limit is lower)")
      ->check(CLI::Range(1, 4096));
  app.add_option("--max-download", a.max_download, "cap for CRL/caIssuers/SCEP downloads (10MiB)");
}

void add_route_options(CLI::App& app, RouteArgs& a) {
  app.add_option(
      "--pac", a.pac,
      "decide each target's route with this PAC (FILE or http(s) URL), as a device does");
  app.add_option("--proxy-mode", a.proxy_mode,
                 "env: --proxy or the proxy variables (default); system: the OS settings "
                 "(Windows: WinHTTP/WinINET; elsewhere the variables, and WPAD with --wpad)")
      ->check(CLI::IsMember({"env", "system"}));
  app.add_flag("--wpad", a.wpad,
               "find the PAC through WPAD: http://wpad.<search domain>/wpad.dat (implies "
               "--proxy-mode system)");
  app.add_option("--wpad-domain", a.wpad_domain,
                 "the domain for WPAD (default: the search domain of /etc/resolv.conf)");
  app.add_flag("--compare-paths", a.compare_paths,
               "also probe each target DIRECT and report where the verdicts differ");
}

core::Result<void> validate_route_args(const RouteArgs& route, const NetworkArgs& network) {
  const bool system = route.proxy_mode == "system" || route.wpad;
  if (route.pac && (network.proxy || network.no_proxy)) {
    return unexpected(ErrorKind::usage,
                      fmt::format("--pac cannot be used with {}: the PAC decides every route",
                                  network.proxy ? "--proxy" : "--no-proxy"));
  }
  if (route.pac && system) {
    return unexpected(ErrorKind::usage,
                      fmt::format("--pac cannot be used with {}: give one source of routes",
                                  route.wpad ? "--wpad" : "--proxy-mode system"));
  }
  if (system && (network.proxy || network.no_proxy)) {
    return unexpected(ErrorKind::usage,
                      fmt::format("{} cannot be used with {}: the system settings decide",
                                  route.wpad ? "--wpad" : "--proxy-mode system",
                                  network.proxy ? "--proxy" : "--no-proxy"));
  }
  if (route.wpad_domain && !route.wpad) {
    return unexpected(ErrorKind::usage, "--wpad-domain needs --wpad");
  }
  if (route.wpad_domain && !core::is_dns_name(*route.wpad_domain)) {
    return unexpected(ErrorKind::usage, fmt::format("--wpad-domain '{}': not a DNS name",
                                                    core::escape_control(*route.wpad_domain, 120)));
  }
  if (route.pac && route.pac->empty()) {
    return unexpected(ErrorKind::usage, "--pac: empty value (expected a FILE or an http(s) URL)");
  }
  return {};
}

void add_strict_option(CLI::App& app, bool& strict) {
  app.add_flag("--strict", strict, "warnings fail the run too (exit 1)");
}

void add_output_options(CLI::App& app, OutputArgs& a,
                        const std::vector<core::ReportFormat>& formats) {
  std::vector<std::pair<std::string, core::ReportFormat>> words;
  for (const auto f : formats) words.emplace_back(core::to_string(f), f);
  std::vector<std::string> names;
  for (const auto& [word, format] : words) names.push_back(word);
  // Read as the number the transform gives (CLI11 then stores the enum).
  app.add_option<core::ReportFormat, int>("--format", a.format,
                                          fmt::format("report format: {}", fmt::join(names, "|")))
      ->transform(word_transform(words))
      ->type_name("TEXT");
  app.add_option("--output", a.output, "write the report to FILE atomically instead of stdout");
  app.add_flag("--quiet", a.quiet, "print only failures");
  app.add_flag("--verbose", a.verbose, "print more detail (the chain)");
  app.add_flag("--no-color", a.no_color, "no colour (also NO_COLOR)");
}

core::Result<core::ResolveOverride> parse_resolve(const std::string& text) {
  // HOST:PORT:ADDR[,ADDR]... like curl; HOST may be "*"; an ADDR may be an IPv6 literal, with
  // or without brackets.
  const auto first = text.find(':');
  const auto second = first == std::string::npos ? first : text.find(':', first + 1);
  auto fail = [&](std::string_view why) {
    return unexpected(ErrorKind::usage,
                      fmt::format("--resolve '{}': {} (expected HOST:PORT:ADDR[,ADDR]...)",
                                  core::escape_control(text, 120), why));
  };
  if (second == std::string::npos) return fail("missing ':'");
  core::ResolveOverride out;
  out.host = core::to_lower(text.substr(0, first));
  const auto port_text = text.substr(first + 1, second - first - 1);
  unsigned port = 0;
  const auto [ptr, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc{} || ptr != port_text.data() + port_text.size() || port == 0 ||
      port > 65535) {
    return fail("the port is not 1-65535");
  }
  out.port = static_cast<std::uint16_t>(port);
  if (out.host != "*" && !core::is_dns_name(out.host)) return fail("the host is not a DNS name");
  std::string_view rest(text);
  rest.remove_prefix(second + 1);
  while (true) {
    const auto comma = rest.find(',');
    std::string address(rest.substr(0, comma));
    if (address.size() > 2 && address.front() == '[' && address.back() == ']') {
      address = address.substr(1, address.size() - 2);
    }
    if (resolve::classify_address(address) == resolve::AddressClass::invalid) {
      return fail(fmt::format("'{}' is not an IP address", core::escape_control(address, 60)));
    }
    out.addresses.push_back(std::move(address));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

namespace {

// The network options that conflict or must be well-formed, checked before any is used.
core::Result<void> validate_network_args(const NetworkArgs& a) {
  if (a.proxy && a.no_proxy) {
    return unexpected(ErrorKind::usage, "--proxy and --no-proxy cannot be used together");
  }
  if (a.ipv4 && a.ipv6) return unexpected(ErrorKind::usage, "-4 and -6 cannot be used together");
  if (a.proxy) {
    if (auto ok = validate_proxy_url(*a.proxy); !ok) return unexpected(ok.error());
  }
  if (!a.proxy_user.empty()) {
    if (auto ok = validate_proxy_user(a.proxy_user); !ok) return unexpected(ok.error());
  }
  for (const auto& server : a.dns_servers) {
    if (auto ok = validate_dns_server(server); !ok) return unexpected(ok.error());
  }
  if (a.ca_file) {
    if (auto ok = validate_ca_file(*a.ca_file); !ok) return unexpected(ok.error());
  }
  if (a.ca_path) {
    if (auto ok = validate_ca_path(*a.ca_path); !ok) return unexpected(ok.error());
  }
  return {};
}

// --timeout, --deadline and --max-download into `s`.
core::Result<void> parse_limits(const NetworkArgs& a, core::ProbeSettings& s) {
  auto timeout = core::parse_duration(a.timeout);
  if (!timeout) return unexpected(ErrorKind::usage, "--timeout: " + timeout.error().message);
  s.timeout = *timeout;
  auto deadline = core::parse_duration(a.deadline);
  if (!deadline) return unexpected(ErrorKind::usage, "--deadline: " + deadline.error().message);
  s.deadline = *deadline;
  auto size = core::parse_size(a.max_download);
  if (!size) return unexpected(ErrorKind::usage, "--max-download: " + size.error().message);
  s.max_download = *size;
  return {};
}

}  // namespace

core::Result<core::ProbeSettings> to_settings(const NetworkArgs& a) {
  if (auto ok = validate_network_args(a); !ok) return unexpected(ok.error());
  core::ProbeSettings s;
  s.proxy = a.proxy;
  s.no_proxy = a.no_proxy;
  s.proxy_user = a.proxy_user;
  s.proxy_auth = a.proxy_auth;
  s.dns_servers = a.dns_servers;
  for (const auto& r : a.resolve) {
    auto parsed = parse_resolve(r);
    if (!parsed) return unexpected(parsed.error());
    s.resolve.push_back(std::move(*parsed));
  }
  s.ca_file = a.ca_file;
  s.ca_path = a.ca_path;
  s.family = a.ipv4 ? core::AddressFamily::v4
                    : (a.ipv6 ? core::AddressFamily::v6 : core::AddressFamily::any);
  s.all_addresses = a.all_addresses;
  s.concurrency = a.concurrency;
  if (auto ok = parse_limits(a, s); !ok) return unexpected(ok.error());
  return s;
}

}  // namespace probe::cli
