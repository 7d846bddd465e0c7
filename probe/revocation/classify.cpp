#include "revocation/classify.hpp"

#include <array>
#include <string>
#include <utility>

#include "core/text.hpp"
#include "lib/curl/url.hpp"

namespace probe::revocation {
namespace {

// The port an http: URL connects to: its explicit port, else 80.
std::string url_port(std::string_view url) {
  const auto parsed = lib::curl::parse_url(url);
  if (!parsed || parsed->port.empty()) return "80";
  return core::bound(parsed->port, 5);
}

using core::FindingCode;

std::string media_type(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  return core::to_lower(type);
}

std::string_view kind_noun(core::RevocationKind kind) noexcept {
  switch (kind) {
    case core::RevocationKind::crl:
      return "a CRL";
    case core::RevocationKind::ocsp:
      return "an OCSP response";
    case core::RevocationKind::ca_issuers:
      return "a certificate";
  }
  return "revocation data";
}

std::string tcp_words(core::TcpStatus status) {
  switch (status) {
    case core::TcpStatus::refused:
      return "connection refused";
    case core::TcpStatus::timeout:
      return "connection timed out";
    case core::TcpStatus::unreachable:
      return "network unreachable";
    default:
      return "connection failed";
  }
}

bool dns_failed(core::DnsStatus status) noexcept {
  return status != core::DnsStatus::not_run && status != core::DnsStatus::ok;
}

bool tcp_failed(core::TcpStatus status) noexcept {
  return status != core::TcpStatus::not_run && status != core::TcpStatus::connected;
}

core::Finding finding(FindingCode code, std::string message, const core::RevocationUrl& url,
                      const core::HttpOutcome& http) {
  return core::make_finding(code, std::move(message), http_evidence(url.url, http));
}

}  // namespace

ContentClass classify_content_type(core::RevocationKind kind,
                                   std::string_view content_type) noexcept {
  try {
    const std::string type = media_type(content_type);
    if (type.empty() || type == "application/octet-stream") return ContentClass::tolerated;
    switch (kind) {
      case core::RevocationKind::crl:
        if (type == "application/pkix-crl" || type == "application/x-pkcs7-crl") {
          return ContentClass::expected;
        }
        break;
      case core::RevocationKind::ocsp:
        if (type == "application/ocsp-response") return ContentClass::expected;
        break;
      case core::RevocationKind::ca_issuers:
        if (type == "application/pkix-cert" || type == "application/x-x509-ca-cert" ||
            type == "application/pkcs7-mime" || type == "application/x-pkcs7-certificates") {
          return ContentClass::expected;
        }
        break;
    }
    return ContentClass::foreign;
  } catch (...) {
    return ContentClass::foreign;
  }
}

std::string proxy_name(const core::HttpOutcome& http) {
  if (!http.via.empty()) return core::bound(http.via, 256);
  if (!http.server.empty()) return core::bound(http.server, 256);
  return "unnamed proxy";
}

core::Evidence http_evidence(std::string_view url, const core::HttpOutcome& http) {
  core::Evidence evidence{{"url", core::bound(url)}};
  // The HTTP facts only when an HTTP answer came: a DNS or TCP failure has none to show.
  if (http.status > 0) {
    evidence.emplace_back("status", std::to_string(http.status));
    evidence.emplace_back("content_type", core::bound(http.content_type, 256));
    if (!http.server.empty()) evidence.emplace_back("server", core::bound(http.server, 256));
    if (!http.via.empty()) evidence.emplace_back("via", core::bound(http.via, 256));
    evidence.emplace_back("size", std::to_string(http.size));
  }
  evidence.emplace_back("through_proxy", http.through_proxy ? "true" : "false");
  evidence.emplace_back("elapsed_ms", std::to_string(http.elapsed.count()));
  if (!http.address.empty()) evidence.emplace_back("address", core::bound(http.address, 256));
  if (http.redirects > 0) evidence.emplace_back("redirects", std::to_string(http.redirects));
  if (!http.detail.empty()) evidence.emplace_back("detail", core::bound(http.detail));
  return evidence;
}

std::optional<core::Finding> judge_transport(const core::RevocationUrl& url,
                                             const core::HttpOutcome& http) {
  if (!http.attempted) {
    return finding(FindingCode::revocation_unreachable,
                   "the revocation URL was not fetched" +
                       (http.detail.empty() ? std::string{} : ": " + core::bound(http.detail)),
                   url, http);
  }
  if (dns_failed(http.dns) && !http.through_proxy) {
    return finding(FindingCode::revocation_dns_failed,
                   "the revocation host does not resolve: " + std::string{to_string(http.dns)}, url,
                   http);
  }
  if (tcp_failed(http.tcp)) {
    const std::string who = http.through_proxy ? "the proxy" : "port " + url_port(url.url);
    return finding(FindingCode::revocation_unreachable, who + ": " + tcp_words(http.tcp), url,
                   http);
  }
  if (http.status == 0) {
    return finding(
        FindingCode::revocation_unreachable,
        "no HTTP answer" + (http.detail.empty() ? std::string{} : ": " + core::bound(http.detail)),
        url, http);
  }
  const std::string type = media_type(http.content_type);
  const bool html = type == "text/html" || type == "application/xhtml+xml";
  if (http.status == 403 || http.status == 407 || http.status >= 500 ||
      (html && (http.status < 200 || http.status > 299))) {
    return finding(FindingCode::revocation_blocked_by_proxy,
                   "HTTP " + std::to_string(http.status) + " from " + proxy_name(http), url, http);
  }
  if (http.status < 200 || http.status > 299) {
    return finding(
        FindingCode::revocation_bad_response,
        "HTTP " + std::to_string(http.status) + " instead of " + std::string{kind_noun(url.kind)},
        url, http);
  }
  if (classify_content_type(url.kind, http.content_type) == ContentClass::foreign) {
    return finding(FindingCode::revocation_blocked_by_proxy,
                   "answered with " + (type.empty() ? std::string{"no content type"} : type) +
                       " instead of " + std::string{kind_noun(url.kind)} + ", from " +
                       proxy_name(http),
                   url, http);
  }
  if (http.truncated) {
    return finding(
        FindingCode::revocation_bad_response,
        "the answer is larger than the download cap (" + std::to_string(http.size) + " bytes kept)",
        url, http);
  }
  return std::nullopt;
}

}  // namespace probe::revocation
