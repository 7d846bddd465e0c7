// Pure judgement of one port-80 fetch before its body is parsed: DNS, TCP, HTTP status and
// content type decide whether the answer is revocation data at all (SPEC §4 REVOCATION_*).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/finding.hpp"
#include "core/outcome.hpp"
#include "core/plan.hpp"

namespace probe::revocation {

// How a Content-Type fits what a URL of some kind should serve.
enum class ContentClass {
  expected,   // CRL: application/pkix-crl, application/x-pkcs7-crl; OCSP:
              // application/ocsp-response; caIssuers: application/pkix-cert,
              // application/x-x509-ca-cert, application/pkcs7-mime,
              // application/x-pkcs7-certificates
  tolerated,  // application/octet-stream or no Content-Type: accepted when the body parses
  foreign,    // HTML or anything else: someone else answered
};

// Classifies `content_type` (parameters after ';' and case ignored) for `kind`. Never fails.
ContentClass classify_content_type(core::RevocationKind kind,
                                   std::string_view content_type) noexcept;

// The name of whoever answered in place of the server: the Via header when present, else
// Server, else "unnamed proxy"; bounded.
std::string proxy_name(const core::HttpOutcome& http);

// The evidence every revocation finding carries: url; when an HTTP answer came, status,
// content_type, server and via (when sent) and size; then through_proxy, elapsed_ms, and
// address, redirects and detail when known. Values are bounded; renderers escape them.
core::Evidence http_evidence(std::string_view url, const core::HttpOutcome& http);

// The finding for a fetch that did not deliver revocation data, or nullopt when the body
// should be parsed (2xx with an expected or tolerated content type). In order:
// not attempted / DNS failure (REVOCATION_DNS_FAILED, direct fetches only: through a proxy the
// proxy resolves) / TCP refused, timeout, unreachable (REVOCATION_UNREACHABLE saying which) /
// no HTTP answer (REVOCATION_UNREACHABLE) / 403, 407, 5xx, or a non-2xx HTML page
// (REVOCATION_BLOCKED_BY_PROXY naming the proxy) / other non-2xx (REVOCATION_BAD_RESPONSE) /
// a foreign content type (REVOCATION_BLOCKED_BY_PROXY) / a body over the download cap
// (REVOCATION_BAD_RESPONSE). For caIssuers URLs the caller turns
// the result into CA_ISSUERS_HOST information.
std::optional<core::Finding> judge_transport(const core::RevocationUrl& url,
                                             const core::HttpOutcome& http);

}  // namespace probe::revocation
