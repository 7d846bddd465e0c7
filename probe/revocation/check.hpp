// SPEC §3 step 5: fetch every revocation URL once, verify what came back, and carry the
// result into the verdict of every target whose chain cites it.
#pragma once

#include <span>
#include <vector>

#include "core/cert_facts.hpp"
#include "core/clock.hpp"
#include "core/http.hpp"
#include "core/plan.hpp"
#include "core/report.hpp"
#include "core/settings.hpp"

namespace probe::revocation {

// Fetches and verifies `urls` (from collect_urls) and returns one result per URL, in order.
// Empty when `settings.revocation` is false (--no-revocation).
//
// Fetches go to `http` in one fetch() batch: one GET per CRL or caIssuers URL however many
// chains cite it; per OCSP URL one request per distinct certificate citing it whose issuer is
// among the presented certificates, `anchors` and the certificates served by the run's
// caIssuers URLs (find_issuer), GET or POST per
// ocsp_http_request. An OCSP URL that no presented certificate with a known issuer cites (a
// configuration-only URL) gets one plain GET that proves reachability only. Non-http: URLs
// are not fetched: their result has outcome.http.attempted false, a detail saying so, and no
// findings. Downloads are capped at settings.max_download. When a certificate citing an OCSP
// URL has no issuer among the presented certificates and `anchors` (a root the server does
// not send), the caIssuers URLs go first in a batch of their own so their certificates can
// serve as issuers: pass the pinsets' anchors to keep it to one batch.
//
// Findings per result: judge_transport's failure; else the CRL (check_crl, with issuer
// candidates = presented certificates, `anchors`, and the certificates served by the run's
// caIssuers URLs) or OCSP (check_ocsp_response) verdict: REVOCATION_BAD_RESPONSE,
// REVOCATION_SIGNATURE_INVALID or REVOCATION_STALE; CERT_REVOKED per revoked presented
// certificate (evidence: source, certificate, issuer, serial, reason, revoked_at); OCSP
// "unknown" is REVOCATION_BAD_RESPONSE naming the certificate; a failure of the answer about
// one certificate (OCSP) carries that certificate's certificate, issuer and serial too (a
// CRL's failure is the same for every citing certificate and names none); REVOCATION_OK when
// nothing failed. caIssuers URLs carry one CA_ISSUERS_HOST (info) saying whether the host answered
// with certificates. Every finding's evidence starts with http_evidence. Never throws for
// network data; `clock` supplies "now" for every freshness and validity check.
std::vector<core::RevocationResult> check_all(const std::vector<core::RevocationUrl>& urls,
                                              const std::vector<core::TargetResult>& targets,
                                              core::HttpClient& http, const core::Clock& clock,
                                              const core::ProbeSettings& settings,
                                              std::span<const core::CertFacts> anchors = {});

// Carries revocation into each target's findings, so its verdict includes its chain's
// revocation state. For each target and each CRL/OCSP result whose URL a certificate of the
// target's chain cites (CertFacts::crl_urls / ocsp_urls):
//  - every fail finding of the result except CERT_REVOKED is copied with the same code and
//    severity, message "revocation URL <url> (cited by <CN>): <message>", and the result's
//    evidence plus ("cited_by", subject);
//  - a finding naming a certificate (CERT_REVOKED, or an OCSP answer about one certificate:
//    evidence serial and issuer) is copied only when the target's chain holds that
//    certificate (same serial and issuer), so one certificate's "unknown" or bad answer does
//    not fail another target citing the same responder;
//  - when at least one such result was fetched and nothing was copied, one REVOCATION_OK
//    (pass) is added, evidence ("urls", the checked URLs joined by a space).
// caIssuers results and unfetched non-http URLs (no findings) add nothing. Idempotent per call
// only: call it once per run, after the judge stage and check_all.
void apply_to_targets(std::vector<core::TargetResult>& targets,
                      const std::vector<core::RevocationResult>& results);

}  // namespace probe::revocation
