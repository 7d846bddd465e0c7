// The command line's option values, as parsed by CLI11, before validation. Internal to cli/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/report_format.hpp"
#include "core/result.hpp"
#include "core/settings.hpp"

namespace CLI {
class App;
}

namespace probe::cli {

// Network options shared by check, pins learn and scep.
struct NetworkArgs {
  std::optional<std::string> proxy;
  bool no_proxy = false;
  std::string proxy_user;
  core::ProxyAuth proxy_auth = core::ProxyAuth::any;
  std::vector<std::string> dns_servers;
  std::vector<std::string> resolve;
  std::optional<std::string> ca_file;
  std::optional<std::string> ca_path;
  bool ipv4 = false;
  bool ipv6 = false;
  bool all_addresses = false;
  std::string timeout = "5s";
  std::string deadline = "60s";
  int concurrency = 256;
  std::string max_download = "10MiB";
};

// Output options shared by every command that renders a report.
struct OutputArgs {
  core::ReportFormat format = core::ReportFormat::text;
  std::optional<std::string> output;
  bool quiet = false;
  bool verbose = false;
  bool no_color = false;
};

// How each target's route is decided (issue 17): a PAC, WPAD, the system's settings.
struct RouteArgs {
  std::optional<std::string> pac;  // --pac FILE|URL
  std::string proxy_mode = "env";  // --proxy-mode env|system
  bool wpad = false;               // --wpad: WPAD through DNS (implies --proxy-mode system)
  std::optional<std::string> wpad_domain;
  bool compare_paths = false;
};

struct CheckArgs {
  std::string org;
  std::optional<std::string> domains;
  std::optional<std::string> pins;
  std::vector<std::string> only;
  NetworkArgs network;
  bool no_revocation = false;
  int expiry_warn = 14;
  std::string site;
  std::optional<std::string> push;
  bool strict = false;
  std::optional<std::string> public_roots;  // hidden: tests replace the embedded public roots
  RouteArgs route;
  OutputArgs out;
};

void add_network_options(CLI::App& app, NetworkArgs& args);
// --pac, --proxy-mode, --wpad, --wpad-domain, --compare-paths (check only).
void add_route_options(CLI::App& app, RouteArgs& args);
// The route options that conflict with each other or with the network options, or are
// malformed: fails (usage) naming them, before any probing.
core::Result<void> validate_route_args(const RouteArgs& route, const NetworkArgs& network);
void add_output_options(CLI::App& app, OutputArgs& args,
                        const std::vector<core::ReportFormat>& formats);

// --strict: warnings count as failures for the exit status (SPEC §1). Every command has it.
void add_strict_option(CLI::App& app, bool& strict);

// One --resolve HOST:PORT:ADDR[,ADDR]... (curl's form; HOST may be "*", an IPv6 ADDR may be
// bracketed). Fails (usage) naming the value and what is wrong.
core::Result<core::ResolveOverride> parse_resolve(const std::string& text);

// Validates network options into settings: --proxy, --proxy-user, --dns-server, --resolve,
// --ca-file, --ca-path, durations and sizes (cli/validate.hpp). Fails (usage) naming the option and
// value.
core::Result<core::ProbeSettings> to_settings(const NetworkArgs& args);

}  // namespace probe::cli
