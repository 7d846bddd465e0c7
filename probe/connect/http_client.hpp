// The real core::HttpClient: libcurl multi, plain fetches (CRL, OCSP, caIssuers, SCEP).
#pragma once

#include <memory>

#include "core/clock.hpp"
#include "core/http.hpp"
#include "core/settings.hpp"

namespace probe::connect {

// An HttpClient honouring `settings`: the proxy choice of choose_proxy (per URL scheme),
// --dns-server (names are resolved with the engine's resolver and pinned for curl, so a DNS
// failure is told apart from a TCP one; through a proxy the proxy resolves), the family,
// settings.concurrency parallel transfers, settings.timeout for the connection and for the
// whole transfer, --resolve HOST:PORT:ADDR entries (used instead of resolving), and
// --ca-file / --ca-path as the trust store of HTTPS fetches. Per request: body capped at
// max_bytes (outcome.truncated), at most max_redirects redirects, to http: only when
// http_only. `clock` must outlive the client.
std::unique_ptr<core::HttpClient> make_http_client(const core::ProbeSettings& settings,
                                                   const core::Clock& clock);

}  // namespace probe::connect
