// The operating system's own proxy settings (--proxy-mode system). On Windows the current
// user's WinINET/WinHTTP settings (WinHttpGetIEProxyConfigForCurrentUser: manual proxy,
// bypass list, AutoConfigURL, auto-detect); elsewhere there is no system store beyond the
// proxy environment variables, which the router reads itself (and WPAD, with --wpad).
#pragma once

#include <string>

#include "core/result.hpp"
#include "route/router.hpp"

namespace probe::route {

struct SystemProxySettings {
  ManualProxy manual;        // the manual proxy and bypass list; empty when none
  std::string pac_url;       // AutoConfigURL; empty when none
  bool auto_detect = false;  // "Automatically detect settings" (WPAD)
  std::string origin;        // where they were read: "WinHttpGetIEProxyConfigForCurrentUser"
};

// The current user's settings. Fails (internal) when the system cannot be asked (Windows).
// Elsewhere: empty settings, origin "environment".
core::Result<SystemProxySettings> system_proxy_settings();

// The location load_pac() takes for WinHTTP's auto-detection (DHCP and DNS WPAD).
inline constexpr std::string_view k_auto_detect_location = "wpad:auto-detect";

}  // namespace probe::route
