// pinprobe scep URL: is the MDM profile's trusted CA the CA this SCEP endpoint serves?
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "config/file_source.hpp"
#include "connect/transport.hpp"
#include "core/clock.hpp"
#include "core/text.hpp"
#include "report/document.hpp"
#include "report/json_report.hpp"
#include "scep/scep.hpp"
#include "tls/certificate.hpp"

namespace probe::cli {
namespace {

struct ScepArgs {
  std::string url;
  std::optional<std::string> trusted_ca;
  std::optional<std::string> thumbprint;
  NetworkArgs network;
  OutputArgs out;
  bool strict = false;
};

core::Result<scep::Expectation> expectation_of(const ScepArgs& args) {
  scep::Expectation e;
  if (args.thumbprint) {
    auto t = scep::parse_thumbprint(*args.thumbprint);
    if (!t) return core::unexpected(t.error());
    e.thumbprint = std::move(*t);
  }
  if (args.trusted_ca) {
    auto bytes = config::read_file(*args.trusted_ca);
    if (!bytes) return core::unexpected(bytes.error());
    auto ders = tls::load_certificates(*bytes, *args.trusted_ca);
    if (!ders) return core::unexpected(ders.error());
    auto facts = tls::describe_certificate(ders->front());
    if (!facts) {
      return core::unexpected(core::ErrorKind::config,
                              fmt::format("{}: {}", *args.trusted_ca, facts.error().message));
    }
    e.trusted_ca = std::move(*facts);
    e.trusted_ca_source = *args.trusted_ca;
  }
  return e;
}

std::string render_text(const scep::Observation& o, const std::vector<core::Finding>& findings) {
  std::string out = fmt::format("{}\n", core::escape_control(o.urls.base));
  if (!o.capabilities.empty()) {
    std::string caps;
    for (const auto& c : o.capabilities)
      caps += (caps.empty() ? "" : ", ") + core::escape_control(c, 64);
    out += fmt::format("  capabilities  {}\n", caps);
  }
  if (o.capabilities_ignored > 0) {
    out += fmt::format("  capabilities  {} GetCACaps lines ignored (not RFC 8894 keywords)\n",
                       o.capabilities_ignored);
  }
  for (std::size_t i = 0; i < o.certificates.size(); ++i) {
    const auto& c = o.certificates[i];
    out += fmt::format("  certificate {}/{}\n", i + 1, o.certificates.size());
    out += fmt::format("    subject     {}\n", core::escape_control(c.subject));
    out += fmt::format("    issuer      {}\n", core::escape_control(c.issuer));
    out += fmt::format("    validity    {} .. {}\n", core::format_utc(c.not_before),
                       core::format_utc(c.not_after));
    out += fmt::format("    SHA-1       {}  (Windows thumbprint)\n", c.sha1_thumbprint);
    out += fmt::format("    SHA-256     {}\n", c.sha256_fingerprint);
    out += fmt::format("    role        {}\n", c.self_signed ? "self-signed root CA"
                                               : c.is_ca     ? "CA (not a root)"
                                                             : "RA / end entity");
  }
  for (const auto& f : findings) {
    out += fmt::format("{:<28} {:<5} {}\n", f.wire(), core::to_string(f.severity),
                       core::escape_control(f.message));
    for (const auto& [key, value] : f.evidence) {
      out += fmt::format("  {:<16} {}\n", key, core::escape_control(value));
    }
    if (f.severity == core::Severity::fail || f.severity == core::Severity::warn) {
      out += fmt::format("  {:<16} {}\n", "remediation", f.remediation());
    }
  }
  return out;
}

nlohmann::json scep_json(const scep::Observation& o, const std::vector<core::Finding>& findings) {
  auto certs = nlohmann::json::array();
  for (const auto& c : o.certificates) certs.push_back(report::cert_json(c));
  auto list = nlohmann::json::array();
  for (const auto& f : findings) list.push_back(report::finding_json(f));
  return {{"schema", "pinprobe.scep/v1"},
          {"url", core::escape_control(o.urls.base)},
          {"capabilities", o.capabilities},
          {"capabilities_ignored", o.capabilities_ignored},
          {"certificates", std::move(certs)},
          {"verdict", std::string(core::to_string(core::worst(findings)))},
          {"findings", std::move(list)}};
}

// Fetches, judges and prints; the exit status follows the findings' verdict (exit_status).
core::Result<int> report_scep(const ScepArgs& args, core::HttpClient& client,
                              const scep::ScepUrls& urls, const scep::Expectation& expected,
                              const core::ProbeSettings& settings, const core::Clock& clock) {
  const auto observed = scep::fetch(client, urls, settings.max_download, settings.deadline, clock);
  const auto findings = scep::judge_scep(observed, expected);
  report::Document document{"scep", core::escape_control(observed.urls.base),
                            report::check_items(findings), render_text(observed, findings)};
  document.json = scep_json(observed, findings);
  return finish_document(document, args.out, args.strict);
}

core::Result<int> run_scep(const ScepArgs& args) {
  auto urls = scep::scep_urls(args.url);
  if (!urls) return core::unexpected(urls.error());
  auto settings = to_settings(args.network);
  if (!settings) return core::unexpected(settings.error());
  auto expected = expectation_of(args);
  if (!expected) return core::unexpected(expected.error());
  const core::SystemClock clock;
  auto client = connect::make_http_client(*settings, clock);
  if (!client) return core::unexpected(client.error());
  return report_scep(args, **client, *urls, *expected, *settings, clock);
}

}  // namespace

CommandFn add_scep_command(CLI::App& app) {
  auto args = std::make_shared<ScepArgs>();
  app.add_option("url", args->url, "the SCEP URL of the MDM profile")->required();
  auto* ca = app.add_option("--trusted-ca", args->trusted_ca,
                            "the certificate uploaded to the MDM's trusted-certificate profile");
  app.add_option("--thumbprint", args->thumbprint, "expected CA thumbprint (SHA-1 or SHA-256)")
      ->excludes(ca);
  add_network_options(app, args->network);
  add_output_options(app, args->out,
                     {core::k_report_formats.begin(), core::k_report_formats.end()});
  add_strict_option(app, args->strict);
  return [args] { return run_scep(*args); };
}

}  // namespace probe::cli
