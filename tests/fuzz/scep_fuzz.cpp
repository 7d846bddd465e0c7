// Fuzz target: SCEP GetCACaps and GetCACert parsing and judging. Input: one byte N, N bytes of
// GetCACaps body, then the GetCACert body. Both are served by a fake HttpClient to
// scep::fetch, whose observation is judged against the test root as the trusted CA and as a
// SHA-256 thumbprint.
#include <openssl/sha.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "scep/scep.hpp"
#include "support/batch_http.hpp"

namespace {

using namespace probe;

class ServeBodies final : public test::BatchHttpClient {
 public:
  ServeBodies(std::string caps, std::string ca_cert)
      : m_caps(std::move(caps)), m_ca_cert(std::move(ca_cert)) {}

  std::vector<core::HttpResponse> fetch(const std::vector<core::HttpRequest>& requests) override {
    std::vector<core::HttpResponse> out;
    for (const auto& request : requests) {
      core::HttpResponse response;
      response.outcome.attempted = true;
      response.outcome.dns = core::DnsStatus::ok;
      response.outcome.tcp = core::TcpStatus::connected;
      response.outcome.status = 200;
      const bool caps = request.url.find("GetCACaps") != std::string::npos;
      response.body = caps ? m_caps : m_ca_cert;
      response.outcome.size = response.body.size();
      response.outcome.content_type = caps ? "text/plain" : "application/x-x509-ca-ra-cert";
      out.push_back(std::move(response));
    }
    return out;
  }

 private:
  std::string m_caps;
  std::string m_ca_cert;
};

std::string hex_sha256(std::string_view der) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(der.data()), der.size(), digest);
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char byte : digest) {
    out += k_hex[byte >> 4];
    out += k_hex[byte & 15];
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const auto urls = scep::scep_urls("https://acme.okta.com/pki/scep/token").value();
  static const core::FixedClock clock{fuzz::fixed_now()};
  const std::size_t caps_size = std::min<std::size_t>(data[0], size - 1);
  const auto caps = fuzz::as_text(data + 1, caps_size);
  const auto ca_cert = fuzz::as_text(data + 1 + caps_size, size - 1 - caps_size);

  ServeBodies client{std::string(caps), std::string(ca_cert)};
  const auto observed = scep::fetch(client, urls, 1 << 20, core::Millis{1000}, clock);
  if (observed.capabilities.size() > scep::k_max_capabilities) __builtin_trap();

  scep::Expectation by_file;
  by_file.trusted_ca = fuzz::pki().root.facts;
  by_file.trusted_ca_source = "root.pem";
  (void)scep::judge_scep(observed, by_file);
  scep::Expectation by_thumbprint;
  by_thumbprint.thumbprint = scep::parse_thumbprint(hex_sha256(fuzz::pki().root.der)).value();
  (void)scep::judge_scep(observed, by_thumbprint);
  (void)scep::judge_scep(observed, {});
  return 0;
}
