// Drives connect::make_http_client for the integration tests: fetches every URL given and
// prints one JSON object per response. Usage: http_fetch [--max-bytes N] [--max-redirects N]
// [--dns-server A] [--resolve HOST:PORT:ADDR] [--post] [--https-redirects] URL...
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "connect/transport.hpp"
#include "core/clock.hpp"
#include "lib/cares/global.hpp"
#include "lib/curl/global.hpp"

int main(int argc, char** argv) {
  const auto curl_scope = probe::lib::curl::global_scope();
  const auto cares_scope = probe::lib::cares::global_scope();
  probe::core::ProbeSettings settings;
  settings.no_proxy = true;
  settings.timeout = probe::core::Millis{3000};
  probe::core::HttpRequest base;
  std::vector<probe::core::HttpRequest> requests;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--max-bytes" && has_value) {
      base.max_bytes = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--max-redirects" && has_value) {
      base.max_redirects = std::atoi(argv[++i]);
    } else if (arg == "--dns-server" && has_value) {
      settings.dns_servers.emplace_back(argv[++i]);
    } else if (arg == "--resolve" && has_value) {
      // HOST:PORT:ADDR, as pinprobe's --resolve (IPv4 address here).
      const std::string spec = argv[++i];
      const auto a = spec.find(':');
      const auto b = spec.find(':', a + 1);
      settings.resolve.push_back(
          {spec.substr(0, a),
           static_cast<std::uint16_t>(std::stoi(spec.substr(a + 1, b - a - 1))),
           {spec.substr(b + 1)}});
    } else if (arg == "--post") {
      base.method = "POST";
      base.body = "request";
      base.content_type = "application/ocsp-request";
    } else if (arg == "--https-redirects") {
      base.http_only = false;
    } else {
      auto r = base;
      r.url = arg;
      requests.push_back(r);
    }
  }
  const probe::core::SystemClock clock;
  auto client = probe::connect::make_http_client(settings, clock);
  if (!client) {
    std::fprintf(stderr, "http_fetch: %s\n", client.error().message.c_str());
    return 2;
  }
  for (const auto& r : probe::core::fetch_all(
           **client, requests, settings.timeout * 2 + probe::core::Millis{1000}, clock)) {
    const auto& o = r.outcome;
    const nlohmann::json j = {{"status", o.status},
                              {"size", o.size},
                              {"body_size", r.body.size()},
                              {"truncated", o.truncated},
                              {"content_type", o.content_type},
                              {"server", o.server},
                              {"redirects", o.redirects},
                              {"dns", std::string(probe::core::to_string(o.dns))},
                              {"tcp", std::string(probe::core::to_string(o.tcp))},
                              {"final_url", r.final_url},
                              {"detail", o.detail}};
    std::puts(j.dump().c_str());
  }
  return 0;
}
