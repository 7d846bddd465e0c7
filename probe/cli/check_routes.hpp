// check's route stage (issue 17): turns --pac / --proxy-mode system / --wpad into a
// route::Router before the network stage — fetching the PAC (DIRECT, through the run's
// transport), loading it into the PAC engine with the run's own name resolution for
// dnsResolve(), and deciding each target's route list. Internal to cli/.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cli/options.hpp"
#include "connect/proxy.hpp"
#include "connect/transport.hpp"
#include "core/plan.hpp"
#include "core/result.hpp"
#include "resolve/resolver.hpp"
#include "route/router.hpp"

namespace probe::cli {

struct CheckRoutes {
  std::unique_ptr<route::PacEvaluator> pac;
  std::unique_ptr<route::Router> router;  // null: --proxy / the environment, as before
  std::string description;                // core::Environment::routes
};

// Reads --pac FILE (fails: io, naming the file), finds and fetches the PAC, loads it. A PAC
// that cannot be fetched or does not parse is a finding each route carries, not an error.
// Fails (usage) for --wpad without a domain; (internal) when the engine cannot start.
core::Result<CheckRoutes> prepare_routes(const RouteArgs& args, const core::ProbeSettings& settings,
                                         const core::Plan& plan, connect::Transport& transport,
                                         resolve::Resolver& resolver, const core::Clock& clock,
                                         const connect::EnvFn& env, core::SteadyTime deadline_at);

// The route plan of every target of `plan`, in order.
std::vector<route::RoutePlan> target_routes(route::Router& router, const core::Plan& plan);

// --compare-paths: `plan` with every target once more at the end, and `routes` with a DIRECT
// plan for each copy.
void add_direct_copies(core::Plan& plan, std::vector<route::RoutePlan>& routes);

}  // namespace probe::cli
