#include "connect/classify.hpp"

#include <curl/curl.h>

#include <fmt/format.h>

#include <cerrno>

#include "core/text.hpp"

namespace probe::connect {
namespace {

bool is_timeout(const TransferFacts& f) {
  return f.curl_code == CURLE_OPERATION_TIMEDOUT || f.os_errno == ETIMEDOUT;
}

std::string reason_of(const TransferFacts& f) {
  if (is_timeout(f)) return "timeout";
  if (f.os_errno == ECONNRESET) return "connection reset";
  std::string text =
      f.error.empty() ? curl_easy_strerror(static_cast<CURLcode>(f.curl_code)) : f.error;
  if (text.find("reset by peer") != std::string::npos) return "connection reset: " + text;
  return text;
}

void classify_tcp(const TransferFacts& f, core::TcpOutcome& tcp) {
  if (f.os_errno == ECONNREFUSED) {
    tcp.status = core::TcpStatus::refused;
  } else if (f.os_errno == EHOSTUNREACH || f.os_errno == ENETUNREACH) {
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
}

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
    auto ev = where;
    ev.emplace_back("reason", r.tls.detail);
    out.push_back(make_finding(
        FindingCode::tls_handshake_failed,
        fmt::format("no TLS handshake with {}:{}: {}", r.target.host, r.target.port, r.tls.detail),
        std::move(ev)));
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
