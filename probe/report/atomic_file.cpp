#include "report/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace probe::report {

core::Result<void> write_atomically(const std::string& path, std::string_view bytes) {
  const auto temp = fmt::format("{}.tmp.{}", path, static_cast<long>(getpid()));
  auto fail = [&](std::string_view what) {
    const int saved = errno;
    std::remove(temp.c_str());
    return core::unexpected(core::ErrorKind::io,
                            fmt::format("{}: cannot {}: {}", path, what, std::strerror(saved)));
  };
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    const int saved = errno;
    return core::unexpected(core::ErrorKind::io,
                            fmt::format("{}: cannot create: {}", path, std::strerror(saved)));
  }
  std::size_t written = 0;
  while (written < bytes.size()) {
    const auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return fail("write");
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    return fail("sync");
  }
  if (::close(fd) != 0) return fail("close");
  if (std::rename(temp.c_str(), path.c_str()) != 0) return fail("rename into place");
  return {};
}

}  // namespace probe::report
