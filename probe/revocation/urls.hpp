// The revocation URL set of one run (SPEC §3 step 5): every CRL distribution point, OCSP
// responder and caIssuers URL of the presented chains, plus the static list of the plan,
// deduplicated so each URL is fetched once however many chains cite it.
#pragma once

#include <string_view>
#include <vector>

#include "core/plan.hpp"
#include "core/report.hpp"

namespace probe::revocation {

// The chain whose revocation a target's verdict carries: the completed chain when the judge
// filled one (presented, fetched issuers, store or pinset path), else the presented one.
const std::vector<core::CertFacts>& checked_chain(const core::TargetResult& target);

// The deduplicated URL set. Chain URLs come first, in the order the targets and their
// certificates (leaf first) cite them, then the plan's static URLs not already cited.
// Entries are keyed by (url, kind). An entry cited by any presented certificate has source
// `chain` (even when the configuration lists it too) and `cited_by` holds the subjects of the
// citing certificates, each once; configuration-only entries have an empty `cited_by`.
// Chain URLs are skipped when `plan.revocation_from_chain` is false; caIssuers URLs
// (RFC 5280 §4.2.2.1) are kept as kind `ca_issuers`, for information. Non-http: URLs are
// kept (they are reported, not fetched). Never fails.
std::vector<core::RevocationUrl> collect_urls(const std::vector<core::TargetResult>& targets,
                                              const core::Plan& plan);

// True when `url` is a plain http: URL (case-insensitive scheme): the only kind fetched.
bool is_http_url(std::string_view url);

// The host part of an http(s) URL ("crl3.digicert.com"), empty when there is none.
std::string url_host(std::string_view url);

}  // namespace probe::revocation
