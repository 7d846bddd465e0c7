// Fixture sysfs trees are built in a temporary directory. The tests run as root, so an
// "unreadable" device node cannot be made with permissions: it is simulated by a missing
// node or by a directory where the node should be (open(O_RDWR) fails with EISDIR).
#include "device/tpm_probe.hpp"

#ifndef _WIN32
#include <sys/wait.h>
#endif

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>

using namespace probe;
namespace fs = std::filesystem;

namespace {

class FixtureTree {
 public:
  FixtureTree() {
    std::random_device rd;
    m_root = fs::temp_directory_path() / ("pinprobe-tpm-" + std::to_string(rd()));
    fs::create_directories(m_root / "sys" / "class" / "tpm");
    fs::create_directories(m_root / "dev");
  }
  ~FixtureTree() {
    std::error_code ec;
    fs::remove_all(m_root, ec);
  }
  FixtureTree(const FixtureTree&) = delete;
  FixtureTree& operator=(const FixtureTree&) = delete;

  void write(const fs::path& rel, const std::string& text) const {
    fs::create_directories((m_root / rel).parent_path());
    std::ofstream(m_root / rel) << text;
  }
  void tpm(const std::string& major, const std::string& description) const {
    if (!major.empty()) write("sys/class/tpm/tpm0/tpm_version_major", major + "\n");
    write("sys/class/tpm/tpm0/device/description", description + "\n");
  }
  [[nodiscard]] std::string root() const { return m_root.string(); }
  [[nodiscard]] fs::path path() const { return m_root; }

 private:
  fs::path m_root;
};

[[maybe_unused]] device::TpmFacts probe_tree(const FixtureTree& tree) {
  return device::make_linux_tpm_probe(tree.root())->probe();
}

}  // namespace

TEST_SUITE("device") {
  // The sysfs fixtures and the spawned Linux binary are POSIX-only; judge_tpm runs everywhere.
#ifndef _WIN32
  TEST_CASE("tpm_linux: a TPM 2.0 with an openable resource manager is TPM_OK") {
    const FixtureTree tree;
    tree.tpm("2", "TPM 2.0 Device");
    tree.write("dev/tpmrm0", "");
    const auto facts = probe_tree(tree);
    CHECK(facts.present);
    CHECK(facts.version_major == 2);
    CHECK(facts.description == "TPM 2.0 Device");
    CHECK(facts.device_node == (tree.path() / "dev" / "tpmrm0").string());
    const auto findings = device::judge_tpm(facts);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].wire() == "TPM_OK");
  }

  TEST_CASE("tpm_linux: /dev/tpm0 is used when the resource manager node is missing") {
    const FixtureTree tree;
    tree.tpm("2", "TPM 2.0 Device");
    tree.write("dev/tpm0", "");
    CHECK(probe_tree(tree).device_node == (tree.path() / "dev" / "tpm0").string());
  }

  TEST_CASE("tpm_linux: a TPM 1.2 is TPM_UNSUPPORTED_VERSION, also when only caps says so") {
    SUBCASE("tpm_version_major") {
      const FixtureTree tree;
      tree.tpm("1", "TPM 1.2 Device");
      tree.write("dev/tpm0", "");
      CHECK(device::judge_tpm(probe_tree(tree))[0].wire() == "TPM_UNSUPPORTED_VERSION");
    }
    SUBCASE("caps of an older kernel") {
      const FixtureTree tree;
      tree.tpm("", "TPM 1.2 Device");
      tree.write("sys/class/tpm/tpm0/caps", "Manufacturer: 0x49465800\nTCG version: 1.2\n");
      tree.write("dev/tpm0", "");
      const auto facts = probe_tree(tree);
      CHECK(facts.version_major == 1);
      CHECK(device::judge_tpm(facts)[0].wire() == "TPM_UNSUPPORTED_VERSION");
    }
  }

  TEST_CASE("tpm_linux: no tpm entry in sysfs is TPM_ABSENT") {
    const FixtureTree tree;
    const auto facts = probe_tree(tree);
    CHECK_FALSE(facts.present);
    const auto findings = device::judge_tpm(facts);
    CHECK(findings[0].wire() == "TPM_ABSENT");
    CHECK(findings[0].evidence.back().second ==
          "no tpm* entry in " + (tree.path() / "sys" / "class" / "tpm").string());
  }

  TEST_CASE("tpm_linux: device nodes that do not open are TPM_KEY_CREATE_FAILED with the errors") {
    const FixtureTree tree;
    tree.tpm("2", "TPM 2.0 Device");
    fs::create_directories(tree.path() / "dev" / "tpmrm0");  // a directory: EISDIR
    const auto facts = probe_tree(tree);
    CHECK_FALSE(facts.device_accessible);
    const auto dev = (tree.path() / "dev").string();
    CHECK(facts.device_detail ==
          dev + "/tpmrm0: Is a directory; " + dev + "/tpm0: No such file or directory");
    CHECK(device::judge_tpm(facts)[0].wire() == "TPM_KEY_CREATE_FAILED");
  }

#endif  // !_WIN32

  TEST_CASE("judge_tpm: HRESULT 0x80290407 names the Platform Crypto Provider and the remedy") {
    device::TpmFacts facts;
    facts.platform = "windows";
    facts.present = true;
    facts.version_major = 2;
    facts.key_hresult = 0x80290407U;
    facts.key_detail = "NCryptFinalizeKey";
    const auto findings = device::judge_tpm(facts);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].wire() == "TPM_KEY_CREATE_FAILED");
    CHECK(findings[0].message.find("0x80290407 (TPM_E_PCP_INTERNAL_ERROR") != std::string::npos);
    bool has_remedy = false;
    for (const auto& [k, v] : findings[0].evidence) {
      if (k == "remedy") has_remedy = v.find("firmware") != std::string::npos;
    }
    CHECK(has_remedy);
  }

  TEST_CASE("judge_tpm: an unchecked platform is PROBE_INCOMPLETE, never a pass") {
    device::TpmFacts facts;
    facts.platform = "macos";
    facts.checked = false;
    CHECK(device::judge_tpm(facts)[0].wire() == "PROBE_INCOMPLETE");
  }

#ifndef _WIN32
  TEST_CASE("device command: the hidden --sysfs-root option drives exit codes") {
    const FixtureTree tree;
    const auto run = [&](const std::string& extra) {
      const auto cmd = std::string(PROBE_BINARY) + " device --sysfs-root " + tree.root() + extra +
                       " >/dev/null 2>&1";
      const int status = std::system(cmd.c_str());
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    };
    CHECK(run("") == 1);
    tree.tpm("2", "TPM 2.0 Device");
    tree.write("dev/tpmrm0", "");
    CHECK(run(" --format json") == 0);
  }
#endif  // !_WIN32
}
