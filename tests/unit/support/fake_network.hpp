// FakeNetwork: a recording fake of the whole transport of a run (core::EventLoop,
// connect::Connector and core::HttpClient) on a FixedClock, for pipeline tests. It never
// opens a socket. Each scripted answer comes after a latency of fake time; an unscripted
// connection or URL never answers (a black hole), so deadlines can be fired in any phase.
// step() advances the clock to the next answer due (at most its max_wait) and delivers it.
#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "connect/connector.hpp"
#include "core/clock.hpp"
#include "core/http.hpp"
#include "support/fake_resolver.hpp"

namespace probe::test {

class FakeNetwork final : public core::EventLoop,
                          public connect::Connector,
                          public core::HttpClient {
 public:
  FakeNetwork(core::FixedClock& clock, FakeResolver& resolver)
      : m_clock(clock), m_resolver(resolver) {}

  // Scripts the connection to `host` (any address): `result` after `latency`.
  void connect_answer(const std::string& host, connect::ConnectResult result,
                      core::Millis latency = core::Millis{5}) {
    m_connects[host] = {std::move(result), latency};
  }
  // Scripts the connection to `host` through the proxy `proxy_url` (exactly as requested):
  // preferred over connect_answer's for that proxy (route failover tests).
  void connect_answer_via(const std::string& host, const std::string& proxy_url,
                          connect::ConnectResult result, core::Millis latency = core::Millis{5}) {
    m_connects[host + " via " + proxy_url] = {std::move(result), latency};
  }
  // Scripts `url`: `response` after `latency`.
  void fetch_answer(const std::string& url, core::HttpResponse response,
                    core::Millis latency = core::Millis{5}) {
    m_fetches[url] = {std::move(response), latency};
  }

  struct Started {
    core::SteadyTime at;
    std::string what;  // "connect HOST ADDRESS" or "fetch URL"
  };
  // Every operation in the order it was started, with the fake time it started at.
  [[nodiscard]] const std::vector<Started>& started() const noexcept { return m_started; }
  [[nodiscard]] std::size_t count(std::string_view what) const {
    return static_cast<std::size_t>(std::count_if(
        m_started.begin(), m_started.end(), [&](const Started& s) { return s.what == what; }));
  }
  [[nodiscard]] const std::vector<connect::ConnectRequest>& connects() const noexcept {
    return m_connect_requests;
  }
  [[nodiscard]] bool cancelled() const noexcept { return m_cancelled; }

  void connect(connect::ConnectRequest request, Connector::Done done) override {
    m_started.push_back(
        {m_clock.steady_now(), "connect " + request.target.host + " " + request.address});
    m_connect_requests.push_back(request);
    auto it = m_connects.find(request.target.host + " via " + request.proxy.url);
    if (it == m_connects.end()) it = m_connects.find(request.target.host);
    if (it == m_connects.end()) {
      ++m_black_holes;
      return;
    }
    auto result = it->second.first;
    result.tcp.address = request.address;
    m_due.push_back({m_clock.steady_now() + it->second.second,
                     [done = std::move(done), result = std::move(result)]() mutable {
                       done(std::move(result));
                     }});
  }

  void start(core::HttpRequest request, HttpClient::Done done) override {
    m_started.push_back({m_clock.steady_now(), "fetch " + request.url});
    const auto it = m_fetches.find(request.url);
    if (it == m_fetches.end()) {
      ++m_black_holes;
      return;
    }
    auto response = it->second.first;
    response.final_url = request.url;
    m_due.push_back({m_clock.steady_now() + it->second.second,
                     [done = std::move(done), response = std::move(response)]() mutable {
                       done(std::move(response));
                     }});
  }
  core::EventLoop& loop() noexcept override { return *this; }

  void step(core::Millis max_wait) override {
    m_resolver.process({});
    std::optional<core::SteadyTime> next;
    for (const auto& d : m_due) {
      if (!next || d.at < *next) next = d.at;
    }
    const auto limit = m_clock.steady_now() + max_wait;
    const auto until = next && *next <= limit ? *next : limit;
    if (until > m_clock.steady_now()) {
      m_clock.advance(std::chrono::duration_cast<core::Millis>(until - m_clock.steady_now()));
    }
    std::vector<Due> ready;
    for (auto it = m_due.begin(); it != m_due.end();) {
      if (it->at <= m_clock.steady_now()) {
        ready.push_back(std::move(*it));
        it = m_due.erase(it);
      } else {
        ++it;
      }
    }
    for (auto& d : ready) d.fire();
    m_resolver.process({});
  }
  [[nodiscard]] bool busy() const noexcept override {
    return !m_due.empty() || m_black_holes > 0 || m_resolver.busy();
  }
  void cancel_all() override {
    m_due.clear();
    m_black_holes = 0;
    m_cancelled = true;
  }

 private:
  struct Due {
    core::SteadyTime at;
    std::function<void()> fire;
  };
  core::FixedClock& m_clock;
  FakeResolver& m_resolver;
  std::map<std::string, std::pair<connect::ConnectResult, core::Millis>> m_connects;
  std::map<std::string, std::pair<core::HttpResponse, core::Millis>> m_fetches;
  std::vector<Due> m_due;
  std::vector<Started> m_started;
  std::vector<connect::ConnectRequest> m_connect_requests;
  std::size_t m_black_holes = 0;
  bool m_cancelled = false;
};

}  // namespace probe::test
