// Windows: the ROOT (trusted roots) and CA (intermediates) system stores through CryptoAPI.
// The whole file is Windows-only; on other platforms it compiles to nothing.
#ifdef _WIN32

// windows.h must come first: wincrypt.h depends on its types.
// clang-format off
#include <windows.h>
#include <wincrypt.h>
// clang-format on

#include <string>

#include "platform/trust_store.hpp"

namespace probe::platform {
namespace {

// Every certificate of the system store `name`, as DER. Fails (io) when it cannot be opened.
core::Result<std::vector<std::string>> read_store(const wchar_t* name) {
  HCERTSTORE store = CertOpenSystemStoreW(0, name);
  if (store == nullptr) {
    return core::unexpected(core::ErrorKind::io,
                            "cannot open the Windows system certificate store: error " +
                                std::to_string(GetLastError()));
  }
  std::vector<std::string> out;
  PCCERT_CONTEXT context = nullptr;
  // CertEnumCertificatesInStore frees the previous context on each call and the last one
  // when it returns null, so no context outlives the loop.
  while ((context = CertEnumCertificatesInStore(store, context)) != nullptr) {
    if (context->dwCertEncodingType & X509_ASN_ENCODING) {
      out.emplace_back(reinterpret_cast<const char*>(context->pbCertEncoded),
                       static_cast<std::size_t>(context->cbCertEncoded));
    }
  }
  CertCloseStore(store, 0);
  return out;
}

}  // namespace

core::Result<TrustStoreSource> windows_system_store() {
  auto roots = read_store(L"ROOT");
  if (!roots) return core::unexpected(roots.error());
  auto intermediates = read_store(L"CA");
  if (!intermediates) return core::unexpected(intermediates.error());
  TrustStoreSource source;
  source.anchors_der = std::move(*roots);
  source.intermediates_der = std::move(*intermediates);
  source.description = "Windows system stores ROOT (" + std::to_string(source.anchors_der.size()) +
                       ") and CA (" + std::to_string(source.intermediates_der.size()) + ")";
  return source;
}

}  // namespace probe::platform

#endif  // _WIN32
