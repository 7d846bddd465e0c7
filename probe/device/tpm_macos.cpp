// macOS: the Secure Enclave, Okta Verify's key storage on Macs. Creates and deletes an
// ephemeral P-256 key in the Secure Enclave (SecKeyCreateRandomKey, kSecAttrTokenIDSecureEnclave,
// not permanent). The whole file is macOS-only and built only by Apple toolchains: the Linux CI
// cannot compile it.
#ifdef __APPLE__

#include <CoreFoundation/CoreFoundation.h>
#include <Security/Security.h>

#include <memory>
#include <string>
#include <type_traits>

#include "device/tpm_probe.hpp"
#include "lib/apple/cf.hpp"

namespace probe::device {
namespace {

using lib::apple::CfPtr;

std::string error_text(CFErrorRef error) {
  if (error == nullptr) return "unknown error";
  const CfPtr<CFStringRef> text(CFErrorCopyDescription(error));
  char buffer[512] = {};
  if (text && CFStringGetCString(text.get(), buffer, sizeof buffer, kCFStringEncodingUTF8)) {
    return buffer;
  }
  return "error " + std::to_string(static_cast<long>(CFErrorGetCode(error)));
}

class SecureEnclaveProbe final : public TpmProbe {
 public:
  [[nodiscard]] TpmFacts probe() const override {
    TpmFacts facts;
    facts.platform = "macos";
    facts.location = "Secure Enclave";
    facts.description = "Apple Secure Enclave (P-256 test key)";
    const CfPtr<CFMutableDictionaryRef> private_attrs(CFDictionaryCreateMutable(
        kCFAllocatorDefault, 0, &kCFTypeDictionaryKeyCallBacks, &kCFTypeDictionaryValueCallBacks));
    const CfPtr<CFMutableDictionaryRef> attrs(CFDictionaryCreateMutable(
        kCFAllocatorDefault, 0, &kCFTypeDictionaryKeyCallBacks, &kCFTypeDictionaryValueCallBacks));
    if (!private_attrs || !attrs) {
      facts.present = false;
      facts.key_detail = "out of memory";
      return facts;
    }
    int bits = 256;
    const CfPtr<CFNumberRef> size(CFNumberCreate(kCFAllocatorDefault, kCFNumberIntType, &bits));
    CFDictionarySetValue(private_attrs.get(), kSecAttrIsPermanent, kCFBooleanFalse);
    CFDictionarySetValue(attrs.get(), kSecAttrKeyType, kSecAttrKeyTypeECSECPrimeRandom);
    CFDictionarySetValue(attrs.get(), kSecAttrKeySizeInBits, size.get());
    CFDictionarySetValue(attrs.get(), kSecAttrTokenID, kSecAttrTokenIDSecureEnclave);
    CFDictionarySetValue(attrs.get(), kSecPrivateKeyAttrs, private_attrs.get());
    CFErrorRef raw_error = nullptr;
    const CfPtr<SecKeyRef> key(SecKeyCreateRandomKey(attrs.get(), &raw_error));
    const CfPtr<CFErrorRef> error(raw_error);
    if (key) {
      facts.present = true;
      facts.version_major = 2;  // judged like a TPM 2.0: device-bound keys are supported
      facts.device_node = "Secure Enclave";
      return facts;
    }
    // errSecUnimplemented: no Secure Enclave on this Mac (no T2 chip, not Apple silicon).
    const long code = error ? static_cast<long>(CFErrorGetCode(error.get())) : 0;
    facts.present = code != errSecUnimplemented;
    facts.version_major = facts.present ? 2 : 0;
    facts.device_accessible = false;
    facts.device_detail = error_text(error.get());
    facts.key_detail = "SecKeyCreateRandomKey failed: " + facts.device_detail;
    return facts;
  }
};

}  // namespace

std::unique_ptr<TpmProbe> make_macos_tpm_probe() { return std::make_unique<SecureEnclaveProbe>(); }

}  // namespace probe::device

#endif  // __APPLE__
