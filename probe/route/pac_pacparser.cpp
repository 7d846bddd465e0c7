// The PAC engine on Linux and macOS: libpacparser (through lib/pacparser, its one adapter).
//
// DNS helpers: libpacparser 1.3 resolves dnsResolve()/isInNet() names with the system resolver
// (getaddrinfo) and has no resolver hook (pacparser_set_dns_resolver_variant came in 1.4), so
// the names the run resolves itself (--resolve, --dns-server) are answered from the run's own
// results by redefining dnsResolve after the PAC (dns_override_script). myIpAddress() is the
// first IPv4 address of an interface that is up and not loopback, as a device reports it
// (libpacparser's own guess resolves the host name, often 127.0.1.1).
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <array>
#include <memory>

#include "lib/pacparser/context.hpp"
#include "route/pac_engine.hpp"

namespace probe::route {
namespace {

std::string primary_ipv4() {
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return {};
  const std::unique_ptr<ifaddrs, void (*)(ifaddrs*)> owned(list, &::freeifaddrs);
  for (const ifaddrs* a = list; a != nullptr; a = a->ifa_next) {
    if (a->ifa_addr == nullptr || a->ifa_addr->sa_family != AF_INET) continue;
    if ((a->ifa_flags & IFF_UP) == 0 || (a->ifa_flags & IFF_LOOPBACK) != 0) continue;
    std::array<char, INET_ADDRSTRLEN> text{};
    const auto* in = reinterpret_cast<const sockaddr_in*>(a->ifa_addr);
    if (::inet_ntop(AF_INET, &in->sin_addr, text.data(), text.size()) == nullptr) continue;
    return text.data();
  }
  return {};
}

class PacparserEvaluator final : public PacEvaluator {
 public:
  explicit PacparserEvaluator(lib::pacparser::Context context) : m_context(std::move(context)) {}
  core::Result<std::string> find_proxy(const std::string& url, const std::string& host) override {
    return m_context.find_proxy(url, host);
  }

 private:
  lib::pacparser::Context m_context;
};

}  // namespace

core::Result<std::unique_ptr<PacEvaluator>> load_pac(std::string_view script,
                                                     const PacLoadOptions& options) {
  auto context = lib::pacparser::Context::open();
  if (!context) return core::unexpected(context.error());
  if (auto ok = context->evaluate(script); !ok) return core::unexpected(ok.error());
  if (auto ok = context->evaluate(find_proxy_check_script()); !ok) {
    return core::unexpected(ok.error());
  }
  if (!options.dns.empty()) {
    if (auto ok = context->evaluate(dns_override_script(options.dns)); !ok) {
      return core::unexpected(core::ErrorKind::internal,
                              "the dnsResolve override does not evaluate: " + ok.error().message);
    }
  }
  const std::string my_ip = options.my_ip.empty() ? primary_ipv4() : options.my_ip;
  if (!my_ip.empty()) context->set_my_ip(my_ip);
  return std::unique_ptr<PacEvaluator>(new PacparserEvaluator(std::move(*context)));
}

std::string pac_engine_name() {
  const auto v = lib::pacparser::version();
  return v == "unknown" ? std::string("libpacparser") : "libpacparser " + v;
}

}  // namespace probe::route
