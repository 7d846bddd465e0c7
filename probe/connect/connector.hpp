// The connection seam: one TCP (or proxy CONNECT) + TLS handshake with the chain captured, as
// an asynchronous operation on the run's event loop. The real one is connect/transport
// (libcurl multi on OpenSSL); tests use a recording fake (tests/unit/support/fake_network.hpp).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "connect/proxy.hpp"
#include "core/cert_facts.hpp"
#include "core/finding.hpp"
#include "core/outcome.hpp"
#include "core/plan.hpp"

namespace probe::connect {

struct ConnectRequest {
  core::Target target;
  std::string address;  // the address to connect to; empty through a proxy (it resolves)
  ProxyChoice proxy;
};

// What one connection attempt established. `tls.chain_der` is byte-identical to what the
// server sent (leaf first); `chain` describes it. `findings` are the TCP_*, PROXY_*,
// TLS_HANDSHAKE_FAILED and MTLS_* findings of the attempt.
struct ConnectResult {
  core::TcpOutcome tcp;
  core::ProxyOutcome proxy;
  core::TlsOutcome tls;
  std::vector<core::CertFacts> chain;
  std::vector<core::Finding> findings;
};

class Connector {
 public:
  using Done = std::function<void(ConnectResult)>;
  virtual ~Connector() = default;
  // Starts one attempt; `done` is called exactly once from inside the loop's step(), unless the
  // loop cancels it first. The attempt as a whole is bounded by the connector's timeout.
  virtual void connect(ConnectRequest request, Done done) = 0;
};

}  // namespace probe::connect
