// From what libcurl reported about one connection to outcomes, and from outcomes to findings:
// pure functions, so the mapping of every failure is testable without a socket.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/finding.hpp"
#include "core/outcome.hpp"
#include "core/report.hpp"

namespace probe::connect {

// The facts libcurl gives about a finished connect-only transfer.
struct TransferFacts {
  int curl_code = 0;           // CURLcode
  long os_errno = 0;           // CURLINFO_OS_ERRNO
  long connect_code = 0;       // CURLINFO_HTTP_CONNECTCODE (the proxy's CONNECT answer)
  bool proxied = false;        // an explicit proxy was used
  bool tcp_connected = false;  // CURLINFO_CONNECT_TIME_T > 0: TCP (to origin or proxy) is up
  std::string error;           // CURLOPT_ERRORBUFFER text
  std::string address;         // CURLINFO_PRIMARY_IP
  long port = 0;               // CURLINFO_PRIMARY_PORT
  // What the handshake's messages showed (engine's OpenSSL message callback) and the
  // certificate-list bound in force; `handshake.cause` is ignored on input.
  core::TlsFailure handshake;
};

// Fills the status and detail of `tcp`, `proxy` and `tls` from `facts`. Rules: through a
// proxy, a failure before a CONNECT answer is PROXY unreachable, 407 auth_required, another
// non-2xx connect_denied. Before TCP is up: ECONNREFUSED refused, EHOSTUNREACH/ENETUNREACH
// unreachable, a timeout timeout. Once TCP is up, every failure (a timeout included) is the
// TLS handshake's, never TCP's. A failed handshake gets its cause in `tls.failure`: OpenSSL's
// reason in `error` first (excessive message size: pinprobe's bound; dh key too small;
// unsupported protocol), then the alert received (protocol version; handshake failure or
// insufficient security before any ServerHello: no common cipher), then the socket (timeout,
// reset, close), else "alert" for any other alert.
void classify_transfer(const TransferFacts& facts, core::TcpOutcome& tcp, core::ProxyOutcome& proxy,
                       core::TlsOutcome& tls);

// The wire name of a failure cause: "reset", "protocol_version", ... (evidence value).
std::string_view to_string(core::TlsFailureCause cause) noexcept;

// The TCP_*, PROXY_*, TLS_HANDSHAKE_FAILED (the path), TLS_SERVER_CONFIG (the server's
// configuration), TLS_PROBE_LIMIT (pinprobe's bound) and MTLS_* findings of one target's outcomes
// (MTLS_NOT_REQUESTED when the target expects a CertificateRequest and the handshake brought
// none; MTLS_REQUESTED with the acceptable CA names when one came).
std::vector<core::Finding> judge_connection(const core::TargetResult& result);

}  // namespace probe::connect
