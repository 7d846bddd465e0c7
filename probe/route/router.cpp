#include "route/router.hpp"

#include <fmt/format.h>

#include "core/text.hpp"

namespace probe::route {
namespace {

RouteEntry direct_entry(std::string source) {
  RouteEntry entry;
  entry.source = std::move(source);
  return entry;
}

std::optional<std::string> non_empty(const connect::EnvFn& env, std::string_view name) {
  auto value = env(name);
  if (value && value->empty()) return std::nullopt;
  return value;
}

}  // namespace

std::string target_url(std::string_view host, std::uint16_t port) {
  if (port == 443) return fmt::format("https://{}/", host);
  return fmt::format("https://{}:{}/", host, port);
}

bool bypass_matches(std::string_view bypass, std::string_view host) {
  const std::string h = core::to_lower(host);
  while (!bypass.empty()) {
    const auto cut = bypass.find_first_of(";, \t");
    const auto entry = core::trim(bypass.substr(0, cut));
    bypass = cut == std::string_view::npos ? std::string_view{} : bypass.substr(cut + 1);
    if (entry.empty()) continue;
    const std::string e = core::to_lower(entry);
    if (e == "<local>") {
      if (h.find('.') == std::string::npos) return true;
      continue;
    }
    if (core::glob_match(e, h)) return true;
    // "corp.example" also covers its subdomains when written ".corp.example".
    if (e.starts_with('.') && (h.ends_with(e) || h == e.substr(1))) return true;
  }
  return false;
}

std::string manual_proxy_for(std::string_view proxy, std::string_view scheme) {
  if (proxy.find('=') == std::string_view::npos) return std::string(core::trim(proxy));
  std::string socks;
  while (!proxy.empty()) {
    const auto cut = proxy.find_first_of("; ");
    const auto entry = core::trim(proxy.substr(0, cut));
    proxy = cut == std::string_view::npos ? std::string_view{} : proxy.substr(cut + 1);
    const auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string key = core::to_lower(core::trim(entry.substr(0, eq)));
    const auto value = core::trim(entry.substr(eq + 1));
    if (value.empty()) continue;
    if (key == core::to_lower(scheme)) return std::string(value);
    if (key == "socks" && socks.empty()) socks = "socks4a://" + std::string(value);
  }
  return socks;
}

Router::Router(RouterConfig config, const core::ProbeSettings& settings, connect::EnvFn env)
    : m_config(std::move(config)), m_settings(settings), m_env(std::move(env)) {}

RoutePlan Router::routes_for(const std::string& url, std::string_view scheme,
                             std::string_view host) {
  if (!pac_mode()) return from_settings(scheme, host);
  if (auto it = m_answers.find(url); it != m_answers.end()) return it->second;
  auto plan = from_pac(url, host);
  if (plan.entries.empty()) {
    // The PAC gave nothing usable or is unavailable: the fallback decides.
    auto fallback = m_config.fallback_direct ? RoutePlan{} : from_settings(scheme, host);
    if (fallback.entries.empty()) fallback.entries.push_back(direct_entry(m_config.pac_source));
    plan.entries = std::move(fallback.entries);
    plan.info.note += m_config.fallback_direct
                          ? std::string("; DIRECT, as browsers do")
                          : fmt::format("; the settings decide ({})", fallback.info.source);
  }
  m_answers.emplace(url, plan);
  return plan;
}

RoutePlan Router::from_pac(const std::string& url, std::string_view host) {
  RoutePlan plan;
  plan.info.source = m_config.pac_source;
  plan.info.location = m_config.pac_location;
  if (m_config.pac_failure) {
    plan.findings.push_back(*m_config.pac_failure);
    plan.info.note = "the PAC is unavailable";
    return plan;
  }
  const std::string h(host);
  auto answer = m_config.pac->find_proxy(url, h);
  if (!answer) {
    plan.info.note = "FindProxyForURL failed";
    plan.findings.push_back(
        core::make_finding(core::FindingCode::pac_eval_failed,
                           fmt::format("FindProxyForURL failed for {}: {}", core::bound(url, 200),
                                       core::bound(answer.error().message, 400)),
                           {{"url", core::bound(url, 400)},
                            {"pac", m_config.pac_location},
                            {"error", core::bound(answer.error().message, 1000)}}));
    return plan;
  }
  plan.info.answer = core::bound(*answer, 1000);
  auto parsed = parse_pac_answer(*answer);
  for (auto& entry : parsed.entries) entry.source = m_config.pac_source;
  plan.entries = std::move(parsed.entries);
  if (plan.entries.empty()) {
    plan.info.note = "no usable route in the answer";
    plan.findings.push_back(
        core::make_finding(core::FindingCode::pac_eval_failed,
                           fmt::format("FindProxyForURL answered no usable route for {}: \"{}\"",
                                       core::bound(url, 200), core::bound(*answer, 200)),
                           {{"url", core::bound(url, 400)},
                            {"pac", m_config.pac_location},
                            {"answer", core::bound(*answer, 1000)}}));
  }
  return plan;
}

RoutePlan Router::from_settings(std::string_view scheme, std::string_view host) const {
  RoutePlan plan;
  if (!m_config.manual.empty()) {
    plan.info.source = m_config.manual_source;
    if (bypass_matches(m_config.manual.bypass, host)) {
      plan.info.answer = "bypass list: " + core::bound(m_config.manual.bypass, 400);
      plan.entries.push_back(direct_entry(m_config.manual_source));
      return plan;
    }
    const auto proxy = manual_proxy_for(m_config.manual.proxy, scheme);
    if (!proxy.empty()) {
      plan.info.answer = "proxy: " + connect::redact_proxy(proxy);
      plan.entries.push_back(entry_from_proxy_url(proxy, m_config.manual_source));
      return plan;
    }
    plan.info.answer = "no proxy for " + std::string(scheme);
    plan.entries.push_back(direct_entry(m_config.manual_source));
    return plan;
  }
  if (m_settings.no_proxy) {
    plan.info.source = "--no-proxy";
    plan.entries.push_back(direct_entry(plan.info.source));
    return plan;
  }
  for (const std::string_view name : {"no_proxy", "NO_PROXY"}) {
    auto list = non_empty(m_env, name);
    if (!list) continue;
    if (connect::no_proxy_matches(*list, host)) {
      plan.info.source = std::string(name);
      plan.info.answer = core::bound(*list, 400);
      plan.entries.push_back(direct_entry(plan.info.source));
      return plan;
    }
    break;
  }
  const auto choice = connect::choose_proxy(scheme, host, m_settings, m_env);
  if (choice.direct()) {
    plan.info.source = "direct";
    plan.entries.push_back(direct_entry("direct"));
    return plan;
  }
  plan.info.source = choice.source;
  plan.info.answer = connect::redact_proxy(choice.url);
  plan.entries.push_back(entry_from_proxy_url(choice.url, choice.source));
  return plan;
}

}  // namespace probe::route
