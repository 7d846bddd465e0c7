// The command line's option values, as parsed by CLI11, before validation. Internal to cli/.
#pragma once

#include <optional>
#include <string>
#include <vector>

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
  std::string proxy_auth = "any";
  std::vector<std::string> dns_servers;
  std::vector<std::string> resolve;
  std::optional<std::string> ca_file;
  std::optional<std::string> ca_path;
  bool ipv4 = false;
  bool ipv6 = false;
  bool all_addresses = false;
  std::string timeout = "5s";
  std::string deadline = "60s";
  int concurrency = 64;
  std::string max_download = "10MiB";
};

// Output options shared by every command that renders a report.
struct OutputArgs {
  std::string format = "text";
  std::optional<std::string> output;
  bool quiet = false;
  bool verbose = false;
  bool no_color = false;
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
  OutputArgs out;
};

void add_network_options(CLI::App& app, NetworkArgs& args);
void add_output_options(CLI::App& app, OutputArgs& args, const std::vector<std::string>& formats);

// Validates network options into settings. Fails (usage) naming the option and value.
core::Result<core::ProbeSettings> to_settings(const NetworkArgs& args);

}  // namespace probe::cli
