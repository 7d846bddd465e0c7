// Fuzz target: certificate loading (PEM, DER, PKCS#7, bare base64), description, and the chain
// judge with the fixed clock, a small store (the test root) and a pinset anchored at it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "config/pinset.hpp"
#include "fuzz_support.hpp"
#include "tls/cert_store.hpp"
#include "tls/judge.hpp"

namespace {

using namespace probe;

struct Context {
  core::FixedClock clock{fuzz::fixed_now()};
  std::vector<std::string> anchors{fuzz::pki().root.der};
  std::vector<std::string> intermediates{fuzz::pki().intermediate.der};
  tls::CertStore store = tls::CertStore::from_der(anchors, intermediates, "fuzz store");
  tls::CertStore no_roots = tls::CertStore::from_der({}, {}, "no public roots");
  config::Pinset pinset;
  config::PinsetCatalog catalog;
  tls::JudgeContext judge;

  Context() {
    config::Pin pin;
    pin.sha256 = tls::spki_pin_of(fuzz::pki().root.der).value();
    pin.label = "Test Root";
    pin.role = core::PinRole::root;
    pin.cert_path = "root.pem";
    pin.anchor_der = fuzz::pki().root.der;
    pinset.name = "test";
    pinset.source = "fuzz";
    pinset.pins.push_back(pin);
    catalog.pinsets.push_back(pinset);
    judge.pinset = &catalog.pinsets.front();
    judge.catalog = &catalog;
    judge.system_store = &store;
    judge.public_roots = &no_roots;
    judge.clock = &clock;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Context context;
  const auto bytes = fuzz::as_text(data, size);
  auto ders = tls::load_certificates(bytes, "fuzz");
  if (!ders) return 0;
  for (const std::string& der : *ders) {
    if (auto facts = tls::describe_certificate(der)) (void)tls::spki_pin_of(der);
  }
  // The loaded chain as presented, and the raw input as a one-certificate chain (a server
  // sends whatever it likes as DER).
  const auto judged = tls::judge_chain(*ders, "leaf.test", context.judge);
  (void)tls::issuer_fetch_urls(*ders, "test", context.judge);
  const std::vector<std::string> raw{std::string(bytes)};
  (void)tls::judge_chain(raw, "leaf.test", context.judge);
  if (!ders->empty()) {
    (void)tls::issuer_from_answer(bytes, "http://ca.test/int.crt", ders->front());
    (void)tls::describe_trust(*ders, context.catalog, context.clock);
  }
  return 0;
}
