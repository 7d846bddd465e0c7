// The probe engine (SPEC §3 steps 2-3): resolve every host with c-ares and connect + handshake
// with libcurl on OpenSSL, driven by ONE event loop, strictly bounded in time.
#pragma once

#include <functional>
#include <vector>

#include "connect/proxy.hpp"
#include "core/clock.hpp"
#include "core/plan.hpp"
#include "core/report.hpp"
#include "core/result.hpp"
#include "core/settings.hpp"
#include "resolve/resolver.hpp"

namespace probe::connect {

// Called once per finished target result (for progress on a terminal).
using ProgressFn = std::function<void(const core::TargetResult&)>;

// Probes every target of `plan` and returns one TargetResult per target (one per address
// with settings.all_addresses), in plan order, with dns/tcp/proxy/tls outcomes, the presented
// chain (tls.chain_der byte-identical to what the server sent, described into `chain`) and
// the DNS_*, TCP_*, PROXY_*, TLS_HANDSHAKE_FAILED and MTLS_* findings. Chain judging is NOT
// done here (judge stage). A connection starts as soon as its own name resolves; at most
// settings.concurrency connections are open; each connection (TCP + TLS, or proxy CONNECT +
// TLS) is bounded by settings.timeout and the whole run by settings.deadline: a target still
// running then has finished == false and a PROBE_INCOMPLETE finding. Network failures are
// outcomes; fails (usage/internal) only when the resolver or libcurl cannot start.
core::Result<std::vector<core::TargetResult>> probe_targets(const core::Plan& plan,
                                                            const core::ProbeSettings& settings,
                                                            const core::Clock& clock,
                                                            const ProgressFn& progress = {});

// The same with an injected resolver and environment (tests, pins learn).
core::Result<std::vector<core::TargetResult>> probe_targets(
    const core::Plan& plan, const core::ProbeSettings& settings, const core::Clock& clock,
    resolve::Resolver& resolver, const EnvFn& env, const ProgressFn& progress = {});

}  // namespace probe::connect
