#include "explain/matcher.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "config/signatures.hpp"
#include "explain/log_text.hpp"

#ifndef _WIN32
#include <sys/wait.h>
#endif

using namespace probe;
using namespace probe::explain;

namespace {

const std::vector<config::Signature>& signatures() {
  static const auto sigs = config::default_signatures().value();
  return sigs;
}

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(PROBE_SOURCE_DIR) + "/tests/fixtures/logs/" + name,
                   std::ios::binary);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// signature id -> count found in the fixture `name`.
std::map<std::string, std::size_t> found_in(const std::string& name,
                                            std::vector<SignatureMatch>* keep = nullptr) {
  auto decoded = decode_log(read_fixture(name), name);
  REQUIRE(decoded);
  const Matcher matcher(signatures());
  auto matches = matcher.match(split_records(decoded->text));
  std::map<std::string, std::size_t> out;
  for (const auto& m : matches) out[m.signature->id] = m.count;
  if (keep) *keep = std::move(matches);
  return out;
}

int run_binary(const std::string& args) {
  const auto cmd = std::string(PROBE_BINARY) + " " + args + " >/dev/null 2>&1";
  const int status = std::system(cmd.c_str());
#ifdef _WIN32
  return status;
#else
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
#endif
}

// Streams `bytes` through LogDecoder, RecordSplitter and MatchScan in chunks of `chunk` bytes.
std::vector<SignatureMatch> stream_matches(std::string_view bytes, std::size_t chunk,
                                           std::size_t* records = nullptr) {
  const Matcher matcher(signatures());
  MatchScan scan(matcher);
  LogDecoder decoder("x.log");
  RecordSplitter splitter([&](LogRecord&& r) { scan.add(r); });
  std::string text;
  for (std::size_t at = 0; at < bytes.size(); at += chunk) {
    text.clear();
    REQUIRE(decoder.feed(bytes.substr(at, chunk), text));
    splitter.feed(text);
  }
  text.clear();
  REQUIRE(decoder.finish(text));
  splitter.feed(text);
  splitter.finish();
  if (records) *records = splitter.records();
  return scan.finish();
}

// A comparable summary: id, count, timestamps, shown lines and captures of each match.
std::vector<std::string> summary(const std::vector<SignatureMatch>& matches) {
  std::vector<std::string> out;
  for (const auto& m : matches) {
    std::string s = m.signature->id + " " + std::to_string(m.count) + " " + m.first_timestamp +
                    " " + m.last_timestamp;
    for (const auto& l : m.lines) s += " | " + std::to_string(l.line) + ": " + l.text;
    for (const auto& [k, v] : m.captures) s += " {" + k + "=" + v + "}";
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

TEST_SUITE("explain") {
  TEST_CASE("matcher: a log streamed in chunks of any size matches exactly as read whole") {
    for (const char* name : {"okta-verify-pinning.log", "okta-verify-revocation.log",
                             "okta-verify-tpm.log", "okta-verify-tpm-utf16le-bom.log",
                             "event-viewer-scep-crlf.txt", "event-viewer-scep-utf16le-nobom.txt",
                             "event-viewer-scep.xml", "pasted-wrapped.txt", "noise-only.log"}) {
      CAPTURE(name);
      const auto bytes = read_fixture(name);
      std::vector<SignatureMatch> whole;
      found_in(name, &whole);
      const auto expected = summary(whole);
      const auto whole_records = split_records(decode_log(bytes, name)->text).size();
      for (std::size_t chunk : {1UL, 2UL, 3UL, 7UL, 64UL, 4095UL, 4096UL, 65536UL}) {
        CAPTURE(chunk);
        std::size_t records = 0;
        CHECK(summary(stream_matches(bytes, chunk, &records)) == expected);
        CHECK(records == whole_records);
      }
    }
  }

  TEST_CASE("matcher: logs past the lookahead stream like whole text (lines and XML)") {
    for (const char* name : {"okta-verify-pinning.log", "event-viewer-scep.xml"}) {
      CAPTURE(name);
      const auto one = read_fixture(name);
      std::string big;
      while (big.size() < k_lookahead_bytes + k_lookahead_bytes / 2) big += one;
      const Matcher matcher(signatures());
      const auto whole = summary(matcher.match(split_records(decode_log(big, name)->text)));
      REQUIRE_FALSE(whole.empty());
      for (std::size_t chunk : {4093UL, 65536UL, 1UL << 20}) {
        CAPTURE(chunk);
        CHECK(summary(stream_matches(big, chunk)) == whole);
      }
    }
  }

  TEST_CASE("matcher: every message quoted by the four articles matches a signature") {
    const std::vector<std::string> seed_messages{
        "[CertificatePinningValidator.ValidateConnection]: Certificate domain "
        ".oktapreview.com/.okta.com did not match pinned keys/certs, validation failed.",
        "Could not establish trust relationship for the SSL/TLS secure channel.",
        "The sign-in URL is not secure",
        "Generic enrollment error",
        "RevocationStatusUnknown: The revocation function was unable to check revocation for "
        "the certificate.",
        "X509ChainValidator.ValidateCertificateChain: Cert chain validation for CN=*.okta.com "
        "failed.",
        "[CertificatePinningValidator.ValidateConnection]: Cannot validate certificate chain, "
        "validation failed.",
        "Something went wrong. Please try again.",
        "Exception: An error occurred while sending the request.",
        "SCEP: Certificate enroll failed. Result: (The hash value is not correct.).",
        "SCEP: Failed LogError Message : (SCEPInstallCertificateWithScepHelper:Failed to "
        "Initialize SCEP enrollment with NDES Server 'https://<OktaSubDomain>.okta.com/<SCEP "
        "URL>/pkiclient.exe', CA cert thumbprint  12345678910abcdefghijk1a2b3)",
        "Failed call to native method CreateSilentKeyPair, HResult: 0x80290407.",
        "Failed to finalize key: An unexpected internal error has occurred in the Platform "
        "Crypto Provider. [0x80290407]"};
    const Matcher matcher(signatures());
    for (const auto& message : seed_messages) {
      CAPTURE(message);
      LogRecord record;
      record.line = 1;
      record.text = message;
      CHECK(matcher.match({record}).size() >= 1);
    }
  }

  TEST_CASE("matcher: the pinning log yields pinning, trust, sign-in URL and generic errors") {
    std::vector<SignatureMatch> matches;
    const auto found = found_in("okta-verify-pinning.log", &matches);
    CHECK(found == std::map<std::string, std::size_t>{{"tls-pinning-mismatch", 2},
                                                      {"tls-trust-relationship", 1},
                                                      {"signin-url-not-secure", 1},
                                                      {"generic-enrollment-error", 1}});
    REQUIRE(matches.size() == 4);
    CHECK(matches[0].first_timestamp == "2024-03-11 08:14:10.402 -05:00");
    CHECK(matches[0].last_timestamp == "2024-03-11 08:14:31.544 -05:00");
    CHECK(matches[0].lines[0].line == 4);
  }

  TEST_CASE("matcher: the revocation log names revocation, chain and banner signatures") {
    CHECK(found_in("okta-verify-revocation.log") ==
          std::map<std::string, std::size_t>{{"revocation-status-unknown", 1},
                                             {"cert-chain-validation-failed", 1},
                                             {"cannot-validate-chain", 1},
                                             {"tls-trust-relationship", 1},
                                             {"something-went-wrong", 1}});
  }

  TEST_CASE("matcher: the TPM log matches the same in UTF-8 and UTF-16LE with BOM") {
    const std::map<std::string, std::size_t> expected{{"tpm-create-silent-key-pair", 2},
                                                      {"tpm-platform-crypto-provider", 1}};
    CHECK(found_in("okta-verify-tpm.log") == expected);
    CHECK(found_in("okta-verify-tpm-utf16le-bom.log") == expected);
  }

  TEST_CASE("matcher: Event Viewer exports (CRLF text, UTF-16LE text, XML) find both SCEP errors") {
    const std::map<std::string, std::size_t> text_expected{{"scep-hash-not-correct", 1},
                                                           {"scep-init-failed", 1}};
    CHECK(found_in("event-viewer-scep-crlf.txt") == text_expected);
    CHECK(found_in("event-viewer-scep-utf16le-nobom.txt") == text_expected);
    std::vector<SignatureMatch> matches;
    CHECK(
        found_in("event-viewer-scep.xml", &matches) ==
        std::map<std::string, std::size_t>{{"scep-init-failed", 2}, {"scep-hash-not-correct", 1}});
    REQUIRE_FALSE(matches.empty());
    const auto& init = matches[1].signature->id == "scep-init-failed" ? matches[1] : matches[0];
    CHECK(init.captures.at("url") ==
          "https://acme.okta.com/pki/0123456789abcdef0123456789abcdef01234567/scep/AbCdEf/"
          "pkiclient.exe");
    CHECK(init.captures.at("thumbprint") == "9A1F3C2B7D4E5F60718293A4B5C6D7E8F9012345");
    CHECK(init.first_timestamp == "2024-02-07T15:12:45.5170000Z");
  }

  TEST_CASE("matcher: messages wrapped over lines, even mid-word, are still recognised") {
    CHECK(found_in("pasted-wrapped.txt") ==
          std::map<std::string, std::size_t>{{"revocation-status-unknown", 1},
                                             {"cannot-validate-chain", 1}});
  }

  TEST_CASE("matcher: a log of ordinary noise matches nothing") {
    CHECK(found_in("noise-only.log").empty());
  }

  TEST_CASE("build_check_commands: fills captures, dedups, and skips what it cannot fill") {
    std::vector<SignatureMatch> matches;
    found_in("event-viewer-scep.xml", &matches);
    const auto more = found_in("okta-verify-pinning.log", &matches);
    (void)more;
    std::vector<SignatureMatch> all;
    found_in("event-viewer-scep.xml", &all);
    for (auto& m : matches) all.push_back(std::move(m));
    const auto commands = build_check_commands(all);
    REQUIRE(commands.size() == 3);
    CHECK(commands[0].args ==
          std::vector<std::string>{"scep", "{url}", "--trusted-ca", "{trusted_ca_file}"});
    CHECK(commands[0].skipped == "needs {url}, which the log does not show");
    CHECK(commands[1].args ==
          std::vector<std::string>{"scep",
                                   "https://acme.okta.com/pki/0123456789abcdef0123456789abcdef"
                                   "01234567/scep/AbCdEf/pkiclient.exe",
                                   "--thumbprint", "9A1F3C2B7D4E5F60718293A4B5C6D7E8F9012345"});
    CHECK(commands[1].skipped.empty());
    CHECK(commands[2].args == std::vector<std::string>{"check"});
  }

  TEST_CASE("build_check_commands: a captured value with shell or option characters is refused") {
    const Matcher matcher(signatures());
    LogRecord record;
    record.line = 1;
    record.text =
        "Failed to Initialize SCEP enrollment with NDES Server '--output=/etc/x;rm', CA cert "
        "thumbprint AB";
    auto matches = matcher.match({record});
    const auto commands = build_check_commands(matches);
    REQUIRE(commands.size() == 1);
    CHECK(commands[0].skipped == "the log's url is not a plain value: run it by hand");
  }

  TEST_CASE("explain command: exit 1 when something is found, 0 when not, 2 on binary input") {
    const std::string dir = std::string(PROBE_SOURCE_DIR) + "/tests/fixtures/logs/";
    CHECK(run_binary("explain " + dir + "okta-verify-tpm.log") == 1);
    CHECK(run_binary("explain --format json " + dir + "event-viewer-scep.xml") == 1);
    CHECK(run_binary("explain " + dir + "noise-only.log") == 0);
    CHECK(run_binary("explain " + std::string(PROBE_BINARY)) == 2);
    CHECK(run_binary("explain " + dir + "does-not-exist.log") == 2);
  }
}
