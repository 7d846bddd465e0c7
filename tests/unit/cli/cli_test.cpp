// The pinprobe binary as users run it: exit codes (SPEC §1), what goes to stdout and stderr,
// and atomic --output. Each case runs PROBE_BINARY as a subprocess with a bounded wait.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "config/file_source.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;

struct RunResult {
  int exit_code = -1;  // -1: killed after the time limit
  std::string out;
  std::string err;
};

// A fresh directory under the build tree for one test case, removed on destruction.
class TempDir {
 public:
  explicit TempDir(std::string_view name)
      : m_path(fs::path(PROBE_BINARY).parent_path() / "cli-test" / std::string(name)) {
    fs::remove_all(m_path);
    fs::create_directories(m_path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const fs::path& path() const noexcept { return m_path; }
  [[nodiscard]] std::string file(std::string_view name, std::string_view bytes) const {
    const auto p = m_path / std::string(name);
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return p.string();
  }

 private:
  fs::path m_path;
};

std::string slurp(const fs::path& path) {
  auto bytes = probe::config::read_file(path.string());
  return bytes ? std::move(*bytes) : std::string();
}

// Environment for the child: ours without PINPROBE_ORG and proxy variables, plus `extra`.
std::vector<std::string> child_environment(const std::vector<std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string_view entry(*e);
    if (entry.starts_with("PINPROBE_") || entry.starts_with("HTTPS_PROXY=") ||
        entry.starts_with("https_proxy=") || entry.starts_with("HTTP_PROXY=") ||
        entry.starts_with("http_proxy=") || entry.starts_with("ALL_PROXY=")) {
      continue;
    }
    env.emplace_back(entry);
  }
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

// Runs pinprobe with `args` in the repository root (so ../shared/... paths work as in the
// README), stdin from `stdin_file` (or /dev/null), waiting at most 30 seconds.
RunResult run(const std::vector<std::string>& args, const std::string& stdin_file = "/dev/null",
              const std::vector<std::string>& extra_env = {}) {
  static int counter = 0;
  const auto dir = fs::path(PROBE_BINARY).parent_path() / "cli-test";
  fs::create_directories(dir);
  const auto stem = dir / ("run-" + std::to_string(getpid()) + "-" + std::to_string(++counter));
  const auto out_path = stem.string() + ".out";
  const auto err_path = stem.string() + ".err";

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, stdin_file.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addchdir_np(&actions, PROBE_SOURCE_DIR);

  std::vector<std::string> argv_storage{PROBE_BINARY};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  auto env_storage = child_environment(extra_env);
  std::vector<char*> envp;
  for (auto& e : env_storage) envp.push_back(e.data());
  envp.push_back(nullptr);

  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, PROBE_BINARY, &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  REQUIRE_MESSAGE(spawned == 0, "posix_spawn failed: " << spawned);

  RunResult result;
  int status = 0;
  const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (;;) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    if (std::chrono::steady_clock::now() > limit) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  result.out = slurp(out_path);
  result.err = slurp(err_path);
  fs::remove(out_path);
  fs::remove(err_path);
  return result;
}

bool contains(const std::string& text, std::string_view needle) {
  return text.find(needle) != std::string::npos;
}

const std::string k_okta_2026 = "../shared/okta-pki/okta.com-2026.pem";

}  // namespace

TEST_SUITE("cli") {
  TEST_CASE("cli: --version names pinprobe and the linked OpenSSL, libcurl and c-ares") {
    const auto r = run({"--version"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.starts_with("pinprobe 0.1.0\n"));
    CHECK(contains(r.out, "\nOpenSSL: OpenSSL 3."));
    CHECK(contains(r.out, "\nlibcurl: "));
    CHECK(contains(r.out, "\nc-ares: "));
    CHECK(r.err.empty());
  }

  TEST_CASE("cli: --help lists every command and exits 0") {
    const auto r = run({"--help"});
    CHECK(r.exit_code == 0);
    for (const auto* command : {"check", "pins", "cert", "scep", "explain", "device"}) {
      INFO("command " << command);
      CHECK(contains(r.out, command));
    }
    const auto sub = run({"check", "--help"});
    CHECK(sub.exit_code == 0);
    for (const auto* option :
         {"--org",      "--domains",     "--pins",          "--only",         "--proxy",
          "--no-proxy", "--dns-server",  "--resolve",       "--ca-file",      "--timeout",
          "--deadline", "--concurrency", "--no-revocation", "--max-download", "--expiry-warn",
          "--site",     "--format",      "--output",        "--push",         "--strict",
          "--quiet",    "--verbose",     "--no-color"}) {
      INFO("option " << option);
      CHECK(contains(sub.out, option));
    }
  }

  TEST_CASE("cli: cert prints the okta leaf and root pins and the SHA-1 thumbprints") {
    const auto r = run({"cert", k_okta_2026});
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    CHECK(contains(r.out, "../shared/okta-pki/okta.com-2026.pem [1/3] *.okta.com\n"));
    CHECK(contains(r.out, "[3/3] DigiCert Global Root G2\n"));
    CHECK(contains(r.out, "SPKI pin      rrV6CLCCvqnk89gWibYT0JO6fNQ8cCit7GGoiVTjCOg=\n"));
    CHECK(contains(r.out, "SPKI pin      i7WTqTvh0OioIruIfFR4kMPnBqrS2rdiVPl/s2uC/CY=\n"));
    CHECK(contains(r.out,
                   "SHA-1         D5BC298984C44609399B894B7645DE6DBE2642AC  (Windows "
                   "thumbprint)\n"));
    CHECK(contains(r.out, "SHA-1         1B511ABEAD59C6CE207077C0BF0E0043B1382612"));
    CHECK(contains(r.out, "SHA-1         DF3C24F9BFD666761B268073FE06D1CC8D4F82A4"));
    CHECK(contains(r.out, "SCTs          3\n"));
    CHECK(contains(r.out, "OCSP          http://ocsp.digicert.com\n"));
    CHECK(contains(r.out, "pinset        okta: DigiCert Global Root G2 (root)\n"));
    CHECK(contains(r.out, "(leaf)\n"));
  }

  TEST_CASE("cli: cert --format json is one document per file that parses") {
    const auto r = run({"cert", "--format", "json", k_okta_2026});
    CHECK(r.exit_code == 0);
    const auto doc = nlohmann::json::parse(r.out);
    REQUIRE(doc.is_array());
    REQUIRE(doc.size() == 1);
    CHECK(doc[0]["file"] == k_okta_2026);
    const auto& certs = doc[0]["certificates"];
    REQUIRE(certs.size() == 3);
    CHECK(certs[0]["spki_pin"] == "rrV6CLCCvqnk89gWibYT0JO6fNQ8cCit7GGoiVTjCOg=");
    CHECK(certs[0]["sha1_thumbprint"] == "D5BC298984C44609399B894B7645DE6DBE2642AC");
    CHECK(certs[0]["pinset_match"]["role"] == "leaf");
    CHECK(certs[2]["spki_pin"] == "i7WTqTvh0OioIruIfFR4kMPnBqrS2rdiVPl/s2uC/CY=");
    CHECK(certs[2]["pinset_match"]["pinset"] == "okta");
    CHECK(certs[2]["self_signed"] == true);
  }

  TEST_CASE("cli: cert reads several files and '-' for stdin") {
    const auto two = run({"cert", k_okta_2026, "../shared/okta-pki/oktacdn.com.pem"});
    CHECK(two.exit_code == 0);
    CHECK(contains(two.out, "oktacdn.com.pem [1/3] *.oktacdn.com\n"));
    const auto piped = run({"cert", "-"}, std::string(PROBE_SHARED_DIR) + "/okta-pki/okta.com.pem");
    CHECK(piped.exit_code == 0);
    CHECK(contains(piped.out, "<stdin> [1/3] *.okta.com\n"));
  }

  TEST_CASE("cli: pins show lists the three DigiCert anchors") {
    const auto r = run({"pins", "show"});
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    CHECK(contains(r.out, "pinset okta (<built-in>/pins/okta.yaml)\n"));
    CHECK(contains(r.out, "CN=DigiCert Global Root G2,OU=www.digicert.com,O=DigiCert Inc,C=US"));
    CHECK(contains(r.out, "CN=DigiCert Global Root CA,OU=www.digicert.com,O=DigiCert Inc,C=US"));
    CHECK(contains(r.out,
                   "CN=DigiCert High Assurance EV Root CA,OU=www.digicert.com,O=DigiCert "
                   "Inc,C=US"));
    CHECK(contains(r.out, "rrV6CLCCvqnk89gWibYT0JO6fNQ8cCit7GGoiVTjCOg="));

    const auto json = run({"pins", "show", "--format", "json", "--pins", "pins"});
    CHECK(json.exit_code == 0);
    const auto doc = nlohmann::json::parse(json.out);
    REQUIRE(doc.size() == 1);
    CHECK(doc[0]["name"] == "okta");
    CHECK(doc[0]["anchors"].size() == 3);
    CHECK(doc[0]["source"] == "pins/okta.yaml");
  }

  TEST_CASE("cli: a bad flag or a missing subcommand exits 2 with nothing on stdout") {
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"--bogus"},
                                               {"pins"},
                                               {"cert"},
                                               {"frobnicate"},
                                               {"cert", "--format", "xml", "x"},
                                               {"check", "--proxy-auth", "kerberos"},
                                               {"check", "--concurrency", "0"}}) {
      INFO("args " << args.front() << " (" << args.size() << " words)");
      const auto r = run(args);
      CHECK(r.exit_code == 2);
      CHECK(r.out.empty());
      CHECK_FALSE(r.err.empty());
    }
  }

  TEST_CASE("cli: --domains with a misspelt key exits 2 naming file, line and column") {
    const TempDir dir("misspelt");
    const auto file = dir.file("domains.yaml",
                               "version: 1\ngroups:\n  - name: a\n    allowlist: '*.okta.com'\n"
                               "    pinz: okta\n    hosts: [login.okta.com]\n");
    const auto r = run({"--domains", file});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err ==
          "pinprobe: " + file + ":5:5: unknown key 'pinz' in group (did you mean 'pins'?)\n");
    const auto explicit_check = run({"check", "--domains", file, "--org", "acme"});
    CHECK(explicit_check.exit_code == 2);
    CHECK(explicit_check.out.empty());
    CHECK(explicit_check.err == r.err);
  }

  TEST_CASE("cli: a bad pins directory exits 2 naming the pinset file") {
    const TempDir dir("badpins");
    const auto file = dir.file("p.yaml",
                               "name: p\npins:\n  - sha256: abc\n    label: x\n"
                               "    role: root\n");
    const auto r = run({"pins", "show", "--pins", dir.path().string()});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err ==
          "pinprobe: " + file + ":3:13: pin 'abc' is not base64 of a 32-byte SHA-256 digest\n");
  }

  TEST_CASE("cli: a junk or missing certificate file exits 2 naming the file") {
    const TempDir dir("junk");
    const auto junk = dir.file("junk.pem", "\x01\x02 not a certificate \xff");
    const auto r = run({"cert", junk});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err ==
          "pinprobe: " + junk + ": not a certificate (expected PEM, DER, PKCS#7 or base64 DER)\n");
    const auto missing = run({"cert", (dir.path() / "absent.pem").string()});
    CHECK(missing.exit_code == 2);
    CHECK(missing.out.empty());
    CHECK(missing.err == "pinprobe: " + (dir.path() / "absent.pem").string() +
                             ": cannot open: No such file or directory\n");
    // A good file before a bad one: nothing is printed for the good one either.
    const auto mixed = run({"cert", k_okta_2026, junk});
    CHECK(mixed.exit_code == 2);
    CHECK(mixed.out.empty());
  }

  TEST_CASE("cli: bad check options exit 2 with the option named") {
    const auto timeout = run({"check", "--timeout", "0s"});
    CHECK(timeout.exit_code == 2);
    CHECK(timeout.out.empty());
    CHECK(timeout.err ==
          "pinprobe: --timeout: invalid duration '0s': must be between 1ms and 24h\n");
    const auto size = run({"check", "--max-download", "10XB"});
    CHECK(size.exit_code == 2);
    CHECK(size.err ==
          "pinprobe: --max-download: invalid size '10XB': unknown unit 'xb' (use KiB, MiB or "
          "GiB)\n");
    const auto org = run({"check", "--org", "acme.okta.com"});
    CHECK(org.exit_code == 2);
    CHECK(org.err ==
          "pinprobe: --org 'acme.okta.com' is not a valid DNS label (the subdomain "
          "only, e.g. 'acme' for acme.okta.com)\n");
    const auto env_org = run({"check"}, "/dev/null", {"PINPROBE_ORG=bad org"});
    CHECK(env_org.exit_code == 2);
    CHECK(env_org.err ==
          "pinprobe: --org 'bad org' is not a valid DNS label (the subdomain "
          "only, e.g. 'acme' for acme.okta.com)\n");
    const auto both = run({"check", "--proxy", "http://p:3128", "--no-proxy"});
    CHECK(both.exit_code == 2);
    CHECK(both.err == "pinprobe: --proxy and --no-proxy cannot be used together\n");
    const auto resolve = run({"check", "--resolve", "login.okta.com:443"});
    CHECK(resolve.exit_code == 2);
    CHECK(resolve.err == "pinprobe: --resolve 'login.okta.com:443': expected HOST:PORT:ADDR\n");
  }

  TEST_CASE("cli: check runs the whole pipeline and exits 1 on a failing target") {
    // Only loopback is touched: one .invalid host pinned to 127.0.0.1 port 1 (nothing listens
    // on a privileged port of loopback here), no proxy, no revocation.
    const TempDir dir("check");
    const auto file =
        dir.file("domains.yaml",
                 "version: 1\ngroups:\n  - name: lab\n    allowlist: '*.pinprobe.invalid'\n"
                 "    pins: none\n    ports: [1]\n    hosts: [a.pinprobe.invalid]\n"
                 "revocation:\n  from_chain: false\n  urls: []\n");
    const std::vector<std::string> base{
        "check",      "--domains", file, "--resolve",  "a.pinprobe.invalid:1:127.0.0.1",
        "--no-proxy", "--timeout", "2s", "--deadline", "5s"};
    auto json_args = base;
    json_args.insert(json_args.end(), {"--format", "json"});
    const auto json = run(json_args);
    CHECK(json.exit_code == 1);
    const auto doc = nlohmann::json::parse(json.out);
    CHECK(doc["verdict"] == "fail");
    REQUIRE(doc["targets"].size() == 1);
    CHECK(doc["targets"][0]["host"] == "a.pinprobe.invalid");
    CHECK(doc["targets"][0]["findings"][0]["code"] == "TCP_REFUSED");
    CHECK(doc["revocation"].empty());

    auto text_args = base;
    text_args.insert(text_args.end(), {"--format", "text", "--no-color"});
    const auto text = run(text_args);
    CHECK(text.exit_code == 1);
    CHECK(text.out.find("TCP_REFUSED") != std::string::npos);
    CHECK(text.out.find("a.pinprobe.invalid") != std::string::npos);

    auto junit_args = base;
    junit_args.insert(junit_args.end(), {"--format", "junit"});
    const auto junit = run(junit_args);
    CHECK(junit.exit_code == 1);
    CHECK(junit.out.find("<failure type=\"TCP_REFUSED\"") != std::string::npos);
  }

  TEST_CASE("cli: --output writes the report atomically and leaves no temporary file") {
    const TempDir dir("output");
    const auto target = dir.path() / "cert.txt";
    const auto to_stdout = run({"cert", k_okta_2026});
    REQUIRE(to_stdout.exit_code == 0);
    const auto r = run({"cert", k_okta_2026, "--output", target.string()});
    CHECK(r.exit_code == 0);
    CHECK(r.out.empty());
    CHECK(slurp(target) == to_stdout.out);
    // Overwriting an existing report replaces it whole.
    std::ofstream(target) << "old report that is much longer than nothing at all\n";
    const auto again = run({"pins", "show", "--format", "json", "--output", target.string()});
    CHECK(again.exit_code == 0);
    CHECK(nlohmann::json::parse(slurp(target))[0]["name"] == "okta");
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir.path())) {
      names.push_back(entry.path().filename().string());
    }
    CHECK(names == std::vector<std::string>{"cert.txt"});
  }

  TEST_CASE("cli: --output into a missing directory exits 2 and leaves nothing behind") {
    const TempDir dir("output-missing");
    const auto target = dir.path() / "no-such-dir" / "out.json";
    const auto r = run({"pins", "show", "--output", target.string()});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == "pinprobe: " + target.string() + ": cannot create: No such file or directory\n");
    CHECK(fs::is_empty(dir.path()));
  }
}
