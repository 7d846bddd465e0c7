// macOS: the keychain's trust anchors through the Security framework. The whole file is
// macOS-only; on other platforms it compiles to nothing. It is built and linked (Security,
// CoreFoundation) only by Apple toolchains: the Linux CI cannot compile it.
#ifdef __APPLE__

#include <CoreFoundation/CoreFoundation.h>
#include <Security/Security.h>

#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "lib/apple/cf.hpp"
#include "platform/trust_store.hpp"

namespace probe::platform {
namespace {

using lib::apple::CfPtr;

// Appends the DER of every certificate of `certs` (an array of SecCertificateRef).
void append_der(CFArrayRef certs, std::vector<std::string>& out) {
  const CFIndex count = CFArrayGetCount(certs);
  for (CFIndex i = 0; i < count; ++i) {
    auto cert = static_cast<SecCertificateRef>(const_cast<void*>(CFArrayGetValueAtIndex(certs, i)));
    const CfPtr<CFDataRef> data(SecCertificateCopyData(cert));
    if (!data) continue;
    out.emplace_back(reinterpret_cast<const char*>(CFDataGetBytePtr(data.get())),
                     static_cast<std::size_t>(CFDataGetLength(data.get())));
  }
}

}  // namespace

core::Result<TrustStoreSource> macos_system_store() {
  TrustStoreSource source;
  CFArrayRef anchors = nullptr;
  const OSStatus status = SecTrustCopyAnchorCertificates(&anchors);
  if (status != errSecSuccess || anchors == nullptr) {
    return core::unexpected(core::ErrorKind::io,
                            "cannot read the macOS system trust anchors: OSStatus " +
                                std::to_string(static_cast<long>(status)));
  }
  const CfPtr<CFArrayRef> owned(anchors);
  append_der(anchors, source.anchors_der);
  const auto system_count = source.anchors_der.size();
  // The admin domain holds roots installed by device management (where an inspection CA of a
  // managed Mac lives), the user domain roots the user trusted. Certificates with explicit
  // "deny" settings are rare and are counted as anchors too (an over-approximation that can
  // only make "the system trusts the re-signing CA" more likely, never hide interception).
  for (const auto domain : {kSecTrustSettingsDomainAdmin, kSecTrustSettingsDomainUser}) {
    CFArrayRef certs = nullptr;
    if (SecTrustSettingsCopyCertificates(domain, &certs) == errSecSuccess && certs != nullptr) {
      const CfPtr<CFArrayRef> owned_certs(certs);
      append_der(certs, source.anchors_der);
    }
  }
  source.description = "macOS keychain (" + std::to_string(system_count) + " system anchors, " +
                       std::to_string(source.anchors_der.size() - system_count) +
                       " admin and user trust settings)";
  return source;
}

}  // namespace probe::platform

#endif  // __APPLE__
