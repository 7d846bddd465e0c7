#include "connect/classify.hpp"

#include <curl/curl.h>
#include <openssl/ssl.h>

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "core/text.hpp"
#include "lib/curl/socket_error.hpp"

namespace probe::connect {
namespace {

using lib::curl::SocketError;

SocketError socket_error_of(const TransferFacts& f) { return lib::curl::socket_error(f.os_errno); }

bool is_timeout(const TransferFacts& f) {
  return f.curl_code == CURLE_OPERATION_TIMEDOUT || socket_error_of(f) == SocketError::timed_out;
}

std::string reason_of(const TransferFacts& f) {
  if (is_timeout(f)) return "timeout";
  if (socket_error_of(f) == SocketError::reset) return "connection reset";
  std::string text =
      f.error.empty() ? curl_easy_strerror(static_cast<CURLcode>(f.curl_code)) : f.error;
  if (text.find("reset by peer") != std::string::npos) return "connection reset: " + text;
  return text;
}

bool says(const std::string& lower_text, std::string_view needle) {
  return lower_text.find(needle) != std::string::npos;
}

// TLS AlertDescription values (RFC 8446 section 6; 71 from RFC 5246).
constexpr int k_alert_handshake_failure = 40;
constexpr int k_alert_protocol_version = 70;
constexpr int k_alert_insufficient_security = 71;

// The cause of a failed handshake: OpenSSL's own reason first (it names the server's
// configuration or pinprobe's bound precisely), then the server's alert, then the socket.
core::TlsFailureCause cause_of(const TransferFacts& f) {
  using C = core::TlsFailureCause;
  const auto text = core::to_lower(f.error);
  const auto& h = f.handshake;
  if (says(text, "excessive message size")) return C::cert_list_too_long;
  if (says(text, "dh key too small")) return C::dh_too_small;
  if (says(text, "ee key too small") || says(text, "ca key too small")) return C::key_too_small;
  // "legacy sigalg disallowed": the server chose TLS 1.0/1.1, whose MD5+SHA-1 handshake
  // signature the security level refuses.
  if (says(text, "unsupported protocol") || says(text, "alert protocol version") ||
      says(text, "legacy sigalg disallowed") || h.alert_received == k_alert_protocol_version) {
    return C::protocol_version;
  }
  if (h.server_version.empty() && (h.alert_received == k_alert_handshake_failure ||
                                   h.alert_received == k_alert_insufficient_security ||
                                   says(text, "no shared cipher") || says(text, "no ciphers"))) {
    return C::cipher;
  }
  if (says(text, "wrong version number") || says(text, "packet length too long") ||
      says(text, "record layer failure")) {
    return C::not_tls;
  }
  if (is_timeout(f)) return C::timeout;
  if (socket_error_of(f) == SocketError::reset || says(text, "reset by peer")) return C::reset;
  if (h.alert_received >= 0) return C::alert;
  if (says(text, "unexpected eof") || says(text, "syscall") || f.curl_code == CURLE_RECV_ERROR) {
    return C::closed;
  }
  return C::other;
}

void classify_tcp(const TransferFacts& f, core::TcpOutcome& tcp) {
  const auto error = socket_error_of(f);
  if (error == SocketError::refused) {
    tcp.status = core::TcpStatus::refused;
  } else if (error == SocketError::host_unreachable || error == SocketError::net_unreachable) {
    tcp.status = core::TcpStatus::unreachable;
  } else if (is_timeout(f)) {
    tcp.status = core::TcpStatus::timeout;
  } else {
    tcp.status = core::TcpStatus::error;
  }
  tcp.detail = core::bound(f.error);
}

}  // namespace

void classify_transfer(const TransferFacts& f, core::TcpOutcome& tcp, core::ProxyOutcome& proxy,
                       core::TlsOutcome& tls) {
  if (!f.address.empty()) tcp.address = f.address;
  if (f.port > 0 && f.port < 65536) tcp.port = static_cast<std::uint16_t>(f.port);
  proxy.http_status = static_cast<int>(f.connect_code);
  if (f.curl_code == CURLE_OK) {
    tcp.status = core::TcpStatus::connected;
    if (f.proxied) proxy.status = core::ProxyStatus::tunnel_ok;
    tls.status = core::TlsStatus::handshake_ok;
    return;
  }
  if (f.proxied) {
    if (f.connect_code == 407) {
      tcp.status = core::TcpStatus::connected;
      proxy.status = core::ProxyStatus::auth_required;
      proxy.detail = core::bound(f.error);
      return;
    }
    if (f.connect_code != 0 && (f.connect_code < 200 || f.connect_code > 299)) {
      tcp.status = core::TcpStatus::connected;
      proxy.status = core::ProxyStatus::connect_denied;
      proxy.detail = core::bound(f.error);
      return;
    }
    if (f.connect_code == 0) {
      // No CONNECT answer: the proxy itself could not be reached or used.
      if (f.tcp_connected) {
        tcp.status = core::TcpStatus::connected;
      } else {
        classify_tcp(f, tcp);
      }
      proxy.status = core::ProxyStatus::unreachable;
      proxy.detail = core::bound(f.error.empty() ? reason_of(f) : f.error);
      return;
    }
    proxy.status = core::ProxyStatus::tunnel_ok;
  }
  if (!f.tcp_connected && f.curl_code != CURLE_SSL_CONNECT_ERROR) {
    classify_tcp(f, tcp);
    return;
  }
  tcp.status = core::TcpStatus::connected;
  tls.status = is_timeout(f) ? core::TlsStatus::timeout : core::TlsStatus::failed;
  tls.detail = core::bound(reason_of(f));
  tls.failure = f.handshake;
  tls.failure.cause = cause_of(f);
}

std::string_view to_string(core::TlsFailureCause cause) noexcept {
  using C = core::TlsFailureCause;
  switch (cause) {
    case C::none:
      return "none";
    case C::reset:
      return "reset";
    case C::closed:
      return "closed";
    case C::timeout:
      return "timeout";
    case C::alert:
      return "alert";
    case C::not_tls:
      return "not_tls";
    case C::protocol_version:
      return "protocol_version";
    case C::cipher:
      return "cipher";
    case C::dh_too_small:
      return "dh_too_small";
    case C::key_too_small:
      return "key_too_small";
    case C::cert_list_too_long:
      return "cert_list_too_long";
    case C::other:
      return "other";
  }
  return "other";
}

namespace {

std::string alert_name(int alert) {
  if (alert < 0) return {};
  return fmt::format("{} ({})", SSL_alert_desc_string_long(alert), alert);
}

// The smallest DH prime OpenSSL accepts at `level` (SSL_CTX_set_security_level(3)).
int min_dh_bits(int level) {
  constexpr std::array<int, 6> k_bits{0, 1024, 2048, 3072, 7680, 15360};
  if (level < 0 || level >= static_cast<int>(k_bits.size())) return 0;
  return k_bits[static_cast<std::size_t>(level)];
}

core::Evidence failure_evidence(const core::TargetResult& r) {
  const auto& h = r.tls.failure;
  core::Evidence ev{{"address", r.tcp.address},
                    {"port", std::to_string(r.tcp.port)},
                    {"cause", std::string(to_string(h.cause))},
                    {"reason", r.tls.detail}};
  auto add = [&ev](std::string key, std::string value) {
    if (!value.empty()) ev.emplace_back(std::move(key), std::move(value));
  };
  add("offered_versions", h.offered_versions);
  // The suites matter when none was in common; elsewhere they are noise.
  if (h.cause == core::TlsFailureCause::cipher) {
    add("offered_ciphers", core::bound(h.offered_ciphers, 2048));
  }
  add("server_version", h.server_version);
  add("server_cipher", h.server_cipher);
  if (h.dh_bits > 0) add("dh_bits", std::to_string(h.dh_bits));
  if (h.dh_bits > 0 && min_dh_bits(h.security_level) > 0) {
    add("min_dh_bits", std::to_string(min_dh_bits(h.security_level)));
  }
  add("alert_received", alert_name(h.alert_received));
  add("alert_sent", alert_name(h.alert_sent));
  if (h.cause == core::TlsFailureCause::cert_list_too_long && h.limit_bytes > 0) {
    add("limit_bytes", std::to_string(h.limit_bytes));
  }
  return ev;
}

std::size_t count_of(const std::string& list) {
  if (list.empty()) return 0;
  return static_cast<std::size_t>(std::count(list.begin(), list.end(), ':')) + 1;
}

// The finding of a failed handshake: its code and message follow the cause.
core::Finding handshake_finding(const core::TargetResult& r) {
  using C = core::TlsFailureCause;
  using core::FindingCode;
  const auto& h = r.tls.failure;
  const auto where = fmt::format("{}:{}", r.target.host, r.target.port);
  const auto offered =
      h.offered_versions.empty() ? std::string("its versions") : h.offered_versions;
  std::string message;
  auto code = FindingCode::tls_server_config;
  switch (h.cause) {
    case C::protocol_version:
      if (h.server_version.empty()) {
        message =
            fmt::format("{} refused every protocol version pinprobe offered ({})", where, offered);
      } else if (says(core::to_lower(r.tls.detail), "legacy sigalg")) {
        message = fmt::format(
            "{} chose {}, an obsolete version whose MD5+SHA-1 handshake signature current "
            "clients refuse (OpenSSL security level {})",
            where, h.server_version, h.security_level);
      } else {
        message = fmt::format("{} chose {}, which pinprobe does not accept (it offered {})", where,
                              h.server_version, offered);
      }
      break;
    case C::cipher:
      message = fmt::format(
          "{} shares no cipher suite with pinprobe's {} over {} (it answered the ClientHello with "
          "{})",
          where,
          count_of(h.offered_ciphers) > 0
              ? fmt::format("{} offered suites", count_of(h.offered_ciphers))
              : std::string("offered suites"),
          offered, h.alert_received >= 0 ? "alert " + alert_name(h.alert_received) : r.tls.detail);
      break;
    case C::dh_too_small:
      message =
          h.dh_bits > 0
              ? fmt::format(
                    "{} sent a {}-bit DH group{}; current clients require "
                    "{} bits or more",
                    where, h.dh_bits, h.server_cipher.empty() ? "" : " for " + h.server_cipher,
                    min_dh_bits(h.security_level) > 0 ? min_dh_bits(h.security_level) : 2048)
              : fmt::format(
                    "{} sent a DH group smaller than current clients "
                    "accept: {}",
                    where, r.tls.detail);
      break;
    case C::key_too_small:
      message = fmt::format("{} presents a key smaller than current clients accept: {}", where,
                            r.tls.detail);
      break;
    case C::cert_list_too_long:
      code = FindingCode::tls_probe_limit;
      message = fmt::format(
          "the certificate list of {} is larger than pinprobe's limit of {} bytes: pinprobe's "
          "bound, not a network fault",
          where, h.limit_bytes);
      break;
    case C::timeout:
      code = FindingCode::tls_handshake_failed;
      message =
          fmt::format("no TLS handshake with {}: no answer to the ClientHello in time", where);
      break;
    case C::reset:
      code = FindingCode::tls_handshake_failed;
      message = fmt::format(
          "no TLS handshake with {}: the connection was reset after the "
          "ClientHello",
          where);
      break;
    case C::closed:
      code = FindingCode::tls_handshake_failed;
      message = fmt::format(
          "no TLS handshake with {}: the connection was closed after the "
          "ClientHello without an alert",
          where);
      break;
    case C::alert:
      code = FindingCode::tls_handshake_failed;
      message =
          fmt::format("no TLS handshake with {}: alert {} received {} the ServerHello", where,
                      alert_name(h.alert_received), h.server_version.empty() ? "before" : "after");
      break;
    case C::not_tls:
      code = FindingCode::tls_handshake_failed;
      message = fmt::format(
          "no TLS handshake with {}: the answer to the ClientHello is not TLS "
          "({})",
          where, r.tls.detail);
      break;
    case C::none:
    case C::other:
      code = FindingCode::tls_handshake_failed;
      message = fmt::format("no TLS handshake with {}: {}", where, r.tls.detail);
      break;
  }
  return make_finding(code, std::move(message), failure_evidence(r));
}

}  // namespace

std::vector<core::Finding> judge_connection(const core::TargetResult& r) {
  using core::FindingCode;
  std::vector<core::Finding> out;
  const core::Evidence where = {{"address", r.tcp.address}, {"port", std::to_string(r.tcp.port)}};
  auto proxy_ev = [&r] {
    core::Evidence ev{{"proxy", r.proxy.proxy}};
    if (r.proxy.http_status != 0) ev.emplace_back("status", std::to_string(r.proxy.http_status));
    if (!r.proxy.server.empty()) ev.emplace_back("server", r.proxy.server);
    if (!r.proxy.via.empty()) ev.emplace_back("via", r.proxy.via);
    if (!r.proxy.detail.empty()) ev.emplace_back("detail", r.proxy.detail);
    return ev;
  };
  switch (r.proxy.status) {
    case core::ProxyStatus::unreachable:
      out.push_back(make_finding(FindingCode::proxy_unreachable, {}, proxy_ev()));
      return out;
    case core::ProxyStatus::auth_required:
      out.push_back(make_finding(FindingCode::proxy_auth_required, {}, proxy_ev()));
      return out;
    case core::ProxyStatus::connect_denied:
      out.push_back(
          make_finding(FindingCode::proxy_connect_denied,
                       fmt::format("the proxy refused to open a tunnel to {}:{} (HTTP {})",
                                   r.target.host, r.target.port, r.proxy.http_status),
                       proxy_ev()));
      return out;
    case core::ProxyStatus::none:
    case core::ProxyStatus::tunnel_ok:
      break;
  }
  auto tcp_ev = where;
  if (!r.tcp.detail.empty()) tcp_ev.emplace_back("detail", r.tcp.detail);
  switch (r.tcp.status) {
    case core::TcpStatus::refused:
      out.push_back(make_finding(FindingCode::tcp_refused, {}, tcp_ev));
      return out;
    case core::TcpStatus::timeout:
      out.push_back(make_finding(FindingCode::tcp_timeout, {}, tcp_ev));
      return out;
    case core::TcpStatus::unreachable:
    case core::TcpStatus::error:
      out.push_back(make_finding(FindingCode::tcp_unreachable, {}, tcp_ev));
      return out;
    case core::TcpStatus::not_run:
    case core::TcpStatus::connected:
      break;
  }
  if (r.tcp.status == core::TcpStatus::not_run) return out;
  std::string names;
  for (const auto& n : r.tls.acceptable_ca_names) names += (names.empty() ? "" : "; ") + n;
  if (r.tls.client_cert_requested) {
    out.push_back(make_finding(FindingCode::mtls_requested, {},
                               {{"acceptable_ca_names", core::bound(names, 4096)}}));
  }
  if (r.tls.status == core::TlsStatus::failed || r.tls.status == core::TlsStatus::timeout) {
    out.push_back(handshake_finding(r));
    return out;
  }
  if (r.tls.status == core::TlsStatus::handshake_ok && r.target.expect_client_cert_request &&
      !r.tls.client_cert_requested) {
    auto ev = where;
    ev.emplace_back("tls_version", r.tls.version);
    out.push_back(make_finding(FindingCode::mtls_not_requested, {}, std::move(ev)));
  }
  return out;
}

}  // namespace probe::connect
