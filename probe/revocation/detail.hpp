// Internal to probe/revocation/*.cpp (includes OpenSSL): small conversions shared by the CRL
// and OCSP verifiers. Not for other modules.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "lib/openssl/ptr.hpp"

namespace probe::revocation::detail {

// Parses one DER certificate; null when `der` is not one.
lib::openssl::X509Ptr parse_cert(std::string_view der);

// An ASN1_TIME as a system time; nullopt-like epoch (SysTime{}) when null or unparseable.
core::SysTime to_time(const ASN1_TIME* time);

// RFC 3339 text of an ASN1_TIME, empty when null.
std::string format_time(const ASN1_TIME* time);

// The RFC 5280 CRLReason name of `reason` ("keyCompromise"); "unspecified" for -1.
std::string reason_name(int reason);

// "text: openssl queue" when OpenSSL left errors, else `text`.
std::string with_errors(std::string text);

}  // namespace probe::revocation::detail
