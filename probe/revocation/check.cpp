#include "revocation/check.hpp"

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "core/assert.hpp"
#include "core/text.hpp"
#include "revocation/classify.hpp"
#include "revocation/crl.hpp"
#include "revocation/ocsp.hpp"
#include "revocation/urls.hpp"
#include "revocation/verdict.hpp"
#include "tls/certificate.hpp"

namespace probe::revocation {
namespace {

using core::FindingCode;

const std::vector<std::string>& urls_of(const core::CertFacts& cert, core::RevocationKind kind) {
  switch (kind) {
    case core::RevocationKind::crl:
      return cert.crl_urls;
    case core::RevocationKind::ocsp:
      return cert.ocsp_urls;
    case core::RevocationKind::ca_issuers:
      break;
  }
  return cert.ca_issuers_urls;
}

bool cites(const core::CertFacts& cert, const core::RevocationUrl& url) {
  const auto& list = urls_of(cert, url.kind);
  return std::find(list.begin(), list.end(), url.url) != list.end();
}

void add_unique(std::vector<core::CertFacts>& pool, const core::CertFacts& cert) {
  const bool seen = std::any_of(pool.begin(), pool.end(),
                                [&](const core::CertFacts& c) { return c.der == cert.der; });
  if (!seen) pool.push_back(cert);
}

std::vector<core::CertFacts> citing_certs(std::span<const core::CertFacts> pool,
                                          const core::RevocationUrl& url) {
  std::vector<core::CertFacts> out;
  for (const core::CertFacts& cert : pool) {
    if (cites(cert, url)) out.push_back(cert);
  }
  return out;
}

core::HttpRequest plain_get(const core::RevocationUrl& url, std::uint64_t max_bytes) {
  core::HttpRequest request;
  request.url = url.url;
  request.max_bytes = max_bytes;
  if (url.kind == core::RevocationKind::crl) {
    request.accept = "application/pkix-crl, application/x-pkcs7-crl";
  } else if (url.kind == core::RevocationKind::ca_issuers) {
    request.accept = "application/pkix-cert, application/pkcs7-mime";
  } else {
    request.accept = "application/ocsp-response";
  }
  return request;
}

core::Evidence data_evidence(const core::RevocationUrl& url, const core::HttpOutcome& http,
                             const DataVerdict& verdict) {
  core::Evidence evidence = http_evidence(url.url, http);
  if (!verdict.signer.empty()) evidence.emplace_back("signer", verdict.signer);
  if (!verdict.this_update.empty()) evidence.emplace_back("this_update", verdict.this_update);
  if (!verdict.next_update.empty()) evidence.emplace_back("next_update", verdict.next_update);
  return evidence;
}

// Findings are kept once per code, message and certificate, so the same failure for two
// certificates stays two findings.
void push_unique(std::vector<core::Finding>& findings, core::Finding finding) {
  const bool seen = std::any_of(findings.begin(), findings.end(), [&](const core::Finding& f) {
    return f.code == finding.code && f.message == finding.message &&
           f.certificate == finding.certificate;
  });
  if (!seen) findings.push_back(std::move(finding));
}

// The evidence naming the certificate an OCSP answer is about.
void add_certificate(core::Evidence& evidence, const core::CertFacts& cert) {
  evidence.emplace_back("certificate", cert.subject);
  evidence.emplace_back("issuer", cert.issuer);
  evidence.emplace_back("serial", cert.serial_hex);
}

// `finding` marked as about the certificate `serial_hex` of `issuer`: apply_to_targets carries
// such a finding only to the targets whose chain holds that certificate.
core::Finding about(core::Finding finding, std::string serial_hex, std::string issuer) {
  finding.certificate = core::CertificateId{std::move(serial_hex), std::move(issuer)};
  return finding;
}

// `cert`: the certificate an OCSP answer is about; null for a CRL (whose verdict is the same
// for every certificate citing it) and for a reachability-only OCSP GET.
void add_verdict(const core::RevocationUrl& url, const core::HttpOutcome& http,
                 const DataVerdict& verdict, const core::CertFacts* cert,
                 std::vector<core::Finding>& out) {
  const std::string source{to_string(url.kind)};
  if (verdict.failure) {
    core::Evidence evidence = data_evidence(url, http, verdict);
    if (cert == nullptr) {
      push_unique(out, core::make_finding(*verdict.failure, verdict.detail, std::move(evidence)));
      return;
    }
    add_certificate(evidence, *cert);
    push_unique(out,
                about(core::make_finding(*verdict.failure, verdict.detail, std::move(evidence)),
                      cert->serial_hex, cert->issuer));
    return;
  }
  for (const RevokedCert& revoked : verdict.revoked) {
    core::Evidence evidence = data_evidence(url, http, verdict);
    evidence.emplace_back("source", source);
    evidence.emplace_back("certificate", revoked.subject);
    evidence.emplace_back("issuer", revoked.issuer);
    evidence.emplace_back("serial", revoked.serial_hex);
    evidence.emplace_back("reason", revoked.reason);
    evidence.emplace_back("revoked_at", revoked.revoked_at);
    push_unique(out,
                about(core::make_finding(FindingCode::cert_revoked,
                                         revoked.subject + " is revoked (" + revoked.reason + ", " +
                                             revoked.revoked_at + ") per " +
                                             (source == "crl" ? "its CRL" : "its OCSP responder"),
                                         std::move(evidence)),
                      revoked.serial_hex, revoked.issuer));
  }
  if (verdict.status == core::RevocationStatus::unknown) {
    core::Evidence evidence = data_evidence(url, http, verdict);
    if (cert != nullptr) add_certificate(evidence, *cert);
    const std::string subject = cert != nullptr ? cert->subject : std::string{};
    auto finding = core::make_finding(FindingCode::revocation_bad_response,
                                      "the OCSP responder answered unknown for " + subject,
                                      std::move(evidence));
    push_unique(out, cert != nullptr ? about(std::move(finding), cert->serial_hex, cert->issuer)
                                     : std::move(finding));
  }
}

core::RevocationStatus worse(core::RevocationStatus a, core::RevocationStatus b) noexcept {
  const auto rank = [](core::RevocationStatus s) {
    switch (s) {
      case core::RevocationStatus::not_run:
        return 0;
      case core::RevocationStatus::good:
        return 1;
      case core::RevocationStatus::unknown:
        return 2;
      case core::RevocationStatus::revoked:
        return 3;
      case core::RevocationStatus::error:
        return 4;
    }
    return 4;
  };
  return rank(b) > rank(a) ? b : a;
}

bool any_fail(const std::vector<core::Finding>& findings) {
  return std::any_of(findings.begin(), findings.end(),
                     [](const core::Finding& f) { return f.severity == core::Severity::fail; });
}

// One planned request and what it is for.
struct Job {
  core::RevocationKind kind = core::RevocationKind::crl;
  std::string url;
  std::optional<core::CertFacts> cert;    // OCSP: the certificate asked about
  std::optional<core::CertFacts> issuer;  // OCSP: its issuer
  bool static_probe = false;              // a configuration-only OCSP URL asked about an anchor
  core::HttpRequest request;
  std::optional<core::HttpResponse> response;
};

core::Finding incomplete_finding(const core::RevocationUrl& url) {
  return core::make_finding(FindingCode::probe_incomplete,
                            "the run's deadline stopped the fetch of " + url.url,
                            {{"stage", "revocation"}, {"pending", url.url}});
}

core::Finding unverified_finding(const core::RevocationUrl& url, const core::HttpOutcome& http,
                                 std::string detail) {
  core::Evidence evidence = http_evidence(url.url, http);
  return core::make_finding(FindingCode::revocation_unverified, std::move(detail),
                            std::move(evidence));
}

const core::CertFacts* first_citing(const core::TargetResult& target,
                                    const core::RevocationUrl& url) {
  for (const core::CertFacts& cert : checked_chain(target)) {
    if (cites(cert, url)) return &cert;
  }
  return nullptr;
}

// True when the finding names a certificate (CERT_REVOKED, or an OCSP answer about one
// certificate) and the target's chain holds it (same serial and issuer).
bool names_certificate(const core::Finding& finding) { return finding.certificate.has_value(); }

bool holds_certificate(const core::TargetResult& target, const core::Finding& finding) {
  const auto& chain = checked_chain(target);
  return std::any_of(chain.begin(), chain.end(), [&](const core::CertFacts& c) {
    return core::CertificateId{c.serial_hex, c.issuer} == *finding.certificate;
  });
}

void apply_to_target(core::TargetResult& target,
                     const std::vector<core::RevocationResult>& results) {
  std::vector<std::string> checked;
  bool failed = false;
  for (const core::RevocationResult& result : results) {
    if (result.url.kind == core::RevocationKind::ca_issuers) continue;
    if (!result.outcome.http.attempted && result.findings.empty()) continue;  // not http:
    const core::CertFacts* citing = first_citing(target, result.url);
    if (citing == nullptr) continue;
    checked.push_back(result.url.url);
    for (const core::Finding& finding : result.findings) {
      if (finding.severity != core::Severity::fail && finding.severity != core::Severity::warn) {
        continue;
      }
      core::Finding copy = finding;
      if (names_certificate(finding) && !holds_certificate(target, finding)) continue;
      if (finding.code != FindingCode::cert_revoked) {
        const std::string who = citing->common_name.empty() ? citing->subject : citing->common_name;
        copy.message =
            "revocation URL " + result.url.url + " (cited by " + who + "): " + finding.message;
        copy.evidence.emplace_back("cited_by", citing->subject);
      }
      target.findings.push_back(std::move(copy));
      failed = true;
    }
  }
  if (checked.empty() || failed) return;
  std::string joined;
  for (const std::string& url : checked) joined += (joined.empty() ? "" : " ") + url;
  target.findings.push_back(core::make_finding(
      FindingCode::revocation_ok,
      "the chain's revocation data was fetched and verified (" + std::to_string(checked.size()) +
          " URL" + (checked.size() == 1 ? "" : "s") + ")",
      core::Evidence{{"urls", joined}}));
}

}  // namespace

struct RunChecks::State {
  State(const core::Clock& c, const core::ProbeSettings& s, std::vector<core::CertFacts> a,
        IssuerLookup l)
      : clock(c), settings(s), anchors(std::move(a)), lookup(std::move(l)) {
    for (const auto& cert : anchors) add_unique(pool, cert);
  }

  // The issuer of `cert`: the chain, the pool (chains and anchors), certificates served by
  // caIssuers, then the stores.
  [[nodiscard]] std::optional<core::CertFacts> issuer_of(
      const core::CertFacts& cert, std::span<const core::CertFacts> chain) const {
    if (auto i = find_issuer(cert, chain)) return chain[*i];
    if (auto i = find_issuer(cert, pool)) return pool[*i];
    if (auto i = find_issuer(cert, served)) return served[*i];
    if (lookup) return lookup(cert);
    return std::nullopt;
  }

  // Adds a job unless its request was planned before; returns its request when new.
  std::optional<core::HttpRequest> plan(Job job) {
    auto key = job.request.key();
    if (by_key.contains(key)) return std::nullopt;
    by_key.emplace(std::move(key), jobs.size());
    auto request = job.request;
    jobs.push_back(std::move(job));
    return request;
  }

  void plan_url(const core::CertFacts& cert, std::span<const core::CertFacts> chain,
                core::RevocationKind kind, const std::string& url,
                std::vector<core::HttpRequest>& out) {
    if (!is_http_url(url)) return;
    const core::RevocationUrl ref{url, kind, {}, {}};
    if (kind != core::RevocationKind::ocsp) {
      Job job;
      job.kind = kind;
      job.url = url;
      job.request = plain_get(ref, settings.max_download);
      if (auto r = plan(std::move(job))) out.push_back(std::move(*r));
      return;
    }
    const auto issuer = issuer_of(cert, chain);
    if (!issuer) {
      no_issuer.emplace(url, cert.subject);
      return;
    }
    auto der = build_ocsp_request(cert, *issuer);
    if (!der) return;
    Job job;
    job.kind = kind;
    job.url = url;
    job.cert = cert;
    job.issuer = issuer;
    job.request = ocsp_http_request(url, *der, settings.max_download);
    if (auto r = plan(std::move(job))) out.push_back(std::move(*r));
  }

  void collect_served(const Job& job) {
    if (job.kind != core::RevocationKind::ca_issuers || !job.response) return;
    const core::RevocationUrl ref{job.url, job.kind, {}, {}};
    if (judge_transport(ref, job.response->outcome)) return;
    auto ders = tls::load_certificates(job.response->body, job.url);
    if (!ders) return;
    std::size_t count = 0;
    for (const std::string& der : *ders) {
      auto facts = tls::describe_certificate(der);
      if (!facts) continue;
      add_unique(served, *facts);
      ++count;
    }
    served_by[job.url] = count;
  }

  [[nodiscard]] const Job* job_for(const core::HttpRequest& request) const {
    const auto it = by_key.find(request.key());
    return it == by_key.end() ? nullptr : &jobs[it->second];
  }

  // Candidates for a CRL's signature: the pool, served certificates and the stores' issuers
  // of the citing certificates.
  [[nodiscard]] std::vector<core::CertFacts> crl_issuers(
      const std::vector<core::CertFacts>& citing) const {
    std::vector<core::CertFacts> out = pool;
    for (const auto& cert : served) add_unique(out, cert);
    for (const auto& cert : citing) {
      if (find_issuer(cert, out)) continue;
      if (lookup) {
        if (auto issuer = lookup(cert)) add_unique(out, *issuer);
      }
    }
    return out;
  }

  void judge_crl(core::RevocationResult& result, const Job& job) const {
    const auto& url = result.url;
    const auto& response = *job.response;
    const std::vector<core::CertFacts> citing = citing_certs(pool, url);
    DataVerdict verdict = check_crl(response.body, crl_issuers(citing), citing, clock.now());
    if (!verdict.failure && !verdict.signature_checked) {
      result.outcome.status = core::RevocationStatus::unknown;
      result.outcome.this_update = verdict.this_update;
      result.outcome.next_update = verdict.next_update;
      result.outcome.detail = verdict.detail;
      result.findings.push_back(unverified_finding(
          url, response.outcome,
          "the CRL was fetched and parsed, but no known certificate is its issuer '" +
              verdict.signer + "': its signature could not be checked"));
      return;
    }
    finish_data(result, response, verdict, nullptr);
  }

  void judge_ocsp(core::RevocationResult& result, const Job& job) const {
    const auto& response = *job.response;
    DataVerdict verdict = check_ocsp_response(response.body, *job.cert, *job.issuer, clock.now());
    if (job.static_probe && !verdict.failure) {
      // A configuration-only responder asked about an anchor: a signed answer proves it
      // works; "unknown" only says it does not serve that CA.
      verdict.status = core::RevocationStatus::good;
      verdict.detail = "the responder answered a request about '" + job.cert->subject +
                       "' with a verified signature";
      verdict.revoked.clear();
    }
    finish_data(result, response, verdict, job.static_probe ? nullptr : &*job.cert);
  }

  static void finish_data(core::RevocationResult& result, const core::HttpResponse& response,
                          DataVerdict& verdict, const core::CertFacts* cert) {
    const auto& url = result.url;
    if (verdict.failure &&
        classify_content_type(url.kind, response.outcome.content_type) == ContentClass::tolerated &&
        *verdict.failure == FindingCode::revocation_bad_response) {
      verdict.detail +=
          " (content type \"" + core::bound(response.outcome.content_type, 128) + "\")";
    }
    core::RevocationOutcome& outcome = result.outcome;
    outcome.status =
        worse(outcome.status, verdict.failure ? core::RevocationStatus::error : verdict.status);
    if (outcome.this_update.empty()) outcome.this_update = verdict.this_update;
    if (outcome.next_update.empty()) outcome.next_update = verdict.next_update;
    if (outcome.detail.empty() || verdict.failure) outcome.detail = verdict.detail;
    add_verdict(url, response.outcome, verdict, cert, result.findings);
    if (!verdict.failure && verdict.revoked.empty() &&
        verdict.status != core::RevocationStatus::unknown) {
      core::Evidence evidence = data_evidence(url, response.outcome, verdict);
      if (cert != nullptr) evidence.emplace_back("certificate", cert->subject);
      result.findings.push_back(
          core::make_finding(FindingCode::revocation_ok, verdict.detail, std::move(evidence)));
    }
  }

  void judge_ca_issuers(core::RevocationResult& result, const Job& job) const {
    const core::RevocationUrl& url = result.url;
    const std::string host{url_host(url.url)};
    const auto& response = *job.response;
    core::Evidence evidence = http_evidence(url.url, response.outcome);
    std::string message;
    const auto it = served_by.find(url.url);
    const std::size_t served_count = it == served_by.end() ? 0 : it->second;
    if (auto failure = judge_transport(url, response.outcome)) {
      evidence.emplace_back("reachable", "false");
      message = "caIssuers host " + host + " is not usable: " + failure->message;
      result.outcome.status = core::RevocationStatus::error;
    } else {
      evidence.emplace_back("reachable", "true");
      message = "caIssuers host " + host + " answered with " + std::to_string(served_count) +
                " certificate(s)";
      result.outcome.status =
          served_count > 0 ? core::RevocationStatus::good : core::RevocationStatus::error;
    }
    result.outcome.detail = message;
    result.findings.push_back(
        core::make_finding(FindingCode::ca_issuers_host, std::move(message), std::move(evidence)));
  }

  // Judges one answered (or unanswered) job into the result of its URL.
  void judge_job(core::RevocationResult& result, const Job& job) const {
    if (!job.response) {
      result.outcome.http =
          core::unfinished_response(job.request, "stopped by the deadline").outcome;
      result.outcome.status = core::RevocationStatus::error;
      result.outcome.detail = "the run's deadline stopped this fetch";
      push_unique(result.findings, incomplete_finding(result.url));
      return;
    }
    if (!result.outcome.http.attempted || !job.cert) result.outcome.http = job.response->outcome;
    if (job.kind == core::RevocationKind::ca_issuers) {
      judge_ca_issuers(result, job);
      return;
    }
    if (auto failure = judge_transport(result.url, job.response->outcome)) {
      result.outcome.status = core::RevocationStatus::error;
      if (job.cert && !job.static_probe) add_certificate(failure->evidence, *job.cert);
      push_unique(result.findings, std::move(*failure));
      return;
    }
    if (job.kind == core::RevocationKind::crl) {
      judge_crl(result, job);
    } else {
      judge_ocsp(result, job);
    }
  }

  // The result of one URL from the jobs planned for it.
  [[nodiscard]] core::RevocationResult result_for(const core::RevocationUrl& url) const {
    core::RevocationResult result;
    result.url = url;
    if (!is_http_url(url.url)) {
      result.outcome.detail = "not fetched: only http: URLs are probed";
      return result;
    }
    // Jobs were planned as chains arrived (network order); judge them in the order of the
    // citing certificates (target order), so the result does not depend on timing.
    std::vector<const Job*> matching;
    for (const Job& job : jobs) {
      if (job.kind != url.kind || job.url != url.url) continue;
      // A configuration-only probe stands only when no chain's certificate was asked about.
      if (job.static_probe && url.source == core::UrlSource::chain) continue;
      matching.push_back(&job);
    }
    const auto rank = [&url](const Job* job) {
      if (!job->cert) return url.cited_by.size();
      const auto at = std::find(url.cited_by.begin(), url.cited_by.end(), job->cert->subject);
      return static_cast<std::size_t>(at - url.cited_by.begin());
    };
    std::stable_sort(matching.begin(), matching.end(),
                     [&rank](const Job* a, const Job* b) { return rank(a) < rank(b); });
    for (const Job* job : matching) judge_job(result, *job);
    const bool any = !matching.empty();
    if (!any && url.kind == core::RevocationKind::ocsp) not_asked(result);
    // An OK for one OCSP certificate does not stand beside a failure for another.
    if (any_fail(result.findings)) {
      std::erase_if(result.findings,
                    [](const core::Finding& f) { return f.code == FindingCode::revocation_ok; });
    }
    return result;
  }

  // An OCSP URL no request went to: no citing certificate had a known issuer.
  void not_asked(core::RevocationResult& result) const {
    std::string who;
    for (const auto& [ocsp, subject] : no_issuer) {
      if (ocsp == result.url.url) who = subject;
    }
    result.outcome.status = core::RevocationStatus::unknown;
    result.outcome.detail = who.empty() ? "no certificate with a known issuer cites this responder"
                                        : "the issuer of '" + who + "' is not known";
    result.findings.push_back(
        unverified_finding(result.url, result.outcome.http,
                           "the OCSP responder was not asked: " + result.outcome.detail));
  }

  const core::Clock& clock;
  const core::ProbeSettings& settings;
  std::vector<core::CertFacts> anchors;
  IssuerLookup lookup;
  std::vector<core::CertFacts> pool;    // chain certificates and anchors
  std::vector<core::CertFacts> served;  // certificates served by caIssuers answers
  std::map<std::string, std::size_t> served_by;
  std::vector<Job> jobs;
  std::map<std::string, std::size_t> by_key;
  std::set<std::pair<std::string, std::string>> no_issuer;  // (OCSP URL, citing subject)
};

RunChecks::RunChecks(const core::Clock& clock, const core::ProbeSettings& settings,
                     std::vector<core::CertFacts> anchors, IssuerLookup lookup)
    : m_state(std::make_unique<State>(clock, settings, std::move(anchors), std::move(lookup))) {}

RunChecks::~RunChecks() = default;

std::vector<core::HttpRequest> RunChecks::add_chain(std::span<const core::CertFacts> chain) {
  std::vector<core::HttpRequest> out;
  for (const auto& cert : chain) add_unique(m_state->pool, cert);
  for (const auto& cert : chain) {
    for (const auto& url : cert.crl_urls) {
      m_state->plan_url(cert, chain, core::RevocationKind::crl, url, out);
    }
    for (const auto& url : cert.ocsp_urls) {
      m_state->plan_url(cert, chain, core::RevocationKind::ocsp, url, out);
    }
    for (const auto& url : cert.ca_issuers_urls) {
      m_state->plan_url(cert, chain, core::RevocationKind::ca_issuers, url, out);
    }
  }
  return out;
}

std::vector<core::HttpRequest> RunChecks::add_static(const std::vector<core::RevocationUrl>& urls) {
  std::vector<core::HttpRequest> out;
  for (const auto& url : urls) {
    if (!is_http_url(url.url)) continue;
    if (url.kind != core::RevocationKind::ocsp) {
      Job job;
      job.kind = url.kind;
      job.url = url.url;
      job.request = plain_get(url, m_state->settings.max_download);
      if (auto r = m_state->plan(std::move(job))) out.push_back(std::move(*r));
      continue;
    }
    // Ask about the first anchor whose issuer is known (an intermediate under a pinned root).
    for (const auto& anchor : m_state->anchors) {
      if (anchor.self_signed) continue;
      const auto issuer = m_state->issuer_of(anchor, m_state->anchors);
      if (!issuer) continue;
      auto der = build_ocsp_request(anchor, *issuer);
      if (!der) continue;
      Job job;
      job.kind = url.kind;
      job.url = url.url;
      job.cert = anchor;
      job.issuer = issuer;
      job.static_probe = true;
      job.request = ocsp_http_request(url.url, *der, m_state->settings.max_download);
      if (auto r = m_state->plan(std::move(job))) out.push_back(std::move(*r));
      break;
    }
  }
  return out;
}

void RunChecks::answer(const core::HttpRequest& request, core::HttpResponse response) {
  const auto it = m_state->by_key.find(request.key());
  if (it == m_state->by_key.end()) return;
  Job& job = m_state->jobs[it->second];
  job.response = std::move(response);
  m_state->collect_served(job);
}

core::HttpRequest RunChecks::ca_issuers_request(const std::string& url) const {
  return plain_get(core::RevocationUrl{url, core::RevocationKind::ca_issuers, {}, {}},
                   m_state->settings.max_download);
}

std::vector<core::RevocationResult> RunChecks::results(
    const std::vector<core::RevocationUrl>& urls) const {
  std::vector<core::RevocationResult> out;
  out.reserve(urls.size());
  for (const auto& url : urls) out.push_back(m_state->result_for(url));
  return out;
}

std::vector<core::RevocationResult> check_all(const std::vector<core::RevocationUrl>& urls,
                                              const std::vector<core::TargetResult>& targets,
                                              core::HttpClient& http, const core::Clock& clock,
                                              const core::ProbeSettings& settings,
                                              std::span<const core::CertFacts> anchors) {
  if (!settings.revocation) return {};
  RunChecks checks(clock, settings, {anchors.begin(), anchors.end()});
  const auto budget = settings.timeout * 2 + core::Millis{1000};
  auto fetch = [&](const std::vector<core::HttpRequest>& requests) {
    const auto answers = core::fetch_all(http, requests, budget, clock);
    for (std::size_t i = 0; i < requests.size(); ++i) checks.answer(requests[i], answers[i]);
  };
  // Two rounds: certificates served by caIssuers can be the issuers OCSP requests need.
  std::vector<core::RevocationUrl> statics;
  for (const auto& url : urls) {
    if (url.source != core::UrlSource::chain) statics.push_back(url);
  }
  std::vector<core::HttpRequest> first = checks.add_static(statics);
  for (const auto& target : targets) {
    auto more = checks.add_chain(checked_chain(target));
    first.insert(first.end(), more.begin(), more.end());
  }
  fetch(first);
  std::vector<core::HttpRequest> second;
  for (const auto& target : targets) {
    auto more = checks.add_chain(checked_chain(target));
    second.insert(second.end(), more.begin(), more.end());
  }
  if (!second.empty()) fetch(second);
  return checks.results(urls);
}

void apply_to_targets(std::vector<core::TargetResult>& targets,
                      const std::vector<core::RevocationResult>& results) {
  for (core::TargetResult& target : targets) apply_to_target(target, results);
}

}  // namespace probe::revocation
