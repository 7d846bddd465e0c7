#include "report/atomic_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <random>

#include "lib/win/utf16.hpp"

#ifdef _WIN32
#include <windows.h>
#else
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <csignal>
#endif

namespace probe::report {

using core::ErrorKind;
using core::unexpected;

namespace {

constexpr std::string_view k_temp_marker = ".pinprobe-";
constexpr std::size_t k_suffix_length = 6;
constexpr int k_max_attempts = 64;
constexpr std::string_view k_accepted =
    "reports go only to a regular file, a terminal, /dev/null or - (stdout)";

std::string random_suffix() {
  static constexpr std::string_view k_alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  static std::mt19937_64 engine = [] {
    std::uint64_t seed =
        static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    try {
      std::random_device device;
      seed ^= (static_cast<std::uint64_t>(device()) << 32) ^ device();
    } catch (...) {  // no entropy source: the clock alone; O_EXCL keeps it safe
    }
    return std::mt19937_64(seed);
  }();
  std::uniform_int_distribution<std::size_t> pick(0, k_alphabet.size() - 1);
  std::string out;
  for (std::size_t i = 0; i < k_suffix_length; ++i) out += k_alphabet[pick(engine)];
  return out;
}

// The directory part of `path` as it must prefix a sibling name ("" or "dir/"), and the
// base name.
struct PathParts {
  std::string prefix;
  std::string dir;  // for stat and opendir: "." when the path has no directory part
  std::string name;
};

PathParts split_path(const std::string& path) {
#ifdef _WIN32
  const auto slash = path.find_last_of("/\\");
#else
  const auto slash = path.rfind('/');
#endif
  if (slash == std::string::npos) return {"", ".", path};
  return {path.substr(0, slash + 1), slash == 0 ? path.substr(0, 1) : path.substr(0, slash),
          path.substr(slash + 1)};
}

core::Unexpected<core::Error> io_error(const std::string& path, std::string_view what, int error) {
  return unexpected(ErrorKind::io, fmt::format("{}: {}: {}", path, what, std::strerror(error)));
}

}  // namespace

namespace detail {
std::string temp_name(std::string_view name, std::string_view suffix) {
  return fmt::format(".{}{}{}", name, k_temp_marker, suffix);
}
}  // namespace detail

#ifndef _WIN32

namespace {

// What is at the target path now, and so how it is written.
enum class TargetKind { create, replace, device };
struct Target {
  TargetKind kind = TargetKind::create;
  mode_t mode = 0;  // the replaced file's permission bits (replace)
};

std::string_view describe(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISDIR(mode)) return "a directory";
  return "a special file";
}

class UniqueFd {
 public:
  explicit UniqueFd(int fd) noexcept : m_fd(fd) {}
  ~UniqueFd() {
    if (m_fd >= 0) ::close(m_fd);
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  [[nodiscard]] int get() const noexcept { return m_fd; }
  // Closes now and reports close(2)'s result (NFS reports write errors here).
  int close() noexcept {
    const int fd = m_fd;
    m_fd = -1;
    return ::close(fd);
  }

 private:
  int m_fd;
};

// Writable devices that are not replaced but written to: the null device and terminals.
// `fd` is the opened device.
bool is_writable_device(int fd, const struct stat& st) {
  if (!S_ISCHR(st.st_mode)) return false;
  struct stat null_st {};
  if (::stat("/dev/null", &null_st) == 0 && S_ISCHR(null_st.st_mode) &&
      st.st_rdev == null_st.st_rdev) {
    return true;
  }
  return ::isatty(fd) == 1;
}

// Opens `path` for writing when it is a terminal or the null device (O_NONBLOCK so that a FIFO
// swapped in meanwhile cannot block the open); -1 with errno, or -2 when it is another kind.
int open_device(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return -1;
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !is_writable_device(fd, st)) {
    ::close(fd);
    return -2;
  }
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  return fd;
}

core::Result<Target> refused(const std::string& path, std::string_view what) {
  return unexpected(ErrorKind::io,
                    fmt::format("{}: refusing to replace {}: {}", path, what, k_accepted));
}

// A character device `path` (`st` from stat): written to when it is a terminal or the null
// device, refused otherwise.
core::Result<Target> device_target(const std::string& path, const struct stat& st,
                                   std::string_view what) {
  if (S_ISCHR(st.st_mode)) {
    const int fd = open_device(path);
    if (fd >= 0) {
      ::close(fd);
      return Target{TargetKind::device, 0};
    }
    if (fd == -1 && errno != ENXIO) return io_error(path, "cannot open", errno);
  }
  return refused(path, what);
}

core::Result<Target> inspect(const std::string& path) {
  if (path.empty()) return unexpected(ErrorKind::io, "(empty path): cannot create: no file name");
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Target{TargetKind::create, 0};
    return io_error(path, "cannot create", errno);
  }
  if (S_ISREG(st.st_mode)) return Target{TargetKind::replace, st.st_mode};
  if (S_ISDIR(st.st_mode)) {
    return unexpected(ErrorKind::io, fmt::format("{}: cannot write: is a directory", path));
  }
  if (S_ISLNK(st.st_mode)) {
    struct stat to {};
    if (::stat(path.c_str(), &to) != 0) {
      if (errno == ENOENT) return Target{TargetKind::create, 0};  // dangling: link replaced
      return io_error(path, "cannot create", errno);
    }
    if (S_ISREG(to.st_mode)) return Target{TargetKind::create, 0};  // the link is replaced
    return device_target(path, to, fmt::format("a symbolic link to {}", describe(to.st_mode)));
  }
  return device_target(path, st, describe(st.st_mode));
}

// The temp path that the signal handler removes. A fixed buffer and a flag, because a
// handler may only make async-signal-safe calls (signal-safety(7)): unlink, sigaction, raise.
char g_temp_path[4096];
volatile std::sig_atomic_t g_temp_armed = 0;
constexpr std::array k_cleanup_signals{SIGINT, SIGTERM, SIGHUP};

extern "C" void remove_temp_and_reraise(int sig) {
  if (g_temp_armed != 0) ::unlink(g_temp_path);
  g_temp_armed = 0;
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  ::sigaction(sig, &dfl, nullptr);
  ::raise(sig);  // delivered with the default action once the handler returns
}

// Blocks the cleanup signals for a scope, so that the temp file's creation and its
// registration (and the rename and the unregistration) happen as one step for the handler.
class SignalsBlocked {
 public:
  SignalsBlocked() noexcept {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : k_cleanup_signals) sigaddset(&set, sig);
    pthread_sigmask(SIG_BLOCK, &set, &m_old);
  }
  ~SignalsBlocked() { pthread_sigmask(SIG_SETMASK, &m_old, nullptr); }
  SignalsBlocked(const SignalsBlocked&) = delete;
  SignalsBlocked& operator=(const SignalsBlocked&) = delete;

 private:
  sigset_t m_old{};
};

// The temp file of one write: its handlers installed for the scope (a signal ignored by the
// caller, as under nohup, stays ignored), removed on destruction unless committed.
class TempFile {
 public:
  TempFile() {
    for (std::size_t i = 0; i < k_cleanup_signals.size(); ++i) {
      struct sigaction current {};
      ::sigaction(k_cleanup_signals[i], nullptr, &current);
      m_installed[i] = current.sa_handler != SIG_IGN;  // NOLINT: union member of sigaction
      if (!m_installed[i]) continue;
      struct sigaction handler {};
      handler.sa_handler = &remove_temp_and_reraise;  // NOLINT: union member of sigaction
      sigemptyset(&handler.sa_mask);
      ::sigaction(k_cleanup_signals[i], &handler, &m_old[i]);
    }
  }
  ~TempFile() {
    {
      const SignalsBlocked blocked;
      if (!m_path.empty() && !m_committed) ::unlink(m_path.c_str());
      g_temp_armed = 0;
    }
    for (std::size_t i = 0; i < k_cleanup_signals.size(); ++i) {
      if (m_installed[i]) ::sigaction(k_cleanup_signals[i], &m_old[i], nullptr);
    }
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  // Creates `path` exclusively (never through a symlink) and registers it for the handler;
  // the fd, or -1 with errno.
  int create(const std::string& path, mode_t mode) {
    const SignalsBlocked blocked;
    const int fd =
        ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, mode);
    if (fd < 0) return -1;
    m_path = path;
    if (path.size() < sizeof g_temp_path) {
      std::memcpy(g_temp_path, path.c_str(), path.size() + 1);
      g_temp_armed = 1;
    }
    return fd;
  }
  [[nodiscard]] const std::string& path() const { return m_path; }
  // Renames the temp file onto `target`; 0, or -1 with errno.
  int commit(const std::string& target) {
    const SignalsBlocked blocked;
    if (::rename(m_path.c_str(), target.c_str()) != 0) return -1;
    m_committed = true;
    g_temp_armed = 0;
    return 0;
  }

 private:
  std::string m_path;
  bool m_committed = false;
  std::array<bool, k_cleanup_signals.size()> m_installed{};
  std::array<struct sigaction, k_cleanup_signals.size()> m_old{};
};

core::Result<void> write_all(int fd, std::string_view bytes, const std::string& path) {
  std::size_t written = 0;
  while (written < bytes.size()) {
    const auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return io_error(path, "cannot write", n < 0 ? errno : EIO);
    written += static_cast<std::size_t>(n);
  }
  return {};
}

core::Result<void> write_device(const std::string& path, std::string_view bytes) {
  const int raw = open_device(path);
  if (raw == -2) return core::unexpected(refused(path, "a device").error());
  if (raw < 0) return io_error(path, "cannot open", errno);
  UniqueFd fd(raw);
  if (auto ok = write_all(fd.get(), bytes, path); !ok) return ok;
  if (fd.close() != 0) return io_error(path, "cannot close", errno);
  return {};
}

// fsync(2) of the directory makes the rename itself durable. Filesystems that cannot sync a
// directory (EINVAL) are not an error.
core::Result<void> sync_directory(const PathParts& parts, const std::string& path) {
  const int raw = ::open(parts.dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (raw < 0) return {};
  UniqueFd dir(raw);
  if (::fsync(dir.get()) != 0 && errno != EINVAL && errno != ENOTSUP) {
    return io_error(path, "cannot sync directory", errno);
  }
  return {};
}

// Removes temp files of `parts.name` left by a killed run: regular files owned by us and
// older than k_stale_temp_seconds. Errors are ignored: this is housekeeping.
void remove_stale_temps(const PathParts& parts) {
  DIR* dir = ::opendir(parts.dir.c_str());
  if (dir == nullptr) return;
  const auto prefix = detail::temp_name(parts.name, "");
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  const int dfd = ::dirfd(dir);
  while (const dirent* entry = ::readdir(dir)) {
    const std::string_view name(entry->d_name);  // NOLINT: array decay of d_name
    if (name.size() != prefix.size() + k_suffix_length || !name.starts_with(prefix)) continue;
    struct stat st {};
    if (::fstatat(dfd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    if (!S_ISREG(st.st_mode) || st.st_uid != ::geteuid()) continue;
    if (now - st.st_mtime <= k_stale_temp_seconds) continue;
    ::unlinkat(dfd, entry->d_name, 0);
  }
  ::closedir(dir);
}

}  // namespace

core::Result<void> check_output_target(const std::string& path) {
  if (path == "-") return {};
  auto target = inspect(path);
  if (!target) return core::unexpected(target.error());
  if (target->kind == TargetKind::device) return {};
  const auto parts = split_path(path);
  if (parts.name.empty()) {
    return unexpected(ErrorKind::io, fmt::format("{}: cannot write: is a directory", path));
  }
  struct stat st {};
  if (::stat(parts.dir.c_str(), &st) != 0) return io_error(path, "cannot create", errno);
  if (!S_ISDIR(st.st_mode)) return io_error(path, "cannot create", ENOTDIR);
  if (::faccessat(AT_FDCWD, parts.dir.c_str(), W_OK | X_OK, AT_EACCESS) != 0) {
    return io_error(path, "cannot create", errno);
  }
  return {};
}

namespace detail {

core::Result<void> write_atomically(const std::string& path, std::string_view bytes,
                                    const std::function<std::string()>& next_suffix) {
  auto target = inspect(path);
  if (!target) return core::unexpected(target.error());
  if (target->kind == TargetKind::device) return write_device(path, bytes);
  const auto parts = split_path(path);
  if (parts.name.empty()) {
    return unexpected(ErrorKind::io, fmt::format("{}: cannot write: is a directory", path));
  }
  TempFile temp;
  // A replaced file's bits are set with fchmod below; until then only we can read the temp.
  const mode_t create_mode = target->kind == TargetKind::replace ? 0600 : 0666;
  int raw = -1;
  for (int attempt = 0; attempt < k_max_attempts && raw < 0; ++attempt) {
    raw = temp.create(parts.prefix + temp_name(parts.name, next_suffix()), create_mode);
    if (raw < 0 && errno != EEXIST) return io_error(path, "cannot create", errno);
  }
  if (raw < 0) return io_error(path, "cannot create a temporary file", EEXIST);
  UniqueFd fd(raw);
  if (target->kind == TargetKind::replace && ::fchmod(fd.get(), target->mode & 0777) != 0) {
    return io_error(path, "cannot keep the file mode", errno);
  }
  if (auto ok = write_all(fd.get(), bytes, path); !ok) return ok;
  if (::fsync(fd.get()) != 0) return io_error(path, "cannot sync", errno);
  if (fd.close() != 0) return io_error(path, "cannot close", errno);
  // The target may have changed while we wrote: never rename over what we would refuse.
  auto again = inspect(path);
  if (!again) return core::unexpected(again.error());
  if (again->kind == TargetKind::device) {
    return core::unexpected(refused(path, "a device").error());
  }
  if (temp.commit(path) != 0) return io_error(path, "cannot rename into place", errno);
  if (auto ok = sync_directory(parts, path); !ok) return ok;
  remove_stale_temps(parts);
  return {};
}

}  // namespace detail

#else  // _WIN32: CreateFileW(CREATE_NEW) for the temp file, ReplaceFileW to keep the
       // replaced file's ACL and attributes, MoveFileExW for a new one. No signal cleanup.

namespace {

core::Unexpected<core::Error> win_error(const std::string& path, std::string_view what) {
  return unexpected(ErrorKind::io, fmt::format("{}: {}: Windows error {}", path, what,
                                               static_cast<unsigned long>(GetLastError())));
}

bool is_device_name(const std::string& path) {
  return _stricmp(path.c_str(), "NUL") == 0 || _stricmp(path.c_str(), "CON") == 0;
}

}  // namespace

core::Result<void> check_output_target(const std::string& path) {
  if (path == "-" || is_device_name(path)) return {};
  const auto parts = split_path(path);
  const DWORD attributes = GetFileAttributesW(lib::win::wide_from_utf8(path).c_str());
  if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY) != 0) {
    return unexpected(ErrorKind::io, fmt::format("{}: cannot write: is a directory", path));
  }
  const DWORD dir = GetFileAttributesW(lib::win::wide_from_utf8(parts.dir).c_str());
  if (dir == INVALID_FILE_ATTRIBUTES || (dir & FILE_ATTRIBUTE_DIRECTORY) == 0) {
    return io_error(path, "cannot create", ENOENT);
  }
  return {};
}

namespace detail {

core::Result<void> write_atomically(const std::string& path, std::string_view bytes,
                                    const std::function<std::string()>& next_suffix) {
  if (auto ok = check_output_target(path); !ok) return ok;
  const auto wide_path = lib::win::wide_from_utf8(path);
  HANDLE handle = INVALID_HANDLE_VALUE;
  if (is_device_name(path)) {
    handle = CreateFileW(wide_path.c_str(), GENERIC_WRITE, 0, nullptr, OPEN_EXISTING, 0, nullptr);
    if (handle == INVALID_HANDLE_VALUE) return win_error(path, "cannot open");
    DWORD n = 0;
    const bool ok = WriteFile(handle, bytes.data(), static_cast<DWORD>(bytes.size()), &n, nullptr);
    CloseHandle(handle);
    if (!ok) return win_error(path, "cannot write");
    return {};
  }
  const auto parts = split_path(path);
  std::wstring temp;
  for (int attempt = 0; attempt < k_max_attempts && handle == INVALID_HANDLE_VALUE; ++attempt) {
    temp = lib::win::wide_from_utf8(parts.prefix + temp_name(parts.name, next_suffix()));
    handle = CreateFileW(temp.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW, FILE_ATTRIBUTE_NORMAL,
                         nullptr);
    if (handle == INVALID_HANDLE_VALUE && GetLastError() != ERROR_FILE_EXISTS) {
      return win_error(path, "cannot create");
    }
  }
  if (handle == INVALID_HANDLE_VALUE) return win_error(path, "cannot create a temporary file");
  std::size_t written = 0;
  bool ok = true;
  while (ok && written < bytes.size()) {
    DWORD n = 0;
    const auto chunk = static_cast<DWORD>(std::min<std::size_t>(bytes.size() - written, 1 << 20));
    ok = WriteFile(handle, bytes.data() + written, chunk, &n, nullptr) && n > 0;
    written += n;
  }
  ok = ok && FlushFileBuffers(handle);
  CloseHandle(handle);
  if (!ok) {
    auto error = win_error(path, "cannot write");
    DeleteFileW(temp.c_str());
    return error;
  }
  const bool exists = GetFileAttributesW(wide_path.c_str()) != INVALID_FILE_ATTRIBUTES;
  const bool moved = exists ? ReplaceFileW(wide_path.c_str(), temp.c_str(), nullptr,
                                           REPLACEFILE_IGNORE_MERGE_ERRORS, nullptr, nullptr) != 0
                            : MoveFileExW(temp.c_str(), wide_path.c_str(),
                                          MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH) != 0;
  if (!moved) {
    auto error = win_error(path, "cannot rename into place");
    DeleteFileW(temp.c_str());
    return error;
  }
  return {};
}

}  // namespace detail

#endif

core::Result<void> write_atomically(const std::string& path, std::string_view bytes) {
  return detail::write_atomically(path, bytes, random_suffix);
}

}  // namespace probe::report
