// Which explicit proxy a URL goes through: --proxy / --no-proxy, else the environment as curl
// reads it (curl(1) ENVIRONMENT: "<scheme>_proxy", upper-case too except HTTP_PROXY, then
// ALL_PROXY; NO_PROXY / no_proxy). Decided here, once, so the report can say which proxy a
// target used and the engine hands curl an explicit choice.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/settings.hpp"

namespace probe::connect {

// Reads one environment variable; nullopt when unset.
using EnvFn = std::function<std::optional<std::string>(std::string_view name)>;

// The process environment.
EnvFn process_env();

struct ProxyChoice {
  std::string url;     // the proxy URL handed to curl (may carry credentials); empty: direct
  std::string source;  // "--proxy", "HTTPS_PROXY", "https_proxy", ...; empty when direct
  [[nodiscard]] bool direct() const noexcept { return url.empty(); }
};

// The proxy for a request to `scheme`://`host`. --no-proxy means direct; --proxy applies
// unless NO_PROXY names the host (curl honours NO_PROXY for -x too); otherwise the scheme's
// variable ("https_proxy"/"HTTPS_PROXY"; for http only lower-case "http_proxy", as curl
// ignores HTTP_PROXY), then "all_proxy"/"ALL_PROXY". Empty variables count as unset.
ProxyChoice choose_proxy(std::string_view scheme, std::string_view host,
                         const core::ProbeSettings& settings, const EnvFn& env);

// True when the comma-separated NO_PROXY list excludes `host`: "*", an exact name, or a
// domain suffix (".example.com" and "example.com" both cover "a.example.com").
bool no_proxy_matches(std::string_view no_proxy, std::string_view host);

// `url` without its user name and password (lib::curl::redact_url), bounded for reports.
std::string redact_proxy(std::string_view url);

}  // namespace probe::connect
