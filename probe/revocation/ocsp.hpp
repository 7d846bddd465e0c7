// OCSP (RFC 6960): requests for presented certificates and verification of the responses,
// signed by the issuer or by a delegated responder (id-kp-OCSPSigning) the issuer certified.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/cert_facts.hpp"
#include "core/clock.hpp"
#include "core/http.hpp"
#include "core/result.hpp"
#include "revocation/verdict.hpp"

namespace probe::revocation {

// The index in `pool` of the certificate that issued `cert`: its subject is `cert`'s issuer
// name and its key verifies `cert`'s signature (X509_check_issued + X509_verify). nullopt when
// none does (self-signed certificates are not their own issuer here).
std::optional<std::size_t> find_issuer(const core::CertFacts& cert,
                                       std::span<const core::CertFacts> pool);

// A DER OCSPRequest for `cert` issued by `issuer`: one CertID with SHA-1 hashes (RFC 5019
// §2.1.1, what every public responder answers), no nonce so responses stay cacheable.
// Fails (internal) when either certificate does not parse.
core::Result<std::string> build_ocsp_request(const core::CertFacts& cert,
                                             const core::CertFacts& issuer);

// The HTTP request carrying `request_der` to responder `url`: GET url/<url-encoded base64>
// when that path part is under 255 bytes (RFC 5019 §5), else POST with
// application/ocsp-request; Accept application/ocsp-response; body capped at `max_bytes`.
core::HttpRequest ocsp_http_request(std::string_view url, std::string_view request_der,
                                    std::uint64_t max_bytes);

// Verifies an OCSP answer for `cert` issued by `issuer` at time `now` (never the machine's
// clock). REVOCATION_BAD_RESPONSE: not an OCSPResponse, responseStatus not successful (named),
// no basic response, or no SingleResponse for the requested CertID. REVOCATION_SIGNATURE_INVALID:
// not signed by the issuer nor by a certificate carrying id-kp-OCSPSigning issued by it and
// valid at `now` (OCSP_basic_verify with OCSP_TRUSTOTHER and a partial-chain store holding
// only the issuer). REVOCATION_STALE: thisUpdate after now + k_clock_skew or nextUpdate before
// now. Otherwise status good, revoked (with reason and time in `revoked`) or unknown.
DataVerdict check_ocsp_response(std::string_view body, const core::CertFacts& cert,
                                const core::CertFacts& issuer, core::SysTime now);

}  // namespace probe::revocation
