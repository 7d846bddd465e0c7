// The public-root set: the roots of Debian's ca-certificates bundle (the Mozilla root
// program), embedded at build time. "Publicly trusted" in a verdict means "verifies to one of
// these", the same on every machine, whatever that machine's own store holds.
#pragma once

#include <string_view>

#include "tls/cert_store.hpp"

namespace probe::tls {

// The embedded public roots, parsed once on first use (thread-safe). Empty when the build
// machine had no bundle (the build warned).
const CertStore& embedded_public_roots();

// Which bundle was embedded: "Debian ca-certificates 20230311+deb12u1 (/etc/ssl/..., date)".
std::string_view public_roots_version() noexcept;

namespace detail {
// Defined in the generated public_roots_data.cpp.
std::string_view public_root_bundle() noexcept;
std::string_view public_root_bundle_version() noexcept;
}  // namespace detail

}  // namespace probe::tls
