#include "report/actions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

namespace probe::report {
namespace {

using core::FindingCode;

constexpr std::string_view k_proxy = "proxy";
constexpr std::string_view k_firewall = "firewall";
constexpr std::string_view k_dns = "dns";

void add_unique(std::vector<std::string>& list, std::string value) {
  if (value.empty()) return;
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(std::move(value));
}

std::string host_port(const core::Target& t) { return fmt::format("{}:{}", t.host, t.port); }

// The value of the first `key` evidence pair of `f`, or nullopt.
std::optional<std::string> evidence_of(const core::Finding& f, std::string_view key) {
  for (const auto& [k, v] : f.evidence) {
    if (k == key) return v;
  }
  return std::nullopt;
}

// "host:port" of an http(s) URL: the port it names, else the scheme's (80, 443).
std::string url_host_port(std::string_view url) {
  std::string_view port = url.starts_with("https:") ? "443" : "80";
  auto rest = url;
  if (const auto scheme = rest.find("://"); scheme != std::string_view::npos) {
    rest = rest.substr(scheme + 3);
  }
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  std::string_view host = rest;
  if (rest.starts_with('[')) {
    const auto close = rest.find(']');
    host = rest.substr(0, close == std::string_view::npos ? rest.size() : close + 1);
    rest.remove_prefix(host.size());
    if (rest.starts_with(':') && rest.size() > 1) port = rest.substr(1);
  } else if (const auto colon = rest.find(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    if (colon + 1 < rest.size()) port = rest.substr(colon + 1);
  }
  return fmt::format("{}:{}", host, port);
}

// Revocation failures that a rule on the path (firewall, proxy) causes or fixes.
bool revocation_path_code(FindingCode code) noexcept {
  switch (code) {
    case FindingCode::revocation_dns_failed:
    case FindingCode::revocation_unreachable:
    case FindingCode::revocation_blocked_by_proxy:
    case FindingCode::revocation_bad_response:
    case FindingCode::revocation_signature_invalid:
      return true;
    default:
      break;
  }
  return false;
}

std::optional<ActionKind> target_action_kind(FindingCode code) noexcept {
  switch (code) {
    case FindingCode::tls_intercepted:
      return ActionKind::exclude_from_inspection;
    case FindingCode::proxy_connect_denied:
      return ActionKind::allow_connect;
    case FindingCode::proxy_auth_required:
      return ActionKind::proxy_authentication;
    case FindingCode::tcp_refused:
    case FindingCode::tcp_timeout:
    case FindingCode::tcp_unreachable:
    case FindingCode::tls_handshake_failed:
      return ActionKind::allow_tcp;
    case FindingCode::dns_nxdomain:
    case FindingCode::dns_servfail:
    case FindingCode::dns_timeout:
    case FindingCode::dns_no_address:
    case FindingCode::dns_sinkhole:
      return ActionKind::fix_dns;
    default:
      break;
  }
  return std::nullopt;
}

class Planner {
 public:
  explicit Planner(const core::RunReport& report) : m_report(report) {}

  std::vector<Action> run() {
    for (const auto& t : m_report.targets) {
      for (const auto& f : t.findings) {
        if (f.severity == core::Severity::fail || f.severity == core::Severity::warn) {
          target_finding(t, f);
        }
      }
    }
    for (const auto& r : m_report.revocation) {
      for (const auto& f : r.findings) {
        if (revocation_path_code(f.code)) revocation_finding(r, f);
      }
    }
    std::stable_sort(m_actions.begin(), m_actions.end(),
                     [](const Action& a, const Action& b) { return a.kind < b.kind; });
    return std::move(m_actions);
  }

 private:
  Action& action(ActionKind kind, std::string_view device, std::string_view proxy) {
    for (auto& a : m_actions) {
      if (a.kind == kind && a.device == device && a.proxy == proxy) return a;
    }
    Action a;
    a.kind = kind;
    a.device = std::string(device);
    a.proxy = std::string(proxy);
    return m_actions.emplace_back(std::move(a));
  }

  // The revocation entry of `url` with a finding of `code`, or nullptr.
  const core::RevocationResult* revocation_entry(std::string_view url, FindingCode code) const {
    for (const auto& r : m_report.revocation) {
      if (r.url.url != url) continue;
      for (const auto& f : r.findings) {
        if (f.code == code) return &r;
      }
    }
    return nullptr;
  }

  // Where a revocation fetch failed: through the run's proxy, a transparent proxy that
  // answered with its own page, or the firewall.
  std::pair<std::string_view, std::string> revocation_device(const core::HttpOutcome& http,
                                                             FindingCode code) const {
    if (http.through_proxy) return {k_proxy, m_report.environment.proxy};
    if (code == FindingCode::revocation_blocked_by_proxy) return {k_proxy, std::string()};
    return {k_firewall, std::string()};
  }

  void add_revocation(const std::string& url, FindingCode code, const core::HttpOutcome& http,
                      const core::TargetResult* target) {
    const auto [device, proxy] = revocation_device(http, code);
    auto& a = action(ActionKind::allow_revocation, device, proxy);
    add_unique(a.rules, url_host_port(url));
    add_unique(a.urls, url);
    add_unique(a.codes, std::string(core::spec_of(code).wire));
    if (target != nullptr) add_unique(a.targets, host_port(target->target));
  }

  void target_finding(const core::TargetResult& t, const core::Finding& f) {
    if (revocation_path_code(f.code)) {
      const auto url = evidence_of(f, "url");
      if (!url) return;
      const auto* entry = revocation_entry(*url, f.code);
      add_revocation(*url, f.code, entry != nullptr ? entry->outcome.http : core::HttpOutcome{},
                     &t);
      return;
    }
    const auto kind = target_action_kind(f.code);
    if (!kind) return;
    const bool proxied = t.proxy.status != core::ProxyStatus::none;
    std::string_view device = proxied ? k_proxy : k_firewall;
    if (*kind == ActionKind::fix_dns) device = k_dns;
    auto& a = action(*kind, device, proxied && *kind != ActionKind::fix_dns ? t.proxy.proxy : "");
    add_unique(a.codes, std::string(f.wire()));
    add_unique(a.targets, host_port(t.target));
    switch (*kind) {
      case ActionKind::exclude_from_inspection: {
        add_unique(a.rules, t.target.allowlist.empty() ? t.target.host : t.target.allowlist);
        std::string ca = evidence_of(f, "resigning_ca").value_or("");
        if (const auto product = evidence_of(f, "product")) ca += " (" + *product + ")";
        add_unique(a.details, "re-signed by " + ca);
        break;
      }
      case ActionKind::fix_dns:
        add_unique(a.rules, t.target.host);
        break;
      case ActionKind::allow_connect:
      case ActionKind::proxy_authentication:
        add_unique(a.rules, host_port(t.target));
        if (t.proxy.http_status != 0) {
          add_unique(a.details, fmt::format("the proxy answered HTTP {}", t.proxy.http_status));
        }
        break;
      case ActionKind::allow_tcp:
      case ActionKind::allow_revocation:
        add_unique(a.rules, host_port(t.target));
        break;
    }
  }

  void revocation_finding(const core::RevocationResult& r, const core::Finding& f) {
    add_revocation(r.url.url, f.code, r.outcome.http, nullptr);
    // The targets whose chain cites the URL (their copies of the finding are added above).
    auto& a = action(ActionKind::allow_revocation, revocation_device(r.outcome.http, f.code).first,
                     revocation_device(r.outcome.http, f.code).second);
    for (const auto& t : m_report.targets) {
      for (const auto& c : t.chain) {
        if (std::find(r.url.cited_by.begin(), r.url.cited_by.end(), c.subject) !=
            r.url.cited_by.end()) {
          add_unique(a.targets, host_port(t.target));
          break;
        }
      }
    }
  }

  const core::RunReport& m_report;
  std::vector<Action> m_actions;
};

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::string where(const Action& a) {
  if (a.device == k_proxy) {
    return a.proxy.empty() ? std::string("the transparent proxy in the path")
                           : fmt::format("proxy {}", a.proxy);
  }
  if (a.kind == ActionKind::exclude_from_inspection) {
    return "the firewall or transparent proxy that inspects TLS";
  }
  return "the firewall";
}

}  // namespace

std::string_view to_string(ActionKind kind) noexcept {
  switch (kind) {
    case ActionKind::exclude_from_inspection:
      return "exclude_from_inspection";
    case ActionKind::allow_connect:
      return "allow_connect";
    case ActionKind::proxy_authentication:
      return "proxy_authentication";
    case ActionKind::allow_tcp:
      return "allow_tcp";
    case ActionKind::allow_revocation:
      return "allow_revocation";
    case ActionKind::fix_dns:
      return "fix_dns";
  }
  return "allow_tcp";
}

std::vector<Action> plan_actions(const core::RunReport& report) { return Planner(report).run(); }

std::string action_sentence(const Action& a) {
  const auto rules = join(a.rules);
  switch (a.kind) {
    case ActionKind::exclude_from_inspection:
      return fmt::format("Exclude {} from TLS inspection on {}", rules, where(a));
    case ActionKind::allow_connect:
      return fmt::format("Allow CONNECT to {} on {}", rules, where(a));
    case ActionKind::proxy_authentication:
      return fmt::format(
          "Exempt {} from proxy authentication on {} (devices connect before a user signs in)",
          rules, where(a));
    case ActionKind::allow_tcp:
      return fmt::format("Allow outbound TCP and TLS to {} on {}", rules, where(a));
    case ActionKind::allow_revocation:
      return fmt::format(
          "Allow plain HTTP to the revocation host(s) {} without inspection or authentication "
          "on {}",
          rules, where(a));
    case ActionKind::fix_dns:
      return fmt::format(
          "Make {} resolve to the vendor's addresses from this network (DNS forwarders, filters, "
          "split-horizon zones)",
          rules);
  }
  return rules;
}

std::string remediation_for(const core::Finding& finding, const core::VendorProfile& vendor,
                            std::string_view url) {
  if (revocation_path_code(finding.code)) {
    const std::string failed = evidence_of(finding, "url").value_or(std::string(url));
    if (!failed.empty()) {
      return fmt::format(
          "Allow plain HTTP (port 80) to {} without inspection or authentication: {} failed "
          "here, and a client that cannot check revocation refuses the chain.",
          url_host_port(failed), failed);
    }
  }
  return std::string(vendor.remediation(finding.code));
}

namespace {

bool counts(const core::Finding& f) {
  return f.severity == core::Severity::fail || f.severity == core::Severity::warn;
}

// Problems keyed by cause, in order of first appearance.
class ProblemGrouper {
 public:
  explicit ProblemGrouper(const core::RunReport& report) : m_report(report) {}

  // A target's finding: a copy of a revocation URL's (url evidence) joins that URL's problem;
  // an interception is one per re-signing CA; any other one per code and message.
  void add(const core::TargetResult& t, const core::Finding& f) {
    const auto url = evidence_of(f, "url");
    std::string key = std::string(f.wire()) + '\x1f';
    if (url) {
      key += "url\x1f" + *url;
    } else if (f.code == FindingCode::tls_intercepted) {
      key += evidence_of(f, "resigning_ca").value_or("");
    } else {
      key += f.message;
    }
    auto* p = slot(key);
    if (p == nullptr) {
      Problem fresh;
      fresh.finding = &f;
      fresh.target = url ? nullptr : &t;
      fresh.vendor = url ? &m_report.vendor() : &core::vendor_or_builtin(t.target.vendor.get());
      fresh.where = url ? *url : host_port(t.target);
      p = &m_keyed.emplace_back(key, std::move(fresh)).second;
    }
    add_unique(p->targets, host_port(t.target));
  }

  // A revocation URL's own finding: it carries the whole evidence, so it represents the
  // problem its copies on the targets started.
  void add(const core::RevocationResult& r, const core::Finding& f) {
    const auto key = std::string(f.wire()) + "\x1furl\x1f" + r.url.url;
    if (auto* p = slot(key)) {
      p->finding = &f;
      return;
    }
    Problem fresh;
    fresh.finding = &f;
    fresh.vendor = &m_report.vendor();
    fresh.where = r.url.url;
    m_keyed.emplace_back(key, std::move(fresh));
  }

  std::vector<Problem> take() {
    std::vector<Problem> out;
    out.reserve(m_keyed.size());
    for (auto& entry : m_keyed) out.push_back(std::move(entry.second));
    return out;
  }

 private:
  Problem* slot(const std::string& key) {
    for (auto& [k, p] : m_keyed) {
      if (k == key) return &p;
    }
    return nullptr;
  }

  const core::RunReport& m_report;
  std::vector<std::pair<std::string, Problem>> m_keyed;
};

}  // namespace

std::vector<Problem> group_problems(const core::RunReport& report) {
  ProblemGrouper grouper(report);
  for (const auto& t : report.targets) {
    for (const auto& f : t.findings) {
      if (counts(f)) grouper.add(t, f);
    }
  }
  for (const auto& r : report.revocation) {
    for (const auto& f : r.findings) {
      if (counts(f)) grouper.add(r, f);
    }
  }
  return grouper.take();
}

}  // namespace probe::report
