// pinprobe cert FILE...: what a certificate file holds, with the facts pinprobe judges by.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "config/defaults.hpp"
#include "config/file_source.hpp"
#include "core/clock.hpp"
#include "core/text.hpp"
#include "report/document.hpp"
#include "report/json_report.hpp"
#include "tls/certificate.hpp"
#include "tls/judge.hpp"

namespace probe::cli {
namespace {

struct CertArgs {
  std::vector<std::string> files;
  std::optional<std::string> pins;
  OutputArgs out;
  bool strict = false;
};

struct PinMatch {
  std::string pinset;
  std::string label;
  std::string role;
};

std::optional<PinMatch> match_pin(const config::PinsetCatalog& catalog, const std::string& pin) {
  for (const auto& set : catalog.pinsets) {
    if (const auto* p = set.find_pin(pin))
      return PinMatch{set.name, p->label,
                      p->role ? std::string(core::to_string(*p->role)) : std::string()};
  }
  return std::nullopt;
}

std::string join(const std::vector<std::string>& items) {
  if (items.empty()) return "-";
  std::vector<std::string> shown;
  for (const auto& item : items) shown.push_back(core::escape_control(item, 256));
  return fmt::format("{}", fmt::join(shown, ", "));
}

std::string validity(const core::CertFacts& c, core::SysTime now) {
  const auto days = std::chrono::floor<std::chrono::days>(c.not_after - now).count();
  std::string state;
  if (now < c.not_before) {
    state = "not valid yet";
  } else if (days < 0) {
    state = fmt::format("expired {} days ago", -days);
  } else {
    state = fmt::format("expires in {} days", days);
  }
  return fmt::format("{} .. {} ({})", core::format_utc(c.not_before), core::format_utc(c.not_after),
                     state);
}

std::string key_text(const core::CertFacts& c) {
  if (!c.curve.empty()) return fmt::format("{} {} ({})", c.key_type, c.key_bits, c.curve);
  return fmt::format("{} {}", c.key_type, c.key_bits);
}

void append_text(std::string& out, const core::CertFacts& c, const std::optional<PinMatch>& match,
                 core::SysTime now) {
  auto row = [&out](std::string_view name, const std::string& value) {
    out += fmt::format("  {:<13} {}\n", name, value);
  };
  row("subject", core::escape_control(c.subject));
  row("issuer", core::escape_control(c.issuer));
  row("serial", c.serial_hex);
  row("validity", validity(c, now));
  row("DNS names", join(c.dns_names));
  if (!c.ip_addresses.empty()) row("IP addresses", join(c.ip_addresses));
  row("key", key_text(c));
  row("signature", c.signature_algorithm);
  row("CA", c.is_ca ? "yes" : "no");
  row("self-signed", c.self_signed ? "yes" : "no");
  row("SPKI pin", c.spki_pin);
  row("SHA-256", c.sha256_fingerprint);
  row("SHA-1", c.sha1_thumbprint + "  (Windows thumbprint)");
  row("SCTs", std::to_string(c.sct_count));
  row("CRL", join(c.crl_urls));
  row("OCSP", join(c.ocsp_urls));
  row("caIssuers", join(c.ca_issuers_urls));
  row("pinset", match ? fmt::format("{}: {} ({})", match->pinset,
                                    core::escape_control(match->label), match->role)
                      : "no pin matches");
}

// The verdict `cert` and `pins show` give a certificate: warn when it is outside its validity
// period (so --strict fails on it), pass otherwise. They inspect; they do not judge a path.
core::Severity validity_verdict(const core::CertFacts& c, core::SysTime now) {
  return now < c.not_before || now > c.not_after ? core::Severity::warn : core::Severity::pass;
}

// The trust of one file read as a chain (leaf first): public root or not, and which pinsets
// it matches on a verified path (tls::describe_trust). Appends to `text`; returns the JSON.
nlohmann::json chain_trust(const std::string& name, const std::vector<std::string>& certs,
                           const config::PinsetCatalog& catalog, const core::Clock& clock,
                           std::string& text) {
  const auto trust = tls::describe_trust(certs, catalog, clock);
  text += fmt::format("{} chain: public root: {}\n", name,
                      trust.public_root ? core::escape_control(trust.public_anchor) : "no");
  auto pinsets = nlohmann::json::array();
  for (const auto& set : trust.pinsets) {
    std::string matched;
    auto hits = nlohmann::json::array();
    for (const auto& hit : set.matches) {
      matched += fmt::format("{}{} ({})", matched.empty() ? "" : ", ",
                             core::escape_control(hit.label), core::to_string(hit.role));
      hits.push_back({{"pin", hit.pin},
                      {"label", hit.label},
                      {"role", std::string(core::to_string(hit.role))}});
    }
    text += fmt::format("  pinset {}: {}\n", set.pinset,
                        !set.verified         ? std::string("does not verify to its anchors")
                        : set.matches.empty() ? std::string("verifies, no pin matches")
                                              : "matches " + matched);
    pinsets.push_back({{"pinset", set.pinset}, {"verified", set.verified}, {"matches", hits}});
  }
  return {{"public_root", trust.public_root},
          {"public_anchor", trust.public_anchor},
          {"pinsets", std::move(pinsets)}};
}

// The item of one certificate: its validity verdict, with the facts a ticket needs.
report::CheckItem certificate_item(std::string name, const core::CertFacts& c,
                                   const std::optional<PinMatch>& match, core::SysTime now) {
  const auto severity = validity_verdict(c, now);
  report::CheckItem item{std::move(name), severity, validity(c, now), {}, {}};
  item.details = {
      {"subject", c.subject},
      {"issuer", c.issuer},
      {"SHA-256", c.sha256_fingerprint},
      {"SPKI pin", c.spki_pin},
      {"pinset", match ? fmt::format("{}: {} ({})", match->pinset, match->label, match->role)
                       : std::string("no pin matches")}};
  if (severity != core::Severity::pass) {
    item.remediation = "outside its validity period: replace it with a current certificate";
  }
  return item;
}

// One file: each certificate's facts and pin match, then the file as a chain: the text view,
// one item per certificate and the file's JSON document appended to `document`. Fails
// (config, io).
core::Result<void> describe_file(const std::string& file, const config::PinsetCatalog& catalog,
                                 const core::Clock& clock, bool several_files,
                                 report::Document& document) {
  auto& text = document.text;
  auto bytes = config::read_file(file);
  if (!bytes) return core::unexpected(bytes.error());
  const auto name = file == "-" ? std::string("<stdin>") : file;
  auto certs = tls::load_certificates(*bytes, name);
  if (!certs) return core::unexpected(certs.error());
  auto list = nlohmann::json::array();
  for (std::size_t i = 0; i < certs->size(); ++i) {
    auto facts = tls::describe_certificate((*certs)[i]);
    if (!facts) {
      return core::unexpected(core::ErrorKind::config, fmt::format("{}: certificate {}: {}", name,
                                                                   i + 1, facts.error().message));
    }
    auto match = match_pin(catalog, facts->spki_pin);
    // A pin listed without role or cert: this certificate says which role it plays.
    if (match && match->role.empty()) {
      match->role = std::string(core::to_string(core::certificate_role(*facts)));
    }
    const auto label = fmt::format(
        "[{}/{}] {}", i + 1, certs->size(),
        core::escape_control(facts->common_name.empty() ? facts->subject : facts->common_name));
    const auto title = fmt::format("{} {}", core::escape_control(name), label);
    text += title + "\n";
    append_text(text, *facts, match, clock.now());
    // The item names its file only when the document is about several.
    document.items.push_back(
        certificate_item(several_files ? title : label, *facts, match, clock.now()));
    auto item = report::cert_json(*facts);
    item["pinset_match"] = match ? nlohmann::json{{"pinset", match->pinset},
                                                  {"label", match->label},
                                                  {"role", match->role}}
                                 : nlohmann::json(nullptr);
    list.push_back(std::move(item));
  }
  auto trust = chain_trust(name, *certs, catalog, clock, text);
  document.json.push_back(
      {{"file", name}, {"certificates", std::move(list)}, {"chain_trust", std::move(trust)}});
  return {};
}

core::Result<int> run_cert(const CertArgs& args) {
  auto catalog = config::load_pinset_catalog(args.pins);
  if (!catalog) return core::unexpected(catalog.error());
  const core::SystemClock clock;
  report::Document document;
  document.command = "cert";
  document.subject = args.files.size() != 1 ? fmt::format("{} files", args.files.size())
                     : args.files[0] == "-" ? std::string("<stdin>")
                                            : args.files[0];
  document.json = nlohmann::json::array();
  for (const auto& file : args.files) {
    if (auto ok = describe_file(file, *catalog, clock, args.files.size() > 1, document); !ok) {
      return core::unexpected(ok.error());
    }
  }
  return finish_document(document, args.out, args.strict);
}

}  // namespace

CommandFn add_cert_command(CLI::App& app) {
  auto args = std::make_shared<CertArgs>();
  app.add_option("files", args->files, "PEM, DER or PKCS#7 files ('-' for stdin)")->required();
  app.add_option("--pins", args->pins, "pinset directory to match against (default: built-in)");
  add_output_options(app, args->out,
                     {core::k_report_formats.begin(), core::k_report_formats.end()});
  add_strict_option(app, args->strict);
  return [args] { return run_cert(*args); };
}

}  // namespace probe::cli
