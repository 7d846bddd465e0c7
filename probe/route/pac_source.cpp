#include "route/pac_source.hpp"

#include <fmt/format.h>

#include "core/text.hpp"

namespace probe::route {
namespace {

// An HttpClient that sends every request along one fixed route.
class FixedRouteClient final : public core::HttpClient {
 public:
  FixedRouteClient(const StartVia& start, core::EventLoop& loop) : m_start(start), m_loop(loop) {}
  void start(core::HttpRequest request, Done done) override {
    m_start(std::move(request), {}, std::move(done));
  }
  core::EventLoop& loop() noexcept override { return m_loop; }

 private:
  const StartVia& m_start;
  core::EventLoop& m_loop;
};

}  // namespace

bool is_pac_url(std::string_view location) noexcept {
  const auto lower = core::to_lower(location.substr(0, 8));
  return lower.starts_with("http://") || lower.starts_with("https://");
}

PacFetch judge_pac_response(const core::HttpResponse& response, std::string_view url,
                            std::string_view source) {
  const auto& o = response.outcome;
  PacFetch out;
  std::string why;
  if (o.status == 200 && !o.truncated && !response.body.empty()) {
    out.script = response.body;
    return out;
  }
  if (o.status == 200 && o.truncated) {
    why = fmt::format("the PAC is larger than {} bytes", k_max_pac_bytes);
  } else if (o.status == 200) {
    why = "the PAC is empty";
  } else if (o.status > 0) {
    why = fmt::format("HTTP {}", o.status);
  } else if (o.dns != core::DnsStatus::ok && o.dns != core::DnsStatus::not_run) {
    why = fmt::format("name resolution failed ({})", core::to_string(o.dns));
  } else {
    why = o.detail.empty() ? std::string(core::to_string(o.tcp)) : core::bound(o.detail, 300);
  }
  core::Evidence evidence{{"url", core::bound(url, 400)},
                          {"source", std::string(source)},
                          {"status", std::to_string(o.status)},
                          {"tcp", std::string(core::to_string(o.tcp))}};
  if (!o.content_type.empty()) evidence.emplace_back("content_type", o.content_type);
  if (!o.detail.empty()) evidence.emplace_back("detail", core::bound(o.detail, 400));
  out.failure = core::make_finding(
      core::FindingCode::pac_fetch_failed,
      fmt::format("the PAC at {} could not be fetched: {}", core::bound(url, 200), why),
      std::move(evidence));
  return out;
}

PacFetch fetch_pac(const StartVia& start, core::EventLoop& loop, const std::string& url,
                   std::string_view source, core::Millis budget, const core::Clock& clock) {
  FixedRouteClient client(start, loop);
  core::HttpRequest request;
  request.url = url;
  request.accept = "application/x-ns-proxy-autoconfig, */*";
  request.max_bytes = k_max_pac_bytes;
  request.http_only = false;
  const auto answers = core::fetch_all(client, {request}, budget, clock);
  return judge_pac_response(answers.front(), url, source);
}

std::optional<std::string> resolv_conf_domain(std::string_view text) {
  std::optional<std::string> domain;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    auto line = core::trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    const auto space = line.find_first_of(" \t");
    if (space == std::string_view::npos) continue;
    const auto key = line.substr(0, space);
    if (key != "search" && key != "domain") continue;
    auto rest = core::trim(line.substr(space));
    auto name = rest.substr(0, rest.find_first_of(" \t"));
    if (name.ends_with('.')) name.remove_suffix(1);
    if (name.empty() || !core::is_dns_name(name)) continue;
    domain = core::to_lower(name);
  }
  return domain;
}

std::string wpad_url(std::string_view domain) {
  return fmt::format("http://wpad.{}/wpad.dat", domain);
}

}  // namespace probe::route
