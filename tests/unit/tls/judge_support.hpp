// Shared fixtures of the judge tests: the real Okta chains and a recording fake HttpClient.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "config/defaults.hpp"
#include "config/file_source.hpp"
#include "core/finding.hpp"
#include "core/http.hpp"
#include "tls/certificate.hpp"
#include "tls/judge.hpp"

namespace probe::test {

inline std::vector<std::string> okta_chain(const std::string& file) {
  auto bytes = config::read_file(std::string(PROBE_OKTA_PKI_DIR) + "/" + file);
  REQUIRE(bytes.has_value());
  auto certs = tls::load_certificates(*bytes, file);
  REQUIRE(certs.has_value());
  return *certs;
}

inline const config::PinsetCatalog& real_pins() {
  static const config::PinsetCatalog catalog = [] {
    auto loaded = config::load_pinset_catalog(std::nullopt);
    REQUIRE(loaded.has_value());
    return *loaded;
  }();
  return catalog;
}

inline const config::Pinset& okta_pinset() {
  const auto* set = real_pins().find("okta");
  REQUIRE(set != nullptr);
  return *set;
}

inline core::SysTime day(int y, unsigned m, unsigned d) {
  return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
}

inline bool has(const tls::Judgement& j, core::FindingCode code) {
  return std::any_of(j.findings.begin(), j.findings.end(),
                     [code](const core::Finding& f) { return f.code == code; });
}

inline const core::Finding& get(const tls::Judgement& j, core::FindingCode code) {
  auto it = std::find_if(j.findings.begin(), j.findings.end(),
                         [code](const core::Finding& f) { return f.code == code; });
  REQUIRE(it != j.findings.end());
  return *it;
}

inline std::string evidence(const core::Finding& f, const std::string& key) {
  for (const auto& [k, v] : f.evidence) {
    if (k == key) return v;
  }
  return {};
}

inline std::string codes(const tls::Judgement& j) {
  std::string out;
  for (const auto& f : j.findings) out += std::string(f.wire()) + " ";
  return out;
}

// Serves fixed bodies by URL and records every request.
class FakeHttp final {
 public:
  std::map<std::string, std::string> bodies;
  std::vector<std::string> requested;
  std::vector<core::HttpResponse> fetch(const std::vector<core::HttpRequest>& requests) {
    std::vector<core::HttpResponse> out;
    for (const auto& request : requests) {
      requested.push_back(request.url);
      core::HttpResponse response;
      response.outcome.attempted = true;
      auto it = bodies.find(request.url);
      if (it == bodies.end()) {
        response.outcome.status = 404;
      } else {
        response.outcome.status = 200;
        response.outcome.content_type = "application/pkix-cert";
        response.body = it->second;
      }
      out.push_back(std::move(response));
    }
    return out;
  }
};

// Completes `chain` the way the check pipeline does (issuer_fetch_urls, one fetch per URL,
// issuer_from_answer, at most k_max_fetched_issuers rounds), fetching from `http`.
inline tls::ChainCompletion complete_chain(FakeHttp& http, const std::vector<std::string>& chain,
                                           const tls::JudgeContext& context) {
  tls::ChainCompletion completion;
  for (int round = 0; round < tls::k_max_fetched_issuers; ++round) {
    std::vector<std::string> all = chain;
    all.insert(all.end(), completion.fetched_der.begin(), completion.fetched_der.end());
    bool added = false;
    for (const auto& url : tls::issuer_fetch_urls(all, "", context)) {
      completion.tried_urls.push_back(url);
      core::HttpRequest request;
      request.url = url;
      const auto response = http.fetch({request}).front();
      if (response.outcome.status != 200) continue;
      if (auto der = tls::issuer_from_answer(response.body, url, all.back())) {
        completion.fetched_der.push_back(std::move(*der));
        completion.fetched_urls.push_back(url);
        added = true;
        break;
      }
    }
    if (!added) break;
  }
  return completion;
}

}  // namespace probe::test
