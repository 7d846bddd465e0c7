// pinprobe device: is the platform's key storage (TPM 2.0, Secure Enclave) usable for Okta
// Verify's device-bound keys? Platform code sits behind TpmProbe; judging is pure.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/finding.hpp"

namespace probe::device {

// What a platform probe saw. Plain data, so judge_tpm is testable anywhere.
struct TpmFacts {
  std::string platform;     // "linux", "windows", "macos"
  bool checked = true;      // false: this platform's check is not implemented
  bool present = false;     // a TPM (or Secure Enclave) was found
  int version_major = 0;    // 2 for TPM 2.0, 1 for TPM 1.2, 0 when unknown
  std::string description;  // sysfs device/description, TBS interface, ...
  std::string location;     // "/sys/class/tpm/tpm0", "TBS"
  std::string device_node;  // the node that opened ("/dev/tpmrm0"), empty when none did
  bool device_accessible = true;
  std::string device_detail;                 // why the nodes did not open
  std::optional<std::uint32_t> key_hresult;  // Windows: NCrypt result of the test key
  std::string key_detail;
};

class TpmProbe {
 public:
  virtual ~TpmProbe() = default;
  // Inspects the platform; never throws, failures are facts.
  [[nodiscard]] virtual TpmFacts probe() const = 0;
};

// Linux: reads <root>/sys/class/tpm/tpm*/ (tpm_version_major, caps, device/description) and
// opens <root>/dev/tpmrm0, then <root>/dev/tpm0, read-write. `root` is "" for the real system.
std::unique_ptr<TpmProbe> make_linux_tpm_probe(std::string root);

// The probe for the platform this binary was built for (`sysfs_root` applies on Linux only).
std::unique_ptr<TpmProbe> make_tpm_probe(const std::string& sysfs_root);

// 0x80290407 -> "TPM_E_PCP_INTERNAL_ERROR"-style name with text, or the hex form.
std::string describe_hresult(std::uint32_t hresult);

// The findings for `facts`: TPM_ABSENT, TPM_UNSUPPORTED_VERSION (1.2), TPM_KEY_CREATE_FAILED
// (device node not usable, or the test key failed: HRESULT and the remedy in evidence),
// PROBE_INCOMPLETE when the platform is not checked, else TPM_OK.
std::vector<core::Finding> judge_tpm(const TpmFacts& facts);

}  // namespace probe::device
