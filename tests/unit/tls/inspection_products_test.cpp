// Known TLS-inspection products (data/inspection_products.yaml): the built-in list, the
// matcher over a whole chain (names, issuer names, SPKI pins), and the judge naming the product
// for generated chains and for badssl.com's public Superfish / eDellRoot / DSDTestProvider ones.
#include "config/inspection_products.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/finding.hpp"
#include "judge_support.hpp"
#include "test_pki.hpp"
#include "tls/certificate.hpp"
#include "tls/judge.hpp"

namespace probe::config {
namespace {

using core::CertFacts;
using core::FindingCode;
using Attributes = std::vector<std::pair<std::string, std::string>>;

// A CA certificate's facts with `subject` (self-signed unless `issuer` is given).
CertFacts ca_named(const std::string& subject, const std::string& issuer = {}) {
  CertFacts c;
  c.subject = subject;
  c.issuer = issuer.empty() ? subject : issuer;
  c.is_ca = true;
  c.self_signed = issuer.empty();
  return c;
}

CertFacts leaf_named(const std::string& subject, const std::string& issuer) {
  CertFacts c;
  c.subject = subject;
  c.issuer = issuer;
  return c;
}

std::string product_of(const std::vector<InspectionProduct>& products,
                       const std::vector<CertFacts>& chain) {
  const auto* p = match_inspection_product(products, chain);
  return p != nullptr ? p->name : std::string("-");
}

std::string builtin_name_of(const std::string& ca_subject) {
  return product_of(builtin_inspection_products(), {ca_named(ca_subject)});
}

// Public certificates from github.com/chromium/badssl.com (no private key): the leaves badssl
// serves alone on superfish., edellroot. and dsdtestprovider.badssl.com
// (certs/sets/prod/pregen/chain/subdomain-*.pem) and the Superfish root (certs/foreign/
// superfish.crt). Each leaf is signed by the named root's real, leaked key.
constexpr const char* k_superfish_leaf = R"(-----BEGIN CERTIFICATE-----
MIIDBTCCAm6gAwIBAgIJAMxPFU95dfs8MA0GCSqGSIb3DQEBCwUAMFsxGDAWBgNV
BAoTD1N1cGVyZmlzaCwgSW5jLjELMAkGA1UEBxMCU0YxCzAJBgNVBAgTAkNBMQsw
CQYDVQQGEwJVUzEYMBYGA1UEAxMPU3VwZXJmaXNoLCBJbmMuMB4XDTE1MTIwNDAy
Mzc0OVoXDTE3MTIwMzAyMzc0OVowajELMAkGA1UEBhMCVVMxEzARBgNVBAgMCkNh
bGlmb3JuaWExFjAUBgNVBAcMDVNhbiBGcmFuY2lzY28xDzANBgNVBAoMBkJhZFNT
TDEdMBsGA1UEAwwUc3VwZXJmaXNoLmJhZHNzbC5jb20wggEiMA0GCSqGSIb3DQEB
AQUAA4IBDwAwggEKAoIBAQDCBOz4jO4EwrPYUNVwWMyTGOtcqGhJsCK1+ZWesSss
dj5swEtgTEzqsrTAD4C2sPlyyYYC+VxBXRMrf3HES7zplC5QN6ZnHGGM9kFCxUbT
Focnn3TrCp0RUiYhc2yETHlV5NFr6AY9SBVSrbMo26r/bv9glUp3aznxJNExtt1N
wMT8U7ltQq21fP6u9RXSM0jnInHHwhR6bCjqN0rf6my1crR+WqIW3GmxV0TbChKr
3sMPR3RcQSLhmvkbk+atIgYpLrG6SRwMJ56j+4v3QHIArJII2YxXhFOBBcvm/mtU
mEAnhccQu3Nw72kYQQdFVXz5ZD89LMOpfOuTGkyG0cqFAgMBAAGjPjA8MAwGA1Ud
EwQFMAMBAf8wCwYDVR0PBAQDAgXgMB8GA1UdEQQYMBaCFHN1cGVyZmlzaC5iYWRz
c2wuY29tMA0GCSqGSIb3DQEBCwUAA4GBAFdxGi1HVkD+KSmlgFUPrdvzyz3k9SAy
bS65V2NjsbY4wgWMXqrlowN4rNkqk4jp/kSaPaVsdk+TjJfnconeNIiYVs6vykSH
eXUf4yIQp0/FEwJzNFDgq1eVIQZXLHUHSweCv9tQS9ZIPlG1K9NMBFCM3vH2ReQR
/bJQakqVMd/5
-----END CERTIFICATE-----
)";
constexpr const char* k_superfish_root = R"(-----BEGIN CERTIFICATE-----
MIIC9TCCAl6gAwIBAgIJANL8E4epRNznMA0GCSqGSIb3DQEBBQUAMFsxGDAWBgNV
BAoTD1N1cGVyZmlzaCwgSW5jLjELMAkGA1UEBxMCU0YxCzAJBgNVBAgTAkNBMQsw
CQYDVQQGEwJVUzEYMBYGA1UEAxMPU3VwZXJmaXNoLCBJbmMuMB4XDTE0MDUxMjE2
MjUyNloXDTM0MDUwNzE2MjUyNlowWzEYMBYGA1UEChMPU3VwZXJmaXNoLCBJbmMu
MQswCQYDVQQHEwJTRjELMAkGA1UECBMCQ0ExCzAJBgNVBAYTAlVTMRgwFgYDVQQD
Ew9TdXBlcmZpc2gsIEluYy4wgZ8wDQYJKoZIhvcNAQEBBQADgY0AMIGJAoGBAOjz
Shh2Xxk/sc9Y6X9DBwmVgDXFD/5xMSeBmRImIKXfj2r8QlU57gk4idngNsSsAYJb
1Tnm+Y8HiN/+7vahFM6pdEXY/fAXVyqC4XouEpNarIrXFWPRt5tVgA9YvBxJ7SBi
3bZMpTrrHD2g/3pxptMQeDOuS8Ic/ZJKocPnQaQtAgMBAAGjgcAwgb0wDAYDVR0T
BAUwAwEB/zAdBgNVHQ4EFgQU+5izU38URC7o7tUJml4OVoaoNYgwgY0GA1UdIwSB
hTCBgoAU+5izU38URC7o7tUJml4OVoaoNYihX6RdMFsxGDAWBgNVBAoTD1N1cGVy
ZmlzaCwgSW5jLjELMAkGA1UEBxMCU0YxCzAJBgNVBAgTAkNBMQswCQYDVQQGEwJV
UzEYMBYGA1UEAxMPU3VwZXJmaXNoLCBJbmMuggkA0vwTh6lE3OcwDQYJKoZIhvcN
AQEFBQADgYEApHyg7ApKx3DEcWjzOyLi3JyN0JL+c35yK1VEmxu0Qusfr76645Oj
1IsYwpTws6a9ZTRMzST4GQvFFQra81eLqYbPbMPuhC+FCxkUF5i0DNSWi+kczJXJ
TtCqSwGl9t9JEoFqvtW+znZ9TqyLiOMw7TGEUI+88VAqW0qmXnwPcfo=
-----END CERTIFICATE-----
)";
constexpr const char* k_edellroot_leaf = R"(-----BEGIN CERTIFICATE-----
MIIDLzCCAhegAwIBAgIJAI4bBlMfw/FKMA0GCSqGSIb3DQEBCwUAMBQxEjAQBgNV
BAMTCWVEZWxsUm9vdDAeFw0xODA1MTYwMTU4MzhaFw0yMDA1MTUwMTU4MzhaMGox
CzAJBgNVBAYTAlVTMRMwEQYDVQQIDApDYWxpZm9ybmlhMRYwFAYDVQQHDA1TYW4g
RnJhbmNpc2NvMQ8wDQYDVQQKDAZCYWRTU0wxHTAbBgNVBAMMFGVkZWxscm9vdC5i
YWRzc2wuY29tMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwgTs+Izu
BMKz2FDVcFjMkxjrXKhoSbAitfmVnrErLHY+bMBLYExM6rK0wA+AtrD5csmGAvlc
QV0TK39xxEu86ZQuUDemZxxhjPZBQsVG0xaHJ5906wqdEVImIXNshEx5VeTRa+gG
PUgVUq2zKNuq/27/YJVKd2s58STRMbbdTcDE/FO5bUKttXz+rvUV0jNI5yJxx8IU
emwo6jdK3+pstXK0flqiFtxpsVdE2woSq97DD0d0XEEi4Zr5G5PmrSIGKS6xukkc
DCeeo/uL90ByAKySCNmMV4RTgQXL5v5rVJhAJ4XHELtzcO9pGEEHRVV8+WQ/PSzD
qXzrkxpMhtHKhQIDAQABoy4wLDAJBgNVHRMEAjAAMB8GA1UdEQQYMBaCFGVkZWxs
cm9vdC5iYWRzc2wuY29tMA0GCSqGSIb3DQEBCwUAA4IBAQA0A9MUBcCy/eb3PHR0
4MEOIpM6kTBewtsaW9BIyEqo8XICSPZB2lYSNAriBvK9SAlZi9kXXJCJE2zgTUXL
VC93BMdOXe3kQ9s7Fbxj3iVNr+Ztegd5JmHICMBaFUjzbJZr7GXWqZUkWxuWD2hF
w3ze0ej0zxZ6deLVEcI8eKbZCACc2eytRKs/v8Wib7Z22BbRuQlliCkt8TDPnCWG
fZyppETTonYvZwtKf1zZTwhZHHeB6XKy+m6l2BeGGa06NeYm34dwOrRPKXD8KWCi
ElWfJOevG6KLwG4pYNV6x/8NgttGTUIDD3t+78hYeC6IIj7hxsPvR0UZeU9Bgcsw
WbqA
-----END CERTIFICATE-----
)";
constexpr const char* k_dsdtestprovider_leaf = R"(-----BEGIN CERTIFICATE-----
MIIEdTCCAl2gAwIBAgIJANbyMsdDstESMA0GCSqGSIb3DQEBCwUAME4xGDAWBgNV
BAsTD0RTRFRlc3RQcm92aWRlcjEYMBYGA1UEChMPRFNEVGVzdFByb3ZpZGVyMRgw
FgYDVQQDEw9EU0RUZXN0UHJvdmlkZXIwHhcNMTgwNTE2MTcxNTIzWhcNMjAwNTE1
MTcxNTIzWjBwMQswCQYDVQQGEwJVUzETMBEGA1UECAwKQ2FsaWZvcm5pYTEWMBQG
A1UEBwwNU2FuIEZyYW5jaXNjbzEPMA0GA1UECgwGQmFkU1NMMSMwIQYDVQQDDBpk
c2R0ZXN0cHJvdmlkZXIuYmFkc3NsLmNvbTCCASIwDQYJKoZIhvcNAQEBBQADggEP
ADCCAQoCggEBAMIE7PiM7gTCs9hQ1XBYzJMY61yoaEmwIrX5lZ6xKyx2PmzAS2BM
TOqytMAPgLaw+XLJhgL5XEFdEyt/ccRLvOmULlA3pmccYYz2QULFRtMWhyefdOsK
nRFSJiFzbIRMeVXk0WvoBj1IFVKtsyjbqv9u/2CVSndrOfEk0TG23U3AxPxTuW1C
rbV8/q71FdIzSOciccfCFHpsKOo3St/qbLVytH5aohbcabFXRNsKEqveww9HdFxB
IuGa+RuT5q0iBikusbpJHAwnnqP7i/dAcgCskgjZjFeEU4EFy+b+a1SYQCeFxxC7
c3DvaRhBB0VVfPlkPz0sw6l865MaTIbRyoUCAwEAAaM0MDIwCQYDVR0TBAIwADAl
BgNVHREEHjAcghpkc2R0ZXN0cHJvdmlkZXIuYmFkc3NsLmNvbTANBgkqhkiG9w0B
AQsFAAOCAgEAfNfnT/CA6YUYU9Z1y14O+qbDwMvo2//70i8OvT+xit4ymv6iSnEx
m8J01YsYI/sS4Jvw8dlRtKr1l0h73jiF3cDGpVP38WEdX3kqM0+iCk4kpqkqJgqg
Glwvgx62Z3drXJnlSzr5wAbfzPgqV4g72cJVvD5ksvw1wq5mMc+ESg9m1sBXx5aY
DxgV9+AIetX38k+rMKDHtFQai2BtGgifzowY9F8sM2Z8DaBAaTU0yjPwSZ4ujUYQ
ahzB9E1k6n1JKeKkXCAzb9Q/96APeNVDcmzoOoADLHVz4PAFXEPuuf0E2yx+uC4f
/IUGQ1orb1IP5sPLGy/y7VqzSiTe5R8oU8d20yszVk98HLwO+++nAXmAXs9RQner
3lWBQlGTKwcg3tuQICVPJZMV+9CCYyXLhXOzTHaAG7exxWtnL0E1SHY36Qq3f6jb
r0luAyTvwFYfWEivzXkzSi/r2fRQwUr3ydrJvXZ5sE7Gzx62oBGENiPjDXlDxCIC
m/+nX/1uaBn1Z09V6tyire34FUS4yqLYx59VWODcFp55DzML8AJRylTSPWb5aVi0
vVnuHb5UoRfL2JOaPPTUEINz5C9szD64AOBjN1fXkq3ZFAvbK6MVrrunOGEmiV8N
IRwKmUHTa2wHbP6eyMblyaQdMCVwJE+0LFKlgR9fEe9lSMw5axceZ/4=
-----END CERTIFICATE-----
)";

std::string der_of(const char* pem) {
  auto certs = tls::load_certificates(pem, "badssl");
  REQUIRE(certs.has_value());
  REQUIRE(certs->size() == 1);
  return certs->front();
}

const InspectionProduct* builtin(const std::string& name) {
  const auto& products = builtin_inspection_products();
  const auto it = std::find_if(products.begin(), products.end(),
                               [&](const InspectionProduct& p) { return p.name == name; });
  return it == products.end() ? nullptr : &*it;
}

// One product's CA naming, as a vendor's certificate carries it (DER attribute order).
struct ProductCa {
  const char* product;
  Attributes subject;
};

const std::vector<ProductCa>& product_cas() {
  static const std::vector<ProductCa> cas{
      {"Superfish (Komodia)",
       {{"O", "Superfish, Inc."},
        {"L", "SF"},
        {"ST", "CA"},
        {"C", "US"},
        {"CN", "Superfish, Inc."}}},
      {"Dell eDellRoot", {{"CN", "eDellRoot"}}},
      {"Dell DSDTestProvider",
       {{"OU", "DSDTestProvider"}, {"O", "DSDTestProvider"}, {"CN", "DSDTestProvider"}}},
      {"Zscaler",
       {{"C", "US"}, {"O", "Zscaler Inc."}, {"OU", "Zscaler Inc."}, {"CN", "Zscaler Root CA"}}},
      {"Netskope", {{"O", "Acme"}, {"CN", "ca.acme.goskope.com"}}},
      {"Fortinet FortiGate",
       {{"C", "US"},
        {"ST", "California"},
        {"L", "Sunnyvale"},
        {"O", "Fortinet"},
        {"OU", "Certificate Authority"},
        {"CN", "FGT60FTK20000001"},
        {"emailAddress", "support@fortinet.com"}}},
      {"Cisco Umbrella", {{"O", "Cisco"}, {"CN", "Cisco Umbrella Root CA"}}},
      {"Palo Alto Networks", {{"O", "Acme"}, {"CN", "Forward-Trust-CA"}}},
      {"McAfee / Skyhigh Web Gateway", {{"O", "Acme"}, {"CN", "McAfee Web Gateway"}}},
      {"Sophos", {{"O", "Acme"}, {"CN", "SophosApplianceCA_C01001ABCDEF"}}},
      {"Cloudflare Gateway", {{"CN", "Cloudflare for Teams ECC Certificate Authority"}}},
      {"Kaspersky", {{"CN", "Kaspersky Anti-Virus Personal Root Certificate"}}},
      {"Avast",
       {{"O", "avast! Web/Mail Shield"},
        {"OU", "generated by avast! antivirus for SSL/TLS scanning"},
        {"CN", "avast! Web/Mail Shield Root"}}},
      {"AVG", {{"CN", "AVG Web/Mail Shield Root"}}},
      {"ESET", {{"C", "SK"}, {"O", "ESET, spol. s r. o."}, {"CN", "ESET SSL Filter CA"}}},
      {"Bitdefender",
       {{"O", "Bitdefender"}, {"OU", "IDS"}, {"CN", "Bitdefender Personal CA.Net-Defender"}}},
      {"mitmproxy", {{"O", "mitmproxy"}, {"CN", "mitmproxy"}}},
      {"Burp Suite", {{"O", "PortSwigger"}, {"OU", "PortSwigger CA"}, {"CN", "PortSwigger CA"}}},
      {"Fiddler",
       {{"OU", "Created by http://www.fiddler2.com"},
        {"O", "DO_NOT_TRUST"},
        {"CN", "DO_NOT_TRUST_FiddlerRoot"}}},
      {"Charles Proxy", {{"O", "XK72 Ltd"}, {"CN", "Charles Proxy CA (1 Dec 2026, build-host)"}}},
  };
  return cas;
}

// Generated chains for `ca`: the product CA as the root, and inside a corporate hierarchy.
struct Lab {
  test::ossl::EvpPkeyPtr product_key = test::make_key();
  test::ossl::EvpPkeyPtr corp_key = test::make_key();
  test::ossl::EvpPkeyPtr leaf_key = test::make_key();
  test::ossl::X509Ptr corp_root;
  test::ossl::X509Ptr product_root;          // self-signed product CA
  test::ossl::X509Ptr product_intermediate;  // product CA signed by the corporate root
  test::ossl::X509Ptr corp_issuing;          // corporate CA signed by the product root

  explicit Lab(const Attributes& product_subject) {
    test::CertSpec spec;
    spec.is_ca = true;
    spec.not_before = test::day(2026, 1, 1);
    spec.not_after = test::day(2031, 1, 1);
    spec.subject = {{"O", "Acme Corp"}, {"CN", "Acme Corp Root"}};
    corp_root = test::make_cert(spec, corp_key.get(), nullptr, corp_key.get());
    spec.subject = product_subject;
    spec.serial = 2;
    product_root = test::make_cert(spec, product_key.get(), nullptr, product_key.get());
    spec.serial = 3;
    product_intermediate =
        test::make_cert(spec, product_key.get(), corp_root.get(), corp_key.get());
    spec.subject = {{"O", "Acme Corp"}, {"CN", "Acme Corp Issuing CA"}};
    spec.serial = 4;
    corp_issuing = test::make_cert(spec, corp_key.get(), product_root.get(), product_key.get());
  }

  // A leaf for acme.okta.com issued by `issuer` with `issuer_key`.
  [[nodiscard]] std::string leaf(X509* issuer, EVP_PKEY* issuer_key) const {
    test::CertSpec spec;
    spec.subject = {{"CN", "acme.okta.com"}};
    spec.dns_names = {"acme.okta.com"};
    spec.not_before = test::day(2026, 5, 1);
    spec.not_after = test::day(2026, 8, 1);
    spec.serial = 10;
    auto cert = test::make_cert(spec, leaf_key.get(), issuer, issuer_key);
    return test::to_der(cert.get());
  }
};

const core::FixedClock k_in_2026{test::day(2026, 6, 1)};

tls::Judgement judge(const std::vector<std::string>& chain, const core::Clock& clock,
                     std::string_view host = "acme.okta.com") {
  tls::JudgeContext context;
  context.pinset = &test::okta_pinset();
  context.products = &builtin_inspection_products();
  context.clock = &clock;
  return tls::judge_chain(chain, host, context);
}

TEST_SUITE("tls") {
  TEST_CASE("inspection products: the built-in list parses and names every documented product") {
    const auto& products = builtin_inspection_products();
    std::vector<std::string> names;
    for (const auto& p : products) names.push_back(p.name);
    for (const auto& ca : product_cas()) {
      CAPTURE(ca.product);
      CHECK(std::find(names.begin(), names.end(), ca.product) != names.end());
    }
    CHECK(names.size() == product_cas().size());
    for (const auto& p : products) {
      CAPTURE(p.name);
      CHECK_FALSE(p.match.empty());  // every product is named by its documented CA names
    }
  }

  TEST_CASE("inspection products: CA names of known products match, public CAs do not") {
    CHECK(builtin_name_of("CN=Zscaler Root CA,OU=Zscaler Inc.,O=Zscaler Inc.,C=US") == "Zscaler");
    CHECK(builtin_name_of("CN=Zscaler Intermediate Root CA (zscalertwo.net),O=Zscaler Inc.") ==
          "Zscaler");
    CHECK(builtin_name_of("CN=ca.acme.goskope.com,OU=Certificate Authority,O=Netskope") ==
          "Netskope");
    CHECK(builtin_name_of("CN=caadmin.netskope.com,O=Acme") == "Netskope");
    CHECK(builtin_name_of("CN=FGT60FTK1234567,O=Acme") == "Fortinet FortiGate");
    CHECK(builtin_name_of("CN=Fortinet_CA_SSL,O=Fortinet Ltd.") == "Fortinet FortiGate");
    CHECK(builtin_name_of("CN=Fortinet_CA_SSLProxy,O=Acme") == "Fortinet FortiGate");
    CHECK(builtin_name_of("CN=Cisco Umbrella Primary SubCA,O=Cisco") == "Cisco Umbrella");
    CHECK(builtin_name_of("CN=mitmproxy,O=mitmproxy") == "mitmproxy");
    CHECK(builtin_name_of("CN=PortSwigger CA,OU=PortSwigger CA,O=PortSwigger") == "Burp Suite");
    CHECK(builtin_name_of("CN=DO_NOT_TRUST_FiddlerRoot,OU=Created by http://www.fiddler2.com") ==
          "Fiddler");
    CHECK(builtin_name_of("CN=Forward-Trust-CA,O=Acme") == "Palo Alto Networks");
    // RFC 2253 escapes the comma inside "Superfish, Inc."
    CHECK(builtin_name_of("CN=Superfish\\, Inc.,C=US,ST=CA,L=SF,O=Superfish\\, Inc.") ==
          "Superfish (Komodia)");
    CHECK(builtin_name_of("CN=eDellRoot") == "Dell eDellRoot");
    CHECK(builtin_name_of("CN=DSDTestProvider,O=DSDTestProvider,OU=DSDTestProvider") ==
          "Dell DSDTestProvider");
    CHECK(builtin_name_of("CN=ESET SSL Filter CA,O=ESET\\, spol. s r. o.,C=SK") == "ESET");
    CHECK(builtin_name_of("CN=Gateway CA - Cloudflare Managed G1 abc,O=Cloudflare\\, Inc.") ==
          "Cloudflare Gateway");
    for (const char* public_ca :
         {"CN=DigiCert Global Root G2,OU=www.digicert.com,O=DigiCert Inc,C=US",
          "CN=ISRG Root X1,O=Internet Security Research Group,C=US",
          "CN=Cloudflare Inc ECC CA-3,O=Cloudflare\\, Inc.,C=US",
          "CN=GTS Root R1,O=Google Trust Services LLC,C=US", "CN=Amazon Root CA 1,O=Amazon,C=US",
          "CN=Microsoft RSA Root Certificate Authority 2017,O=Microsoft Corporation,C=US",
          "CN=Sectigo RSA Domain Validation Secure Server CA,O=Sectigo Limited,C=GB"}) {
      CAPTURE(public_ca);
      CHECK(builtin_name_of(public_ca) == "-");
    }
  }

  TEST_CASE("inspection products: a leaf's own subject is never matched, its issuer is") {
    const auto& products = builtin_inspection_products();
    // A forged leaf for a vendor's own site copies that site's subject.
    CHECK(product_of(products, {leaf_named("CN=*.zscaler.com,O=Zscaler Inc.,C=US",
                                           "CN=Acme Gateway CA,O=Acme")}) == "-");
    CHECK(product_of(products,
                     {leaf_named("CN=www.example.com",
                                 "CN=ESET SSL Filter CA,O=ESET\\, spol. s r. o.,C=SK")}) == "ESET");
    // A self-signed leaf is its own CA: its subject counts.
    auto self = leaf_named("CN=mitmproxy,O=mitmproxy", "CN=mitmproxy,O=mitmproxy");
    self.self_signed = true;
    CHECK(product_of(products, {self}) == "mitmproxy");
  }

  TEST_CASE("inspection products: the issuer of a certificate above the leaf names the product") {
    const auto& products = builtin_inspection_products();
    // leaf <- Acme Issuing CA (sent) <- Zscaler Root CA (not sent)
    const std::vector<CertFacts> chain{
        leaf_named("CN=acme.okta.com", "CN=Acme Issuing CA,O=Acme"),
        ca_named("CN=Acme Issuing CA,O=Acme", "CN=Zscaler Root CA,O=Zscaler Inc.,C=US")};
    CHECK(product_of(products, chain) == "Zscaler");
  }

  TEST_CASE("inspection products: the certificate nearest the leaf decides") {
    const auto& products = builtin_inspection_products();
    // A Netskope intermediate under a Zscaler root: the intermediate re-signed the leaf.
    const std::vector<CertFacts> chain{
        leaf_named("CN=acme.okta.com", "CN=ca.acme.goskope.com,O=Acme"),
        ca_named("CN=ca.acme.goskope.com,O=Acme", "CN=Zscaler Root CA,O=Zscaler Inc.,C=US"),
        ca_named("CN=Zscaler Root CA,O=Zscaler Inc.,C=US")};
    CHECK(product_of(products, chain) == "Netskope");
  }

  TEST_CASE("inspection products: an SPKI pin names a product whatever the certificate is called") {
    auto parsed = parse_inspection_products(
        "version: 1\nproducts:\n  - name: Pinned\n    pins: "
        "[\"S7jzW6HhJvjd4bDEIGJe2G3OYae92tveqauleP8TFF4=\"]\n",
        "p.yaml");
    REQUIRE_MESSAGE(parsed.has_value(), parsed.error().message);
    auto renamed = ca_named("CN=Totally Legit Root");
    renamed.spki_pin = "S7jzW6HhJvjd4bDEIGJe2G3OYae92tveqauleP8TFF4=";
    CHECK(product_of(*parsed, {leaf_named("CN=x", "CN=Totally Legit Root"), renamed}) == "Pinned");
    renamed.spki_pin = "EwrU4GM1ISkFMbZlH1dZsLx7xlZwn/jzZcIUOwOJtvY=";
    CHECK(product_of(*parsed, {leaf_named("CN=x", "CN=Totally Legit Root"), renamed}) == "-");
    CHECK(product_of(builtin_inspection_products(), {renamed}) == "Dell DSDTestProvider");
  }

  TEST_CASE("inspection products: the built-in Superfish pin is the public root's key") {
    const auto* superfish = builtin("Superfish (Komodia)");
    REQUIRE(superfish != nullptr);
    const auto pin = tls::spki_pin_of(der_of(k_superfish_root));
    REQUIRE(pin.has_value());
    CHECK(std::find(superfish->pins.begin(), superfish->pins.end(), *pin) != superfish->pins.end());
  }

  TEST_CASE("inspection products: malformed files fail with file, line and column") {
    auto bad_key = parse_inspection_products(
        "version: 1\nproducts:\n  - name: X\n    matches: [a]\n", "p.yaml");
    REQUIRE_FALSE(bad_key.has_value());
    CHECK(bad_key.error().message.find("p.yaml:4:") == 0);
    auto nothing = parse_inspection_products("version: 1\nproducts:\n  - name: X\n", "p.yaml");
    REQUIRE_FALSE(nothing.has_value());
    CHECK(nothing.error().message == "p.yaml:3:5: product needs 'match' globs or 'pins'");
    for (const std::string& glob : std::vector<std::string>{"\"*\"", "\"**\""}) {
      CAPTURE(glob);
      auto star = parse_inspection_products(
          "version: 1\nproducts:\n  - name: X\n    match: [" + glob + "]\n", "p.yaml");
      REQUIRE_FALSE(star.has_value());
      CHECK(star.error().message == "p.yaml:4:13: a match glob must name something");
    }
    auto pin = parse_inspection_products(
        "version: 1\nproducts:\n  - name: X\n    pins: [\"abc\"]\n", "p.yaml");
    REQUIRE_FALSE(pin.has_value());
    CHECK(pin.error().message ==
          "p.yaml:4:12: pin 'abc' is not base64 of a 32-byte SHA-256 digest");
    auto empty_pins =
        parse_inspection_products("version: 1\nproducts:\n  - name: X\n    pins: []\n", "p.yaml");
    REQUIRE_FALSE(empty_pins.has_value());
    CHECK(empty_pins.error().message == "p.yaml:4:11: 'pins' must not be empty");
    auto version = parse_inspection_products("version: 2\nproducts: []\n", "p.yaml");
    REQUIRE_FALSE(version.has_value());
    CHECK(version.error().message == "p.yaml:1:10: unsupported version (expected 1)");
  }

  TEST_CASE("inspection products: the judge names each product wherever its CA sits") {
    for (const auto& ca : product_cas()) {
      CAPTURE(ca.product);
      const Lab lab(ca.subject);
      const auto product_root = test::to_der(lab.product_root.get());
      const auto product_intermediate = test::to_der(lab.product_intermediate.get());
      const auto corp_root = test::to_der(lab.corp_root.get());
      const auto corp_issuing = test::to_der(lab.corp_issuing.get());
      const auto by_product = lab.leaf(lab.product_root.get(), lab.product_key.get());
      const auto by_corp = lab.leaf(lab.corp_issuing.get(), lab.corp_key.get());
      const std::vector<std::pair<const char*, std::vector<std::string>>> chains{
          {"product root sent", {by_product, product_root}},
          {"leaf only", {by_product}},
          {"product CA as intermediate under a corporate root",
           {by_product, product_intermediate, corp_root}},
          {"product root (not sent) above a corporate intermediate", {by_corp, corp_issuing}},
      };
      for (const auto& [shape, chain] : chains) {
        CAPTURE(shape);
        const auto j = judge(chain, k_in_2026);
        CAPTURE(test::codes(j));
        REQUIRE(test::has(j, FindingCode::tls_intercepted));
        CHECK(j.verdict.product == ca.product);
        CHECK(test::evidence(test::get(j, FindingCode::tls_intercepted), "product") == ca.product);
      }
    }
  }

  TEST_CASE("inspection products: the judge names an unknown corporate CA with no product") {
    const Lab lab({{"O", "Acme Corp"}, {"CN", "Acme Corp Security Gateway"}});
    const auto j = judge({lab.leaf(lab.product_root.get(), lab.product_key.get()),
                          test::to_der(lab.product_root.get())},
                         k_in_2026);
    REQUIRE(test::has(j, FindingCode::tls_intercepted));
    CHECK(j.verdict.product.empty());
  }

  TEST_CASE("inspection products: badssl.com's Superfish, eDellRoot and DSDTestProvider leaves") {
    // badssl serves these leaves alone (no CA certificate, no AIA): only the issuer names them.
    const core::FixedClock in_2016{test::day(2016, 6, 1)};
    const core::FixedClock in_2019{test::day(2019, 6, 1)};
    struct Case {
      const char* pem;
      const char* host;
      const core::Clock* clock;
      const char* product;
    };
    for (const auto& c :
         {Case{k_superfish_leaf, "superfish.badssl.com", &in_2016, "Superfish (Komodia)"},
          Case{k_edellroot_leaf, "edellroot.badssl.com", &in_2019, "Dell eDellRoot"},
          Case{k_dsdtestprovider_leaf, "dsdtestprovider.badssl.com", &in_2019,
               "Dell DSDTestProvider"}}) {
      CAPTURE(c.host);
      const auto j = judge({der_of(c.pem)}, *c.clock, c.host);
      CAPTURE(test::codes(j));
      REQUIRE(test::has(j, FindingCode::tls_intercepted));
      CHECK(j.verdict.product == c.product);
      CHECK_FALSE(j.verdict.resigning_ca_subject.empty());
      CHECK(test::get(j, FindingCode::tls_intercepted).message.find(c.product) !=
            std::string::npos);
    }
    // With the real Superfish root sent too, the re-signing CA's key is the pinned one.
    const auto j = judge({der_of(k_superfish_leaf), der_of(k_superfish_root)}, in_2016,
                         "superfish.badssl.com");
    REQUIRE(test::has(j, FindingCode::tls_intercepted));
    CHECK(j.verdict.product == "Superfish (Komodia)");
    CHECK(j.verdict.resigning_ca_pin == "S7jzW6HhJvjd4bDEIGJe2G3OYae92tveqauleP8TFF4=");
  }
}

}  // namespace
}  // namespace probe::config
