#include "tls/pinset_fragment.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "core/narrow.hpp"
#include "core/text.hpp"
#include "lib/openssl/ptr.hpp"
#include "tls/certificate.hpp"

namespace probe::tls {
namespace {

namespace ossl = lib::openssl;

// "acme.okta.com:443" -> "acme-okta-com": a valid pinset name.
std::string pinset_name(std::string_view host_port) {
  const auto host = host_port.substr(
      0, host_port.rfind(':') == std::string_view::npos ? host_port.size() : host_port.rfind(':'));
  std::string name;
  for (char ch : core::to_lower(host)) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
    name += ok ? ch : '-';
    if (name.size() == 64) break;
  }
  return name.empty() ? std::string("learned") : name;
}

std::string file_name(std::string_view common_name) {
  std::string out;
  for (char ch : common_name) {
    const bool ok =
        (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
    out += ok ? ch : '_';
    if (out.size() == 64) break;
  }
  return out.empty() ? std::string("root") : out;
}

}  // namespace

PinsetFragment pinset_fragment(const Judgement& judgement, std::string_view host_port,
                               core::SysTime now) {
  PinsetFragment out;
  const auto& ders = judgement.path_der.empty() ? judgement.chain_der : judgement.path_der;
  std::vector<core::CertFacts> path;
  for (const auto& der : ders) {
    if (auto facts = describe_certificate(der)) path.push_back(std::move(*facts));
  }
  std::string& y = out.yaml;
  y += fmt::format("# pinprobe pins learn {} at {}\n", core::escape_control(host_port, 300),
                   core::format_utc(now));
  if (judgement.intercepted) {
    out.warning = fmt::format(
        "this chain looks INTERCEPTED (re-signed by '{}'{}): do not pin it; learn the pins from "
        "a network without TLS inspection",
        core::escape_control(judgement.verdict.resigning_ca_subject, 300),
        judgement.verdict.product.empty() ? std::string() : ", " + judgement.verdict.product);
    y += "# WARNING: " + out.warning + "\n";
  } else if (!judgement.verdict.public_root) {
    y += "# note: this chain does not verify to a public root\n";
  }
  // The data through yaml-cpp's emitter (labels double-quoted and escaped); the comments
  // around it are text.
  YAML::Emitter e;
  e << YAML::BeginMap << YAML::Key << "name" << YAML::Value << pinset_name(host_port);
  e << YAML::Key << "description" << YAML::Value << YAML::DoubleQuoted
    << core::bound(
           fmt::format("learned from {} on {}", host_port, core::format_utc(now).substr(0, 10)),
           200);
  e << YAML::Key << "pins" << YAML::Value << YAML::BeginSeq;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const auto& c = path[i];
    const bool root = i + 1 == path.size() && c.self_signed && i > 0;
    const auto role = i == 0 ? core::PinRole::leaf
                      : root ? core::PinRole::root
                             : core::PinRole::intermediate;
    std::string label = c.common_name.empty() ? c.subject : c.common_name;
    if (i == 0) label += fmt::format(" leaf key (until {})", core::format_utc(c.not_after));
    e << YAML::BeginMap;
    e << YAML::Key << "sha256" << YAML::Value << YAML::DoubleQuoted << c.spki_pin;
    e << YAML::Key << "label" << YAML::Value << YAML::DoubleQuoted << core::bound(label, 200);
    e << YAML::Key << "role" << YAML::Value << std::string(core::to_string(role));
    if (root) {
      const auto path_name = "certs/" + file_name(c.common_name) + ".pem";
      e << YAML::Key << "cert" << YAML::Value << path_name;
      out.anchor_files.emplace_back(path_name, ossl::pem_of(c.der));
    }
    e << YAML::EndMap;
  }
  e << YAML::EndSeq << YAML::EndMap;
  y += e.c_str();
  y += "\n";
  if (out.anchor_files.empty()) {
    y += "# no root certificate on the path: add the anchor's `cert:` by hand\n";
  }
  return out;
}

}  // namespace probe::tls
