// The embedded defaults (domains.yaml, pins/) and the plan built from them.
#include "config/defaults.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "config/domains.hpp"
#include "config/file_source.hpp"
#include "core/embedded.hpp"

using probe::config::build_plan;
using probe::config::load_config;
using probe::config::PlanOptions;
using probe::core::ErrorKind;

namespace {

namespace fs = std::filesystem;

// The 15 allowlist patterns of SPEC §2.
const std::set<std::string> k_spec_allowlists{
    "*.okta.com",
    "*.mtls.okta.com",
    "*.oktapreview.com",
    "*.mtls.oktapreview.com",
    "*.oktacdn.com",
    "*.okta-emea.com",
    "*.mtls.okta-emea.com",
    "*.kerberos.okta.com",
    "*.kerberos.okta-emea.com",
    "*.kerberos.oktapreview.com",
    "*.okta-gov.com",
    "*.mtls.okta-gov.com",
    "*.okta.mil",
    "*.mtls.okta.mil",
    "*.mapbox.com",
};

probe::config::LoadedConfig defaults() {
  auto loaded = load_config(std::nullopt, std::nullopt);
  REQUIRE_MESSAGE(loaded.has_value(), (loaded ? "" : loaded.error().message));
  return std::move(*loaded);
}

std::string read_repo_file(const fs::path& path) {
  auto bytes = probe::config::read_file(path.string());
  REQUIRE_MESSAGE(bytes.has_value(), "cannot read " << path.string());
  return std::move(*bytes);
}

bool has_target(const probe::core::Plan& plan, std::string_view host) {
  return std::any_of(plan.targets.begin(), plan.targets.end(),
                     [host](const probe::core::Target& t) { return t.host == host; });
}

}  // namespace

TEST_SUITE("config") {
  TEST_CASE("defaults: the embedded domains.yaml and pins load without error") {
    const auto config = defaults();
    CHECK(config.domains.source == "<built-in>/domains.yaml");
    REQUIRE(config.pinsets.find("okta") != nullptr);
    CHECK(config.pinsets.find("okta")->source == "<built-in>/pins/okta.yaml");
  }

  TEST_CASE("defaults: 15 groups cover exactly the 15 allowlist patterns of SPEC section 2") {
    const auto config = defaults();
    CHECK(config.domains.groups.size() == 15);
    std::set<std::string> allowlists;
    std::set<std::string> names;
    for (const auto& g : config.domains.groups) {
      allowlists.insert(g.allowlist);
      names.insert(g.name);
      INFO("group " << g.name);
      CHECK(std::any_of(g.hosts.begin(), g.hosts.end(),
                        [](const std::string& h) { return !h.empty(); }));
    }
    CHECK(allowlists == k_spec_allowlists);
    CHECK(names.size() == 15);
  }

  TEST_CASE("defaults: mTLS groups expect a client certificate request and no other group does") {
    for (const auto& g : defaults().domains.groups) {
      INFO("group " << g.name);
      CHECK(g.expect_client_cert_request == (g.allowlist.find(".mtls.") != std::string::npos));
    }
  }

  TEST_CASE("defaults: groups without a public chain use pins none, the others the okta pinset") {
    const std::set<std::string> unpinned{"*.okta-gov.com", "*.mtls.okta-gov.com", "*.okta.mil",
                                         "*.mtls.okta.mil", "*.mapbox.com"};
    for (const auto& g : defaults().domains.groups) {
      INFO("group " << g.name);
      CHECK(g.pins ==
            (unpinned.contains(g.allowlist) ? std::nullopt : std::optional<std::string>("okta")));
    }
  }

  TEST_CASE("defaults: the revocation section lists Okta's port-80 hosts") {
    const auto config = defaults();
    const auto& urls = config.domains.revocation.urls;
    CHECK(config.domains.revocation.from_chain);
    CHECK(std::find(urls.begin(), urls.end(), "http://ocsp.digicert.com") != urls.end());
    const auto on_host = [&urls](std::string_view host) {
      return std::any_of(urls.begin(), urls.end(), [host](const std::string& u) {
        return u.starts_with("http://" + std::string(host) + "/");
      });
    };
    CHECK(on_host("crl3.digicert.com"));
    CHECK(on_host("crl4.digicert.com"));
    const auto& ca = config.domains.revocation.ca_issuers;
    CHECK(std::all_of(ca.begin(), ca.end(), [](const std::string& u) {
      return u.starts_with("http://cacerts.digicert.com/");
    }));
    CHECK_FALSE(ca.empty());
  }

  TEST_CASE("defaults: the okta pinset anchors the three DigiCert roots") {
    const auto config = defaults();
    const auto* okta = config.pinsets.find("okta");
    REQUIRE(okta != nullptr);
    CHECK(okta->anchors().size() == 3);
    std::set<std::string> anchored;
    for (const auto& pin : okta->pins) {
      if (!pin.anchor_der.empty()) anchored.insert(pin.label);
    }
    CHECK(anchored == std::set<std::string>{"DigiCert Global Root G2", "DigiCert Global Root CA",
                                            "DigiCert High Assurance EV Root CA"});
    REQUIRE(okta->find_pin("rrV6CLCCvqnk89gWibYT0JO6fNQ8cCit7GGoiVTjCOg=") != nullptr);
    CHECK(okta->find_pin("rrV6CLCCvqnk89gWibYT0JO6fNQ8cCit7GGoiVTjCOg=")->role ==
          probe::core::PinRole::leaf);
  }

  TEST_CASE("defaults: the embedded bytes equal the repository's files") {
    const fs::path root{PROBE_SOURCE_DIR};
    // What probe/CMakeLists.txt embeds: domains.yaml, pins/**/*.yaml|pem, data/**/*.yaml.
    std::set<std::string> on_disk{"domains.yaml"};
    const std::pair<fs::path, std::set<std::string>> trees[] = {{root / "pins", {".yaml", ".pem"}},
                                                                {root / "data", {".yaml"}}};
    for (const auto& [dir, extensions] : trees) {
      if (!fs::is_directory(dir)) continue;
      for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.is_regular_file() && extensions.contains(entry.path().extension().string())) {
          on_disk.insert(fs::relative(entry.path(), root).generic_string());
        }
      }
    }
    CHECK(on_disk.contains("pins/okta.yaml"));
    CHECK(on_disk.contains("pins/certs/DigiCert_Global_Root_G2.pem"));
    std::set<std::string> embedded_paths;
    for (const auto& file : probe::core::embedded_files()) {
      embedded_paths.insert(std::string(file.path));
    }
    for (const auto& path : on_disk) {
      INFO("file " << path);
      CHECK(embedded_paths.contains(path));
      const auto bytes = probe::core::embedded_file(path);
      REQUIRE(bytes.has_value());
      CHECK(*bytes == read_repo_file(root / path));
    }
    CHECK(embedded_paths == on_disk);  // nothing embedded that is not in the repository
  }

  TEST_CASE("defaults: embedded_files is sorted and embedded_file misses unknown paths") {
    const auto files = probe::core::embedded_files();
    CHECK(std::is_sorted(files.begin(), files.end(),
                         [](const auto& a, const auto& b) { return a.path < b.path; }));
    CHECK_FALSE(probe::core::embedded_file("pins/nope.yaml").has_value());
    CHECK_FALSE(probe::core::embedded_file("").has_value());
  }

  TEST_CASE("plan: without an org the {org} hosts are skipped and listed, fixed hosts probed") {
    const auto config = defaults();
    auto plan = build_plan(config.domains, PlanOptions{});
    REQUIRE(plan.has_value());
    CHECK(has_target(*plan, "login.okta.com"));
    CHECK(has_target(*plan, "global.oktacdn.com"));
    CHECK(has_target(*plan, "api.mapbox.com"));
    for (const auto& t : plan->targets) CHECK(t.host.find('{') == std::string::npos);
    // Every {org} host of every group is accounted for in `skipped`.
    std::size_t org_hosts = 0;
    for (const auto& g : config.domains.groups) {
      for (const auto& h : g.hosts) org_hosts += h.starts_with("{org}") ? 1u : 0u;
    }
    CHECK(org_hosts == 13);
    CHECK(plan->skipped.size() == org_hosts);
    for (const auto& s : plan->skipped) {
      INFO("host " << s.host);
      CHECK(s.host.starts_with("{org}."));
      CHECK(!s.group.empty());
      CHECK(!s.allowlist.empty());
      CHECK(s.reason == "org-specific host not probed: give --org NAME or set PINPROBE_ORG");
    }
    CHECK(plan->targets.size() + plan->skipped.size() == [&] {
      std::size_t n = 0;
      for (const auto& g : config.domains.groups) n += g.hosts.size() * g.ports.size();
      return n;
    }());
  }

  TEST_CASE("plan: with an org every {org} host becomes a target and nothing is skipped") {
    const auto config = defaults();
    auto plan = build_plan(config.domains, PlanOptions{"Acme", {}});
    REQUIRE(plan.has_value());
    CHECK(plan->skipped.empty());
    CHECK(has_target(*plan, "acme.okta.com"));
    CHECK(has_target(*plan, "acme.mtls.okta.com"));
    CHECK(has_target(*plan, "acme.kerberos.oktapreview.com"));
    CHECK(has_target(*plan, "login.okta.com"));
    const auto it = std::find_if(plan->targets.begin(), plan->targets.end(),
                                 [](const auto& t) { return t.host == "acme.mtls.okta.com"; });
    REQUIRE(it != plan->targets.end());
    CHECK(it->group == "okta-mtls");
    CHECK(it->allowlist == "*.mtls.okta.com");
    CHECK(it->pinset == "okta");
    CHECK(it->port == 443);
    CHECK(it->expect_client_cert_request);
    CHECK(plan->revocation_from_chain);
  }

  TEST_CASE("plan: static revocation URLs are classified, caIssuers kept as informational") {
    auto plan = build_plan(defaults().domains, PlanOptions{"acme", {}});
    REQUIRE(plan.has_value());
    std::size_t crl = 0;
    std::size_t ocsp = 0;
    std::size_t ca = 0;
    for (const auto& u : plan->revocation_urls) {
      CHECK(u.source == probe::core::UrlSource::config);
      switch (u.kind) {
        case probe::core::RevocationKind::crl:
          ++crl;
          CHECK(u.url.ends_with(".crl"));
          break;
        case probe::core::RevocationKind::ocsp:
          ++ocsp;
          break;
        case probe::core::RevocationKind::ca_issuers:
          ++ca;
          break;
      }
    }
    CHECK(ocsp == 1);
    CHECK(crl >= 4);
    CHECK(ca >= 1);
  }

  TEST_CASE("plan: --only globs select by host, group or allowlist") {
    const auto config = defaults();
    auto by_host = build_plan(config.domains, PlanOptions{"acme", {"login.*"}});
    REQUIRE(by_host.has_value());
    REQUIRE(by_host->targets.size() == 1);
    CHECK(by_host->targets[0].host == "login.okta.com");

    auto by_group = build_plan(config.domains, PlanOptions{"acme", {"okta-mtls"}});
    REQUIRE(by_group.has_value());
    REQUIRE(by_group->targets.size() == 1);
    CHECK(by_group->targets[0].host == "acme.mtls.okta.com");

    auto by_allowlist = build_plan(config.domains, PlanOptions{"acme", {"*.oktacdn.com"}});
    REQUIRE(by_allowlist.has_value());
    CHECK(by_allowlist->targets.size() == 3);

    auto two = build_plan(config.domains, PlanOptions{"acme", {"mapbox", "okta-mil-*"}});
    REQUIRE(two.has_value());
    CHECK(two->targets.size() == 3);  // api.mapbox.com, acme.okta.mil, acme.mtls.okta.mil
  }

  TEST_CASE("plan: --only without an org still lists the selected {org} hosts as skipped") {
    auto plan = build_plan(defaults().domains, PlanOptions{"", {"okta-mtls"}});
    REQUIRE(plan.has_value());
    CHECK(plan->targets.empty());
    REQUIRE(plan->skipped.size() == 1);
    CHECK(plan->skipped[0].host == "{org}.mtls.okta.com");
    CHECK(plan->skipped[0].group == "okta-mtls");
  }

  TEST_CASE("plan: --only matching nothing is a usage error naming the globs and the file") {
    auto plan = build_plan(defaults().domains, PlanOptions{"acme", {"nothing*", "*.example"}});
    REQUIRE_FALSE(plan.has_value());
    CHECK(plan.error().kind == ErrorKind::usage);
    CHECK(plan.error().message ==
          "--only nothing*, *.example matches no host, group or allowlist in "
          "<built-in>/domains.yaml");
  }

  TEST_CASE("plan: an --org that is not one DNS label is a usage error") {
    const auto config = defaults();
    for (const std::string bad : {"acme.okta.com", "ac me", "-acme", "acme-", "a/b", "{org}"}) {
      INFO("org " << bad);
      auto plan = build_plan(config.domains, PlanOptions{bad, {}});
      REQUIRE_FALSE(plan.has_value());
      CHECK(plan.error().kind == ErrorKind::usage);
      CHECK(plan.error().message == "--org '" + bad +
                                        "' is not a valid DNS label (the subdomain only, e.g. "
                                        "'acme' for acme.okta.com)");
    }
    auto escaped = build_plan(config.domains, PlanOptions{"a\x1b", {}});
    REQUIRE_FALSE(escaped.has_value());
    CHECK(escaped.error().message ==
          "--org 'a\\x1B' is not a valid DNS label (the subdomain only, e.g. 'acme' for "
          "acme.okta.com)");
  }

  TEST_CASE("plan: several ports expand into one target per port") {
    auto parsed = probe::config::parse_domains(
        "version: 1\ngroups:\n  - name: g\n    allowlist: '*.example.com'\n    pins: none\n"
        "    ports: [443, 8443]\n    hosts: [a.example.com, '{org}.example.com']\n",
        "d.yaml", {});
    REQUIRE(parsed.has_value());
    auto plan = build_plan(*parsed, PlanOptions{"x", {}});
    REQUIRE(plan.has_value());
    REQUIRE(plan->targets.size() == 4);
    CHECK(plan->targets[0].port == 443);
    CHECK(plan->targets[1].port == 8443);
    CHECK(plan->targets[3].host == "x.example.com");
  }

  TEST_CASE("load_config: a --domains file on disk is named in its errors") {
    const auto dir = fs::temp_directory_path() / "pinprobe-config-test";
    fs::create_directories(dir);
    const auto file = dir / "domains.yaml";
    {
      std::ofstream out(file, std::ios::binary | std::ios::trunc);
      out << "version: 1\ngroups:\n  - name: a\n    allowlist: '*.okta.com'\n    pinz: okta\n";
    }
    auto r = load_config(file.string(), std::nullopt);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == ErrorKind::config);
    CHECK(r.error().message ==
          file.string() + ":5:5: unknown key 'pinz' in group (did you mean 'pins'?)");

    auto missing = load_config((dir / "absent.yaml").string(), std::nullopt);
    REQUIRE_FALSE(missing.has_value());
    CHECK(missing.error().kind == ErrorKind::io);
    CHECK(missing.error().message ==
          (dir / "absent.yaml").string() + ": cannot open: No such file or directory");

    auto is_dir = load_config(dir.string(), std::nullopt);
    REQUIRE_FALSE(is_dir.has_value());
    CHECK(is_dir.error().message == dir.string() + ": is a directory");
    fs::remove_all(dir);
  }

  TEST_CASE("load_config: --pins DIR reads pinsets from disk and an empty dir is refused") {
    const auto dir = fs::temp_directory_path() / "pinprobe-pins-test";
    fs::remove_all(dir);
    fs::create_directories(dir);
    auto empty = probe::config::load_pinset_catalog(dir.string());
    REQUIRE_FALSE(empty.has_value());
    // The folder as the platform spells it, with its trailing separator ('\\' on Windows).
    CHECK(empty.error().message == (dir / "").string() + ": no pinset (*.yaml) found");

    auto repo = probe::config::load_pinset_catalog(std::string(PROBE_SOURCE_DIR) + "/pins");
    REQUIRE_MESSAGE(repo.has_value(), (repo ? "" : repo.error().message));
    CHECK(repo->find("okta") != nullptr);
    CHECK(repo->find("okta")->anchors().size() == 3);
    fs::remove_all(dir);
  }
}
