// FakeHttpClient: a recording fake of core::HttpClient for unit tests (ninja's
// VirtualFileSystem idea applied to the port-80 seam). It never opens a socket: every request
// is recorded, and each response comes from a script keyed by URL.
#pragma once

#include <algorithm>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/http.hpp"
#include "support/batch_http.hpp"

namespace probe::test {

class FakeHttpClient final : public probe::test::BatchHttpClient {
 public:
  // Scripts the response for `url`: the same response every time it is fetched.
  void respond(const std::string& url, core::HttpResponse response) {
    m_scripts[url] = std::vector<core::HttpResponse>{std::move(response)};
  }

  // Scripts successive responses for `url`; the last one repeats once the list is used up.
  void respond_sequence(const std::string& url, std::vector<core::HttpResponse> responses) {
    m_scripts[url] = std::move(responses);
  }

  // Scripts a 200 answer with `body` and `content_type` (size, DNS and TCP filled in).
  void respond_ok(const std::string& url, std::string body, std::string content_type) {
    respond(url, ok(url, std::move(body), std::move(content_type)));
  }

  // Scripts an HTTP status answer (a proxy's 403 page, a 404, ...) with headers.
  void respond_status(const std::string& url, int status, std::string body = {},
                      std::string content_type = "text/html", std::string server = {},
                      std::string via = {}) {
    auto response = ok(url, std::move(body), std::move(content_type));
    response.outcome.status = status;
    response.outcome.server = std::move(server);
    response.outcome.via = std::move(via);
    respond(url, std::move(response));
  }

  // Scripts a failure before any HTTP status: DNS or TCP did not get through.
  void respond_failure(const std::string& url, core::DnsStatus dns, core::TcpStatus tcp,
                       std::string detail) {
    core::HttpResponse response;
    response.outcome.attempted = true;
    response.outcome.dns = dns;
    response.outcome.tcp = tcp;
    response.outcome.detail = std::move(detail);
    response.final_url = url;
    respond(url, std::move(response));
  }

  // The answer for an unscripted URL (default: DNS says NXDOMAIN, like a name nobody knows).
  void respond_unscripted(core::HttpResponse response) { m_default = std::move(response); }

  // Every request in the order it was received, across all fetch() calls.
  [[nodiscard]] const std::vector<core::HttpRequest>& requests() const noexcept {
    return m_requests;
  }
  // How many fetch() batches were made.
  [[nodiscard]] std::size_t batches() const noexcept { return m_batches; }
  // How many requests named `url`.
  [[nodiscard]] std::size_t count(std::string_view url) const noexcept {
    std::size_t n = 0;
    for (const auto& r : m_requests) n += r.url == url ? 1u : 0u;
    return n;
  }
  // The URLs requested, in order.
  [[nodiscard]] std::vector<std::string> urls() const {
    std::vector<std::string> out;
    out.reserve(m_requests.size());
    for (const auto& r : m_requests) out.push_back(r.url);
    return out;
  }

  std::vector<core::HttpResponse> fetch(const std::vector<core::HttpRequest>& requests) override {
    ++m_batches;
    std::vector<core::HttpResponse> out;
    out.reserve(requests.size());
    for (const auto& request : requests) {
      m_requests.push_back(request);
      out.push_back(answer(request));
    }
    return out;
  }

  // A 200 response for `url` carrying `body`.
  static core::HttpResponse ok(const std::string& url, std::string body, std::string content_type) {
    core::HttpResponse response;
    response.outcome.attempted = true;
    response.outcome.dns = core::DnsStatus::ok;
    response.outcome.tcp = core::TcpStatus::connected;
    response.outcome.address = "192.0.2.80";
    response.outcome.status = 200;
    response.outcome.content_type = std::move(content_type);
    response.outcome.size = body.size();
    response.body = std::move(body);
    response.final_url = url;
    return response;
  }

 private:
  core::HttpResponse answer(const core::HttpRequest& request) {
    const auto it = m_scripts.find(request.url);
    core::HttpResponse response;
    if (it == m_scripts.end() || it->second.empty()) {
      response = m_default;
      response.final_url = request.url;
    } else {
      auto& used = m_used[request.url];
      const auto index = std::min(used, it->second.size() - 1);
      ++used;
      response = it->second[index];
    }
    // Honour the request's download cap like the real client: cut the body, flag it.
    if (response.body.size() > request.max_bytes) {
      response.body.resize(static_cast<std::size_t>(request.max_bytes));
      response.outcome.truncated = true;
    }
    return response;
  }

  static core::HttpResponse unscripted() {
    core::HttpResponse response;
    response.outcome.attempted = true;
    response.outcome.dns = core::DnsStatus::nxdomain;
    response.outcome.detail = "unscripted URL (FakeHttpClient)";
    return response;
  }

  std::map<std::string, std::vector<core::HttpResponse>, std::less<>> m_scripts;
  std::map<std::string, std::size_t, std::less<>> m_used;
  std::vector<core::HttpRequest> m_requests;
  std::size_t m_batches = 0;
  core::HttpResponse m_default = unscripted();
};

}  // namespace probe::test
