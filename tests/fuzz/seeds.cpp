// fuzz_seeds: writes the seed corpus of every fuzz target from the fixed test PKI
// (tests/fuzz/pki/) and the repository's fixtures, one directory per target:
//
//   fuzz_seeds PKI_DIR SOURCE_DIR OUT_DIR   (run by the build: OUT_DIR is build/fuzz/corpus)
//   fuzz_seeds --make-pki PKI_DIR           (once, by hand: the PKI that is checked in)
//
// The CRLs and OCSP responses are signed here with the checked-in keys, so seeds verify
// against the certificates the targets load.
#include <openssl/pem.h>
#include <openssl/pkcs7.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "revocation/test_pki.hpp"

namespace {

namespace fs = std::filesystem;
namespace ossl = probe::lib::openssl;
namespace pki = probe::revocation::test;

void write_file(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  return {data, static_cast<std::size_t>(len)};
}

std::string pem_of(X509* cert) {
  ossl::BioPtr bio{BIO_new(BIO_s_mem())};
  pki::check(PEM_write_bio_X509(bio.get(), cert) == 1, "pem cert");
  return bio_text(bio.get());
}

std::string pem_of(EVP_PKEY* key) {
  ossl::BioPtr bio{BIO_new(BIO_s_mem())};
  pki::check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
             "pem key");
  return bio_text(bio.get());
}

ossl::X509Ptr load_cert(const fs::path& path) {
  const std::string pem = read_file(path);
  ossl::BioPtr bio{BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()))};
  ossl::X509Ptr cert{PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)};
  pki::check(cert != nullptr, "load cert");
  return cert;
}

ossl::EvpPkeyPtr load_key(const fs::path& path) {
  const std::string pem = read_file(path);
  ossl::BioPtr bio{BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()))};
  ossl::EvpPkeyPtr key{PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)};
  pki::check(key != nullptr, "load key");
  return key;
}

// A degenerate "certs-only" PKCS#7 SignedData holding `certs`, DER (or PEM when `pem`).
std::string pkcs7_of(const std::vector<X509*>& certs, bool pem) {
  PKCS7* p7 = PKCS7_new();
  pki::check(p7 != nullptr && PKCS7_set_type(p7, NID_pkcs7_signed) == 1, "pkcs7");
  pki::check(PKCS7_content_new(p7, NID_pkcs7_data) == 1, "pkcs7 content");
  for (X509* cert : certs) pki::check(PKCS7_add_certificate(p7, cert) == 1, "pkcs7 add");
  ossl::BioPtr bio{BIO_new(BIO_s_mem())};
  const int ok = pem ? PEM_write_bio_PKCS7(bio.get(), p7) : i2d_PKCS7_bio(bio.get(), p7);
  PKCS7_free(p7);
  pki::check(ok == 1, "pkcs7 write");
  return bio_text(bio.get());
}

std::string base64_of(const std::string& der) {
  std::string out(4 * ((der.size() + 2) / 3) + 1, '\0');
  const int len = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(der.data()),
                                  static_cast<int>(der.size()));
  out.resize(static_cast<std::size_t>(len));
  return out;
}

int make_pki(const fs::path& dir) {
  const pki::Pki fresh;
  fs::create_directories(dir);
  write_file(dir / "root.pem", pem_of(fresh.root.get()));
  write_file(dir / "root-key.pem", pem_of(fresh.root_key.get()));
  write_file(dir / "intermediate.pem", pem_of(fresh.intermediate.get()));
  write_file(dir / "intermediate-key.pem", pem_of(fresh.int_key.get()));
  write_file(dir / "leaf.pem", pem_of(fresh.leaf.get()));
  return 0;
}

// A DNS response to a query for `name` of `type` with the given answer records (rdata only,
// owner: the question name).
std::string dns_response(const std::string& name, int type, const std::vector<std::string>& rdata,
                         int record_type) {
  std::string out{"\x12\x34\x81\x80\x00\x01\x00", 7};
  out += static_cast<char>(rdata.size());
  out += std::string(4, '\0');
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t dot = std::min(name.find('.', start), name.size());
    out += static_cast<char>(dot - start);
    out += name.substr(start, dot - start);
    start = dot + 1;
  }
  out += std::string{"\0\0", 2};
  out += static_cast<char>(type);
  out += std::string{"\x00\x01", 2};
  for (const std::string& r : rdata) {
    out += std::string{"\xc0\x0c\x00", 3};
    out += static_cast<char>(record_type);
    out += std::string{"\x00\x01\x00\x00\x01\x2c\x00", 7};
    out += static_cast<char>(r.size());
    out += r;
  }
  return out;
}

int write_seeds(const fs::path& pki_dir, const fs::path& source, const fs::path& out) {
  const ossl::X509Ptr root = load_cert(pki_dir / "root.pem");
  const ossl::X509Ptr intermediate = load_cert(pki_dir / "intermediate.pem");
  const ossl::X509Ptr leaf = load_cert(pki_dir / "leaf.pem");
  const ossl::EvpPkeyPtr root_key = load_key(pki_dir / "root-key.pem");
  const ossl::EvpPkeyPtr int_key = load_key(pki_dir / "intermediate-key.pem");
  const std::string leaf_der = pki::der_of(leaf.get());
  const std::string int_der = pki::der_of(intermediate.get());
  const std::string root_der = pki::der_of(root.get());

  // cert: the shapes tls::load_certificates accepts.
  const fs::path cert = out / "cert";
  write_file(cert / "leaf.der", leaf_der);
  write_file(cert / "chain.pem", pem_of(leaf.get()) + pem_of(intermediate.get()));
  write_file(cert / "full.pem", "junk before\n" + pem_of(leaf.get()) + pem_of(intermediate.get()) +
                                    pem_of(root.get()));
  write_file(cert / "chain.p7b", pkcs7_of({leaf.get(), intermediate.get()}, false));
  write_file(cert / "chain.p7b.pem", pkcs7_of({leaf.get(), intermediate.get()}, true));
  write_file(cert / "leaf.b64", base64_of(leaf_der) + "\n");
  write_file(cert / "root.der", root_der);
  for (const auto& entry : fs::directory_iterator(source / "pins" / "certs")) {
    if (entry.path().extension() == ".pem") {
      write_file(cert / ("pins-" + entry.path().filename().string()), read_file(entry.path()));
    }
  }

  // crl: the intermediate's CRL (empty, listing the leaf, stale), the root's, and PEM.
  const fs::path crl = out / "crl";
  const std::string revoked =
      pki::make_crl(intermediate.get(), int_key.get(), pki::at(-pki::days(1)),
                    pki::at(pki::days(6)), {{4660, 1, pki::at(-pki::days(2))}, {99, -1, 0}});
  write_file(crl / "int-empty.der", pki::make_crl(intermediate.get(), int_key.get(),
                                                  pki::at(-pki::days(1)), pki::at(pki::days(6))));
  write_file(crl / "int-revoked.der", revoked);
  write_file(crl / "int-stale.der", pki::make_crl(intermediate.get(), int_key.get(),
                                                  pki::at(-pki::days(20)), pki::at(-pki::days(1))));
  write_file(crl / "root.der",
             pki::make_crl(root.get(), root_key.get(), pki::at(-pki::days(1)),
                           pki::at(pki::days(30)), {{2, 5, pki::at(-pki::days(3))}}));
  write_file(crl / "int-revoked.pem",
             "-----BEGIN X509 CRL-----\n" + base64_of(revoked) + "\n-----END X509 CRL-----\n");

  // ocsp: answers about the leaf, signed by the intermediate.
  const fs::path ocsp = out / "ocsp";
  pki::OcspSpec good;
  good.this_update = pki::at(-std::chrono::hours{1});
  good.next_update = pki::at(pki::days(7));
  write_file(ocsp / "good.der", pki::make_ocsp(leaf.get(), intermediate.get(), intermediate.get(),
                                               int_key.get(), good));
  pki::OcspSpec revoked_spec = good;
  revoked_spec.status = V_OCSP_CERTSTATUS_REVOKED;
  revoked_spec.reason = 1;
  revoked_spec.revoked_at = pki::at(-pki::days(2));
  write_file(ocsp / "revoked.der", pki::make_ocsp(leaf.get(), intermediate.get(),
                                                  intermediate.get(), int_key.get(), revoked_spec));
  pki::OcspSpec unknown = good;
  unknown.status = V_OCSP_CERTSTATUS_UNKNOWN;
  unknown.next_update = 0;
  write_file(ocsp / "unknown.der", pki::make_ocsp(leaf.get(), intermediate.get(),
                                                  intermediate.get(), int_key.get(), unknown));
  write_file(ocsp / "wrong-signer.der",
             pki::make_ocsp(leaf.get(), intermediate.get(), root.get(), root_key.get(), good));
  write_file(ocsp / "trylater.der", pki::make_ocsp_error(OCSP_RESPONSE_STATUS_TRYLATER));

  // config: the first byte picks the loader (see config_fuzz.cpp).
  const fs::path config = out / "config";
  const std::string domains = read_file(source / "domains.yaml");
  write_file(config / "domains.yaml", std::string(1, '\0') + domains);
  write_file(config / "pinset.yaml",
             std::string(1, '\1') + read_file(source / "pins" / "okta.yaml"));
  write_file(config / "pinset-anchor.yaml",
             std::string(1, '\1') + "name: test\ndescription: fuzz\npins:\n  - sha256: \"" +
                 probe::tls::spki_pin_of(root_der).value() +
                 "\"\n    label: Test Root\n    role: root\n    cert: root.pem\n");
  write_file(config / "load-config.yaml", std::string(1, '\2') + domains);
  write_file(config / "inspection-products.yaml",
             std::string(1, '\3') + read_file(source / "data" / "inspection_products.yaml"));
  write_file(config / "explain-signatures.yaml",
             std::string(1, '\4') + read_file(source / "data" / "explain-signatures.yaml"));

  // explain: the log fixtures and the signature file (as a log, it is text too).
  const fs::path explain = out / "explain";
  for (const auto& entry : fs::directory_iterator(source / "tests" / "fixtures" / "logs")) {
    write_file(explain / entry.path().filename(), read_file(entry.path()));
  }

  // http: "<kind byte><status hi><status lo><header lines>\r\n\r\n<body>" (http_fuzz.cpp).
  const fs::path http = out / "http";
  const auto http_seed = [](char kind, int status, const std::string& headers,
                            const std::string& body) {
    return std::string(1, kind) + static_cast<char>(status >> 8) +
           static_cast<char>(status & 0xff) + headers + "\r\n" + body;
  };
  write_file(http / "crl-ok",
             http_seed('\0', 200,
                       "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: application/pkix-crl\r\n",
                       revoked));
  write_file(http / "ocsp-proxy-403",
             http_seed('\1', 403,
                       "HTTP/1.1 403 Forbidden\r\nVia: 1.1 squid\r\nContent-Type: text/html; "
                       "charset=utf-8\r\n",
                       "<html><body>blocked</body></html>"));
  write_file(http / "issuer-octet",
             http_seed('\2', 200, "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n",
                       int_der));
  write_file(http / "scep-caps",
             http_seed('\3', 200, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n",
                       "AES\r\nPOSTPKIOperation\nSHA-256\nRenewal\n<html>\n"));
  write_file(http / "redirect",
             http_seed('\4', 302, "HTTP/1.1 302 Found\r\nServer: portal\r\nLocation: /x\r\n", ""));

  // dns: "<type byte: even A, odd AAAA><packet>" (dns_fuzz.cpp).
  const fs::path dns = out / "dns";
  write_file(dns / "a", std::string(1, '\0') + dns_response("host.test", 1,
                                                            {std::string{"\xc0\x00\x02\x0a", 4},
                                                             std::string{"\xc0\x00\x02\x0b", 4}},
                                                            1));
  write_file(dns / "aaaa",
             std::string(1, '\1') +
                 dns_response("host.test", 28,
                              {std::string{"\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x01", 16}}, 28));
  write_file(dns / "cname", std::string(1, '\0') +
                                dns_response("host.test", 1,
                                             {std::string{"\x04"
                                                          "edge\x03"
                                                          "cdn\xc0\x11",
                                                          11}},
                                             5) +
                                "");
  write_file(dns / "nodata", std::string(1, '\0') + dns_response("host.test", 1, {}, 1));

  // scep: "<caps length byte><GetCACaps body><GetCACert body>" (scep_fuzz.cpp).
  const fs::path scep = out / "scep";
  const std::string caps = "AES\nPOSTPKIOperation\nSHA-256\n";
  const auto scep_seed = [&caps](const std::string& body) {
    return std::string(1, static_cast<char>(caps.size())) + caps + body;
  };
  write_file(scep / "root.der", scep_seed(root_der));
  write_file(scep / "ca-ra.p7b", scep_seed(pkcs7_of({intermediate.get(), root.get()}, false)));
  write_file(scep / "root.pem", scep_seed(pem_of(root.get())));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 2 && args[0] == "--make-pki") return make_pki(args[1]);
    if (args.size() == 3) return write_seeds(args[0], args[1], args[2]);
    std::cerr << "usage: fuzz_seeds PKI_DIR SOURCE_DIR OUT_DIR | fuzz_seeds --make-pki PKI_DIR\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "fuzz_seeds: " << e.what() << "\n";
    return 1;
  }
}
