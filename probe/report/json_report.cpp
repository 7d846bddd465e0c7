#include "report/json_report.hpp"

#include <map>
#include <string>

#include "core/clock.hpp"
#include "report/actions.hpp"

namespace probe::report {

using nlohmann::json;

namespace {

// Evidence as a JSON object; a key given more than once (several "hint"s) keeps every value,
// joined with "; " in order, instead of the last one winning.
json evidence_json(const core::Evidence& evidence) {
  std::map<std::string, std::string> joined;
  for (const auto& [key, value] : evidence) {
    auto [it, inserted] = joined.try_emplace(key, value);
    if (!inserted) it->second += "; " + value;
  }
  json out = json::object();
  for (const auto& [key, value] : joined) out[key] = value;
  return out;
}

json dns_json(const core::DnsOutcome& dns) {
  json addresses = json::array();
  for (const auto& a : dns.addresses) {
    addresses.push_back({{"address", a.address}, {"family", a.family}, {"ttl", a.ttl}});
  }
  return {{"status", core::to_string(dns.status)},
          {"addresses", addresses},
          {"cname_chain", dns.cname_chain},
          {"rcode", dns.rcode},
          {"resolver", dns.resolver},
          {"elapsed_ms", dns.elapsed.count()},
          {"from_override", dns.from_override},
          {"detail", dns.detail}};
}

json tcp_json(const core::TcpOutcome& tcp, const core::ProxyOutcome& proxy) {
  json out = {{"status", core::to_string(tcp.status)},
              {"address", tcp.address},
              {"port", tcp.port},
              {"elapsed_ms", tcp.elapsed.count()},
              {"detail", tcp.detail}};
  out["proxy"] = {{"status", core::to_string(proxy.status)},
                  {"proxy", proxy.proxy},
                  {"http_status", proxy.http_status},
                  {"server", proxy.server},
                  {"via", proxy.via},
                  {"detail", proxy.detail}};
  return out;
}

json tls_json(const core::TargetResult& target) {
  const auto& tls = target.tls;
  json chain = json::array();
  for (const auto& cert : target.chain) chain.push_back(cert_json(cert));
  json out = {{"status", core::to_string(tls.status)},
              {"version", tls.version},
              {"cipher", tls.cipher},
              {"alpn", tls.alpn},
              {"client_cert_requested", tls.client_cert_requested},
              {"acceptable_ca_names", tls.acceptable_ca_names},
              {"elapsed_ms", tls.elapsed.count()},
              {"detail", tls.detail},
              {"chain", chain}};
  if (target.verdict_detail) {
    const auto& v = *target.verdict_detail;
    out["judgment"] = {
        {"anchor_verified", v.anchor_verified},
        {"system_trusted", v.system_trusted},
        {"public_root", v.public_root},
        {"hostname_ok", v.hostname_ok},
        {"matched_pin", v.matched_pin},
        {"matched_label", v.matched_label},
        {"matched_role",
         v.matched_role ? std::string(core::to_string(*v.matched_role)) : std::string()},
        {"error", v.error}};
    // The judge's details (added in v1 without renaming anything).
    json hits = json::array();
    for (const auto& hit : v.pin_matches) {
      hits.push_back({{"pin", hit.pin},
                      {"label", hit.label},
                      {"role", std::string(core::to_string(hit.role))},
                      {"subject", hit.subject}});
    }
    auto& j = out["judgment"];
    j["pin_matches"] = std::move(hits);
    j["verified_path"] = v.verified_path;
    j["anchor_subject"] = v.anchor_subject;
    j["anchor_pin"] = v.anchor_pin;
    j["resigning_ca_subject"] = v.resigning_ca_subject;
    j["resigning_ca_pin"] = v.resigning_ca_pin;
    j["product"] = v.product;
    j["hints"] = v.hints;
    j["chain_completed"] = v.chain_completed;
    j["system_store"] = v.system_store;
    j["public_roots"] = v.public_roots;
  }
  return out;
}

json http_json(const core::HttpOutcome& http) {
  return {{"attempted", http.attempted},
          {"dns", core::to_string(http.dns)},
          {"tcp", core::to_string(http.tcp)},
          {"address", http.address},
          {"status", http.status},
          {"content_type", http.content_type},
          {"server", http.server},
          {"via", http.via},
          {"size", http.size},
          {"truncated", http.truncated},
          {"through_proxy", http.through_proxy},
          {"redirects", http.redirects},
          {"elapsed_ms", http.elapsed.count()},
          {"detail", http.detail}};
}

// The action list (report::plan_actions): the consolidated rule changes and their evidence.
json actions_json(const core::RunReport& report) {
  json out = json::array();
  for (const auto& a : plan_actions(report)) {
    out.push_back({{"kind", std::string(to_string(a.kind))},
                   {"action", action_sentence(a)},
                   {"device", a.device},
                   {"proxy", a.proxy},
                   {"rules", a.rules},
                   {"targets", a.targets},
                   {"urls", a.urls},
                   {"codes", a.codes},
                   {"details", a.details}});
  }
  return out;
}

// The route a probe took (issue 17): who decided, the answer, each entry tried.
json route_json(const core::RouteInfo& route) {
  json attempts = json::array();
  for (const auto& a : route.attempts)
    attempts.push_back({{"entry", a.entry}, {"result", a.result}});
  json out = {{"source", route.source},
              {"location", route.location},
              {"answer", route.answer},
              {"used", route.used},
              {"attempts", attempts}};
  if (!route.note.empty()) out["note"] = route.note;
  return out;
}

json compare_json(const core::PathComparison& c) {
  json codes = json::array();
  for (const auto code : c.direct_codes) codes.push_back(std::string(core::spec_of(code).wire));
  return {{"direct_verdict", std::string(core::verdict_name(c.direct_verdict))},
          {"device_verdict", std::string(core::verdict_name(c.device_verdict))},
          {"device_route", c.device_route},
          {"differs", c.differs()},
          {"direct_codes", codes}};
}

json findings_json(const std::vector<core::Finding>& findings, const core::VendorProfile& vendor) {
  json out = json::array();
  for (const auto& f : findings) out.push_back(finding_json(f, vendor));
  return out;
}

}  // namespace

json cert_json(const core::CertFacts& c) {
  return {{"subject", c.subject},
          {"issuer", c.issuer},
          {"common_name", c.common_name},
          {"serial", c.serial_hex},
          {"not_before", core::format_utc(c.not_before)},
          {"not_after", core::format_utc(c.not_after)},
          {"dns_names", c.dns_names},
          {"ip_addresses", c.ip_addresses},
          {"key_type", c.key_type},
          {"key_bits", c.key_bits},
          {"curve", c.curve},
          {"signature_algorithm", c.signature_algorithm},
          {"is_ca", c.is_ca},
          {"self_signed", c.self_signed},
          {"spki_pin", c.spki_pin},
          {"sha256_fingerprint", c.sha256_fingerprint},
          {"sha1_thumbprint", c.sha1_thumbprint},
          {"sct_count", c.sct_count},
          {"crl_urls", c.crl_urls},
          {"ocsp_urls", c.ocsp_urls},
          {"ca_issuers_urls", c.ca_issuers_urls}};
}

json finding_json(const core::Finding& f) {
  return finding_json(f, core::VendorProfile::builtin());
}

json finding_json(const core::Finding& f, const core::VendorProfile& vendor) {
  json symptoms = json::array();
  for (const auto& s : vendor.symptoms(f.code)) symptoms.push_back(s);
  return {{"code", std::string(f.wire())}, {"severity", std::string(core::to_string(f.severity))},
          {"message", f.message},          {"remediation", remediation_for(f, vendor)},
          {"symptoms", symptoms},          {"evidence", evidence_json(f.evidence)}};
}

json report_json(const core::RunReport& report) {
  const auto summary = report.summary();
  json targets = json::array();
  for (const auto& t : report.targets) {
    json row = {
        {"host", t.target.host},
        {"port", t.target.port},
        {"group", t.target.group},
        {"allowlist", t.target.allowlist},
        {"pinset", t.target.pinset.value_or("none")},
        {"verdict", std::string(core::verdict_name(t.verdict()))},
        {"finished", t.finished},
        {"dns", dns_json(t.dns)},
        {"tcp", tcp_json(t.tcp, t.proxy)},
        {"tls", tls_json(t)},
        {"findings", findings_json(t.findings, core::vendor_or_builtin(t.target.vendor.get()))}};
    if (!t.route.empty()) row["route"] = route_json(t.route);
    if (t.compare) row["compare"] = compare_json(*t.compare);
    targets.push_back(std::move(row));
  }
  json skipped = json::array();
  for (const auto& s : report.skipped) {
    skipped.push_back(
        {{"host", s.host}, {"group", s.group}, {"allowlist", s.allowlist}, {"reason", s.reason}});
  }
  json revocation = json::array();
  for (const auto& r : report.revocation) {
    json row = {{"url", r.url.url},
                {"kind", std::string(core::to_string(r.url.kind))},
                {"source", std::string(core::to_string(r.url.source))},
                {"cited_by", r.url.cited_by},
                {"verdict", std::string(core::verdict_name(r.verdict()))},
                {"status", std::string(core::to_string(r.outcome.status))},
                {"this_update", r.outcome.this_update},
                {"next_update", r.outcome.next_update},
                {"http", http_json(r.outcome.http)},
                {"findings", findings_json(r.findings, report.vendor())}};
    if (!r.route.empty()) row["route"] = route_json(r.route);
    revocation.push_back(std::move(row));
  }
  const auto& env = report.environment;
  json environment = {
      {"proxy", env.proxy}, {"resolvers", env.resolvers}, {"org", env.org}, {"site", env.site}};
  if (!env.routes.empty()) environment["routes"] = env.routes;
  if (env.compare_paths) environment["compare_paths"] = true;
  return {{"schema", std::string(k_schema_id)},
          {"tool",
           {{"name", report.tool.name},
            {"version", report.tool.version},
            {"openssl", report.tool.openssl},
            {"curl", report.tool.curl},
            {"cares", report.tool.cares}}},
          {"started_at", core::format_utc(report.started_at)},
          {"duration_ms", report.duration.count()},
          {"environment", environment},
          {"verdict", std::string(core::verdict_name(report.verdict()))},
          {"deadline_exceeded", report.deadline_exceeded},
          {"summary",
           {{"targets", summary.targets},
            {"pass", summary.pass},
            {"warn", summary.warn},
            {"fail", summary.fail}}},
          {"targets", targets},
          {"skipped", skipped},
          {"revocation", revocation},
          {"actions", actions_json(report)}};
}

std::string dump(const json& document) {
  return document.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string render_json(const core::RunReport& report) { return dump(report_json(report)); }

}  // namespace probe::report
