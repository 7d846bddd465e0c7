// cert_store_tool.exe: adds a certificate to, or removes it from, a Windows system store
// through CryptoAPI, as an administrator's `certutil -addstore` would. Wine ships no certutil;
// the Windows integration tests use this to make a test root trusted in Wine's ROOT store.
// Usage: cert_store_tool add|remove STORE FILE   (FILE: PEM or DER; STORE: ROOT, CA, ...)
// Exit 0 on success, 1 on a CryptoAPI failure, 2 on bad usage.
// clang-format off
#include <windows.h>
#include <wincrypt.h>
// clang-format on

#include <cstdio>
#include <string>
#include <vector>

namespace {

// The DER bytes of FILE, which is PEM ("-----BEGIN CERTIFICATE-----") or DER.
std::vector<BYTE> read_der(const char* path) {
  std::string text;
  if (std::FILE* in = std::fopen(path, "rb")) {
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, in)) > 0) text.append(buffer, n);
    std::fclose(in);
  }
  if (text.find("-----BEGIN") == std::string::npos) return {text.begin(), text.end()};
  DWORD size = 0;
  const auto length = static_cast<DWORD>(text.size());
  if (CryptStringToBinaryA(text.c_str(), length, CRYPT_STRING_BASE64HEADER, nullptr, &size, nullptr,
                           nullptr) == 0) {
    return {};
  }
  std::vector<BYTE> der(size);
  if (CryptStringToBinaryA(text.c_str(), length, CRYPT_STRING_BASE64HEADER, der.data(), &size,
                           nullptr, nullptr) == 0) {
    return {};
  }
  der.resize(size);
  return der;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 || (std::string(argv[1]) != "add" && std::string(argv[1]) != "remove")) {
    std::fprintf(stderr, "usage: cert_store_tool add|remove STORE FILE\n");
    return 2;
  }
  const bool add = std::string(argv[1]) == "add";
  const auto der = read_der(argv[3]);
  if (der.empty()) {
    std::fprintf(stderr, "cert_store_tool: %s: not a PEM or DER certificate\n", argv[3]);
    return 2;
  }
  HCERTSTORE store = CertOpenSystemStoreA(0, argv[2]);
  if (store == nullptr) {
    std::fprintf(stderr, "cert_store_tool: cannot open store %s: error %lu\n", argv[2],
                 GetLastError());
    return 1;
  }
  int rc = 0;
  if (add) {
    if (CertAddEncodedCertificateToStore(store, X509_ASN_ENCODING, der.data(),
                                         static_cast<DWORD>(der.size()),
                                         CERT_STORE_ADD_REPLACE_EXISTING, nullptr) == 0) {
      std::fprintf(stderr, "cert_store_tool: CertAddEncodedCertificateToStore: error 0x%08lx\n",
                   GetLastError());
      rc = 1;
    }
  } else {
    PCCERT_CONTEXT wanted =
        CertCreateCertificateContext(X509_ASN_ENCODING, der.data(), static_cast<DWORD>(der.size()));
    PCCERT_CONTEXT found = wanted == nullptr
                               ? nullptr
                               : CertFindCertificateInStore(store, X509_ASN_ENCODING, 0,
                                                            CERT_FIND_EXISTING, wanted, nullptr);
    if (found != nullptr && CertDeleteCertificateFromStore(found) == 0) rc = 1;
    if (wanted != nullptr) CertFreeCertificateContext(wanted);
  }
  CertCloseStore(store, 0);
  if (rc == 0) std::printf("%s %s: %s\n", add ? "added to" : "removed from", argv[2], argv[3]);
  return rc;
}
