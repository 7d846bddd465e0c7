// CRL verification (RFC 5280 §5): parse, check the issuer's signature, freshness, and look up
// the serials of the certificates that cite the CRL.
#pragma once

#include <span>
#include <string_view>

#include "core/cert_facts.hpp"
#include "core/clock.hpp"
#include "revocation/verdict.hpp"

namespace probe::revocation {

// Tolerance for clocks that disagree (thisUpdate slightly in the future).
inline constexpr std::chrono::minutes k_clock_skew{5};

// Verifies `body` (DER, or PEM "X509 CRL") as a CRL. The signature is checked with every
// certificate of `issuers` whose subject equals the CRL's issuer name (X509_CRL_verify); none
// matching leaves signature_checked false (no failure), a match whose key does not verify is
// REVOCATION_SIGNATURE_INVALID. thisUpdate after now + k_clock_skew or nextUpdate before now
// is REVOCATION_STALE; unparseable bytes are REVOCATION_BAD_RESPONSE. Each certificate of
// `citing` whose issuer name equals the CRL's issuer is looked up by serial
// (X509_CRL_get0_by_serial); listed ones are returned in `revoked` (status revoked). Never
// throws; the detail of a parse failure carries OpenSSL's error queue.
DataVerdict check_crl(std::string_view body, std::span<const core::CertFacts> issuers,
                      std::span<const core::CertFacts> citing, core::SysTime now);

}  // namespace probe::revocation
