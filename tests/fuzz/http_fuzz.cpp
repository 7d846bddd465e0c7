// Fuzz target: HTTP response classification. Input: one flags byte (bits 0-1 the URL kind:
// CRL, OCSP, caIssuers; bit 2 through a proxy; bit 3 body truncated at the cap; bits 4-5 the
// DNS/TCP result), the status code (2 bytes, big endian), header lines as libcurl hands them
// to its header callback, an empty line, the body. The headers go through connect's
// capture_header, the outcome through revocation::judge_transport, classify_content_type,
// http_evidence and proxy_name, and the body through scep::parse_caps_list, whose bounds
// (scep.hpp) are checked.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "connect/curl_handle.hpp"
#include "fuzz_support.hpp"
#include "revocation/classify.hpp"
#include "scep/scep.hpp"

namespace {

using namespace probe;

void feed_headers(std::string_view block, connect::detail::HeaderCapture& capture) {
  while (!block.empty()) {
    const auto end = block.find('\n');
    const auto take = end == std::string_view::npos ? block.size() : end + 1;
    std::string line(block.substr(0, take));  // curl's buffer is writable
    (void)connect::detail::capture_header(line.data(), 1, line.size(), &capture);
    block.remove_prefix(take);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const std::uint8_t flags = data[0];
  const int status = (data[1] << 8) | data[2];
  const auto rest = fuzz::as_text(data + 3, size - 3);
  const auto split = rest.find("\r\n\r\n");
  const auto headers = split == std::string_view::npos ? rest : rest.substr(0, split + 2);
  const auto body = split == std::string_view::npos ? std::string_view{} : rest.substr(split + 4);

  connect::detail::HeaderCapture capture;
  feed_headers(headers, capture);

  core::RevocationUrl url;
  url.url = "http://crl.test/int.crl";
  url.kind = static_cast<core::RevocationKind>((flags & 3) % 3);
  url.source = (flags & 4) != 0 ? core::UrlSource::chain : core::UrlSource::config;
  url.cited_by = {"CN=leaf.test"};

  core::HttpOutcome http;
  http.attempted = (flags & 0x30) != 0x30;
  http.dns = (flags & 0x30) == 0x10 ? core::DnsStatus::nxdomain : core::DnsStatus::ok;
  http.tcp = (flags & 0x30) == 0x20 ? core::TcpStatus::refused : core::TcpStatus::connected;
  http.address = "192.0.2.80";
  http.status = status;
  http.content_type = capture.content_type;
  http.server = capture.server;
  http.via = capture.via;
  http.size = body.size();
  http.truncated = (flags & 8) != 0;
  http.through_proxy = (flags & 4) != 0;
  http.redirects = flags >> 6;
  http.detail = std::string(body.substr(0, 64));

  (void)revocation::judge_transport(url, http);
  for (const auto kind :
       {core::RevocationKind::crl, core::RevocationKind::ocsp, core::RevocationKind::ca_issuers}) {
    (void)revocation::classify_content_type(kind, http.content_type);
    (void)revocation::classify_content_type(kind, headers);
  }
  (void)revocation::http_evidence(url.url, http);
  (void)revocation::proxy_name(http);

  const auto caps = scep::parse_caps_list(body);
  if (caps.keywords.size() > scep::k_max_capabilities) __builtin_trap();
  for (const auto& keyword : caps.keywords) {
    if (keyword.empty() || keyword.size() > scep::k_max_capability_bytes) __builtin_trap();
  }
  return 0;
}
