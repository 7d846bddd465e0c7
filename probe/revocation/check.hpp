// SPEC §3 step 5: fetch every revocation URL once, verify what came back, and carry the
// result into the verdict of every target whose chain cites it.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "core/cert_facts.hpp"
#include "core/clock.hpp"
#include "core/http.hpp"
#include "core/plan.hpp"
#include "core/report.hpp"
#include "core/settings.hpp"

namespace probe::revocation {

// Finds the issuer of a certificate outside the chains and anchors (public roots, the system
// store); nullopt when unknown.
using IssuerLookup = std::function<std::optional<core::CertFacts>(const core::CertFacts&)>;

// The revocation checks of one run, planned as completed chains arrive (so fetches start while
// other handshakes still run) and judged once, at the end, from the answers that came.
//
// Requests: one GET per CRL or caIssuers URL however many chains cite it; per OCSP URL one
// well-formed request per distinct citing certificate whose issuer is known (the chain, the
// anchors, certificates served by the run's caIssuers URLs, then `lookup`), GET or POST per
// ocsp_http_request. A configuration-only OCSP URL is asked about a certificate of the
// anchors whose issuer is known, never with a bare GET (strict responders reject it).
class RunChecks {
 public:
  RunChecks(const core::Clock& clock, const core::ProbeSettings& settings,
            std::vector<core::CertFacts> anchors, IssuerLookup lookup = {});
  ~RunChecks();
  RunChecks(const RunChecks&) = delete;
  RunChecks& operator=(const RunChecks&) = delete;

  // Plans what `chain` (leaf first, as completed) needs; returns the requests not planned
  // before, to be fetched once each and handed back with answer().
  std::vector<core::HttpRequest> add_chain(std::span<const core::CertFacts> chain);
  // Plans the configuration's static URLs (the plan's revocation list).
  std::vector<core::HttpRequest> add_static(const std::vector<core::RevocationUrl>& urls);
  // Records the answer to a request returned by add_chain/add_static (matched by key()).
  void answer(const core::HttpRequest& request, core::HttpResponse response);
  // The caIssuers request of `url`, as add_chain plans it (so that chain completion and the
  // CA_ISSUERS_HOST check share one fetch).
  [[nodiscard]] core::HttpRequest ca_issuers_request(const std::string& url) const;

  // One result per URL of `urls` (collect_urls over the final targets), in order. Findings
  // per result: judge_transport's failure; else the CRL (check_crl) or OCSP
  // (check_ocsp_response) verdict: REVOCATION_BAD_RESPONSE, REVOCATION_SIGNATURE_INVALID or
  // REVOCATION_STALE; CERT_REVOKED per revoked certificate (evidence: source, certificate,
  // issuer, serial, reason, revoked_at); OCSP "unknown" is REVOCATION_BAD_RESPONSE naming the
  // certificate; data that was fetched and parsed but whose signature no known certificate
  // could check is REVOCATION_UNVERIFIED, never REVOCATION_OK; a request still unanswered
  // (the run's deadline) is PROBE_INCOMPLETE (stage revocation); REVOCATION_OK only when
  // fetched, parsed and signature-verified with nothing failing. caIssuers URLs carry one
  // CA_ISSUERS_HOST (info). Non-http: URLs are not fetched: outcome.http.attempted false and
  // no findings.
  [[nodiscard]] std::vector<core::RevocationResult> results(
      const std::vector<core::RevocationUrl>& urls) const;

 private:
  struct State;
  std::unique_ptr<State> m_state;
};

// Fetches and verifies `urls` (from collect_urls) for `targets` in one go on `http`'s loop,
// bounded by twice settings.timeout; one result per URL, in order (as RunChecks::results).
// Empty when `settings.revocation` is false (--no-revocation).
std::vector<core::RevocationResult> check_all(const std::vector<core::RevocationUrl>& urls,
                                              const std::vector<core::TargetResult>& targets,
                                              core::HttpClient& http, const core::Clock& clock,
                                              const core::ProbeSettings& settings,
                                              std::span<const core::CertFacts> anchors = {});

// Carries revocation into each target's findings, so its verdict includes its chain's
// revocation state. For each target and each CRL/OCSP result whose URL a certificate of the
// target's checked_chain cites (CertFacts::crl_urls / ocsp_urls):
//  - every fail or warn finding of the result except CERT_REVOKED is copied with the same
//    code and severity, message "revocation URL <url> (cited by <CN>): <message>", and the
//    result's evidence plus ("cited_by", subject);
//  - a finding naming a certificate (CERT_REVOKED, or an OCSP answer about one certificate:
//    evidence serial and issuer) is copied only when the target's chain holds that
//    certificate (same serial and issuer), so one certificate's "unknown" or bad answer does
//    not fail another target citing the same responder;
//  - when at least one such result was fetched and nothing was copied, one REVOCATION_OK
//    (pass) is added, evidence ("urls", the checked URLs joined by a space).
// caIssuers results and unfetched non-http URLs (no findings) add nothing. Call it once per
// run, after results().
void apply_to_targets(std::vector<core::TargetResult>& targets,
                      const std::vector<core::RevocationResult>& results);

}  // namespace probe::revocation
