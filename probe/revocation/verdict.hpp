// What verifying one piece of revocation data (a CRL or an OCSP response) concluded.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/finding.hpp"
#include "core/outcome.hpp"

namespace probe::revocation {

// A presented certificate that the data lists as revoked.
struct RevokedCert {
  std::string subject;
  std::string issuer;
  std::string serial_hex;  // upper-case hex, as CertFacts::serial_hex
  std::string reason;      // RFC 5280 CRLReason name ("keyCompromise"), "unspecified" if absent
  std::string revoked_at;  // RFC 3339
};

struct DataVerdict {
  // good: verified, current, nothing presented is revoked; revoked: verified and something
  // presented is listed; unknown: OCSP answered "unknown"; error: see `failure`.
  core::RevocationStatus status = core::RevocationStatus::error;
  // REVOCATION_BAD_RESPONSE, REVOCATION_SIGNATURE_INVALID or REVOCATION_STALE when the data
  // cannot be relied on (status error), else nullopt.
  std::optional<core::FindingCode> failure;
  std::string detail;  // why it failed, or how it was verified
  std::string this_update;
  std::string next_update;
  std::string signer;              // "issuer <subject>", "delegated responder <subject>", or empty
  bool signature_checked = false;  // false when the CRL's issuer certificate was not available
  std::vector<RevokedCert> revoked;
};

}  // namespace probe::revocation
