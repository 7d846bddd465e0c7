// The portable parts of the PAC engines: the scripts evaluated around a PAC.
#include <fmt/format.h>

#include "core/text.hpp"
#include "route/pac_engine.hpp"

namespace probe::route {
namespace {

bool plain(std::string_view text) {
  if (text.empty() || text.size() > 253) return false;
  for (const char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == '_' || c == ':';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string dns_override_script(const std::map<std::string, std::optional<std::string>>& dns) {
  std::string table;
  for (const auto& [name, address] : dns) {
    if (!plain(name) || (address && !plain(*address))) continue;
    if (!table.empty()) table += ",";
    table += fmt::format("\"{}\":{}", core::to_lower(name),
                         address ? fmt::format("\"{}\"", *address) : std::string("null"));
  }
  // Assigning the global keeps isInNet(), which calls dnsResolve() for a name, in agreement.
  return fmt::format(
      "(function () {{\n"
      "  var engine = dnsResolve;\n"
      "  var known = {{{}}};\n"
      "  dnsResolve = function (host) {{\n"
      "    var name = String(host).toLowerCase().replace(/\\.$/, \"\");\n"
      "    if (Object.prototype.hasOwnProperty.call(known, name)) return known[name];\n"
      "    return engine(host);\n"
      "  }};\n"
      "}})();\n",
      table);
}

std::string_view find_proxy_check_script() noexcept {
  return "if (typeof FindProxyForURL != \"function\") "
         "throw \"the script defines no function FindProxyForURL(url, host)\";\n";
}

}  // namespace probe::route
