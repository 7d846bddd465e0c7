#include "revocation/urls.hpp"

#include <algorithm>
#include <cstddef>
#include <map>
#include <string>
#include <utility>

#include "lib/curl/url.hpp"

namespace probe::revocation {

const std::vector<core::CertFacts>& checked_chain(const core::TargetResult& target) {
  return target.revocation_chain.empty() ? target.chain : target.revocation_chain;
}
namespace {

class UrlSet {
 public:
  void cite(const std::string& url, core::RevocationKind kind, const std::string& subject) {
    core::RevocationUrl& entry = slot(url, kind);
    entry.source = core::UrlSource::chain;
    if (std::find(entry.cited_by.begin(), entry.cited_by.end(), subject) == entry.cited_by.end()) {
      entry.cited_by.push_back(subject);
    }
  }
  void configure(const core::RevocationUrl& url) { slot(url.url, url.kind); }
  std::vector<core::RevocationUrl> take() { return std::move(m_urls); }

 private:
  core::RevocationUrl& slot(const std::string& url, core::RevocationKind kind) {
    const auto key = std::make_pair(url, kind);
    const auto found = m_index.find(key);
    if (found != m_index.end()) return m_urls[found->second];
    m_index.emplace(key, m_urls.size());
    core::RevocationUrl entry;
    entry.url = url;
    entry.kind = kind;
    entry.source = core::UrlSource::config;
    m_urls.push_back(std::move(entry));
    return m_urls.back();
  }

  std::vector<core::RevocationUrl> m_urls;
  std::map<std::pair<std::string, core::RevocationKind>, std::size_t> m_index;
};

}  // namespace

std::vector<core::RevocationUrl> collect_urls(const std::vector<core::TargetResult>& targets,
                                              const core::Plan& plan) {
  UrlSet set;
  if (plan.revocation_from_chain) {
    for (const core::TargetResult& target : targets) {
      for (const core::CertFacts& cert : checked_chain(target)) {
        for (const std::string& url : cert.crl_urls) {
          set.cite(url, core::RevocationKind::crl, cert.subject);
        }
        for (const std::string& url : cert.ocsp_urls) {
          set.cite(url, core::RevocationKind::ocsp, cert.subject);
        }
        for (const std::string& url : cert.ca_issuers_urls) {
          set.cite(url, core::RevocationKind::ca_issuers, cert.subject);
        }
      }
    }
  }
  for (const core::RevocationUrl& url : plan.revocation_urls) set.configure(url);
  return set.take();
}

bool is_http_url(std::string_view url) { return lib::curl::has_http_scheme(url); }

std::string url_host(std::string_view url) { return lib::curl::url_host(url); }

}  // namespace probe::revocation
