// Linux and macOS: the system's proxy settings are the environment variables (read by the
// router, connect::choose_proxy) and WPAD when asked with --wpad (cli/cmd_check).
#include "route/system_proxy.hpp"

namespace probe::route {

core::Result<SystemProxySettings> system_proxy_settings() {
  SystemProxySettings settings;
  settings.origin = "environment";
  return settings;
}

}  // namespace probe::route
