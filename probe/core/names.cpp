// Wire spellings of the outcome enums (JSON values); kept together so none drifts.
#include "core/outcome.hpp"
#include "core/plan.hpp"

namespace probe::core {

std::string_view to_string(RevocationKind kind) noexcept {
  switch (kind) {
    case RevocationKind::crl:
      return "crl";
    case RevocationKind::ocsp:
      return "ocsp";
    case RevocationKind::ca_issuers:
      return "ca_issuers";
  }
  return "crl";
}

std::string_view to_string(UrlSource source) noexcept {
  return source == UrlSource::chain ? "chain" : "config";
}

std::string_view to_string(DnsStatus status) noexcept {
  switch (status) {
    case DnsStatus::not_run:
      return "not_run";
    case DnsStatus::ok:
      return "ok";
    case DnsStatus::nxdomain:
      return "nxdomain";
    case DnsStatus::servfail:
      return "servfail";
    case DnsStatus::timeout:
      return "timeout";
    case DnsStatus::no_address:
      return "no_address";
    case DnsStatus::refused:
      return "refused";
    case DnsStatus::error:
      return "error";
  }
  return "error";
}

std::string_view to_string(TcpStatus status) noexcept {
  switch (status) {
    case TcpStatus::not_run:
      return "not_run";
    case TcpStatus::connected:
      return "connected";
    case TcpStatus::refused:
      return "refused";
    case TcpStatus::timeout:
      return "timeout";
    case TcpStatus::unreachable:
      return "unreachable";
    case TcpStatus::error:
      return "error";
  }
  return "error";
}

std::string_view to_string(ProxyStatus status) noexcept {
  switch (status) {
    case ProxyStatus::none:
      return "none";
    case ProxyStatus::tunnel_ok:
      return "tunnel_ok";
    case ProxyStatus::unreachable:
      return "unreachable";
    case ProxyStatus::auth_required:
      return "auth_required";
    case ProxyStatus::connect_denied:
      return "connect_denied";
  }
  return "none";
}

std::string_view to_string(TlsStatus status) noexcept {
  switch (status) {
    case TlsStatus::not_run:
      return "not_run";
    case TlsStatus::handshake_ok:
      return "handshake_ok";
    case TlsStatus::failed:
      return "failed";
    case TlsStatus::timeout:
      return "timeout";
  }
  return "failed";
}

std::string_view to_string(RevocationStatus status) noexcept {
  switch (status) {
    case RevocationStatus::not_run:
      return "not_run";
    case RevocationStatus::good:
      return "good";
    case RevocationStatus::revoked:
      return "revoked";
    case RevocationStatus::unknown:
      return "unknown";
    case RevocationStatus::error:
      return "error";
  }
  return "error";
}

}  // namespace probe::core
