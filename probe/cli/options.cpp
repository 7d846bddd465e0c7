#include "cli/options.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <charconv>

#include "core/text.hpp"
#include "core/units.hpp"

namespace probe::cli {

using core::ErrorKind;
using core::unexpected;

void add_network_options(CLI::App& app, NetworkArgs& a) {
  app.add_option("--proxy", a.proxy, "explicit HTTP(S) proxy URL (default: HTTPS_PROXY etc.)");
  app.add_flag("--no-proxy", a.no_proxy, "connect directly, ignoring proxy environment variables");
  app.add_option("--proxy-user", a.proxy_user, "proxy credentials USER:PASS");
  app.add_option("--proxy-auth", a.proxy_auth, "proxy authentication: basic, ntlm, negotiate, any")
      ->check(CLI::IsMember({"basic", "ntlm", "negotiate", "any"}));
  app.add_option("--dns-server", a.dns_servers, "ask this resolver ADDR[:PORT] (repeatable)");
  app.add_option("--resolve", a.resolve, "pin HOST:PORT:ADDR like curl --resolve (repeatable)");
  app.add_option("--ca-file", a.ca_file, "trust store file to compare against (PEM bundle)");
  app.add_option("--ca-path", a.ca_path, "trust store directory (hashed, as c_rehash makes)");
  app.add_flag("-4", a.ipv4, "IPv4 only");
  app.add_flag("-6", a.ipv6, "IPv6 only");
  app.add_flag("--all-addresses", a.all_addresses, "probe every resolved address");
  app.add_option("--timeout", a.timeout, "per-step timeout (default 5s)");
  app.add_option("--deadline", a.deadline, "bound on the whole run (default 60s)");
  app.add_option("--concurrency", a.concurrency, "parallel probes (default 64)")
      ->check(CLI::Range(1, 4096));
  app.add_option("--max-download", a.max_download, "cap for CRL/caIssuers/SCEP downloads (10MiB)");
}

void add_output_options(CLI::App& app, OutputArgs& a, const std::vector<std::string>& formats) {
  std::string list;
  for (const auto& f : formats) list += (list.empty() ? "" : "|") + f;
  app.add_option("--format", a.format, fmt::format("report format: {}", list))
      ->check(CLI::IsMember(formats));
  app.add_option("--output", a.output, "write the report to FILE atomically instead of stdout");
  app.add_flag("--quiet", a.quiet, "print only failures");
  app.add_flag("--verbose", a.verbose, "print more detail (the chain)");
  app.add_flag("--no-color", a.no_color, "no colour (also NO_COLOR)");
}

namespace {

core::Result<core::ResolveOverride> parse_resolve(const std::string& text) {
  // HOST:PORT:ADDR where ADDR may be an IPv6 literal, with or without brackets.
  const auto first = text.find(':');
  const auto second = first == std::string::npos ? first : text.find(':', first + 1);
  auto fail = [&] {
    return unexpected(ErrorKind::usage, fmt::format("--resolve '{}': expected HOST:PORT:ADDR",
                                                    core::escape_control(text, 120)));
  };
  if (second == std::string::npos) return fail();
  core::ResolveOverride out;
  out.host = core::to_lower(text.substr(0, first));
  const auto port_text = text.substr(first + 1, second - first - 1);
  unsigned port = 0;
  const auto [ptr, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc{} || ptr != port_text.data() + port_text.size() || port == 0 ||
      port > 65535) {
    return fail();
  }
  out.port = static_cast<std::uint16_t>(port);
  out.address = text.substr(second + 1);
  if (out.address.size() > 2 && out.address.front() == '[' && out.address.back() == ']') {
    out.address = out.address.substr(1, out.address.size() - 2);
  }
  if (!core::is_dns_name(out.host) || out.address.empty()) return fail();
  return out;
}

}  // namespace

core::Result<core::ProbeSettings> to_settings(const NetworkArgs& a) {
  core::ProbeSettings s;
  if (a.proxy && a.no_proxy) {
    return unexpected(ErrorKind::usage, "--proxy and --no-proxy cannot be used together");
  }
  if (a.ipv4 && a.ipv6) return unexpected(ErrorKind::usage, "-4 and -6 cannot be used together");
  s.proxy = a.proxy;
  s.no_proxy = a.no_proxy;
  s.proxy_user = a.proxy_user;
  if (a.proxy_auth == "basic") s.proxy_auth = core::ProxyAuth::basic;
  if (a.proxy_auth == "ntlm") s.proxy_auth = core::ProxyAuth::ntlm;
  if (a.proxy_auth == "negotiate") s.proxy_auth = core::ProxyAuth::negotiate;
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
  auto timeout = core::parse_duration(a.timeout);
  if (!timeout) return unexpected(ErrorKind::usage, "--timeout: " + timeout.error().message);
  s.timeout = *timeout;
  auto deadline = core::parse_duration(a.deadline);
  if (!deadline) return unexpected(ErrorKind::usage, "--deadline: " + deadline.error().message);
  s.deadline = *deadline;
  s.concurrency = a.concurrency;
  auto size = core::parse_size(a.max_download);
  if (!size) return unexpected(ErrorKind::usage, "--max-download: " + size.error().message);
  s.max_download = *size;
  return s;
}

}  // namespace probe::cli
