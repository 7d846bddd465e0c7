#include "connect/classify.hpp"

#include <curl/curl.h>

#include <doctest/doctest.h>

#include <cerrno>

namespace probe::connect {
namespace {

struct Outcomes {
  core::TcpOutcome tcp;
  core::ProxyOutcome proxy;
  core::TlsOutcome tls;
};

Outcomes classify(const TransferFacts& facts) {
  Outcomes o;
  classify_transfer(facts, o.tcp, o.proxy, o.tls);
  return o;
}

std::vector<std::string> findings_of(const Outcomes& o, bool expect_mtls = false) {
  core::TargetResult r;
  r.target.host = "login.okta.com";
  r.target.expect_client_cert_request = expect_mtls;
  r.tcp = o.tcp;
  r.proxy = o.proxy;
  r.tls = o.tls;
  std::vector<std::string> out;
  for (const auto& f : judge_connection(r)) out.emplace_back(f.wire());
  return out;
}

using Wires = std::vector<std::string>;

TransferFacts failed(int code, long os_errno) {
  TransferFacts f;
  f.curl_code = code;
  f.os_errno = os_errno;
  return f;
}

}  // namespace

TEST_SUITE("connect") {
  TEST_CASE("classify_transfer: the socket error tells refused, unreachable and timeout apart") {
    CHECK(findings_of(classify(failed(CURLE_COULDNT_CONNECT, ECONNREFUSED))) ==
          Wires{"TCP_REFUSED"});
    CHECK(findings_of(classify(failed(CURLE_COULDNT_CONNECT, EHOSTUNREACH))) ==
          Wires{"TCP_UNREACHABLE"});
    CHECK(findings_of(classify(failed(CURLE_COULDNT_CONNECT, ENETUNREACH))) ==
          Wires{"TCP_UNREACHABLE"});
    CHECK(findings_of(classify(failed(CURLE_OPERATION_TIMEDOUT, 0))) == Wires{"TCP_TIMEOUT"});
  }

  TEST_CASE("classify_transfer: after TCP is up a timeout or reset is a TLS handshake failure") {
    TransferFacts f;
    f.curl_code = CURLE_OPERATION_TIMEDOUT;
    f.tcp_connected = true;
    auto o = classify(f);
    CHECK(o.tls.status == core::TlsStatus::timeout);
    CHECK(o.tls.detail == "timeout");
    CHECK(findings_of(o) == Wires{"TLS_HANDSHAKE_FAILED"});
    f.curl_code = CURLE_RECV_ERROR;
    f.os_errno = ECONNRESET;
    o = classify(f);
    CHECK(o.tls.detail == "connection reset");
    CHECK(findings_of(o) == Wires{"TLS_HANDSHAKE_FAILED"});
  }

  TEST_CASE("classify_transfer: a TLS alert is a handshake failure carrying curl's words") {
    TransferFacts f;
    f.curl_code = CURLE_SSL_CONNECT_ERROR;
    f.tcp_connected = true;
    f.error = "error:0A00042E:SSL routines::tlsv1 alert protocol version";
    const auto o = classify(f);
    CHECK(o.tls.status == core::TlsStatus::failed);
    CHECK(o.tls.detail == f.error);
  }

  TEST_CASE("classify_transfer: proxy answers map to PROXY_* findings") {
    TransferFacts f;
    f.proxied = true;
    f.tcp_connected = true;
    f.curl_code = CURLE_RECV_ERROR;
    f.connect_code = 407;
    CHECK(findings_of(classify(f)) == Wires{"PROXY_AUTH_REQUIRED"});
    f.connect_code = 403;
    CHECK(findings_of(classify(f)) == Wires{"PROXY_CONNECT_DENIED"});
    f.connect_code = 0;
    f.tcp_connected = false;
    f.curl_code = CURLE_COULDNT_CONNECT;
    f.os_errno = ECONNREFUSED;
    CHECK(findings_of(classify(f)) == Wires{"PROXY_UNREACHABLE"});
  }

  TEST_CASE("classify_transfer: a TLS failure inside a working tunnel is the handshake's") {
    TransferFacts f;
    f.proxied = true;
    f.tcp_connected = true;
    f.connect_code = 200;
    f.curl_code = CURLE_SSL_CONNECT_ERROR;
    const auto o = classify(f);
    CHECK(o.proxy.status == core::ProxyStatus::tunnel_ok);
    CHECK(findings_of(o) == Wires{"TLS_HANDSHAKE_FAILED"});
  }

  TEST_CASE("judge_connection: certificate requests give MTLS_REQUESTED or MTLS_NOT_REQUESTED") {
    TransferFacts ok;
    ok.tcp_connected = true;
    auto o = classify(ok);
    CHECK(findings_of(o).empty());
    CHECK(findings_of(o, true) == Wires{"MTLS_NOT_REQUESTED"});
    o.tls.client_cert_requested = true;
    o.tls.acceptable_ca_names = {"CN=Client CA"};
    CHECK(findings_of(o, true) == Wires{"MTLS_REQUESTED"});
  }
}

}  // namespace probe::connect
