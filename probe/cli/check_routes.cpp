#include "cli/check_routes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "config/file_source.hpp"
#include "core/text.hpp"
#include "route/pac_engine.hpp"
#include "route/pac_source.hpp"
#include "route/system_proxy.hpp"

namespace probe::cli {
namespace {

using DnsTable = std::map<std::string, std::optional<std::string>>;

// What the PAC's dnsResolve() answers for the targets' names when the run resolves names its
// own way (--resolve, --dns-server): the --resolve address, else the run's resolver's first
// address (asked here, bounded by `budget`). Empty when the run uses the system resolver,
// which is the one the PAC engine asks anyway.
DnsTable pac_dns_table(const core::ProbeSettings& settings, const core::Plan& plan,
                       connect::Transport& transport, resolve::Resolver& resolver,
                       const core::Clock& clock, core::Millis budget) {
  DnsTable table;
  if (settings.resolve.empty() && settings.dns_servers.empty()) return table;
  std::set<std::string> ask;
  for (const auto& t : plan.targets) {
    const std::string name = core::to_lower(t.host);
    if (table.contains(name) || ask.contains(name)) continue;
    if (const auto* over = core::find_override(settings.resolve, name, t.port)) {
      table[name] = over->addresses.front();
    } else if (!settings.dns_servers.empty()) {
      ask.insert(name);
    }
  }
  // Shared with the callbacks: an answer that comes after the budget writes into it harmlessly.
  struct Pending {
    DnsTable answers;
    std::size_t open = 0;
  };
  auto pending = std::make_shared<Pending>();
  pending->open = ask.size();
  for (const auto& name : ask) {
    resolver.resolve(name, settings.family, [pending, name](const core::DnsOutcome& dns) {
      --pending->open;
      if (dns.status == core::DnsStatus::ok && !dns.addresses.empty()) {
        pending->answers[name] = dns.addresses.front().address;
      } else {
        pending->answers[name] = std::nullopt;
      }
    });
  }
  const auto until = clock.steady_now() + budget;
  while (pending->open > 0 && clock.steady_now() < until) transport.step(core::Millis{50});
  table.insert(pending->answers.begin(), pending->answers.end());
  return table;
}

core::Finding pac_invalid(const std::string& location, const std::string& error) {
  return core::make_finding(core::FindingCode::pac_invalid,
                            fmt::format("the PAC {} is not usable: {}", core::bound(location, 200),
                                        core::bound(error, 400)),
                            {{"pac", core::bound(location, 400)},
                             {"engine", route::pac_engine_name()},
                             {"error", core::bound(error, 1000)}});
}

// Where the PAC is, and who named it.
struct PacPlace {
  std::string location;
  std::string source;  // "pac", "wpad", "system"
};

core::Result<std::optional<PacPlace>> pac_place(const RouteArgs& args, route::RouterConfig& config,
                                                std::string& description) {
  if (args.pac) {
    description = "pac " + *args.pac;
    return std::optional<PacPlace>(PacPlace{*args.pac, "pac"});
  }
  auto system = route::system_proxy_settings();
  if (!system) return core::unexpected(system.error());
  config.manual = system->manual;
  description = "system (" + system->origin + ")";
  if (!system->pac_url.empty()) {
    description = "system AutoConfigURL " + system->pac_url;
    return std::optional<PacPlace>(PacPlace{system->pac_url, "system"});
  }
  if (args.wpad) {
    std::optional<std::string> domain = args.wpad_domain;
    if (!domain) {
      auto text = config::read_file("/etc/resolv.conf", {64 * 1024, "for resolv.conf"});
      if (text) domain = route::resolv_conf_domain(*text);
    }
    if (!domain) {
      return core::unexpected(core::ErrorKind::usage,
                              "--wpad: /etc/resolv.conf names no search domain; give "
                              "--wpad-domain DOMAIN");
    }
    const auto url = route::wpad_url(*domain);
    description = "wpad " + url;
    config.fallback_direct = false;  // no WPAD: the settings (environment) decide
    return std::optional<PacPlace>(PacPlace{url, "wpad"});
  }
  if (system->auto_detect) {
    description = "system auto-detect (WPAD)";
    config.fallback_direct = false;
    return std::optional<PacPlace>(PacPlace{std::string(route::k_auto_detect_location), "system"});
  }
  return std::optional<PacPlace>{};
}

}  // namespace

core::Result<CheckRoutes> prepare_routes(const RouteArgs& args, const core::ProbeSettings& settings,
                                         const core::Plan& plan, connect::Transport& transport,
                                         resolve::Resolver& resolver, const core::Clock& clock,
                                         const connect::EnvFn& env, core::SteadyTime deadline_at) {
  CheckRoutes out;
  if (!args.pac && args.proxy_mode != "system" && !args.wpad) return out;
  route::RouterConfig config;
  auto place = pac_place(args, config, out.description);
  if (!place) return core::unexpected(place.error());
  if (*place) {
    const auto& [location, source] = **place;
    config.pac_source = source;
    config.pac_location = location;
    std::optional<std::string> script;
    const auto left = [&] {
      return std::clamp(std::chrono::duration_cast<core::Millis>(deadline_at - clock.steady_now()),
                        core::Millis{1}, settings.timeout);
    };
    if (location == route::k_auto_detect_location) {
      script.emplace();  // WinHTTP finds and fetches it
    } else if (route::is_pac_url(location)) {
      const route::StartVia start = [&transport](core::HttpRequest request,
                                                 connect::ProxyChoice proxy,
                                                 core::HttpClient::Done done) {
        transport.start_via(std::move(request), std::move(proxy), std::move(done));
      };
      auto fetched = route::fetch_pac(start, transport, location, source, left(), clock);
      script = std::move(fetched.script);
      config.pac_failure = std::move(fetched.failure);
    } else {
      auto text = config::read_file(location, {route::k_max_pac_bytes, "for a PAC file"});
      if (!text) {
        return core::unexpected(core::ErrorKind::io, "--pac: " + text.error().message);
      }
      script = std::move(*text);
    }
    if (script) {
      route::PacLoadOptions options;
      options.location = location;
      options.dns = pac_dns_table(settings, plan, transport, resolver, clock, left());
      auto engine = route::load_pac(*script, options);
      if (engine) {
        out.pac = std::move(*engine);
        config.pac = out.pac.get();
      } else if (engine.error().kind == core::ErrorKind::internal) {
        return core::unexpected(engine.error());
      } else {
        config.pac_failure = pac_invalid(location, engine.error().message);
      }
    }
    out.description += " (" + route::pac_engine_name() + ")";
  }
  out.router = std::make_unique<route::Router>(std::move(config), settings, env);
  return out;
}

std::vector<route::RoutePlan> target_routes(route::Router& router, const core::Plan& plan) {
  std::vector<route::RoutePlan> routes;
  routes.reserve(plan.targets.size());
  for (const auto& t : plan.targets) {
    routes.push_back(router.routes_for(route::target_url(t.host, t.port), "https", t.host));
  }
  return routes;
}

void add_direct_copies(core::Plan& plan, std::vector<route::RoutePlan>& routes) {
  const auto n = plan.targets.size();
  for (std::size_t i = 0; i < n; ++i) {
    plan.targets.push_back(plan.targets[i]);
    route::RoutePlan direct;
    direct.entries.emplace_back();
    direct.entries.back().source = "direct";
    direct.info.source = "direct";
    direct.info.answer = "--compare-paths";
    routes.push_back(std::move(direct));
  }
}

}  // namespace probe::cli
