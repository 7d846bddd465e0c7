#include "scep/scep.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>

#include "core/text.hpp"
#include "lib/curl/url.hpp"
#include "tls/certificate.hpp"

namespace probe::scep {

using core::ErrorKind;
using core::FindingCode;
using core::unexpected;

namespace {

// RFC 8894 §3.5.1: "message" names the CA when a server hosts several; servers that host
// one ignore it. CAIdentifier is what common clients (sscep, certmonger) send.
constexpr std::string_view k_message = "CAIdentifier";

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) s.remove_suffix(1);
  return s;
}

// An HTTP answer arrived. Through an explicit proxy the proxy resolves the name, so the DNS
// status stays not_run then.
bool fetched(const core::HttpResponse& r) {
  return (r.outcome.dns == core::DnsStatus::ok || r.outcome.through_proxy) &&
         r.outcome.tcp == core::TcpStatus::connected && r.outcome.status > 0;
}

std::string cert_name(const core::CertFacts& c) {
  return core::escape_control(c.common_name.empty() ? c.subject : c.common_name, 256);
}

// The CA among the served certificates (an RA certificate is not a CA); `o` has at least one.
const core::CertFacts& served_ca(const Observation& o) {
  const auto it = std::find_if(o.certificates.begin(), o.certificates.end(),
                               [](const core::CertFacts& c) { return c.is_ca; });
  return it != o.certificates.end() ? *it : o.certificates.front();
}

std::string served_thumbprints(const Observation& o, bool sha256) {
  std::vector<std::string> served;
  for (const auto& c : o.certificates) {
    served.push_back(
        fmt::format("{} ({})", sha256 ? c.sha256_fingerprint : c.sha1_thumbprint, cert_name(c)));
  }
  return fmt::format("{}", fmt::join(served, ", "));
}

const core::CertFacts* find_by_thumbprint(const Observation& o, const Thumbprint& t) {
  for (const auto& c : o.certificates) {
    if ((t.is_sha256() ? c.sha256_fingerprint : c.sha1_thumbprint) == t.hex) return &c;
  }
  return nullptr;
}

core::Finding judge_thumbprint(const Observation& o, const Thumbprint& t) {
  core::Evidence ev{{"expected", t.hex}, {"served SHA-1", served_thumbprints(o, false)}};
  const auto* match = find_by_thumbprint(o, t);
  if (match != nullptr && !match->is_ca && served_ca(o).is_ca) {
    // RFC 8894 §3.5.1: the RA certificate only signs SCEP messages; the profile must trust
    // the CA that issues the device certificates.
    const auto& ca = served_ca(o);
    ev.emplace_back("hint", fmt::format("{} is the RA certificate; the profile needs the CA {} "
                                        "(SHA-1 {})",
                                        cert_name(*match), cert_name(ca), ca.sha1_thumbprint));
    return core::make_finding(FindingCode::scep_ca_thumbprint_mismatch,
                              "the expected thumbprint is the endpoint's RA, not its CA",
                              std::move(ev));
  }
  if (match != nullptr) {
    if (t.is_sha256()) {
      ev.emplace_back("hint", fmt::format("Windows profiles take the SHA-1 thumbprint: {}",
                                          match->sha1_thumbprint));
    }
    return core::make_finding(
        FindingCode::scep_ok,
        fmt::format("the endpoint serves the expected CA {}", cert_name(*match)), std::move(ev));
  }
  if (t.is_sha256()) {
    ev.emplace_back("served SHA-256", served_thumbprints(o, true));
    ev.emplace_back("hint",
                    "a SHA-256 value was given; Windows shows and expects the SHA-1 thumbprint "
                    "(40 hex digits)");
  }
  return core::make_finding(FindingCode::scep_ca_thumbprint_mismatch,
                            "the expected thumbprint is not the CA the endpoint serves",
                            std::move(ev));
}

core::Finding judge_trusted_ca(const Observation& o, const core::CertFacts& t,
                               const std::string& source) {
  core::Evidence ev{{"trusted CA", core::escape_control(t.subject)},
                    {"trusted CA SHA-1", t.sha1_thumbprint},
                    {"served SHA-1", served_thumbprints(o, false)}};
  if (!source.empty()) ev.insert(ev.begin(), {"file", core::escape_control(source)});
  if (!t.self_signed) {
    ev.emplace_back("issuer", core::escape_control(t.issuer));
    for (const auto& c : o.certificates) {
      if (c.self_signed && tls::names_issuer_of(c.der, t.der)) {
        ev.emplace_back("root to upload",
                        fmt::format("{} (SHA-1 {})", cert_name(c), c.sha1_thumbprint));
      }
    }
    return core::make_finding(FindingCode::scep_trusted_ca_not_root,
                              "the trusted-certificate profile holds an intermediate, not the root",
                              std::move(ev));
  }
  for (const auto& c : o.certificates) {
    if (c.sha1_thumbprint == t.sha1_thumbprint) {
      return core::make_finding(
          FindingCode::scep_ok,
          fmt::format("the profile's CA {} is the CA the endpoint serves", cert_name(c)),
          std::move(ev));
    }
  }
  return core::make_finding(FindingCode::scep_ca_thumbprint_mismatch,
                            "the profile's CA is not the CA the endpoint serves", std::move(ev));
}

void judge_caps(const Observation& o, std::vector<core::Finding>& out) {
  core::Evidence ev{{"url", core::escape_control(o.urls.caps)}};
  if (!fetched(o.caps) || o.caps.outcome.status != 200) {
    ev.emplace_back("status", std::to_string(o.caps.outcome.status));
    out.push_back(core::make_finding(FindingCode::scep_caps_weak,
                                     "GetCACaps did not answer; capabilities unknown",
                                     std::move(ev)));
    return;
  }
  auto has = [&](std::initializer_list<std::string_view> names) {
    return std::any_of(o.capabilities.begin(), o.capabilities.end(), [&](const std::string& c) {
      const auto lower = core::to_lower(c);
      return std::any_of(names.begin(), names.end(), [&](auto n) { return lower == n; });
    });
  };
  std::vector<std::string> missing;
  if (!has({"sha-256", "sha-512"})) missing.emplace_back("SHA-256");
  if (!has({"aes"})) missing.emplace_back("AES");
  if (missing.empty()) return;
  std::string caps;
  for (const auto& c : o.capabilities)
    caps += (caps.empty() ? "" : ", ") + core::escape_control(c, 64);
  ev.emplace_back("capabilities", caps.empty() ? "-" : caps);
  out.push_back(core::make_finding(FindingCode::scep_caps_weak,
                                   fmt::format("GetCACaps does not offer {}",
                                               missing.size() == 2 ? "SHA-256 or AES" : missing[0]),
                                   std::move(ev)));
}

}  // namespace

core::Result<ScepUrls> scep_urls(std::string_view url) {
  const auto t = trim(url);
  const auto parsed = lib::curl::parse_url(t, lib::curl::UrlMode::allow_no_host);
  if (!parsed || (parsed->scheme != "http" && parsed->scheme != "https")) {
    return unexpected(ErrorKind::usage, fmt::format("{}: not an http:// or https:// SCEP URL",
                                                    core::escape_control(t, 256)));
  }
  if (parsed->host.empty()) {
    return unexpected(ErrorKind::usage,
                      fmt::format("{}: the SCEP URL has no host", core::escape_control(t, 256)));
  }
  auto base = std::string(t.substr(0, t.find_first_of("?#")));
  ScepUrls urls;
  urls.caps = fmt::format("{}?operation=GetCACaps&message={}", base, k_message);
  urls.ca_cert = fmt::format("{}?operation=GetCACert&message={}", base, k_message);
  urls.base = std::move(base);
  return urls;
}

core::Result<Thumbprint> parse_thumbprint(std::string_view text) {
  std::string hex;
  for (char c : text) {
    if (c == ':' || c == ' ' || c == '\t' || c == '-') continue;
    if (std::isxdigit(static_cast<unsigned char>(c)) == 0) {
      return unexpected(ErrorKind::usage, fmt::format("--thumbprint: '{}' is not hexadecimal",
                                                      core::escape_control(text, 128)));
    }
    hex += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (hex.size() != 40 && hex.size() != 64) {
    return unexpected(
        ErrorKind::usage,
        fmt::format("--thumbprint: {} hex digits; expected 40 (SHA-1) or 64 (SHA-256)",
                    hex.size()));
  }
  return Thumbprint{hex};
}

CapsList parse_caps_list(std::string_view body) {
  const auto is_keyword = [](std::string_view line) {
    return line.size() <= k_max_capability_bytes &&
           std::all_of(line.begin(), line.end(), [](char c) {
             return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' ||
                    c == '+' || c == '_';
           });
  };
  CapsList out;
  std::size_t start = 0;
  while (start <= body.size()) {
    const auto end = body.find('\n', start);
    const auto line =
        trim(body.substr(start, end == std::string_view::npos ? body.npos : end - start));
    if (!line.empty()) {
      const bool seen =
          std::find(out.keywords.begin(), out.keywords.end(), line) != out.keywords.end();
      if (!is_keyword(line) || (!seen && out.keywords.size() >= k_max_capabilities)) {
        ++out.ignored;
      } else if (!seen) {
        out.keywords.emplace_back(line);
      }
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

std::vector<std::string> parse_caps(std::string_view body) {
  return parse_caps_list(body).keywords;
}

Observation fetch(core::HttpClient& client, const ScepUrls& urls, std::uint64_t max_bytes,
                  core::Millis budget, const core::Clock& clock) {
  std::vector<core::HttpRequest> requests(2);
  requests[0].url = urls.caps;
  requests[1].url = urls.ca_cert;
  for (auto& r : requests) {
    r.max_bytes = max_bytes;
    r.http_only = false;  // SCEP is served over HTTPS too (Okta)
  }
  auto responses = core::fetch_all(client, requests, budget, clock);
  Observation o;
  o.urls = urls;
  if (responses.size() == 2) {
    o.caps = std::move(responses[0]);
    o.ca_cert = std::move(responses[1]);
  }
  if (fetched(o.caps) && o.caps.outcome.status == 200) {
    auto caps = parse_caps_list(o.caps.body);
    o.capabilities = std::move(caps.keywords);
    o.capabilities_ignored = caps.ignored;
  }
  std::string().swap(o.caps.body);  // only the parsed list is kept and reported
  if (fetched(o.ca_cert) && o.ca_cert.outcome.status == 200) {
    auto ders = tls::load_certificates(o.ca_cert.body, "GetCACert");
    if (!ders) {
      o.parse_error = ders.error().message;
    } else {
      for (const auto& der : *ders) {
        auto facts = tls::describe_certificate(der);
        if (!facts) {
          o.parse_error = facts.error().message;
          break;
        }
        o.certificates.push_back(std::move(*facts));
      }
    }
  }
  return o;
}

std::vector<core::Finding> judge_scep(const Observation& o, const Expectation& expected) {
  std::vector<core::Finding> out;
  core::Evidence where{{"url", core::escape_control(o.urls.ca_cert)}};
  if (!fetched(o.ca_cert)) {
    where.emplace_back("dns", std::string(core::to_string(o.ca_cert.outcome.dns)));
    where.emplace_back("tcp", std::string(core::to_string(o.ca_cert.outcome.tcp)));
    if (o.ca_cert.outcome.through_proxy) where.emplace_back("through proxy", "yes");
    if (!o.ca_cert.outcome.detail.empty()) {
      where.emplace_back("detail", core::escape_control(o.ca_cert.outcome.detail));
    }
    out.push_back(core::make_finding(FindingCode::scep_unreachable, {}, std::move(where)));
    return out;
  }
  if (o.ca_cert.outcome.status != 200 || o.certificates.empty()) {
    where.emplace_back("status", std::to_string(o.ca_cert.outcome.status));
    where.emplace_back("content type", core::escape_control(o.ca_cert.outcome.content_type, 128));
    if (!o.parse_error.empty()) where.emplace_back("error", core::escape_control(o.parse_error));
    out.push_back(
        core::make_finding(FindingCode::scep_bad_response,
                           o.ca_cert.outcome.status != 200
                               ? fmt::format("GetCACert answered HTTP {}", o.ca_cert.outcome.status)
                               : std::string("GetCACert did not return a certificate or PKCS#7"),
                           std::move(where)));
    return out;
  }
  judge_caps(o, out);
  if (expected.thumbprint) {
    out.push_back(judge_thumbprint(o, *expected.thumbprint));
  } else if (expected.trusted_ca) {
    out.push_back(judge_trusted_ca(o, *expected.trusted_ca, expected.trusted_ca_source));
  } else {
    const auto& ca = served_ca(o);
    out.push_back(core::make_finding(
        FindingCode::scep_ok, fmt::format("the endpoint serves the CA {}", cert_name(ca)),
        {{"SHA-1", ca.sha1_thumbprint}, {"SHA-256", ca.sha256_fingerprint}}));
  }
  return out;
}

}  // namespace probe::scep
