// The pinprobe binary as users run it: exit codes (SPEC §1), what goes to stdout and stderr,
// and atomic --output. Each case runs PROBE_BINARY as a subprocess with a bounded wait.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
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

// Runs pinprobe with `args` in the repository root (so tests/fixtures/... paths resolve as in the
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

const std::string k_okta_2026 = "tests/fixtures/okta-pki/okta.com-2026.pem";

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
    CHECK(contains(r.out, "tests/fixtures/okta-pki/okta.com-2026.pem [1/3] *.okta.com\n"));
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
    const auto two = run({"cert", k_okta_2026, "tests/fixtures/okta-pki/oktacdn.com.pem"});
    CHECK(two.exit_code == 0);
    CHECK(contains(two.out, "oktacdn.com.pem [1/3] *.oktacdn.com\n"));
    const auto piped = run({"cert", "-"}, std::string(PROBE_OKTA_PKI_DIR) + "/okta.com.pem");
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
    CHECK(resolve.err ==
          "pinprobe: --resolve 'login.okta.com:443': missing ':' (expected "
          "HOST:PORT:ADDR[,ADDR]...)\n");
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
    CHECK(r.err == "pinprobe: --output '" + target.string() + "': directory '" +
                       target.parent_path().string() + "' does not exist\n");
    CHECK(fs::is_empty(dir.path()));
  }
}

// Issue 11 items 7-8 and issue 14 items 3-4: command-line conventions, the exit-status rule,
// option validation before anything runs, and no secret in any output.
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/validate.hpp"

namespace {

// A loopback-only plan: one .invalid host pinned to 127.0.0.1 port 1 (refused).
std::string lab_domains(const TempDir& dir) {
  return dir.file("domains.yaml",
                  "version: 1\ngroups:\n  - name: lab\n    allowlist: '*.pinprobe.invalid'\n"
                  "    pins: none\n    ports: [1]\n    hosts: [a.pinprobe.invalid]\n"
                  "revocation:\n  from_chain: false\n  urls: []\n");
}

// The message of a failed to_settings for `args`, or "ok".
std::string settings_error(const probe::cli::NetworkArgs& args) {
  auto s = probe::cli::to_settings(args);
  return s ? std::string("ok") : s.error().message;
}

}  // namespace

TEST_SUITE("cli") {
  TEST_CASE("cli: a single-value option given twice takes the last value, like curl") {
    const auto format = run({"cert", "--format", "json", "--format", "text", k_okta_2026});
    CHECK(format.exit_code == 0);
    CHECK(format.out.starts_with(k_okta_2026 + " [1/3] *.okta.com\n"));
    // The first --timeout is invalid; only the last one counts.
    const TempDir dir("take-last");
    const auto lab = lab_domains(dir);
    const auto timeout =
        run({"check", "--domains", lab, "--resolve", "a.pinprobe.invalid:1:127.0.0.1", "--no-proxy",
             "--timeout", "0s", "--timeout", "2s", "--deadline", "5s", "--strict", "--strict",
             "--format", "json", "--format", "json"});
    CHECK(timeout.exit_code == 1);
    CHECK(nlohmann::json::parse(timeout.out)["targets"][0]["findings"][0]["code"] == "TCP_REFUSED");
  }

  TEST_CASE("cli: repeatable options keep every value while single ones take the last") {
    CLI::App app;
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    probe::cli::NetworkArgs args;
    probe::cli::add_network_options(app, args);
    std::vector<std::string> words{"--timeout",    "1s",         "--resolve", "a:1:127.0.0.1",
                                   "--timeout",    "3s",         "--resolve", "b:2:127.0.0.2",
                                   "--dns-server", "1.1.1.1",    "--proxy",   "http://p1:1",
                                   "--proxy",      "http://p2:2"};
    std::reverse(words.begin(), words.end());
    REQUIRE_NOTHROW(app.parse(words));
    CHECK(args.timeout == "3s");
    CHECK(args.proxy == "http://p2:2");
    CHECK(args.resolve == std::vector<std::string>{"a:1:127.0.0.1", "b:2:127.0.0.2"});
    CHECK(args.dns_servers == std::vector<std::string>{"1.1.1.1"});
  }

  TEST_CASE("cli: --resolve takes several addresses, bracketed IPv6 and curl's '*' host") {
    using probe::cli::parse_resolve;
    const auto many = parse_resolve("Login.Okta.com:443:127.0.0.1,::1,[2001:db8::1]");
    REQUIRE(many.has_value());
    CHECK(many->host == "login.okta.com");
    CHECK(many->port == 443);
    CHECK(many->addresses == std::vector<std::string>{"127.0.0.1", "::1", "2001:db8::1"});
    const auto star = parse_resolve("*:443:10.0.0.1");
    REQUIRE(star.has_value());
    CHECK(star->host == "*");
    CHECK(star->matches("anything.example", 443));
    CHECK_FALSE(star->matches("anything.example", 80));
    const std::vector<probe::core::ResolveOverride> both{*star, *many};
    CHECK(probe::core::find_override(both, "login.okta.com", 443) == &both[1]);  // exact first
    CHECK(probe::core::find_override(both, "other.okta.com", 443) == &both[0]);
    for (const auto& [text, message] : std::vector<std::pair<std::string, std::string>>{
             {"a.com:443", "missing ':'"},
             {"a.com:0:127.0.0.1", "the port is not 1-65535"},
             {"a.com:65536:127.0.0.1", "the port is not 1-65535"},
             {"a.com:x:127.0.0.1", "the port is not 1-65535"},
             {"a_b..com:443:127.0.0.1", "the host is not a DNS name"},
             {"a.com:443:not-an-ip", "'not-an-ip' is not an IP address"},
             {"a.com:443:127.0.0.1,", "'' is not an IP address"},
             {"a.com:443:1.2.3.4.5", "'1.2.3.4.5' is not an IP address"}}) {
      INFO(text);
      const auto parsed = parse_resolve(text);
      REQUIRE_FALSE(parsed.has_value());
      CHECK(parsed.error().kind == probe::core::ErrorKind::usage);
      CHECK(parsed.error().message ==
            "--resolve '" + text + "': " + message + " (expected HOST:PORT:ADDR[,ADDR]...)");
    }
  }

  TEST_CASE("cli: network options are validated with the option and value named") {
    const TempDir dir("validate");
    const auto file = dir.file("bundle.pem", "");
    using Args = probe::cli::NetworkArgs;
    auto with = [](auto set) {
      Args a;
      set(a);
      return settings_error(a);
    };
    const std::string forms = " (expected ADDR, ADDR:PORT, IPv6 or [IPv6]:PORT)";
    for (const auto& [value, message] : std::vector<std::pair<std::string, std::string>>{
             {"127.0.0.1:53", "ok"},
             {"[::1]:5353", "ok"},
             {"::1", "ok"},
             {"127.0.0.1:0", "--dns-server '127.0.0.1:0': the port is not 1-65535"},
             {"127.0.0.1:99999", "--dns-server '127.0.0.1:99999': the port is not 1-65535"},
             {"[::1", "--dns-server '[::1': missing ']'" + forms},
             {"1.2.3.4.5", "--dns-server '1.2.3.4.5': '1.2.3.4.5' is not an IP address" + forms},
             {"", "--dns-server '': empty address" + forms},
             {"[1.2.3.4]", "--dns-server '[1.2.3.4]': brackets are for IPv6 addresses only"}}) {
      INFO(value);
      CHECK(with([&](Args& a) { a.dns_servers = {value}; }) == message);
    }
    const std::string proxy_forms =
        "; expected [http|https|socks4|socks4a|socks5|socks5h://]HOST[:PORT]";
    for (const auto& [value, message] : std::vector<std::pair<std::string, std::string>>{
             {"http://proxy.corp:3128", "ok"},
             {"proxy.corp:3128", "ok"},
             {"socks5h://127.0.0.1:1080", "ok"},
             {"socks4a://p", "ok"},
             {"ftp://x", "--proxy 'ftp://x': scheme 'ftp' is not supported" + proxy_forms},
             {"socks9://x", "--proxy 'socks9://x': scheme 'socks9' is not supported" + proxy_forms},
             {"not a url", "--proxy 'not a url': not a URL (Bad hostname)" + proxy_forms},
             {"http://", "--proxy 'http://': not a URL (No host part in the URL)" + proxy_forms},
             {"http://p:0", "--proxy 'http://p:0': the port is not 1-65535"},
             {"http://p:99999",
              "--proxy 'http://p:99999': not a URL (Port number was not a decimal number between "
              "0 and 65535)" +
                  proxy_forms},
             {"ftp://u:s3cret@x",
              "--proxy 'ftp://x/': scheme 'ftp' is not supported" + proxy_forms}}) {
      INFO(value);
      CHECK(with([&](Args& a) { a.proxy = value; }) == message);
    }
    CHECK(with([](Args& a) { a.proxy_user = "nocolon-s3cret"; }) ==
          "--proxy-user: expected USER:PASS, the value has no ':' (not shown)");
    CHECK(with([](Args& a) { a.proxy_user = "DOMAIN\\user:pass"; }) == "ok");
    CHECK(with([&](Args& a) { a.ca_file = file; }) == "ok");
    CHECK(with([&](Args& a) { a.ca_file = dir.path().string(); }) ==
          "--ca-file '" + dir.path().string() +
              "': is a directory (use --ca-path for a directory)");
    CHECK(with([&](Args& a) { a.ca_file = file + ".absent"; }) ==
          "--ca-file '" + file + ".absent': no such file");
    CHECK(with([&](Args& a) { a.ca_path = dir.path().string(); }) == "ok");
    CHECK(with([&](Args& a) { a.ca_path = file; }) ==
          "--ca-path '" + file + "': not a directory (use --ca-file for a file)");
    CHECK(with([&](Args& a) { a.ca_path = file + ".absent"; }) ==
          "--ca-path '" + file + ".absent': no such directory");
    CHECK(with([](Args& a) { a.deadline = "-1s"; }).starts_with("--deadline: invalid duration"));
    CHECK(with([](Args& a) { a.max_download = "0"; }).starts_with("--max-download: "));
  }

  TEST_CASE("cli: --push must be http(s) with a host and never shows its credentials") {
    using probe::cli::validate_push_url;
    CHECK(validate_push_url("http://127.0.0.1:9091").has_value());
    CHECK(validate_push_url("https://u:p@pg.example/base/").has_value());
    const std::string forms = "; expected http(s)://HOST[:PORT][/PATH]";
    for (const auto& [value, message] : std::vector<std::pair<std::string, std::string>>{
             {"ftp://x", "--push 'ftp://x': scheme 'ftp' is not supported" + forms},
             {"pg:9091",
              "--push 'pg:9091': not a URL (Unsupported number of slashes following scheme)" +
                  forms},
             {"http://u:s3cret@/",
              "--push 'http:///': not a URL (No host part in the URL)" + forms},
             {"socks5://u:s3cret@pg",
              "--push 'socks5://pg/': scheme 'socks5' is not supported" + forms}}) {
      INFO(value);
      const auto checked = validate_push_url(value);
      REQUIRE_FALSE(checked.has_value());
      CHECK(checked.error().message == message);
    }
  }

  TEST_CASE("cli: the --output target is checked before anything runs") {
    using probe::cli::validate_output_target;
    const TempDir dir("output-check");
    const auto existing = dir.file("report.json", "{}");
    CHECK(validate_output_target(existing).has_value());
    CHECK(validate_output_target((dir.path() / "new.json").string()).has_value());
    CHECK(validate_output_target("-").has_value());
    auto message = [](const std::string& path) {
      const auto checked = validate_output_target(path);
      return checked ? std::string("ok") : checked.error().message;
    };
    const auto missing = (dir.path() / "no-such-dir" / "out.json").string();
    CHECK(message(missing) == "--output '" + missing + "': directory '" +
                                  (dir.path() / "no-such-dir").string() + "' does not exist");
    CHECK(message(dir.path().string()) == "--output '" + dir.path().string() + "': is a directory");
    CHECK(message(existing + "/x") ==
          "--output '" + existing + "/x': '" + existing + "' is not a directory");
    CHECK(message("/dev/null") == "--output '/dev/null': exists and is not a regular file");
    const auto fifo = dir.path() / "fifo";
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    CHECK(message(fifo.string()) ==
          "--output '" + fifo.string() + "': exists and is not a regular file");
    if (geteuid() != 0) {  // root writes anywhere
      const auto ro = dir.path() / "ro";
      fs::create_directories(ro);
      fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
      CHECK(message((ro / "x").string()) == "--output '" + (ro / "x").string() + "': directory '" +
                                                ro.string() +
                                                "' is not writable: Permission denied");
      fs::permissions(ro, fs::perms::owner_all);
    }
    // Through the binary: exit 2 before probing, nothing written, for every command.
    const auto r = run({"check", "--domains", lab_domains(dir), "--no-proxy", "--resolve",
                        "a.pinprobe.invalid:1:127.0.0.1", "--output", dir.path().string()});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == "pinprobe: --output '" + dir.path().string() + "': is a directory\n");
    const auto last = run({"cert", k_okta_2026, "--output", missing, "--output", existing});
    CHECK(last.exit_code == 0);  // the last --output counts
    CHECK(slurp(existing).starts_with(k_okta_2026));
  }

  TEST_CASE("cli: help [COMMAND] and -V work") {
    const auto version = run({"-V"});
    CHECK(version.exit_code == 0);
    CHECK(version.out.starts_with("pinprobe 0.1.0\n"));
    const auto help = run({"help"});
    CHECK(help.exit_code == 0);
    CHECK(contains(help.out, "Usage: pinprobe [OPTIONS] SUBCOMMAND"));
    CHECK(contains(help.out, "explain"));
    const auto check = run({"help", "check"});
    CHECK(check.exit_code == 0);
    CHECK(contains(check.out, "Usage: pinprobe check [OPTIONS]"));
    CHECK(contains(check.out, "--proxy-user"));
    const auto learn = run({"help", "pins", "learn"});
    CHECK(learn.exit_code == 0);
    CHECK(contains(learn.out, "Usage: pinprobe pins learn [OPTIONS] host"));
    const auto unknown = run({"help", "frobnicate"});
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.out.empty());
    CHECK(unknown.err == "pinprobe: help: unknown command 'frobnicate' (see pinprobe --help)\n");
  }

  TEST_CASE("cli: every command derives its exit status from its verdict, --strict included") {
    CHECK(probe::cli::exit_status(probe::core::Severity::warn, false) == 0);
    CHECK(probe::cli::exit_status(probe::core::Severity::warn, true) == 1);
    CHECK(probe::cli::exit_status(probe::core::Severity::fail, false) == 1);
    CHECK(probe::cli::exit_status(probe::core::Severity::info, true) == 0);
    // okta.com.pem's leaf expired on 2026-02-14: a warning, so only --strict fails on it.
    const std::string expired = "tests/fixtures/okta-pki/okta.com.pem";
    CHECK(run({"cert", expired}).exit_code == 0);
    CHECK(run({"cert", "--strict", expired}).exit_code == 1);
    CHECK(run({"cert", "--strict", "--format", "json", expired}).exit_code == 1);
    CHECK(run({"pins", "show", "--strict"}).exit_code == 0);  // the anchors are valid roots
    for (const auto* command : {"scep", "explain", "device", "cert"}) {
      INFO(command);
      CHECK(contains(run({"help", command}).out, "--strict"));
    }
    CHECK(contains(run({"help", "pins", "show"}).out, "--strict"));
    CHECK(contains(run({"help", "pins", "learn"}).out, "--strict"));
    // explain: a found signature is a fail with or without --strict; nothing found passes.
    CHECK(run({"explain", "--strict", "tests/fixtures/logs/okta-verify-tpm.log"}).exit_code == 1);
    CHECK(run({"explain", "--strict", "tests/fixtures/logs/noise-only.log"}).exit_code == 0);
  }

  TEST_CASE("cli: a failed push is a warning line that states the exit status") {
    const probe::core::Error error{probe::core::ErrorKind::io,
                                   "--push http://pg:1/metrics/job/pinprobe: refused"};
    CHECK(probe::cli::push_failure_line(error, 0) ==
          "pinprobe: warning: push failed: --push http://pg:1/metrics/job/pinprobe: refused "
          "(exit status 0 follows the report's verdict)\n");
  }

  TEST_CASE("cli: explain --run-checks runs the confirming command in-process") {
    const auto json = run(
        {"explain", "--run-checks", "--format", "json", "tests/fixtures/logs/okta-verify-tpm.log"},
        "/dev/null");
    CHECK(json.exit_code == 1);
    const auto doc = nlohmann::json::parse(json.out);  // the device report went to stderr
    REQUIRE(doc["checks"].size() == 1);
    CHECK(doc["checks"][0]["args"] == nlohmann::json::array({"device"}));
    CHECK(doc["checks"][0]["exit_code"].is_number_integer());
    CHECK(contains(json.err, "TPM_"));
    const auto text = run({"explain", "--run-checks", "tests/fixtures/logs/okta-verify-tpm.log"});
    CHECK(contains(text.out, "confirming checks\n  pinprobe device: exit "));
  }

  TEST_CASE("cli: no credential of a proxy, proxy user or push URL appears in any output") {
    const TempDir dir("secrets");
    const auto lab = lab_domains(dir);
    for (const auto* format : {"text", "json", "junit", "prom", "html"}) {
      for (const bool from_env : {false, true}) {
        INFO(format << (from_env ? " proxy from HTTPS_PROXY" : " --proxy"));
        std::vector<std::string> args{"check",
                                      "--domains",
                                      lab,
                                      "--resolve",
                                      "a.pinprobe.invalid:1:127.0.0.1",
                                      "--proxy-user",
                                      "pu:s3cretU",
                                      "--push",
                                      "http://gu:s3cretG@127.0.0.1:1/",
                                      "--timeout",
                                      "2s",
                                      "--deadline",
                                      "5s",
                                      "--format",
                                      format};
        std::vector<std::string> env;
        if (from_env) {
          env.emplace_back("HTTPS_PROXY=http://eu:s3cretE@127.0.0.1:1");
        } else {
          args.insert(args.end(), {"--proxy", "http://xu:s3cretX@127.0.0.1:1"});
        }
        const auto r = run(args, "/dev/null", env);
        CHECK(r.exit_code == 1);
        CHECK_FALSE(r.out.empty());
        CHECK_FALSE(contains(r.out, "s3cret"));
        CHECK_FALSE(contains(r.err, "s3cret"));
        CHECK(contains(r.err, "push failed: --push http://127.0.0.1:1/metrics/job/pinprobe"));
        if (std::string_view(format) == "json") {
          CHECK(nlohmann::json::parse(r.out)["environment"]["proxy"] == "http://127.0.0.1:1/");
        }
      }
    }
    // A bad value is refused without echoing the secret either.
    const auto bad = run({"check", "--domains", lab, "--proxy", "ftp://u:s3cretF@x"});
    CHECK(bad.exit_code == 2);
    CHECK_FALSE(contains(bad.err, "s3cret"));
    const auto user = run({"check", "--domains", lab, "--proxy-user", "s3cretnocolon"});
    CHECK(user.exit_code == 2);
    CHECK_FALSE(contains(user.err, "s3cret"));
  }
}
