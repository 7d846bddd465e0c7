#include "revocation/check.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
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

// One HTTP request of the batch and what it is for.
struct Job {
  std::size_t url_index = 0;
  std::optional<std::size_t> cert;    // OCSP: the certificate asked about (index in the pool)
  std::optional<std::size_t> issuer;  // OCSP: its issuer (index in the pool)
};

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

std::string evidence_value(const core::Evidence& evidence, std::string_view key) {
  for (const auto& [name, value] : evidence) {
    if (name == key) return value;
  }
  return {};
}

// Findings are kept once per code, message and certificate (serial and issuer evidence), so
// the same failure for two certificates stays two findings.
void push_unique(std::vector<core::Finding>& findings, core::Finding finding) {
  const bool seen = std::any_of(findings.begin(), findings.end(), [&](const core::Finding& f) {
    return f.code == finding.code && f.message == finding.message &&
           evidence_value(f.evidence, "serial") == evidence_value(finding.evidence, "serial") &&
           evidence_value(f.evidence, "issuer") == evidence_value(finding.evidence, "issuer");
  });
  if (!seen) findings.push_back(std::move(finding));
}

// The evidence naming the certificate an OCSP answer is about: apply_to_targets carries such
// a finding only to the targets whose chain holds that certificate.
void add_certificate(core::Evidence& evidence, const core::CertFacts& cert) {
  evidence.emplace_back("certificate", cert.subject);
  evidence.emplace_back("issuer", cert.issuer);
  evidence.emplace_back("serial", cert.serial_hex);
}

// `cert`: the certificate an OCSP answer is about; null for a CRL (whose verdict is the same
// for every certificate citing it) and for a reachability-only OCSP GET.
void add_verdict(const core::RevocationUrl& url, const core::HttpOutcome& http,
                 const DataVerdict& verdict, const core::CertFacts* cert,
                 std::vector<core::Finding>& out) {
  const std::string source{to_string(url.kind)};
  if (verdict.failure) {
    core::Evidence evidence = data_evidence(url, http, verdict);
    if (cert != nullptr) add_certificate(evidence, *cert);
    push_unique(out, core::make_finding(*verdict.failure, verdict.detail, std::move(evidence)));
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
    push_unique(out, core::make_finding(FindingCode::cert_revoked,
                                        revoked.subject + " is revoked (" + revoked.reason + ", " +
                                            revoked.revoked_at + ") per " +
                                            (source == "crl" ? "its CRL" : "its OCSP responder"),
                                        std::move(evidence)));
  }
  if (verdict.status == core::RevocationStatus::unknown) {
    core::Evidence evidence = data_evidence(url, http, verdict);
    if (cert != nullptr) add_certificate(evidence, *cert);
    const std::string subject = cert != nullptr ? cert->subject : std::string{};
    push_unique(out, core::make_finding(FindingCode::revocation_bad_response,
                                        "the OCSP responder answered unknown for " + subject,
                                        std::move(evidence)));
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

// The state of one run of check_all.
class Checker {
 public:
  Checker(const std::vector<core::RevocationUrl>& urls,
          const std::vector<core::TargetResult>& targets, const core::Clock& clock,
          const core::ProbeSettings& settings, std::span<const core::CertFacts> anchors)
      : m_urls(urls), m_clock(clock), m_settings(settings) {
    for (const core::TargetResult& target : targets) {
      for (const core::CertFacts& cert : target.chain) add_unique(m_pool, cert);
    }
    for (const core::CertFacts& cert : anchors) add_unique(m_pool, cert);
    m_issuers = m_pool;
    m_served.assign(urls.size(), 0);
    m_results.resize(urls.size());
    for (std::size_t i = 0; i < urls.size(); ++i) m_results[i].url = urls[i];
  }

  // True when a certificate citing an OCSP URL has no known issuer and a caIssuers URL
  // might serve it: then caIssuers is fetched first, in its own batch.
  [[nodiscard]] bool needs_ca_issuers_first() const {
    const bool any_ca_issuers =
        std::any_of(m_urls.begin(), m_urls.end(), [](const core::RevocationUrl& url) {
          return url.kind == core::RevocationKind::ca_issuers && is_http_url(url.url);
        });
    if (!any_ca_issuers) return false;
    return std::any_of(m_urls.begin(), m_urls.end(), [&](const core::RevocationUrl& url) {
      if (url.kind != core::RevocationKind::ocsp || !is_http_url(url.url)) return false;
      return std::any_of(m_pool.begin(), m_pool.end(), [&](const core::CertFacts& cert) {
        return cites(cert, url) && !find_issuer(cert, m_pool);
      });
    });
  }

  // Plans the requests of `urls` of the given kinds (caIssuers first or all the others).
  void plan_requests(bool ca_issuers) {
    for (std::size_t i = 0; i < m_urls.size(); ++i) {
      const core::RevocationUrl& url = m_urls[i];
      if ((url.kind == core::RevocationKind::ca_issuers) != ca_issuers) continue;
      if (!is_http_url(url.url)) {
        m_results[i].outcome.detail = "not fetched: only http: URLs are probed";
        continue;
      }
      if (url.kind == core::RevocationKind::ocsp && plan_ocsp(i)) continue;
      add_job(Job{i, std::nullopt, std::nullopt}, plain_get(url, m_settings.max_download));
    }
  }

  // Sends the requests planned since the last call in one fetch() and keeps the answers;
  // then caIssuers answers feed the issuer candidates.
  void fetch_pending(core::HttpClient& http) {
    if (m_responses.size() == m_requests.size()) return;
    const std::vector<core::HttpRequest> batch(
        m_requests.begin() + static_cast<std::ptrdiff_t>(m_responses.size()), m_requests.end());
    std::vector<core::HttpResponse> answers = http.fetch(batch);
    PROBE_ASSERT(answers.size() == batch.size());
    for (core::HttpResponse& answer : answers) m_responses.push_back(std::move(answer));
    collect_ca_issuers();
  }

  std::vector<core::RevocationResult> judge() {
    PROBE_ASSERT(m_responses.size() == m_jobs.size());
    for (std::size_t j = 0; j < m_jobs.size(); ++j) judge_job(m_jobs[j], m_responses[j]);
    for (core::RevocationResult& result : m_results) finish(result);
    return std::move(m_results);
  }

 private:
  void add_job(Job job, core::HttpRequest request) {
    m_jobs.push_back(job);
    m_requests.push_back(std::move(request));
  }

  // One request per distinct citing certificate whose issuer is known; false when none.
  bool plan_ocsp(std::size_t index) {
    bool planned = false;
    for (std::size_t c = 0; c < m_pool.size(); ++c) {
      if (!cites(m_pool[c], m_urls[index])) continue;
      const std::optional<std::size_t> issuer = find_issuer(m_pool[c], m_issuers);
      if (!issuer) continue;
      core::Result<std::string> request = build_ocsp_request(m_pool[c], m_issuers[*issuer]);
      if (!request) continue;
      add_job(Job{index, c, issuer},
              ocsp_http_request(m_urls[index].url, *request, m_settings.max_download));
      planned = true;
    }
    return planned;
  }

  // Certificates served by caIssuers URLs become CRL issuer candidates (SPEC §3 step 5:
  // "or the fetched issuer"); they only help find a key, the signature still decides.
  void collect_ca_issuers() {
    for (; m_collected < m_responses.size(); ++m_collected) {
      const Job& job = m_jobs[m_collected];
      const core::HttpResponse& response = m_responses[m_collected];
      const core::RevocationUrl& url = m_urls[job.url_index];
      if (url.kind != core::RevocationKind::ca_issuers) continue;
      if (judge_transport(url, response.outcome)) continue;
      auto ders = tls::load_certificates(response.body, url.url);
      if (!ders) continue;
      for (const std::string& der : *ders) {
        auto facts = tls::describe_certificate(der);
        if (!facts) continue;
        add_unique(m_issuers, *facts);
        ++m_served[job.url_index];
      }
    }
  }

  void judge_job(const Job& job, const core::HttpResponse& response) {
    core::RevocationResult& result = m_results[job.url_index];
    const core::RevocationUrl& url = m_urls[job.url_index];
    if (!result.outcome.http.attempted || !job.cert) result.outcome.http = response.outcome;
    if (url.kind == core::RevocationKind::ca_issuers) {
      judge_ca_issuers(result, response);
      return;
    }
    if (auto failure = judge_transport(url, response.outcome)) {
      result.outcome.status = core::RevocationStatus::error;
      push_unique(result.findings, std::move(*failure));
      return;
    }
    DataVerdict verdict;
    const core::CertFacts* cert = nullptr;
    if (url.kind == core::RevocationKind::crl) {
      const std::vector<core::CertFacts> citing = citing_certs(m_pool, url);
      verdict = check_crl(response.body, m_issuers, citing, m_clock.now());
    } else if (job.cert && job.issuer) {
      cert = &m_pool[*job.cert];
      verdict = check_ocsp_response(response.body, m_pool[*job.cert], m_issuers[*job.issuer],
                                    m_clock.now());
    } else {
      verdict.status = core::RevocationStatus::not_run;
      verdict.detail =
          "the OCSP responder answered; no presented certificate cites it, so only its "
          "reachability was checked";
    }
    if (verdict.failure &&
        classify_content_type(url.kind, response.outcome.content_type) == ContentClass::tolerated &&
        *verdict.failure == FindingCode::revocation_bad_response) {
      verdict.detail +=
          " (content type \"" + core::bound(response.outcome.content_type, 128) + "\")";
    }
    record(result, url, response.outcome, verdict, cert);
  }

  static void record(core::RevocationResult& result, const core::RevocationUrl& url,
                     const core::HttpOutcome& http, const DataVerdict& verdict,
                     const core::CertFacts* cert) {
    core::RevocationOutcome& outcome = result.outcome;
    outcome.status =
        worse(outcome.status, verdict.failure ? core::RevocationStatus::error : verdict.status);
    if (outcome.this_update.empty()) outcome.this_update = verdict.this_update;
    if (outcome.next_update.empty()) outcome.next_update = verdict.next_update;
    if (outcome.detail.empty() || verdict.failure) outcome.detail = verdict.detail;
    add_verdict(url, http, verdict, cert, result.findings);
    if (!verdict.failure && verdict.revoked.empty() &&
        verdict.status != core::RevocationStatus::unknown) {
      core::Evidence evidence = data_evidence(url, http, verdict);
      if (cert != nullptr) evidence.emplace_back("certificate", cert->subject);
      result.findings.push_back(
          core::make_finding(FindingCode::revocation_ok, verdict.detail, std::move(evidence)));
    }
  }

  void judge_ca_issuers(core::RevocationResult& result, const core::HttpResponse& response) {
    const core::RevocationUrl& url = result.url;
    const std::string host{url_host(url.url)};
    core::Evidence evidence = http_evidence(url.url, response.outcome);
    const std::size_t index = static_cast<std::size_t>(&result - m_results.data());
    std::string message;
    if (auto failure = judge_transport(url, response.outcome)) {
      evidence.emplace_back("reachable", "false");
      message = "caIssuers host " + host + " is not usable: " + failure->message;
      result.outcome.status = core::RevocationStatus::error;
    } else {
      evidence.emplace_back("reachable", "true");
      message = "caIssuers host " + host + " answered with " + std::to_string(m_served[index]) +
                " certificate(s)";
      result.outcome.status =
          m_served[index] > 0 ? core::RevocationStatus::good : core::RevocationStatus::error;
    }
    result.outcome.detail = message;
    result.findings.push_back(
        core::make_finding(FindingCode::ca_issuers_host, std::move(message), std::move(evidence)));
  }

  static void finish(core::RevocationResult& result) {
    // An OK for one OCSP certificate does not stand beside a failure for another.
    if (!any_fail(result.findings)) return;
    std::erase_if(result.findings,
                  [](const core::Finding& f) { return f.code == FindingCode::revocation_ok; });
  }

  const std::vector<core::RevocationUrl>& m_urls;
  const core::Clock& m_clock;
  const core::ProbeSettings& m_settings;
  std::vector<core::CertFacts> m_pool;     // presented certificates, then anchors
  std::vector<core::CertFacts> m_issuers;  // m_pool, then certificates served by caIssuers
  std::vector<std::size_t> m_served;       // per URL: certificates its caIssuers answer held
  std::vector<Job> m_jobs;  // m_jobs[i] is what m_requests[i] / m_responses[i] is for
  std::vector<core::HttpRequest> m_requests;
  std::vector<core::HttpResponse> m_responses;
  std::size_t m_collected = 0;  // answers already scanned for caIssuers certificates
  std::vector<core::RevocationResult> m_results;
};

const core::CertFacts* first_citing(const core::TargetResult& target,
                                    const core::RevocationUrl& url) {
  for (const core::CertFacts& cert : target.chain) {
    if (cites(cert, url)) return &cert;
  }
  return nullptr;
}

// True when the finding names a certificate (CERT_REVOKED, or an OCSP answer about one
// certificate) and the target's chain holds it (same serial and issuer).
bool names_certificate(const core::Finding& finding) {
  return !evidence_value(finding.evidence, "serial").empty();
}

bool holds_certificate(const core::TargetResult& target, const core::Finding& finding) {
  const std::string serial = evidence_value(finding.evidence, "serial");
  const std::string issuer = evidence_value(finding.evidence, "issuer");
  return std::any_of(target.chain.begin(), target.chain.end(), [&](const core::CertFacts& c) {
    return c.serial_hex == serial && c.issuer == issuer;
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
      if (finding.severity != core::Severity::fail) continue;
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

std::vector<core::RevocationResult> check_all(const std::vector<core::RevocationUrl>& urls,
                                              const std::vector<core::TargetResult>& targets,
                                              core::HttpClient& http, const core::Clock& clock,
                                              const core::ProbeSettings& settings,
                                              std::span<const core::CertFacts> anchors) {
  if (!settings.revocation) return {};
  Checker checker(urls, targets, clock, settings, anchors);
  if (checker.needs_ca_issuers_first()) {
    checker.plan_requests(true);
    checker.fetch_pending(http);
    checker.plan_requests(false);
  } else {
    checker.plan_requests(true);
    checker.plan_requests(false);
  }
  checker.fetch_pending(http);
  return checker.judge();
}

void apply_to_targets(std::vector<core::TargetResult>& targets,
                      const std::vector<core::RevocationResult>& results) {
  for (core::TargetResult& target : targets) apply_to_target(target, results);
}

}  // namespace probe::revocation
