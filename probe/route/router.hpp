// The route module: which route (DIRECT or which proxy, in which order) each URL of a run
// takes, the way the device would decide it — a PAC (--pac), WPAD (--wpad), the system's
// settings (--proxy-mode system), or --proxy / the environment (the default). Decided before
// the network stage for the targets, and on the loop thread for revocation URLs: the PAC
// engine is not thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connect/proxy.hpp"
#include "core/finding.hpp"
#include "core/route.hpp"
#include "core/settings.hpp"
#include "route/pac_answer.hpp"
#include "route/pac_engine.hpp"

namespace probe::route {

// A manual proxy setting as Windows keeps it (WinHttpGetIEProxyConfigForCurrentUser):
// "host:port", or per scheme "http=h:p;https=h:p;socks=h:p"; the bypass list "*.corp;<local>".
struct ManualProxy {
  std::string proxy;
  std::string bypass;
  [[nodiscard]] bool empty() const noexcept { return proxy.empty(); }
};

struct RouterConfig {
  // What decides when no PAC applies (or the PAC could not be loaded and the fallback is not
  // DIRECT): the manual proxy when set, else --proxy / the environment.
  ManualProxy manual;
  std::string manual_source = "system";  // the source named for a manual-proxy route
  // The PAC in force: its source ("pac", "wpad", "system"), where it came from, the engine.
  std::string pac_source;
  std::string pac_location;
  PacEvaluator* pac = nullptr;  // null: no PAC, or it failed (pac_failure)
  // The PAC could not be fetched or loaded: every route carries this finding and takes the
  // fallback (DIRECT, as browsers do for --pac; the settings for WPAD, which is optional).
  std::optional<core::Finding> pac_failure;
  bool fallback_direct = true;
};

// The routes of one URL, in the order to try, and why.
struct RoutePlan {
  std::vector<RouteEntry> entries;      // at least one
  core::RouteInfo info;                 // source, location, answer; attempts filled by the run
  std::vector<core::Finding> findings;  // PAC_* findings of this decision
};

// The URL FindProxyForURL sees for a target: "https://host/" (":port" when not 443), the form
// browsers pass for https (no path).
std::string target_url(std::string_view host, std::uint16_t port);

// True when `host` matches a Windows proxy bypass list: entries split by ';', ',' or spaces,
// "*" wildcards, "<local>" for names without a dot. Case-insensitive.
bool bypass_matches(std::string_view bypass, std::string_view host);

// The proxy of a manual setting for `scheme` ("https"): the "https=" entry of a per-scheme
// list (then "http="? no: only the scheme's own, then "socks="), or the whole value when it
// names no scheme. Empty when none applies.
std::string manual_proxy_for(std::string_view proxy, std::string_view scheme);

class Router {
 public:
  // `settings` and `env` are the run's; `config.pac` must outlive the router.
  Router(RouterConfig config, const core::ProbeSettings& settings, connect::EnvFn env);

  // The routes of `url` (scheme and host as parsed from it). A PAC is asked once per URL: the
  // answer is kept for the run. Runs the PAC engine: call on one thread only.
  RoutePlan routes_for(const std::string& url, std::string_view scheme, std::string_view host);

  // True when a PAC (or its failure) decides routes.
  [[nodiscard]] bool pac_mode() const noexcept {
    return m_config.pac != nullptr || m_config.pac_failure.has_value();
  }

 private:
  RoutePlan from_pac(const std::string& url, std::string_view host);
  RoutePlan from_settings(std::string_view scheme, std::string_view host) const;

  RouterConfig m_config;
  const core::ProbeSettings& m_settings;
  connect::EnvFn m_env;
  std::map<std::string, RoutePlan> m_answers;  // by URL
};

}  // namespace probe::route
