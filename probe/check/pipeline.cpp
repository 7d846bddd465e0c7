#include "check/pipeline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <set>

#include "core/text.hpp"
#include "resolve/address.hpp"
#include "revocation/urls.hpp"

namespace probe::check {
namespace {

// Where a target result is in the pipeline.
enum class Phase { dns, connect, complete, revocation, done };

std::string_view phase_stage(Phase phase) noexcept {
  switch (phase) {
    case Phase::dns:
      return "dns";
    case Phase::connect:
      return "connect";
    case Phase::complete:
      return "ca_issuers";
    case Phase::revocation:
      return "revocation";
    case Phase::done:
      break;
  }
  return "done";
}

std::string_view phase_words(Phase phase) noexcept {
  switch (phase) {
    case Phase::dns:
      return "name resolution";
    case Phase::connect:
      return "the connection";
    case Phase::complete:
      return "chain completion (caIssuers)";
    case Phase::revocation:
      return "the revocation checks";
    case Phase::done:
      break;
  }
  return "the report";
}

// One result row: a target, or one address of it with --all-addresses.
struct Slot {
  std::size_t target = 0;
  core::TargetResult result;
  Phase phase = Phase::dns;
  bool proxied = false;
  bool info_dns_pending = false;  // through a proxy: the informational local lookup
  bool probe_pending = false;     // the slot's own probe (connect ... revocation) is running
  tls::ChainCompletion completion;
  std::vector<std::string> round_urls;  // caIssuers URLs of this completion round
  std::size_t round_next = 0;
  std::string pending;         // what the slot waits for, for PROBE_INCOMPLETE
  int fetches = 0;             // revocation fetches still open for this slot
  route::RoutePlan route;      // the entries to try, in order, and why
  std::size_t route_next = 0;  // the entry being tried
  bool dns_done = false;       // the target's own lookup answered
};

// The route of a target when nothing was decided before the run: --proxy or the environment.
route::RoutePlan settings_route(const core::Target& t, const core::ProbeSettings& settings,
                                const connect::EnvFn& env) {
  route::Router router({}, settings, env);
  return router.routes_for(route::target_url(t.host, t.port), "https", t.host);
}

// One fetch shared by every requester of the same request in this run.
struct SharedFetch {
  bool done = false;
  core::HttpResponse response;
  std::vector<core::HttpClient::Done> waiters;
};

class Run {
 public:
  Run(const Inputs& in, Network& net, const ProgressFn& progress)
      : m_in(in),
        m_net(net),
        m_progress(progress),
        m_checks(net.clock, in.settings, in.anchors, in.issuers) {}

  Outcome run() {
    for (std::size_t i = 0; i < m_in.plan.targets.size(); ++i) {
      auto slot = std::make_unique<Slot>();
      slot->target = i;
      slot->result.target = m_in.plan.targets[i];
      m_by_target.push_back({m_slots.size()});
      m_slots.push_back(std::move(slot));
    }
    if (m_in.settings.revocation) {
      for (auto& request : m_checks.add_static(m_in.plan.revocation_urls)) {
        fetch(std::move(request), [](const core::HttpResponse&) {});
      }
    }
    start_targets();
    // Bounded: every step waits at most 200 ms and the loop ends at the deadline.
    bool timed_out = false;
    while (m_open_slots > 0 || m_open_fetches > 0) {
      const auto now = m_net.clock.steady_now();
      if (now >= m_in.deadline_at) {
        timed_out = true;
        break;
      }
      const auto left = std::chrono::duration_cast<core::Millis>(m_in.deadline_at - now);
      m_net.loop.step(std::clamp(left, core::Millis{1}, core::Millis{200}));
    }
    m_closed = true;
    if (timed_out) m_net.loop.cancel_all();
    return assemble(timed_out);
  }

 private:
  // ---- resolve -------------------------------------------------------------------------
  void start_targets() {
    std::map<std::string, std::vector<std::size_t>> hosts;
    std::vector<std::pair<std::size_t, core::DnsOutcome>> overridden;
    for (std::size_t i = 0; i < m_in.plan.targets.size(); ++i) {
      Slot& slot = *m_slots[m_by_target[i].front()];
      const auto& t = slot.result.target;
      ++m_open_slots;
      slot.route =
          i < m_in.routes.size() ? m_in.routes[i] : settings_route(t, m_in.settings, m_net.env);
      if (slot.route.entries.empty()) slot.route.entries.emplace_back();  // DIRECT
      slot.result.route = slot.route.info;
      start_route(slot);
      if (const auto* over = core::find_override(m_in.settings.resolve, t.host, t.port)) {
        core::DnsOutcome dns;
        dns.status = core::DnsStatus::ok;
        dns.from_override = true;
        dns.resolver = "--resolve";
        for (const auto& address : over->addresses) {
          dns.addresses.push_back({address, address.find(':') == std::string::npos ? 4 : 6, 0});
        }
        overridden.emplace_back(i, std::move(dns));
      } else {
        hosts[core::to_lower(t.host)].push_back(i);
      }
    }
    for (auto& [i, dns] : overridden) on_dns(i, dns);
    for (auto& [host, targets] : hosts) {
      m_net.resolver.resolve(host, m_in.settings.family,
                             [this, targets = targets](const core::DnsOutcome& dns) {
                               if (m_closed) return;
                               for (const auto i : targets) on_dns(i, dns);
                             });
    }
  }

  // Starts the slot's current route entry: a proxy connects at once (it resolves the name, the
  // local lookup is information); DIRECT waits for the lookup.
  void start_route(Slot& slot) {
    const auto& entry = slot.route.entries[slot.route_next];
    if (!entry.direct()) {
      const auto choice = entry.choice();
      slot.proxied = true;
      slot.info_dns_pending = !slot.dns_done;
      slot.result.proxy = {};
      slot.result.proxy.proxy = connect::redact_proxy(choice.url);
      connect_slot(slot, {}, choice);
      return;
    }
    slot.proxied = false;
    slot.info_dns_pending = false;
    slot.result.proxy = {};
    if (slot.dns_done) {
      connect_direct(slot.target);
    } else {
      slot.phase = Phase::dns;
      slot.probe_pending = true;  // the lookup, then the connection
    }
  }

  void on_dns(std::size_t target, const core::DnsOutcome& dns) {
    Slot& base = *m_slots[m_by_target[target].front()];
    base.result.dns = dns;
    base.dns_done = true;
    if (base.proxied) {
      auto info = resolve::judge_dns(dns, true);
      base.result.findings.insert(base.result.findings.begin(), info.begin(), info.end());
      base.info_dns_pending = false;
      maybe_finish(base);
      return;
    }
    connect_direct(target);
  }

  // DIRECT: the target's addresses, once its own lookup answered.
  void connect_direct(std::size_t target) {
    Slot& base = *m_slots[m_by_target[target].front()];
    const auto& dns = base.result.dns;
    base.result.route.used = "DIRECT";
    base.result.route.attempts.push_back({"DIRECT", "used"});
    base.result.findings = resolve::judge_dns(dns, false);
    if (resolve::dns_blocks_connect(dns)) {
      finish(base);
      return;
    }
    std::vector<std::string> addresses;
    for (const auto& a : dns.addresses) {
      if (m_in.settings.family == core::AddressFamily::v4 && a.family != 4) continue;
      if (m_in.settings.family == core::AddressFamily::v6 && a.family != 6) continue;
      if (!dns.from_override &&
          resolve::classify_address(a.address) == resolve::AddressClass::sinkhole) {
        continue;
      }
      if (std::find(addresses.begin(), addresses.end(), a.address) != addresses.end()) continue;
      addresses.push_back(a.address);
    }
    if (addresses.empty()) {
      base.result.findings.push_back(core::make_finding(
          core::FindingCode::dns_no_address, "no address of the requested family",
          {{"family", m_in.settings.family == core::AddressFamily::v4 ? "4" : "6"}}));
      finish(base);
      return;
    }
    const std::size_t keep =
        m_in.settings.all_addresses ? std::min(addresses.size(), k_max_addresses) : 1;
    // Copies of the resolved base row, one per further address.
    const core::TargetResult resolved = base.result;
    for (std::size_t k = 1; k < keep; ++k) {
      auto slot = std::make_unique<Slot>();
      slot->target = target;
      slot->result = resolved;
      slot->route = base.route;
      slot->route_next = base.route_next;
      slot->dns_done = true;
      m_by_target[target].push_back(m_slots.size());
      m_slots.push_back(std::move(slot));
      ++m_open_slots;
    }
    const auto rows = m_by_target[target];
    for (std::size_t k = 0; k < keep; ++k) {
      connect_slot(*m_slots[rows[k]], addresses[k], {});
    }
  }

  // ---- connect -------------------------------------------------------------------------
  void connect_slot(Slot& slot, std::string address, connect::ProxyChoice proxy) {
    slot.phase = Phase::connect;
    slot.probe_pending = true;
    slot.pending = address.empty() ? "the connection through the proxy"
                                   : fmt::format("the connection to {}", address);
    connect::ConnectRequest request;
    request.target = slot.result.target;
    request.address = std::move(address);
    request.proxy = std::move(proxy);
    m_net.connector.connect(std::move(request), [this, &slot](connect::ConnectResult r) {
      if (m_closed) return;
      on_connected(slot, std::move(r));
    });
  }

  void on_connected(Slot& slot, connect::ConnectResult r) {
    auto& out = slot.result;
    if (slot.proxied) {
      const auto& entry = slot.route.entries[slot.route_next];
      const bool unreachable = r.proxy.status == core::ProxyStatus::unreachable;
      const std::string why =
          unreachable
              ? fmt::format(
                    "unreachable: {}",
                    core::bound(r.proxy.detail.empty() ? r.tcp.detail : r.proxy.detail, 300))
              : "used";
      out.route.attempts.push_back({entry.text(), why});
      if (unreachable && slot.route_next + 1 < slot.route.entries.size()) {
        // Browser semantics: the next entry of the PAC's list.
        ++slot.route_next;
        slot.probe_pending = false;
        start_route(slot);
        return;
      }
      out.route.used = unreachable ? std::string() : entry.text();
    }
    out.tcp = std::move(r.tcp);
    if (slot.proxied) {
      r.proxy.proxy = out.proxy.proxy.empty() ? r.proxy.proxy : out.proxy.proxy;
    }
    out.proxy = std::move(r.proxy);
    out.tls = std::move(r.tls);
    out.chain = std::move(r.chain);
    out.findings.insert(out.findings.end(), r.findings.begin(), r.findings.end());
    if (out.tls.status != core::TlsStatus::handshake_ok || out.tls.chain_der.empty()) {
      end_probe(slot);
      return;
    }
    complete_chain(slot);
  }

  // ---- chain completion ----------------------------------------------------------------
  std::vector<std::string> chain_so_far(const Slot& slot) const {
    std::vector<std::string> chain = slot.result.tls.chain_der;
    chain.insert(chain.end(), slot.completion.fetched_der.begin(),
                 slot.completion.fetched_der.end());
    return chain;
  }

  void complete_chain(Slot& slot) {
    slot.phase = Phase::complete;
    if (static_cast<int>(slot.completion.fetched_der.size()) >= tls::k_max_fetched_issuers) {
      judge(slot);
      return;
    }
    const auto chain = chain_so_far(slot);
    slot.round_urls = tls::issuer_fetch_urls(chain, slot.result.target.pinset, m_in.judge);
    slot.round_next = 0;
    next_issuer_url(slot);
  }

  void next_issuer_url(Slot& slot) {
    if (slot.round_next >= slot.round_urls.size()) {
      judge(slot);
      return;
    }
    const std::string url = slot.round_urls[slot.round_next++];
    slot.completion.tried_urls.push_back(url);
    slot.pending = "caIssuers " + url;
    fetch(m_checks.ca_issuers_request(url), [this, &slot, url](const core::HttpResponse& r) {
      const auto chain = chain_so_far(slot);
      if (r.outcome.status == 200 && !r.outcome.truncated) {
        if (auto der = tls::issuer_from_answer(r.body, url, chain.back())) {
          slot.completion.fetched_der.push_back(std::move(*der));
          slot.completion.fetched_urls.push_back(url);
          complete_chain(slot);
          return;
        }
      }
      next_issuer_url(slot);
    });
  }

  // ---- judge and revocation ------------------------------------------------------------
  void judge(Slot& slot) {
    tls::judge_target(slot.result, m_in.judge, slot.completion);
    if (!m_in.settings.revocation || slot.target >= m_in.compare_from) {
      end_probe(slot);
      return;
    }
    slot.phase = Phase::revocation;
    auto requests = m_checks.add_chain(revocation::checked_chain(slot.result));
    slot.pending.clear();
    for (auto& request : requests) {
      if (!slot.pending.empty()) slot.pending += " ";
      slot.pending += request.url;
      ++slot.fetches;
      fetch(std::move(request), [this, &slot](const core::HttpResponse&) {
        if (--slot.fetches == 0) end_probe(slot);
      });
    }
    if (slot.fetches == 0) end_probe(slot);
  }

  // Fetches `request` once per run: later requesters of the same request share the answer.
  // Every answer also reaches the revocation checks.
  void fetch(core::HttpRequest request, std::function<void(const core::HttpResponse&)> done) {
    auto key = request.key();
    auto [it, fresh] = m_fetches.try_emplace(key);
    SharedFetch& shared = it->second;
    if (!fresh && shared.done) {
      m_checks.answer(request, shared.response);
      done(shared.response);
      return;
    }
    shared.waiters.push_back([done = std::move(done)](core::HttpResponse r) { done(r); });
    if (!fresh) return;
    ++m_open_fetches;
    m_net.http.start(request, [this, request, key](core::HttpResponse response) {
      if (m_closed) return;
      --m_open_fetches;
      auto& entry = m_fetches[key];
      entry.done = true;
      entry.response = std::move(response);
      m_checks.answer(request, entry.response);
      auto waiters = std::move(entry.waiters);
      entry.waiters.clear();
      for (auto& w : waiters) w(entry.response);
    });
  }

  // ---- finishing -----------------------------------------------------------------------
  void end_probe(Slot& slot) {
    slot.probe_pending = false;
    slot.pending.clear();
    maybe_finish(slot);
  }

  void maybe_finish(Slot& slot) {
    if (slot.probe_pending || slot.info_dns_pending) return;
    finish(slot);
  }

  void finish(Slot& slot) {
    if (slot.phase == Phase::done) return;
    slot.phase = Phase::done;
    slot.result.finished = true;
    --m_open_slots;
    if (m_progress) m_progress(slot.result);
  }

  // The rows of a slot the deadline stopped.
  void mark_incomplete(Slot& slot) {
    auto& r = slot.result;
    if (slot.proxied && !slot.probe_pending && slot.info_dns_pending) {
      // Only the informational local lookup was still running: the probe itself finished.
      r.dns.status = core::DnsStatus::timeout;
      r.dns.detail = "local resolution still running at the deadline";
      auto info = resolve::judge_dns(r.dns, true);
      r.findings.insert(r.findings.begin(), info.begin(), info.end());
      r.finished = true;
      return;
    }
    if (slot.phase == Phase::revocation) {
      // The revocation results of the URLs still open carry PROBE_INCOMPLETE to this target.
      return;
    }
    core::Evidence evidence{{"stage", std::string(phase_stage(slot.phase))},
                            {"deadline_ms", std::to_string(m_in.settings.deadline.count())}};
    if (!slot.pending.empty()) evidence.emplace_back("pending", slot.pending);
    r.findings.push_back(core::make_finding(
        core::FindingCode::probe_incomplete,
        fmt::format("the run's deadline stopped this target during {}", phase_words(slot.phase)),
        std::move(evidence)));
  }

  Outcome assemble(bool timed_out) {
    Outcome out;
    out.deadline_exceeded = timed_out;
    for (std::size_t target = 0; target < m_by_target.size(); ++target) {
      for (const auto index : m_by_target[target]) {
        Slot& slot = *m_slots[index];
        if (slot.phase != Phase::done) mark_incomplete(slot);
        // The findings of the route decision (PAC_*) come first: they say why this path.
        auto& findings = slot.result.findings;
        findings.insert(findings.begin(), slot.route.findings.begin(), slot.route.findings.end());
        if (target >= m_in.compare_from) {
          out.compared.push_back(std::move(slot.result));
          out.compared_index.push_back(target - m_in.compare_from);
          continue;
        }
        out.targets.push_back(std::move(slot.result));
        out.completions.push_back(std::move(slot.completion));
        out.target_index.push_back(target);
      }
    }
    if (m_in.settings.revocation) {
      const auto urls = revocation::collect_urls(out.targets, m_in.plan);
      out.revocation = m_checks.results(urls);
      revocation::apply_to_targets(out.targets, out.revocation);
    }
    return out;
  }

  const Inputs& m_in;
  Network& m_net;
  const ProgressFn& m_progress;
  revocation::RunChecks m_checks;
  std::vector<std::unique_ptr<Slot>> m_slots;
  std::vector<std::vector<std::size_t>> m_by_target;  // slot indices of each target
  std::map<std::string, SharedFetch> m_fetches;
  std::size_t m_open_slots = 0;
  std::size_t m_open_fetches = 0;
  bool m_closed = false;  // the run has ended: late callbacks do nothing
};

}  // namespace

Outcome run(const Inputs& inputs, Network& network, const ProgressFn& progress) {
  Run run(inputs, network, progress);
  return run.run();
}

}  // namespace probe::check
