// Internal to probe/revocation/*.cpp (includes OpenSSL): small conversions shared by the CRL
// and OCSP verifiers. Not for other modules.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "lib/openssl/ptr.hpp"

namespace probe::revocation::detail {

// RFC 3339 text of an ASN1_TIME, empty when null.
std::string format_time(const ASN1_TIME* time);

// The RFC 5280 CRLReason name of `reason` ("keyCompromise"); "unspecified" for -1.
std::string reason_name(int reason);

// "text: openssl queue" when OpenSSL left errors, else `text`.
std::string with_errors(std::string text);

}  // namespace probe::revocation::detail
