// Shared by the libFuzzer targets: the fixed test PKI (tests/fuzz/pki/, loaded once from
// PROBE_FUZZ_PKI_DIR) and the fixed clock, so that every run of a target, and every replay of a
// regression input, sees the same certificates and the same "now".
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "core/cert_facts.hpp"
#include "core/clock.hpp"
#include "tls/certificate.hpp"

#ifndef PROBE_FUZZ_PKI_DIR
#error "PROBE_FUZZ_PKI_DIR must name tests/fuzz/pki"
#endif

namespace probe::fuzz {

// 2026-11-23T12:00:00Z, inside every test certificate's validity (the seeds' "now").
inline core::SysTime fixed_now() {
  return core::SysTime{std::chrono::sys_days{std::chrono::year{2026} / 11 / 23}} +
         std::chrono::hours{12};
}

[[noreturn]] inline void die(const std::string& what) {
  std::fprintf(stderr, "fuzz setup: %s\n", what.c_str());
  std::abort();
}

inline std::string read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) die("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

struct PkiCert {
  std::string der;
  core::CertFacts facts;
};

inline PkiCert load_pki_cert(const std::string& name) {
  const std::string path = std::string{PROBE_FUZZ_PKI_DIR} + "/" + name;
  auto ders = tls::load_certificates(read_whole(path), path);
  if (!ders || ders->size() != 1) die(path + ": not one certificate");
  auto facts = tls::describe_certificate(ders->front());
  if (!facts) die(path + ": " + facts.error().message);
  return {ders->front(), *facts};
}

// root -> intermediate -> leaf ("leaf.test", serial 0x1234), as tests/unit/revocation's Pki.
struct Pki {
  PkiCert root = load_pki_cert("root.pem");
  PkiCert intermediate = load_pki_cert("intermediate.pem");
  PkiCert leaf = load_pki_cert("leaf.pem");
};

inline const Pki& pki() {
  static const Pki loaded;
  return loaded;
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace probe::fuzz
