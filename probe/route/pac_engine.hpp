// The PAC engine seam: FindProxyForURL(url, host) of one loaded PAC script, behind an abstract
// class so that the route logic is tested with a fake (tests/unit/route/). The real engines:
// libpacparser on Linux and macOS (pac_pacparser.cpp, through lib/pacparser), WinHTTP's
// WinHttpGetProxyForUrl on Windows (pac_windows.cpp), the engine Windows itself uses.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace probe::route {

class PacEvaluator {
 public:
  virtual ~PacEvaluator() = default;
  // FindProxyForURL(url, host): the answer as the script returned it. Fails (config) with the
  // engine's words when the script throws or returns nothing.
  virtual core::Result<std::string> find_proxy(const std::string& url, const std::string& host) = 0;
};

struct PacLoadOptions {
  // Where the script came from (a URL, a file path): WinHTTP fetches the script itself from it.
  std::string location;
  // What dnsResolve(host) (and so isInNet(host, ...)) answers for these names: the run's own
  // resolution (--resolve, --dns-server), lower-case names; nullopt: the name does not resolve.
  // Other names go to the engine's resolver (the system's).
  std::map<std::string, std::optional<std::string>> dns;
  std::string my_ip;  // what myIpAddress() answers; empty: the engine's own choice
};

// Loads `script` into a fresh engine (one at a time on Linux/macOS: libpacparser is global).
// Fails (config) when the script does not parse or defines no FindProxyForURL function;
// (internal) when the engine cannot start.
core::Result<std::unique_ptr<PacEvaluator>> load_pac(std::string_view script,
                                                     const PacLoadOptions& options);

// The engine's name and version for reports: "libpacparser 1.3.6", "WinHTTP".
std::string pac_engine_name();

// The JavaScript that makes dnsResolve() answer from `dns` (falling back to the engine's own
// function for other names), evaluated after the PAC. Names and addresses that are not plain
// DNS names / IP literals are left out.
std::string dns_override_script(const std::map<std::string, std::optional<std::string>>& dns);

// The script run after the PAC to prove it defines FindProxyForURL (it throws otherwise).
std::string_view find_proxy_check_script() noexcept;

}  // namespace probe::route
