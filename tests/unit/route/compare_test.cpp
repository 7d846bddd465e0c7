#include "route/compare.hpp"

#include <doctest/doctest.h>

namespace probe::route {

TEST_SUITE("route") {
  TEST_CASE("compare_paths: DIRECT clean and the route intercepted is PATH_VERDICT_DIFFERS") {
    core::TargetResult device;
    device.route.source = "pac";
    device.route.used = "PROXY inspect:3128";
    device.findings = {core::make_finding(core::FindingCode::tls_intercepted, "re-signed")};
    core::TargetResult direct;
    direct.findings = {core::make_finding(core::FindingCode::tls_ok, "real chain")};
    compare_paths(device, direct);
    REQUIRE(device.compare);
    CHECK(device.compare->differs());
    CHECK(device.compare->direct_verdict == core::Severity::pass);
    CHECK(device.compare->device_verdict == core::Severity::fail);
    CHECK(device.compare->direct_codes ==
          std::vector<core::FindingCode>{core::FindingCode::tls_ok});
    REQUIRE(device.findings.size() == 2);
    const auto& f = device.findings.back();
    CHECK(f.code == core::FindingCode::path_verdict_differs);
    CHECK(f.message == "DIRECT is pass, the device's route (PROXY inspect:3128) is fail");
    CHECK(f.evidence.back() ==
          std::pair<std::string, std::string>{"device_findings", "TLS_INTERCEPTED"});
  }

  TEST_CASE("compare_paths: the same verdict adds nothing; revocation findings are not compared") {
    core::TargetResult device;
    device.route.used = "DIRECT";
    device.findings = {core::make_finding(core::FindingCode::tls_ok, "ok"),
                       core::make_finding(core::FindingCode::revocation_unreachable, "crl")};
    core::TargetResult direct;
    direct.findings = {core::make_finding(core::FindingCode::tls_ok, "ok")};
    CHECK(path_verdict(device) == core::Severity::pass);
    compare_paths(device, direct);
    REQUIRE(device.compare);
    CHECK_FALSE(device.compare->differs());
    CHECK(device.findings.size() == 2);
  }
}

}  // namespace probe::route
