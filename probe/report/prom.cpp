#include "report/prom.hpp"

#include <fmt/format.h>

#include <chrono>
#include <map>
#include <tuple>

#include "core/text.hpp"
#include "lib/curl/url.hpp"

namespace probe::report {
namespace {

// One metric family: HELP, TYPE and its samples, written together as the format requires.
class Family {
 public:
  Family(std::string_view name, std::string_view help) : m_name(name), m_help(help) {}
  void sample(std::string_view labels, double value) {
    m_samples += fmt::format("{}{{{}}} {}\n", m_name, labels, fmt::format("{:g}", value));
  }
  void sample_int(std::string_view labels, long long value) {
    m_samples += fmt::format("{}{{{}}} {}\n", m_name, labels, value);
  }
  void write(std::string& out) const {
    if (m_samples.empty()) return;
    out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{}", m_name, m_help, m_name, m_samples);
  }

 private:
  std::string m_name;
  std::string m_help;
  std::string m_samples;
};

std::string target_labels(const core::Target& t, std::string_view site) {
  return fmt::format(R"(host="{}",group="{}",port="{}",site="{}")", prom_label_escape(t.host),
                     prom_label_escape(t.group), t.port, site);
}

double seconds(core::Millis value) { return static_cast<double>(value.count()) / 1000.0; }

int severity_number(core::Severity s) {
  switch (s) {
    case core::Severity::fail:
      return 2;
    case core::Severity::warn:
      return 1;
    case core::Severity::pass:
    case core::Severity::info:
      break;
  }
  return 0;
}

bool has(const std::vector<core::Finding>& findings, core::FindingCode code) {
  for (const auto& f : findings) {
    if (f.code == code) return true;
  }
  return false;
}

bool revocation_reachable(const core::RevocationResult& r) {
  const auto& http = r.outcome.http;
  if (!http.attempted || http.status < 200 || http.status > 299) return false;
  return !has(r.findings, core::FindingCode::revocation_blocked_by_proxy) &&
         !has(r.findings, core::FindingCode::revocation_unreachable) &&
         !has(r.findings, core::FindingCode::revocation_dns_failed);
}

// The value of the first `key` evidence pair of `code`'s finding on `findings`, or "".
std::string finding_evidence(const std::vector<core::Finding>& findings, core::FindingCode code,
                             std::string_view key) {
  for (const auto& f : findings) {
    if (f.code != code) continue;
    for (const auto& [k, v] : f.evidence) {
      if (k == key) return v;
    }
  }
  return {};
}

// The labels of the chain a target presented, in the style of blackbox_exporter's
// probe_ssl_last_chain_info: the leaf's subject, issuer, serial and expiry, and when the chain
// was re-signed, the re-signing CA's subject and pin and the inspection product.
std::string chain_info_labels(const core::TargetResult& t) {
  const auto& leaf = t.chain.front();
  std::string resigning;
  std::string resigning_pin;
  std::string product;
  if (t.verdict_detail) {
    resigning = t.verdict_detail->resigning_ca_subject;
    resigning_pin = t.verdict_detail->resigning_ca_pin;
    product = t.verdict_detail->product;
  }
  using core::FindingCode;
  if (resigning.empty()) {
    resigning = finding_evidence(t.findings, FindingCode::tls_intercepted, "resigning_ca");
  }
  if (resigning_pin.empty()) {
    resigning_pin = finding_evidence(t.findings, FindingCode::tls_intercepted, "resigning_ca_pin");
  }
  if (product.empty()) {
    product = finding_evidence(t.findings, FindingCode::tls_intercepted, "product");
  }
  return fmt::format(
      R"(subject="{}",issuer="{}",serialnumber="{}",fingerprint_sha256="{}",leaf_not_after="{}",)"
      R"(resigning_ca="{}",resigning_ca_pin="{}",product="{}")",
      prom_label_escape(leaf.subject), prom_label_escape(leaf.issuer),
      prom_label_escape(leaf.serial_hex), prom_label_escape(leaf.sha256_fingerprint),
      core::format_utc(leaf.not_after), prom_label_escape(resigning),
      prom_label_escape(resigning_pin), prom_label_escape(product));
}

}  // namespace

std::string prom_label_escape(std::string_view value) {
  const auto visible = core::escape_control(value, 512);
  std::string out;
  out.reserve(visible.size());
  for (const char c : visible) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string render_prom(const core::RunReport& report) {
  const auto site = prom_label_escape(report.environment.site);
  const auto run_labels = fmt::format(R"(site="{}")", site);
  Family up("pinprobe_target_up",
            "1 when the target resolved, connected and completed a TLS handshake.");
  Family verdict("pinprobe_target_verdict", "Verdict of the target: 0 pass, 1 warn, 2 fail.");
  Family intercepted("pinprobe_tls_intercepted",
                     "1 when a device in the path re-signed the TLS connection (TLS_INTERCEPTED).");
  Family chain_info("pinprobe_tls_last_chain_info",
                    "The chain the target presented: leaf subject, issuer, serial, expiry, and "
                    "the re-signing CA (subject, pin) and product when it was re-signed.");
  Family build_info("pinprobe_build_info",
                    "pinprobe's version and the libraries it runs with; always 1.");
  Family pin("pinprobe_pin_match",
             "1 when the verified chain matches the group's pinset, 0 when it does not.");
  Family mtls("pinprobe_mtls_client_cert_requested",
              "1 when the server asked for a client certificate (groups that expect one).");
  Family expiry("pinprobe_cert_expiry_timestamp_seconds",
                "Expiry of the presented leaf certificate, Unix seconds.");
  Family dns("pinprobe_dns_duration_seconds", "Time the DNS resolution took.");
  Family tcp("pinprobe_tcp_duration_seconds", "Time the TCP connection took.");
  Family tls("pinprobe_tls_duration_seconds", "Time the TLS handshake took.");
  Family findings("pinprobe_findings", "Findings per target (and revocation host) by code.");
  Family rev_up("pinprobe_revocation_reachable",
                "1 when the revocation URL answered on port 80 with a 2xx, not a proxy's page.");
  Family rev_verdict("pinprobe_revocation_verdict",
                     "Verdict of the revocation URL: 0 pass, 1 warn, 2 fail.");
  Family rev_time("pinprobe_revocation_duration_seconds", "Time the revocation fetch took.");
  Family run_duration("pinprobe_probe_duration_seconds", "Time the whole run took.");
  Family run_verdict("pinprobe_run_verdict", "Verdict of the run: 0 pass, 1 warn, 2 fail.");
  Family run_time("pinprobe_run_timestamp_seconds", "When the run started, Unix seconds.");
  Family run_targets("pinprobe_targets", "Targets of the run by verdict.");
  Family route_info("pinprobe_target_route_info",
                    "The route each target was probed along (1): the entry used, who decided.");
  Family path_differs("pinprobe_path_verdict_differs",
                      "--compare-paths: 1 when DIRECT and the device's route disagree.");
  Family run_skipped("pinprobe_skipped_hosts",
                     "Configured hosts not probed (for example {org} hosts without --org).");

  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  std::map<Key, int> finding_counts;  // (labels, code, severity) -> count; sorted, no dupes
  std::map<std::string, std::string> target_series;  // dedupe: same host:port twice

  for (const auto& t : report.targets) {
    const auto labels = target_labels(t.target, site);
    if (!target_series.emplace(labels, labels).second) continue;
    up.sample_int(labels, t.tls.status == core::TlsStatus::handshake_ok ? 1 : 0);
    verdict.sample_int(labels, severity_number(t.verdict()));
    // Interception is known only when a chain came: no handshake, no series (not a false 0).
    if (!t.chain.empty() || has(t.findings, core::FindingCode::tls_intercepted)) {
      intercepted.sample_int(labels, has(t.findings, core::FindingCode::tls_intercepted) ? 1 : 0);
    }
    if (!t.chain.empty()) chain_info.sample_int(labels + "," + chain_info_labels(t), 1);
    if (t.verdict_detail && t.target.pinset.has_value()) {
      const auto& v = *t.verdict_detail;
      pin.sample_int(labels, v.anchor_verified && !v.matched_pin.empty() ? 1 : 0);
    }
    if (t.target.expect_client_cert_request && t.tls.status == core::TlsStatus::handshake_ok) {
      mtls.sample_int(labels, t.tls.client_cert_requested ? 1 : 0);
    }
    if (!t.chain.empty()) {
      expiry.sample_int(labels, std::chrono::duration_cast<std::chrono::seconds>(
                                    t.chain.front().not_after.time_since_epoch())
                                    .count());
    }
    if (t.dns.status != core::DnsStatus::not_run) dns.sample(labels, seconds(t.dns.elapsed));
    if (t.tcp.status != core::TcpStatus::not_run) tcp.sample(labels, seconds(t.tcp.elapsed));
    if (t.tls.status != core::TlsStatus::not_run) tls.sample(labels, seconds(t.tls.elapsed));
    for (const auto& f : t.findings) {
      ++finding_counts[Key{labels, std::string(f.wire()), std::string(core::to_string(f.severity)),
                           ""}];
    }
    if (!t.route.empty()) {
      route_info.sample_int(
          fmt::format(R"({},route="{}",source="{}")", labels,
                      prom_label_escape(t.route.used.empty() ? "none" : t.route.used),
                      prom_label_escape(t.route.source)),
          1);
    }
    if (t.compare) path_differs.sample_int(labels, t.compare->differs() ? 1 : 0);
  }
  std::map<std::string, int> revocation_series;
  for (const auto& r : report.revocation) {
    const auto labels = fmt::format(R"(url="{}",kind="{}",host="{}",site="{}")",
                                    prom_label_escape(r.url.url), core::to_string(r.url.kind),
                                    prom_label_escape(lib::curl::url_host(r.url.url)), site);
    if (!revocation_series.emplace(labels, 0).second) continue;
    rev_up.sample_int(labels, revocation_reachable(r) ? 1 : 0);
    rev_verdict.sample_int(labels, severity_number(r.verdict()));
    if (r.outcome.http.attempted) rev_time.sample(labels, seconds(r.outcome.http.elapsed));
    const auto host_labels = fmt::format(R"(host="{}",group="revocation",port="80",site="{}")",
                                         prom_label_escape(lib::curl::url_host(r.url.url)), site);
    for (const auto& f : r.findings) {
      ++finding_counts[Key{host_labels, std::string(f.wire()),
                           std::string(core::to_string(f.severity)), ""}];
    }
  }
  for (const auto& [key, count] : finding_counts) {
    findings.sample_int(fmt::format(R"({},code="{}",severity="{}")", std::get<0>(key),
                                    std::get<1>(key), std::get<2>(key)),
                        count);
  }
  run_duration.sample(run_labels, seconds(report.duration));
  run_verdict.sample_int(run_labels, severity_number(report.verdict()));
  run_time.sample_int(run_labels, std::chrono::duration_cast<std::chrono::seconds>(
                                      report.started_at.time_since_epoch())
                                      .count());
  const auto s = report.summary();
  run_targets.sample_int(fmt::format(R"(site="{}",verdict="pass")", site), s.pass);
  run_targets.sample_int(fmt::format(R"(site="{}",verdict="warn")", site), s.warn);
  run_targets.sample_int(fmt::format(R"(site="{}",verdict="fail")", site), s.fail);
  run_skipped.sample_int(run_labels, static_cast<long long>(report.skipped.size()));
  build_info.sample_int(
      fmt::format(R"(version="{}",openssl="{}",curl="{}",cares="{}")",
                  prom_label_escape(report.tool.version), prom_label_escape(report.tool.openssl),
                  prom_label_escape(report.tool.curl), prom_label_escape(report.tool.cares)),
      1);

  std::string out;
  for (const auto* family :
       {&up,          &verdict,    &intercepted,  &chain_info,  &pin,      &mtls,
        &expiry,      &dns,        &tcp,          &tls,         &findings, &rev_up,
        &rev_verdict, &rev_time,   &run_duration, &run_verdict, &run_time, &run_targets,
        &run_skipped, &route_info, &path_differs, &build_info}) {
    family->write(out);
  }
  return out;
}

}  // namespace probe::report
