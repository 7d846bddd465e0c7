#include "connect/proxy.hpp"

#include <cstdlib>

#include "core/text.hpp"
#include "lib/curl/url.hpp"

namespace probe::connect {
namespace {

std::optional<std::string> non_empty(const EnvFn& env, std::string_view name) {
  auto value = env(name);
  if (value && value->empty()) return std::nullopt;
  return value;
}

}  // namespace

EnvFn process_env() {
  return [](std::string_view name) -> std::optional<std::string> {
    const std::string key(name);
    const char* value = std::getenv(key.c_str());  // NOLINT(concurrency-mt-unsafe): read-only
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

bool no_proxy_matches(std::string_view no_proxy, std::string_view host) {
  const std::string h =
      core::to_lower(host.ends_with('.') ? host.substr(0, host.size() - 1) : host);
  while (!no_proxy.empty()) {
    const auto comma = no_proxy.find(',');
    auto entry = core::trim(no_proxy.substr(0, comma));
    no_proxy = comma == std::string_view::npos ? std::string_view{} : no_proxy.substr(comma + 1);
    if (entry == "*") return true;
    if (entry.starts_with('.')) entry.remove_prefix(1);
    if (entry.ends_with('.')) entry.remove_suffix(1);
    if (entry.empty()) continue;
    const std::string e = core::to_lower(entry);
    if (h == e) return true;
    if (h.size() > e.size() && h.ends_with(e) && h[h.size() - e.size() - 1] == '.') return true;
  }
  return false;
}

ProxyChoice choose_proxy(std::string_view scheme, std::string_view host,
                         const core::ProbeSettings& settings, const EnvFn& env) {
  if (settings.no_proxy) return {};
  auto excluded = non_empty(env, "no_proxy");
  if (!excluded) excluded = non_empty(env, "NO_PROXY");
  if (excluded && no_proxy_matches(*excluded, host)) return {};
  if (settings.proxy) return {*settings.proxy, "--proxy"};
  const std::string lower = core::to_lower(scheme) + "_proxy";
  std::string upper = lower;
  for (auto& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  if (auto v = non_empty(env, lower)) return {*v, lower};
  if (lower != "http_proxy") {
    if (auto v = non_empty(env, upper)) return {*v, upper};
  }
  if (auto v = non_empty(env, "all_proxy")) return {*v, "all_proxy"};
  if (auto v = non_empty(env, "ALL_PROXY")) return {*v, "ALL_PROXY"};
  return {};
}

std::string redact_proxy(std::string_view url) { return core::bound(lib::curl::redact_url(url)); }

}  // namespace probe::connect
