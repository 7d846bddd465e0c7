// An HttpClient that sends each request along its own route (the URL's PAC answer or the
// settings), trying the next entry when a proxy is unreachable, as a device does for CRL, OCSP
// and caIssuers fetches. Decorates the transport's per-route start (Transport::start_via).
#pragma once

#include <functional>
#include <map>
#include <string>

#include "connect/proxy.hpp"
#include "core/http.hpp"
#include "core/route.hpp"
#include "route/router.hpp"

namespace probe::route {

// Starts `request` along `proxy` (empty: direct); `done` as HttpClient::start's.
using StartVia =
    std::function<void(core::HttpRequest, connect::ProxyChoice, core::HttpClient::Done)>;

// True when `outcome` says the proxy itself could not be reached (no HTTP answer, the
// connection to it refused, timed out or unreachable): the next route entry is tried.
bool proxy_unreachable(const core::HttpOutcome& outcome) noexcept;

class RoutedHttpClient final : public core::HttpClient {
 public:
  // `router` decides (on the loop thread: this client is only used from it), `start` sends,
  // `loop` drives `start`'s operations. All must outlive the client.
  RoutedHttpClient(Router& router, StartVia start, core::EventLoop& loop);

  void start(core::HttpRequest request, Done done) override;
  core::EventLoop& loop() noexcept override { return m_loop; }

  // The route each URL took so far (the last request for it), by URL.
  [[nodiscard]] const std::map<std::string, core::RouteInfo>& routes() const noexcept {
    return m_routes;
  }

 private:
  struct Attempt;
  void try_entry(std::shared_ptr<Attempt> attempt);

  Router& m_router;
  StartVia m_start;
  core::EventLoop& m_loop;
  std::map<std::string, core::RouteInfo> m_routes;
};

}  // namespace probe::route
