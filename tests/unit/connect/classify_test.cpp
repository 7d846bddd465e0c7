#include "connect/classify.hpp"

#include <curl/curl.h>

#include <doctest/doctest.h>

#include "support/socket_codes.hpp"

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
    CHECK(findings_of(classify(failed(CURLE_COULDNT_CONNECT, test::k_conn_refused))) ==
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
    f.os_errno = test::k_conn_reset;
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
    f.os_errno = test::k_conn_refused;
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

  TEST_CASE("judge_connection: a handshake failure names its cause: path, server or pinprobe") {
    auto target = [](const TransferFacts& f) {
      core::TargetResult r;
      r.target.host = "login.okta.com";
      r.target.port = 443;
      const auto o = classify(f);
      r.tcp = o.tcp;
      r.proxy = o.proxy;
      r.tls = o.tls;
      return r;
    };
    auto evidence = [](const core::Finding& finding, std::string_view key) {
      for (const auto& [k, v] : finding.evidence) {
        if (k == key) return v;
      }
      return std::string("<none>");
    };
    TransferFacts f;
    f.curl_code = CURLE_SSL_CONNECT_ERROR;
    f.tcp_connected = true;
    f.handshake.offered_versions = "TLSv1.3, TLSv1.2";
    f.handshake.offered_ciphers = "TLS_AES_256_GCM_SHA384:ECDHE-RSA-AES128-GCM-SHA256";
    f.handshake.security_level = 2;
    f.handshake.limit_bytes = 1048576;

    SUBCASE("a server that speaks only older versions: its alert, what pinprobe offered") {
      f.error = "OpenSSL/3.0.19: error:0A00042E:SSL routines::tlsv1 alert protocol version";
      f.handshake.alert_received = 70;
      const auto found = judge_connection(target(f));
      REQUIRE(found.size() == 1);
      CHECK(found[0].wire() == "TLS_SERVER_CONFIG");
      CHECK(evidence(found[0], "cause") == "protocol_version");
      CHECK(evidence(found[0], "offered_versions") == "TLSv1.3, TLSv1.2");
      CHECK(evidence(found[0], "offered_ciphers") == "<none>");  // only when no suite matched
      CHECK(evidence(found[0], "alert_received") == "protocol version (70)");
      CHECK(found[0].message ==
            "login.okta.com:443 refused every protocol version pinprobe offered (TLSv1.3, "
            "TLSv1.2)");
      CHECK(found[0].remediation().find("firewall or proxy that resets") == std::string::npos);
    }
    SUBCASE("a server that chose a version pinprobe refuses: the version it sent") {
      f.error = "error:0A000102:SSL routines::unsupported protocol";
      f.handshake.server_version = "TLSv1";
      f.handshake.alert_sent = 70;
      const auto found = judge_connection(target(f));
      REQUIRE(found.size() == 1);
      CHECK(found[0].wire() == "TLS_SERVER_CONFIG");
      CHECK(evidence(found[0], "server_version") == "TLSv1");
      CHECK(evidence(found[0], "alert_sent") == "protocol version (70)");
      CHECK(found[0].message ==
            "login.okta.com:443 chose TLSv1, which pinprobe does not accept (it offered TLSv1.3, "
            "TLSv1.2)");
    }
    SUBCASE("a server that chose TLS 1.0: its MD5+SHA-1 signature is what is refused") {
      f.error =
          "OpenSSL/3.0.19: error:0A00014D:SSL routines::legacy sigalg disallowed or "
          "unsupported";
      f.handshake.offered_versions = "TLSv1.3, TLSv1.2, TLSv1.1, TLSv1";
      f.handshake.server_version = "TLSv1";
      f.handshake.alert_sent = 80;
      const auto found = judge_connection(target(f));
      REQUIRE(found.size() == 1);
      CHECK(found[0].wire() == "TLS_SERVER_CONFIG");
      CHECK(evidence(found[0], "cause") == "protocol_version");
      CHECK(found[0].message ==
            "login.okta.com:443 chose TLSv1, an obsolete version whose MD5+SHA-1 handshake "
            "signature current clients refuse (OpenSSL security level 2)");
    }
    SUBCASE("no shared cipher: handshake_failure before any ServerHello") {
      f.error = "error:0A000410:SSL routines::sslv3 alert handshake failure";
      f.handshake.alert_received = 40;
      const auto found = judge_connection(target(f));
      REQUIRE(found.size() == 1);
      CHECK(found[0].wire() == "TLS_SERVER_CONFIG");
      CHECK(evidence(found[0], "cause") == "cipher");
      CHECK(evidence(found[0], "offered_ciphers") == f.handshake.offered_ciphers);
      CHECK(found[0].message.find("shares no cipher suite with pinprobe's 2 offered suites") !=
            std::string::npos);
    }
    SUBCASE("the same alert after the ServerHello is the path's alert, not a cipher") {
      f.error = "error:0A000410:SSL routines::sslv3 alert handshake failure";
      f.handshake.alert_received = 40;
      f.handshake.server_version = "TLSv1.2";
      const auto found = judge_connection(target(f));
      REQUIRE(found.size() == 1);
      CHECK(found[0].wire() == "TLS_HANDSHAKE_FAILED");
      CHECK(evidence(found[0], "cause") == "alert");
    }
    SUBCASE("a 1024-bit DH group: its size, the suite and the minimum") {
      f.error = "error:0A00018A:SSL routines::dh key too small";
      f.handshake.server_version = "TLSv1.2";
      f.handshake.server_cipher = "DHE-RSA-AES128-GCM-SHA256";
      f.handshake.dh_bits = 1024;
      const auto found = judge_connection(target(f));
      REQUIRE(found.size() == 1);
      CHECK(found[0].wire() == "TLS_SERVER_CONFIG");
      CHECK(evidence(found[0], "cause") == "dh_too_small");
      CHECK(evidence(found[0], "dh_bits") == "1024");
      CHECK(evidence(found[0], "min_dh_bits") == "2048");
      CHECK(found[0].message ==
            "login.okta.com:443 sent a 1024-bit DH group for DHE-RSA-AES128-GCM-SHA256; current "
            "clients require 2048 bits or more");
    }
    SUBCASE("a certificate list over pinprobe's bound is pinprobe's limit") {
      f.error = "error:0A000098:SSL routines::excessive message size";
      const auto found = judge_connection(target(f));
      REQUIRE(found.size() == 1);
      CHECK(found[0].wire() == "TLS_PROBE_LIMIT");
      CHECK(evidence(found[0], "limit_bytes") == "1048576");
      CHECK(found[0].message.find("pinprobe's limit of 1048576 bytes") != std::string::npos);
      CHECK(found[0].remediation().find("pinprobe's own bound") != std::string::npos);
    }
    SUBCASE("the path: reset, silence, close, a middlebox's alert, a non-TLS answer") {
      f.curl_code = CURLE_RECV_ERROR;
      f.os_errno = test::k_conn_reset;
      auto found = judge_connection(target(f));
      REQUIRE(found.size() == 1);
      CHECK(found[0].wire() == "TLS_HANDSHAKE_FAILED");
      CHECK(evidence(found[0], "cause") == "reset");

      f.os_errno = 0;
      f.curl_code = CURLE_OPERATION_TIMEDOUT;
      found = judge_connection(target(f));
      CHECK(evidence(found[0], "cause") == "timeout");
      CHECK(found[0].message ==
            "no TLS handshake with login.okta.com:443: no answer to the ClientHello in time");

      f.curl_code = CURLE_SSL_CONNECT_ERROR;
      f.error = "error:0A000126:SSL routines::unexpected eof while reading";
      found = judge_connection(target(f));
      CHECK(found[0].wire() == "TLS_HANDSHAKE_FAILED");
      CHECK(evidence(found[0], "cause") == "closed");

      f.error = "error:0A000418:SSL routines::tlsv1 alert access denied";
      f.handshake.alert_received = 49;
      found = judge_connection(target(f));
      CHECK(found[0].wire() == "TLS_HANDSHAKE_FAILED");
      CHECK(evidence(found[0], "cause") == "alert");
      CHECK(evidence(found[0], "alert_received") == "access denied (49)");

      f.handshake.alert_received = -1;
      f.error = "error:0A00010B:SSL routines::wrong version number";
      found = judge_connection(target(f));
      CHECK(found[0].wire() == "TLS_HANDSHAKE_FAILED");
      CHECK(evidence(found[0], "cause") == "not_tls");
      CHECK(evidence(found[0], "limit_bytes") == "<none>");  // only for pinprobe's bound
    }
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
