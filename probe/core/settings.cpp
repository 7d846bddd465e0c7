#include "core/settings.hpp"

namespace probe::core {

bool ResolveOverride::matches(std::string_view name, long on_port) const noexcept {
  if (on_port != port) return false;
  if (host == "*") return true;
  if (name.size() != host.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char a =
        name[i] >= 'A' && name[i] <= 'Z' ? static_cast<char>(name[i] - 'A' + 'a') : name[i];
    if (a != host[i]) return false;
  }
  return true;
}

const ResolveOverride* find_override(const std::vector<ResolveOverride>& overrides,
                                     std::string_view host, long port) noexcept {
  const ResolveOverride* wildcard = nullptr;
  for (const auto& o : overrides) {
    if (!o.matches(host, port)) continue;
    if (o.host != "*") return &o;
    if (wildcard == nullptr) wildcard = &o;
  }
  return wildcard;
}

}  // namespace probe::core
