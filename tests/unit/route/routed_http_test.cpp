#include "route/routed_http.hpp"

#include <doctest/doctest.h>

#include <deque>

namespace probe::route {
namespace {

class NullLoop final : public core::EventLoop {
 public:
  void step(core::Millis) override {}
  [[nodiscard]] bool busy() const noexcept override { return false; }
  void cancel_all() override {}
};

class FakePac final : public PacEvaluator {
 public:
  std::string answer;
  core::Result<std::string> find_proxy(const std::string&, const std::string&) override {
    return answer;
  }
};

core::HttpResponse proxy_refused() {
  core::HttpResponse r;
  r.outcome.attempted = true;
  r.outcome.through_proxy = true;
  r.outcome.tcp = core::TcpStatus::refused;
  r.outcome.detail = "Couldn't connect to server";
  return r;
}

core::HttpResponse ok(bool proxied) {
  core::HttpResponse r;
  r.outcome.attempted = true;
  r.outcome.through_proxy = proxied;
  r.outcome.tcp = core::TcpStatus::connected;
  r.outcome.status = 200;
  r.body = "crl";
  return r;
}

}  // namespace

TEST_SUITE("route") {
  TEST_CASE("routed http: a revocation URL follows its own PAC answer, failing over") {
    FakePac pac;
    pac.answer = "PROXY down:1; PROXY up:2; DIRECT";
    RouterConfig config;
    config.pac = &pac;
    config.pac_source = "pac";
    const core::ProbeSettings settings;
    Router router(config, settings, [](std::string_view) { return std::nullopt; });
    std::vector<std::string> sent;
    const StartVia start = [&sent](core::HttpRequest request, connect::ProxyChoice proxy,
                                   core::HttpClient::Done done) {
      sent.push_back(request.url + " via " + (proxy.direct() ? "DIRECT" : proxy.url));
      done(proxy.url == "http://down:1" ? proxy_refused() : ok(!proxy.direct()));
    };
    NullLoop loop;
    RoutedHttpClient client(router, start, loop);
    core::HttpRequest request;
    request.url = "http://crl.test/a.crl";
    std::optional<core::HttpResponse> got;
    client.start(request, [&got](core::HttpResponse r) { got = std::move(r); });
    REQUIRE(got);
    CHECK(got->outcome.status == 200);
    CHECK(sent == std::vector<std::string>{"http://crl.test/a.crl via http://down:1",
                                           "http://crl.test/a.crl via http://up:2"});
    const auto& route = client.routes().at("http://crl.test/a.crl");
    CHECK(route.used == "PROXY up:2");
    REQUIRE(route.attempts.size() == 2);
    CHECK(route.attempts[0].result == "unreachable: Couldn't connect to server");
  }

  TEST_CASE("proxy_unreachable: only a proxy that gave no HTTP answer") {
    CHECK(proxy_unreachable(proxy_refused().outcome));
    auto direct = proxy_refused();
    direct.outcome.through_proxy = false;
    CHECK_FALSE(proxy_unreachable(direct.outcome));
    auto answered = proxy_refused();
    answered.outcome.status = 403;
    CHECK_FALSE(proxy_unreachable(answered.outcome));
    CHECK_FALSE(proxy_unreachable(ok(true).outcome));
  }
}

}  // namespace probe::route
