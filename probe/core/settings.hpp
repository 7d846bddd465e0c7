// ProbeSettings: how the network stages behave, filled from `check`'s options (and shared
// by `pins learn` and `scep`). Plain data; parsing and validation happen in cli/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace probe::core {

enum class ProxyAuth { any, basic, ntlm, negotiate };
enum class AddressFamily { any, v4, v6 };

// One --resolve HOST:PORT:ADDR[,ADDR]... entry (curl's form; host "*" matches every host).
struct ResolveOverride {
  std::string host;  // lower-case; "*" for every host
  std::uint16_t port = 0;
  std::vector<std::string> addresses;  // at least one, IPv6 without brackets

  [[nodiscard]] bool matches(std::string_view name, long on_port) const noexcept;
};

// The first entry of `overrides` for `host`:`port` (an exact host before "*"), or nullptr.
const ResolveOverride* find_override(const std::vector<ResolveOverride>& overrides,
                                     std::string_view host, long port) noexcept;

struct ProbeSettings {
  std::optional<std::string> proxy;  // explicit --proxy; nullopt: follow the environment
  bool no_proxy = false;             // --no-proxy: ignore the environment too
  std::string proxy_user;            // USER:PASS, never printed
  ProxyAuth proxy_auth = ProxyAuth::any;
  std::vector<std::string> dns_servers;  // ADDR[:PORT]; empty: the system's
  std::vector<ResolveOverride> resolve;
  std::optional<std::string> ca_file;
  std::optional<std::string> ca_path;
  AddressFamily family = AddressFamily::any;
  bool all_addresses = false;
  Millis timeout{5000};
  Millis deadline{60000};
  int concurrency = 256;  // transfers open at once (connect::transfer_cap)
  bool revocation = true;
  std::uint64_t max_download = 10ull * 1024 * 1024;
  int expiry_warn_days = 14;
};

}  // namespace probe::core
