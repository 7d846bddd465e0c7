// Safe report files: exclusive random temp names, modes kept, devices written to and never
// replaced, non-regular targets refused, nothing left behind by an error.
#include "report/atomic_file.hpp"

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using probe::report::check_output_target;
using probe::report::write_atomically;
using probe::report::detail::temp_name;

namespace {

class TempDir {
 public:
  explicit TempDir(std::string_view name)
      : m_path(fs::temp_directory_path() / dir_name(name, static_cast<long>(::getpid()))) {
    fs::remove_all(m_path);
    fs::create_directories(m_path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(m_path, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(m_path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] std::string file(std::string_view name) const {
    return (m_path / std::string(name)).string();
  }
  [[nodiscard]] const fs::path& path() const { return m_path; }
  [[nodiscard]] std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(m_path)) out.push_back(e.path().filename());
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  static std::string dir_name(std::string_view name, long pid) {
    return "pinprobe-atomic-" + std::string(name) + "-" + std::to_string(pid);
  }
  fs::path m_path;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const std::string& path, std::string_view bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::lstat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

// Suffixes returned in order, then "ZZZZZZ" forever.
auto suffixes(std::vector<std::string> list) {
  return [list = std::move(list), i = std::size_t{0}]() mutable {
    return i < list.size() ? list[i++] : std::string("ZZZZZZ");
  };
}

class Umask {
 public:
  explicit Umask(mode_t mask) : m_old(::umask(mask)) {}
  ~Umask() { ::umask(m_old); }
  Umask(const Umask&) = delete;
  Umask& operator=(const Umask&) = delete;

 private:
  mode_t m_old;
};

}  // namespace

TEST_SUITE("report") {
  TEST_CASE("atomic_file: a symlink planted at the next temp name is never written through") {
    const TempDir dir("symlink");
    const auto victim = dir.file("victim");
    spit(victim, "victim\n");
    const auto target = dir.file("report.txt");
    // The name the old code used, and the first name the write will draw.
    const auto old_name = dir.file("report.txt.tmp." + std::to_string(::getpid()));
    const auto planted = dir.file(temp_name("report.txt", "AAAAAA"));
    fs::create_symlink(victim, old_name);
    fs::create_symlink(victim, planted);
    auto ok =
        probe::report::detail::write_atomically(target, "report\n", suffixes({"AAAAAA", "BBBBBB"}));
    REQUIRE(ok.has_value());
    CHECK(slurp(target) == "report\n");
    CHECK(slurp(victim) == "victim\n");
    CHECK(fs::is_symlink(planted));
    CHECK(fs::is_symlink(old_name));
    CHECK(temp_name("report.txt", "AAAAAA") == ".report.txt.pinprobe-AAAAAA");
    CHECK(dir.names() == std::vector<std::string>{".report.txt.pinprobe-AAAAAA", "report.txt",
                                                  "report.txt.tmp." + std::to_string(::getpid()),
                                                  "victim"});
  }

  TEST_CASE("atomic_file: a symlink at the target is replaced itself, its target untouched") {
    const TempDir dir("link-target");
    const auto victim = dir.file("victim");
    spit(victim, "victim\n");
    const auto target = dir.file("report.txt");
    fs::create_symlink(victim, target);
    REQUIRE(check_output_target(target).has_value());
    REQUIRE(write_atomically(target, "report\n").has_value());
    CHECK_FALSE(fs::is_symlink(target));
    CHECK(slurp(target) == "report\n");
    CHECK(slurp(victim) == "victim\n");
    // A symlink to /dev/null is written to (through the link: the device is the target).
    const auto null_link = dir.file("null");
    fs::create_symlink("/dev/null", null_link);
    REQUIRE(write_atomically(null_link, "discarded\n").has_value());
    CHECK(fs::is_symlink(null_link));
  }

  TEST_CASE("atomic_file: an existing file's mode is kept and a new file gets 0666 & ~umask") {
    const TempDir dir("mode");
    const auto target = dir.file("report.prom");
    spit(target, "old\n");
    fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    REQUIRE(mode_of(target) == 0640);
    REQUIRE(write_atomically(target, "new\n").has_value());
    CHECK(slurp(target) == "new\n");
    CHECK(mode_of(target) == 0640);
    SUBCASE("umask 022") {
      const Umask mask(022);
      const auto fresh = dir.file("fresh-022");
      REQUIRE(write_atomically(fresh, "x").has_value());
      CHECK(mode_of(fresh) == 0644);
    }
    SUBCASE("umask 077") {
      const Umask mask(077);
      const auto fresh = dir.file("fresh-077");
      REQUIRE(write_atomically(fresh, "x").has_value());
      CHECK(mode_of(fresh) == 0600);
    }
  }

  TEST_CASE("atomic_file: /dev/null is written to, never replaced by a regular file") {
    struct stat before {};
    REQUIRE(::stat("/dev/null", &before) == 0);
    REQUIRE(check_output_target("/dev/null").has_value());
    REQUIRE(write_atomically("/dev/null", "discarded\n").has_value());
    struct stat after {};
    REQUIRE(::lstat("/dev/null", &after) == 0);
    CHECK(S_ISCHR(after.st_mode));
    CHECK(after.st_rdev == before.st_rdev);
    CHECK(after.st_ino == before.st_ino);
    std::error_code ec;
    for (const auto& e : fs::directory_iterator("/dev", ec)) {
      CHECK_FALSE(e.path().filename().string().starts_with(".null.pinprobe-"));
    }
  }

  TEST_CASE("atomic_file: a FIFO is refused before and at write time and stays a FIFO") {
    const TempDir dir("fifo");
    const auto fifo = dir.file("pipe");
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const auto expected = fifo +
                          ": refusing to replace a FIFO: reports go only to a regular file, a "
                          "terminal, /dev/null or - (stdout)";
    auto checked = check_output_target(fifo);
    REQUIRE_FALSE(checked.has_value());
    CHECK(checked.error().kind == probe::core::ErrorKind::io);
    CHECK(checked.error().message == expected);
    auto written = write_atomically(fifo, "report\n");  // must not block on the FIFO either
    REQUIRE_FALSE(written.has_value());
    CHECK(written.error().message == expected);
    CHECK(fs::is_fifo(fifo));
    CHECK(dir.names() == std::vector<std::string>{"pipe"});
    // A symlink to it is refused too.
    const auto link = dir.file("link");
    fs::create_symlink(fifo, link);
    auto via_link = write_atomically(link, "report\n");
    REQUIRE_FALSE(via_link.has_value());
    CHECK(via_link.error().message ==
          link +
              ": refusing to replace a symbolic link to a FIFO: reports go only to a regular "
              "file, a terminal, /dev/null or - (stdout)");
    CHECK(fs::is_symlink(link));
  }

  TEST_CASE("atomic_file: a directory target is refused with a clear message") {
    const TempDir dir("directory");
    const auto sub = dir.file("sub");
    fs::create_directory(sub);
    for (const auto& path : {sub, sub + "/"}) {
      auto checked = check_output_target(path);
      REQUIRE_FALSE(checked.has_value());
      CHECK(checked.error().message == path + ": cannot write: is a directory");
      auto written = write_atomically(path, "x");
      REQUIRE_FALSE(written.has_value());
      CHECK(written.error().message == path + ": cannot write: is a directory");
    }
    CHECK(fs::is_directory(sub));
    CHECK(fs::is_empty(sub));
  }

  TEST_CASE("atomic_file: check_output_target names a missing or unusable directory") {
    const TempDir dir("check");
    CHECK(check_output_target("-").has_value());
    CHECK(check_output_target(dir.file("new.json")).has_value());
    const auto missing = dir.file("no/such/dir/out.json");
    auto r = check_output_target(missing);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message == missing + ": cannot create: No such file or directory");
    spit(dir.file("plain"), "x");
    const auto under_file = dir.file("plain/out.json");
    auto n = check_output_target(under_file);
    REQUIRE_FALSE(n.has_value());
    CHECK(n.error().message == under_file + ": cannot create: Not a directory");
    if (::geteuid() != 0) {  // root may write into a read-only directory
      const auto ro = dir.file("ro");
      fs::create_directory(ro);
      fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
      auto denied = check_output_target(ro + "/out.json");
      REQUIRE_FALSE(denied.has_value());
      CHECK(denied.error().message == ro + "/out.json: cannot create: Permission denied");
    }
  }

  TEST_CASE("atomic_file: a failed write leaves no temp file and the old report intact") {
    const TempDir dir("error");
    const auto target = dir.file("report.txt");
    spit(target, "previous\n");
    // RLIMIT_FSIZE makes write(2) fail with EFBIG after the temp file exists.
    struct rlimit old_limit {};
    REQUIRE(::getrlimit(RLIMIT_FSIZE, &old_limit) == 0);
    auto* old_handler = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit small = old_limit;
    small.rlim_cur = 4096;
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
    const std::string big(64 * 1024, 'x');
    auto r = write_atomically(target, big);
    ::setrlimit(RLIMIT_FSIZE, &old_limit);
    std::signal(SIGXFSZ, old_handler);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message == target + ": cannot write: File too large");
    CHECK(slurp(target) == "previous\n");
    CHECK(dir.names() == std::vector<std::string>{"report.txt"});
  }

  TEST_CASE("atomic_file: stale temp files of the same report are removed by the next write") {
    const TempDir dir("stale");
    const auto target = dir.file("report.txt");
    const auto stale = dir.file(temp_name("report.txt", "OLDOLD"));
    const auto fresh = dir.file(temp_name("report.txt", "NEWNEW"));
    const auto other = dir.file(temp_name("other.txt", "OLDOLD"));
    for (const auto& p : {stale, fresh, other}) spit(p, "partial");
    const auto two_minutes_ago = fs::file_time_type::clock::now() - std::chrono::minutes(2);
    fs::last_write_time(stale, two_minutes_ago);
    fs::last_write_time(other, two_minutes_ago);
    REQUIRE(write_atomically(target, "report\n").has_value());
    CHECK(dir.names() == std::vector<std::string>{".other.txt.pinprobe-OLDOLD",
                                                  ".report.txt.pinprobe-NEWNEW", "report.txt"});
  }
}
