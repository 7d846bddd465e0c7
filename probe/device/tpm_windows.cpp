// Windows: TBS for the TPM's presence and version, NCrypt's Microsoft Platform Crypto
// Provider for a test key (created, finalized, deleted), as Okta Verify does at enrollment.
#ifdef _WIN32

#include <windows.h>
// windows.h first: tbs.h and ncrypt.h rely on its types.
#include <ncrypt.h>
#include <tbs.h>

#include <fmt/format.h>

#include "device/tpm_probe.hpp"

// mingw-w64's tbs.h predates Tbsi_GetDeviceInfo (Windows 8+, tbs.dll).
#ifndef TPM_VERSION_20
extern "C" {
typedef struct tdTPM_DEVICE_INFO {
  UINT32 structVersion;
  UINT32 tpmVersion;
  UINT32 tpmInterfaceType;
  UINT32 tpmImpRevision;
} TPM_DEVICE_INFO;
TBS_RESULT WINAPI Tbsi_GetDeviceInfo(UINT32 Size, PVOID Info);
}
#define TPM_VERSION_12 1
#define TPM_VERSION_20 2
#endif
#ifndef MS_PLATFORM_CRYPTO_PROVIDER
#define MS_PLATFORM_CRYPTO_PROVIDER L"Microsoft Platform Crypto Provider"
#endif

namespace probe::device {

namespace {

constexpr std::uint32_t k_tbs_success = 0;

// Owns an NCrypt handle (NCryptFreeObject on scope exit unless released).
class NcryptHandle {
 public:
  NcryptHandle() = default;
  ~NcryptHandle() {
    if (m_handle != 0) NCryptFreeObject(m_handle);
  }
  NcryptHandle(const NcryptHandle&) = delete;
  NcryptHandle& operator=(const NcryptHandle&) = delete;
  NCRYPT_HANDLE* out() { return &m_handle; }
  [[nodiscard]] NCRYPT_HANDLE get() const { return m_handle; }
  NCRYPT_HANDLE release() {
    const auto h = m_handle;
    m_handle = 0;
    return h;
  }

 private:
  NCRYPT_HANDLE m_handle = 0;
};

void try_test_key(TpmFacts& facts) {
  NcryptHandle provider;
  auto* prov = reinterpret_cast<NCRYPT_PROV_HANDLE*>(provider.out());
  SECURITY_STATUS status = NCryptOpenStorageProvider(prov, MS_PLATFORM_CRYPTO_PROVIDER, 0);
  if (status != ERROR_SUCCESS) {
    facts.key_hresult = static_cast<std::uint32_t>(status);
    facts.key_detail = "NCryptOpenStorageProvider";
    return;
  }
  NcryptHandle key;
  status = NCryptCreatePersistedKey(static_cast<NCRYPT_PROV_HANDLE>(provider.get()),
                                    reinterpret_cast<NCRYPT_KEY_HANDLE*>(key.out()),
                                    BCRYPT_RSA_ALGORITHM, L"pinprobe-device-check", 0,
                                    NCRYPT_OVERWRITE_KEY_FLAG);
  if (status != ERROR_SUCCESS) {
    facts.key_hresult = static_cast<std::uint32_t>(status);
    facts.key_detail = "NCryptCreatePersistedKey";
    return;
  }
  status = NCryptFinalizeKey(static_cast<NCRYPT_KEY_HANDLE>(key.get()), 0);
  // Delete even when finalizing failed; NCryptDeleteKey frees the handle on success.
  const SECURITY_STATUS deleted = NCryptDeleteKey(static_cast<NCRYPT_KEY_HANDLE>(key.get()), 0);
  if (deleted == ERROR_SUCCESS) key.release();
  if (status != ERROR_SUCCESS) {
    facts.key_hresult = static_cast<std::uint32_t>(status);
    facts.key_detail = "NCryptFinalizeKey";
    return;
  }
  facts.key_hresult = static_cast<std::uint32_t>(deleted);
  facts.key_detail = deleted == ERROR_SUCCESS ? "" : "NCryptDeleteKey";
}

class WindowsTpmProbe final : public TpmProbe {
 public:
  [[nodiscard]] TpmFacts probe() const override {
    TpmFacts facts;
    facts.platform = "windows";
    facts.location = "TBS";
    TPM_DEVICE_INFO info{};
    const auto result = Tbsi_GetDeviceInfo(sizeof(info), &info);
    if (result != k_tbs_success) {
      facts.device_detail = fmt::format("Tbsi_GetDeviceInfo: {}", describe_hresult(result));
      return facts;
    }
    facts.present = true;
    facts.version_major = info.tpmVersion == TPM_VERSION_20 ? 2 : 1;
    facts.description = fmt::format("interface type {}", info.tpmInterfaceType);
    if (facts.version_major == 2) try_test_key(facts);
    return facts;
  }
};

}  // namespace

std::unique_ptr<TpmProbe> make_windows_tpm_probe() { return std::make_unique<WindowsTpmProbe>(); }

}  // namespace probe::device

#endif  // _WIN32
