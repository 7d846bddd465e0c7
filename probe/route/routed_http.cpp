#include "route/routed_http.hpp"

#include <fmt/format.h>

#include <memory>

#include "core/text.hpp"

namespace probe::route {
namespace {

// The scheme and host of an http(s) URL, lower-case; empty host when it has none.
std::pair<std::string, std::string> scheme_host(std::string_view url) {
  const auto sep = url.find("://");
  if (sep == std::string_view::npos) return {};
  const std::string scheme = core::to_lower(url.substr(0, sep));
  auto rest = url.substr(sep + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  if (rest.starts_with('[')) {
    const auto close = rest.find(']');
    return {scheme,
            core::to_lower(rest.substr(1, close == std::string_view::npos ? 0 : close - 1))};
  }
  return {scheme, core::to_lower(rest.substr(0, rest.find(':')))};
}

}  // namespace

bool proxy_unreachable(const core::HttpOutcome& outcome) noexcept {
  if (!outcome.through_proxy || outcome.status != 0) return false;
  return outcome.tcp == core::TcpStatus::refused || outcome.tcp == core::TcpStatus::timeout ||
         outcome.tcp == core::TcpStatus::unreachable || outcome.tcp == core::TcpStatus::error ||
         outcome.dns == core::DnsStatus::error;
}

struct RoutedHttpClient::Attempt {
  core::HttpRequest request;
  Done done;
  RoutePlan plan;
  std::size_t next = 0;
};

RoutedHttpClient::RoutedHttpClient(Router& router, StartVia start, core::EventLoop& loop)
    : m_router(router), m_start(std::move(start)), m_loop(loop) {}

void RoutedHttpClient::start(core::HttpRequest request, Done done) {
  auto attempt = std::make_shared<Attempt>();
  const auto [scheme, host] = scheme_host(request.url);
  attempt->plan = m_router.routes_for(request.url, scheme, host);
  attempt->request = std::move(request);
  attempt->done = std::move(done);
  try_entry(std::move(attempt));
}

void RoutedHttpClient::try_entry(std::shared_ptr<Attempt> attempt) {
  const auto& entry = attempt->plan.entries[attempt->next];
  m_start(attempt->request, entry.choice(), [this, attempt](core::HttpResponse response) {
    const auto& tried = attempt->plan.entries[attempt->next];
    auto& info = attempt->plan.info;
    const bool more = attempt->next + 1 < attempt->plan.entries.size();
    if (more && proxy_unreachable(response.outcome)) {
      info.attempts.push_back(
          {tried.text(),
           fmt::format("unreachable: {}", core::bound(response.outcome.detail, 300))});
      ++attempt->next;
      try_entry(attempt);
      return;
    }
    info.attempts.push_back(
        {tried.text(),
         proxy_unreachable(response.outcome)
             ? fmt::format("unreachable: {}", core::bound(response.outcome.detail, 300))
             : std::string("used")});
    info.used = proxy_unreachable(response.outcome) ? std::string() : tried.text();
    m_routes[attempt->request.url] = info;
    auto done = std::move(attempt->done);
    done(std::move(response));
  });
}

}  // namespace probe::route
