// Linux TPM facts from sysfs (Documentation/ABI/stable/sysfs-class-tpm) and /dev.
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "device/tpm_probe.hpp"

#ifndef _WIN32
#include <fcntl.h>
#include <unistd.h>
#endif

namespace probe::device {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t k_max_attribute_bytes = 4096;

std::string read_attribute(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::string text(k_max_attribute_bytes, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\0')) {
    text.pop_back();
  }
  return text;
}

// Opens `path` read-write as a TPM client would; "" on success, else why not.
std::string open_error(const fs::path& path) {
#ifdef _WIN32
  (void)path;
  return "not supported on this platform";
#else
  const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return std::strerror(errno);
  ::close(fd);
  std::error_code ec;
  if (!fs::is_character_file(path, ec) && !fs::is_regular_file(path, ec)) return "not a device";
  return {};
#endif
}

int version_of(const fs::path& dir) {
  const auto major = read_attribute(dir / "tpm_version_major");
  if (major == "2") return 2;
  if (major == "1") return 1;
  // Kernels before 5.x expose only "caps" for TPM 1.2 ("TCG version: 1.2").
  const auto caps = read_attribute(dir / "caps");
  if (caps.find("TCG version: 1.2") != std::string::npos) return 1;
  if (fs::exists(dir / "device" / "caps")) {
    if (read_attribute(dir / "device" / "caps").find("TCG version: 1.2") != std::string::npos) {
      return 1;
    }
  }
  return 0;
}

class LinuxTpmProbe final : public TpmProbe {
 public:
  explicit LinuxTpmProbe(std::string root) : m_root(std::move(root)) {}

  [[nodiscard]] TpmFacts probe() const override {
    TpmFacts facts;
    facts.platform = "linux";
    const fs::path root = m_root.empty() ? fs::path("/") : fs::path(m_root);
    const auto class_dir = root / "sys" / "class" / "tpm";
    std::vector<fs::path> tpms;
    std::error_code ec;
    for (fs::directory_iterator it(class_dir, ec), end; !ec && it != end; it.increment(ec)) {
      const auto name = it->path().filename().string();
      if (name.rfind("tpm", 0) == 0 && name.rfind("tpmrm", 0) != 0) tpms.push_back(it->path());
    }
    if (tpms.empty()) {
      facts.device_detail = fmt::format("no tpm* entry in {}", class_dir.string());
      return facts;
    }
    std::sort(tpms.begin(), tpms.end());
    const auto& dir = tpms.front();
    facts.present = true;
    facts.location = dir.string();
    facts.version_major = version_of(dir);
    facts.description = read_attribute(dir / "device" / "description");
    std::string errors;
    for (const auto* node : {"tpmrm0", "tpm0"}) {
      const auto path = root / "dev" / node;
      const auto error = open_error(path);
      if (error.empty()) {
        facts.device_node = path.string();
        facts.device_accessible = true;
        return facts;
      }
      errors += fmt::format("{}{}: {}", errors.empty() ? "" : "; ", path.string(), error);
    }
    facts.device_accessible = false;
    facts.device_detail = errors;
    return facts;
  }

 private:
  std::string m_root;
};

}  // namespace

std::unique_ptr<TpmProbe> make_linux_tpm_probe(std::string root) {
  return std::make_unique<LinuxTpmProbe>(std::move(root));
}

}  // namespace probe::device
