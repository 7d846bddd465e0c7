// Fuzz target: the configuration loaders. The first byte picks one, the rest is the file:
//   0 parse_domains + build_plan, 1 parse_pinset + load_pinsets (with the test root as the
//   anchor file "root.pem"), 2 load_config through a temporary domains.yaml on disk (the path
//   `--domains FILE` takes), 3 parse_inspection_products + match_inspection_product,
//   4 parse_signatures (the explain signature file).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "config/defaults.hpp"
#include "config/domains.hpp"
#include "config/file_source.hpp"
#include "config/inspection_products.hpp"
#include "config/pinset.hpp"
#include "config/signatures.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace probe;

void domains(std::string_view text) {
  static const std::set<std::string, std::less<>> pinsets{"okta", "test"};
  auto parsed = config::parse_domains(text, "fuzz.yaml", pinsets);
  if (!parsed) return;
  for (const auto& url : parsed->revocation.urls) (void)config::classify_revocation_url(url);
  (void)config::build_plan(*parsed, {"acme", {}});
  (void)config::build_plan(*parsed, {"", {"*.okta.com", "nothing"}});
}

void pinset(std::string_view text) {
  static const std::string root_pem =
      fuzz::read_whole(std::string{PROBE_FUZZ_PKI_DIR} + "/root.pem");
  const config::MemorySource files{{{"fuzz.yaml", std::string(text)}, {"root.pem", root_pem}}};
  (void)config::parse_pinset(text, "fuzz.yaml", files);
  (void)config::load_pinsets(files);
}

void load_config(std::string_view text) {
  static const std::string path = "/tmp/pinprobe-fuzz-domains." + std::to_string(::getpid());
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
  }
  (void)config::load_config(path, std::nullopt);
  ::unlink(path.c_str());
}

void inspection_products(std::string_view text) {
  auto products = config::parse_inspection_products(text, "fuzz.yaml");
  if (!products) return;
  const std::vector<core::CertFacts> chain{fuzz::pki().leaf.facts, fuzz::pki().intermediate.facts,
                                           fuzz::pki().root.facts};
  (void)config::match_inspection_product(*products, chain);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto text = fuzz::as_text(data + 1, size - 1);
  switch (data[0] % 5) {
    case 0:
      domains(text);
      break;
    case 1:
      pinset(text);
      break;
    case 2:
      load_config(text);
      break;
    case 3:
      inspection_products(text);
      break;
    default:
      (void)config::parse_signatures(text, "fuzz.yaml");
      break;
  }
  return 0;
}
