// The run's one transport: c-ares and a libcurl multi handle on ONE event loop, behind the
// three network seams (resolve::Resolver, connect::Connector, core::HttpClient) plus the
// loop itself. Every network operation of a run — DNS, TCP and TLS, proxy CONNECT,
// caIssuers, CRL, OCSP, SCEP fetches and the Pushgateway push — is scheduled here and bounded
// by one clock: each operation by settings.timeout as a whole, and none beyond the deadline
// set with set_deadline().
#pragma once

#include <memory>

#include "connect/connector.hpp"
#include "connect/proxy.hpp"
#include "core/clock.hpp"
#include "core/http.hpp"
#include "core/result.hpp"
#include "core/settings.hpp"
#include "resolve/resolver.hpp"

namespace probe::connect {

// The number of transfers open at once for `concurrency`: at least 1, and at most what the
// process's file-descriptor limit leaves (two descriptors per transfer, 64 kept back).
int transfer_cap(int concurrency, long fd_limit) noexcept;

class Transport final : public core::EventLoop, public Connector, public core::HttpClient {
 public:
  // `resolver` is polled by this loop; settings, clock and resolver must outlive it. Fails
  // (internal) when libcurl cannot start.
  static core::Result<std::unique_ptr<Transport>> create(const core::ProbeSettings& settings,
                                                         const core::Clock& clock,
                                                         resolve::Resolver& resolver, EnvFn env);
  ~Transport() override;
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  // No operation started or running outlives `at`: each one's timeout is cut to what is left.
  void set_deadline(core::SteadyTime at) noexcept;

  // core::EventLoop
  void step(core::Millis max_wait) override;
  [[nodiscard]] bool busy() const noexcept override;
  void cancel_all() override;

  // Connector: TCP (or proxy CONNECT) + TLS handshake, the chain captured as presented.
  void connect(ConnectRequest request, Connector::Done done) override;

  // core::HttpClient: direct requests resolve their host on this loop's resolver (once per
  // host and run), then connect to that address; through a proxy the proxy resolves.
  void start(core::HttpRequest request, core::HttpClient::Done done) override;
  core::EventLoop& loop() noexcept override { return *this; }

  // start() along an explicit route: `proxy` (empty: direct) instead of choose_proxy's choice.
  // The route module sends each URL along its own PAC answer through this.
  void start_via(core::HttpRequest request, ProxyChoice proxy, core::HttpClient::Done done);

 private:
  struct Impl;
  explicit Transport(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

// A standalone HttpClient with a resolver and transport of its own, for commands that are not
// the check pipeline (scep, pins learn). Fails as make_resolver and Transport::create do.
core::Result<std::unique_ptr<core::HttpClient>> make_http_client(
    const core::ProbeSettings& settings, const core::Clock& clock);

}  // namespace probe::connect
