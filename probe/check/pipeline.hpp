// The check pipeline (SPEC §3): plan -> resolutions -> connections with presented chains ->
// chain completion -> judgments -> revocation results -> run report, every network operation
// on one event loop and the whole run under one deadline.
//
// Work starts when its input exists: a target connects as soon as its own name resolves, its
// caIssuers and revocation fetches start as soon as its chain arrives (while other handshakes
// still run), and each URL is fetched once per run, its answer shared by every target citing
// it. The judge (tls::judge_target) does no I/O; the revocation results are judged once, at
// the end, from the answers that came.
#pragma once

#include <functional>
#include <vector>

#include "connect/connector.hpp"
#include "connect/proxy.hpp"
#include "core/cert_facts.hpp"
#include "core/clock.hpp"
#include "core/http.hpp"
#include "core/plan.hpp"
#include "core/report.hpp"
#include "core/settings.hpp"
#include "resolve/resolver.hpp"
#include "revocation/check.hpp"
#include "route/router.hpp"
#include "tls/judge.hpp"

namespace probe::check {

// At most this many addresses of one name are probed with --all-addresses.
inline constexpr std::size_t k_max_addresses = 16;

struct Inputs {
  const core::Plan& plan;
  const core::ProbeSettings& settings;
  const tls::JudgeContext& judge;        // pinset catalog, stores, products, clock
  std::vector<core::CertFacts> anchors;  // the pinsets' anchors: issuers for revocation
  revocation::IssuerLookup issuers;      // issuers from the public roots and the system store
  core::SteadyTime deadline_at;          // the run's one deadline (set on the transport too)
  // The route of each plan target, decided before the run (route::Router: PAC, WPAD, system
  // settings, --proxy or the environment), its entries tried in order: a proxy that cannot be
  // reached hands over to the next entry. Empty: --proxy / the environment (choose_proxy).
  std::vector<route::RoutePlan> routes = {};
  // Plan targets from this index on are --compare-paths' DIRECT copies: probed like the others
  // but without revocation, and returned apart (Outcome::compared).
  std::size_t compare_from = static_cast<std::size_t>(-1);
};

// The seams of one run. All are driven by `loop`.
struct Network {
  resolve::Resolver& resolver;
  connect::Connector& connector;
  core::HttpClient& http;
  core::EventLoop& loop;
  const core::Clock& clock;
  connect::EnvFn env;
};

struct Outcome {
  std::vector<core::TargetResult> targets;  // in plan order; one per address with --all-addresses
  std::vector<tls::ChainCompletion> completions;  // per target row: what caIssuers supplied
  std::vector<core::RevocationResult> revocation;
  bool deadline_exceeded = false;
  std::vector<std::size_t> target_index;     // per row of `targets`: its plan target
  std::vector<core::TargetResult> compared;  // rows of the --compare-paths copies
  std::vector<std::size_t> compared_index;   // per compared row: its plan target - compare_from
};

// Called once per finished target result (for progress on a terminal).
using ProgressFn = std::function<void(const core::TargetResult&)>;

// Runs the whole check. When the deadline fires, every open operation is cancelled and each
// unfinished target carries PROBE_INCOMPLETE naming its phase and what was pending; the
// outcome is complete either way.
Outcome run(const Inputs& inputs, Network& network, const ProgressFn& progress = {});

}  // namespace probe::check
