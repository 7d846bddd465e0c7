#include "device/tpm_probe.hpp"

#include <fmt/format.h>

namespace probe::device {

namespace {

constexpr std::uint32_t k_pcp_internal_error = 0x80290407U;

// A platform without a key-storage check (neither Linux, Windows nor macOS): say so instead
// of guessing.
class UncheckedProbe final : public TpmProbe {
 public:
  explicit UncheckedProbe(std::string platform) : m_platform(std::move(platform)) {}
  [[nodiscard]] TpmFacts probe() const override {
    TpmFacts facts;
    facts.platform = m_platform;
    facts.checked = false;
    return facts;
  }

 private:
  std::string m_platform;
};

core::Evidence base_evidence(const TpmFacts& facts) {
  core::Evidence evidence{{"platform", facts.platform}};
  if (!facts.location.empty()) evidence.emplace_back("location", facts.location);
  if (facts.version_major > 0) {
    evidence.emplace_back("version", facts.version_major == 2 ? "2.0" : "1.2");
  }
  if (!facts.description.empty()) evidence.emplace_back("description", facts.description);
  if (!facts.device_node.empty()) evidence.emplace_back("device", facts.device_node);
  return evidence;
}

}  // namespace

#ifdef _WIN32
std::unique_ptr<TpmProbe> make_windows_tpm_probe();  // tpm_windows.cpp
#endif
#ifdef __APPLE__
std::unique_ptr<TpmProbe> make_macos_tpm_probe();  // tpm_macos.cpp
#endif

std::unique_ptr<TpmProbe> make_tpm_probe(const std::string& sysfs_root) {
#if defined(_WIN32)
  (void)sysfs_root;
  return make_windows_tpm_probe();
#elif defined(__APPLE__)
  (void)sysfs_root;
  return make_macos_tpm_probe();
#elif defined(__linux__)
  return make_linux_tpm_probe(sysfs_root);
#else
  (void)sysfs_root;
  return std::make_unique<UncheckedProbe>("other");
#endif
}

std::string describe_hresult(std::uint32_t hresult) {
  if (hresult == k_pcp_internal_error) {
    return "0x80290407 (TPM_E_PCP_INTERNAL_ERROR: an unexpected internal error has occurred in "
           "the Platform Crypto Provider)";
  }
  if (hresult == 0x8028400FU) return "0x8028400F (TBS_E_TPM_NOT_FOUND: no TPM found)";
  if (hresult == 0x80090030U) return "0x80090030 (NTE_DEVICE_NOT_READY: the device is not ready)";
  return fmt::format("0x{:08X}", hresult);
}

std::vector<core::Finding> judge_tpm(const TpmFacts& facts) {
  using core::FindingCode;
  auto evidence = base_evidence(facts);
  if (!facts.checked) {
    return {core::make_finding(
        FindingCode::probe_incomplete,
        fmt::format("the key-storage check is not implemented on {} yet", facts.platform),
        std::move(evidence))};
  }
  if (!facts.present) {
    if (!facts.device_detail.empty()) evidence.emplace_back("detail", facts.device_detail);
    return {core::make_finding(FindingCode::tpm_absent, "no TPM found", std::move(evidence))};
  }
  if (facts.version_major == 1) {
    return {core::make_finding(FindingCode::tpm_unsupported_version,
                               "the TPM is version 1.2; Okta Verify device keys need TPM 2.0",
                               std::move(evidence))};
  }
  if (!facts.device_accessible) {
    evidence.emplace_back("detail", facts.device_detail);
    return {core::make_finding(FindingCode::tpm_key_create_failed,
                               "the TPM device node cannot be opened, so no key can be created",
                               std::move(evidence))};
  }
  if (facts.key_hresult && *facts.key_hresult != 0) {
    evidence.emplace_back("hresult", describe_hresult(*facts.key_hresult));
    if (!facts.key_detail.empty()) evidence.emplace_back("step", facts.key_detail);
    if (*facts.key_hresult == k_pcp_internal_error) {
      evidence.emplace_back(
          "remedy", std::string(core::spec_of(FindingCode::tpm_key_create_failed).remediation));
    }
    return {core::make_finding(
        FindingCode::tpm_key_create_failed,
        fmt::format("the Platform Crypto Provider could not create a test key: {}",
                    describe_hresult(*facts.key_hresult)),
        std::move(evidence))};
  }
  return {core::make_finding(FindingCode::tpm_ok,
                             facts.key_hresult
                                 ? "TPM 2.0 present; a test key was created and deleted"
                                 : "TPM 2.0 present and its device node opens",
                             std::move(evidence))};
}

}  // namespace probe::device
