// Outcomes: what each network stage observed, as values. A failed probe is data, not an
// exception; findings are derived from outcomes by pure judge_* functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/cert_facts.hpp"
#include "core/clock.hpp"

namespace probe::core {

enum class DnsStatus { not_run, ok, nxdomain, servfail, timeout, no_address, refused, error };

struct DnsAddress {
  std::string address;  // textual IPv4 or IPv6
  int family = 4;       // 4 or 6
  std::uint32_t ttl = 0;
};

struct DnsOutcome {
  DnsStatus status = DnsStatus::not_run;
  std::vector<DnsAddress> addresses;
  std::vector<std::string> cname_chain;  // owner names followed, in order
  int rcode = -1;                        // DNS rcode of the decisive answer, -1 if none
  std::string resolver;                  // "127.0.0.1:53", or "system"
  Millis elapsed{0};
  std::string detail;          // the library's words when something failed
  bool from_override = false;  // the address came from --resolve, not DNS
};

enum class TcpStatus { not_run, connected, refused, timeout, unreachable, error };

struct TcpOutcome {
  TcpStatus status = TcpStatus::not_run;
  std::string address;  // the address connected to (the proxy's, through a proxy)
  std::uint16_t port = 0;
  Millis elapsed{0};
  std::string detail;
};

enum class ProxyStatus { none, tunnel_ok, unreachable, auth_required, connect_denied };

struct ProxyOutcome {
  ProxyStatus status = ProxyStatus::none;
  std::string proxy;  // proxy URL without credentials
  int http_status = 0;
  std::string server;  // Server header of the CONNECT answer (hostile: escape)
  std::string via;     // Via header
  std::string detail;
};

enum class TlsStatus { not_run, handshake_ok, failed, timeout };

// Why a handshake failed: the path (reset, closed, silence, an alert, a non-TLS answer), the
// server's configuration (version, cipher, DH or key size), or a bound of pinprobe itself.
enum class TlsFailureCause {
  none,
  reset,               // TCP reset during the handshake
  closed,              // the peer closed the connection without an alert
  timeout,             // silence after the ClientHello
  alert,               // an alert that names no server configuration (a middlebox, a policy)
  not_tls,             // the answer was not TLS (a captive portal, a proxy's page)
  protocol_version,    // no protocol version in common
  cipher,              // no cipher suite (or group) in common
  dh_too_small,        // the server's DHE group is under the security level's minimum
  key_too_small,       // the server's key is under the security level's minimum
  cert_list_too_long,  // the certificate list exceeds pinprobe's bound
  other,
};

// What each side showed before a handshake stopped (the OpenSSL message callback).
struct TlsFailure {
  TlsFailureCause cause = TlsFailureCause::none;
  std::string offered_versions;  // pinprobe's ClientHello: "TLSv1.3, TLSv1.2"
  std::string offered_ciphers;   // pinprobe's ClientHello suites, ':'-separated
  std::string server_version;    // the ServerHello's choice, empty when none came
  std::string server_cipher;
  int dh_bits = 0;              // the DHE prime the server sent, 0 when none
  int alert_received = -1;      // TLS AlertDescription from the server (RFC 8446 6), -1: none
  int alert_sent = -1;          // the one pinprobe's TLS library sent
  int security_level = -1;      // OpenSSL security level of the handshake, -1: unknown
  std::size_t limit_bytes = 0;  // pinprobe's certificate-list bound
};

struct TlsOutcome {
  TlsStatus status = TlsStatus::not_run;
  std::string version;  // "TLSv1.3"
  std::string cipher;
  std::string alpn;
  bool client_cert_requested = false;
  std::vector<std::string> acceptable_ca_names;  // from the CertificateRequest
  std::vector<std::string> chain_der;  // presented chain, leaf first, DER bytes (owned copies)
  Millis elapsed{0};
  std::string detail;  // alert name, "connection reset", "timeout", ...
  TlsFailure failure;  // when status is failed or timeout
};

// One fetch on port 80 (CRL, OCSP, caIssuers, SCEP).
struct HttpOutcome {
  bool attempted = false;
  DnsStatus dns = DnsStatus::not_run;
  TcpStatus tcp = TcpStatus::not_run;
  std::string address;
  int status = 0;
  std::string content_type;
  std::string server;
  std::string via;
  std::uint64_t size = 0;
  bool truncated = false;  // the body hit the download cap
  bool through_proxy = false;
  int redirects = 0;
  Millis elapsed{0};
  std::string detail;
};

enum class RevocationStatus { not_run, good, revoked, unknown, error };

struct RevocationOutcome {
  HttpOutcome http;
  RevocationStatus status = RevocationStatus::not_run;
  std::string this_update;  // RFC 3339, empty when not known
  std::string next_update;
  std::string detail;
};

std::string_view to_string(DnsStatus status) noexcept;
std::string_view to_string(TcpStatus status) noexcept;
std::string_view to_string(ProxyStatus status) noexcept;
std::string_view to_string(TlsStatus status) noexcept;
std::string_view to_string(RevocationStatus status) noexcept;

}  // namespace probe::core
