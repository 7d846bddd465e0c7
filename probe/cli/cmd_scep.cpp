// pinprobe scep URL: is the MDM profile's trusted CA the CA this SCEP endpoint serves?
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/options.hpp"

namespace probe::cli {
namespace {
struct ScepArgs {
  std::string url;
  std::optional<std::string> trusted_ca;
  std::optional<std::string> thumbprint;
  NetworkArgs network;
  OutputArgs out;
};
}  // namespace

CommandFn add_scep_command(CLI::App& app) {
  auto args = std::make_shared<ScepArgs>();
  app.add_option("url", args->url, "the SCEP URL of the MDM profile")->required();
  auto* ca = app.add_option("--trusted-ca", args->trusted_ca,
                            "the certificate uploaded to the MDM's trusted-certificate profile");
  app.add_option("--thumbprint", args->thumbprint, "expected CA thumbprint (SHA-1 or SHA-256)")
      ->excludes(ca);
  add_network_options(app, args->network);
  add_output_options(app, args->out, {"text", "json"});
  return [args]() -> core::Result<int> { return not_built("scep"); };
}

}  // namespace probe::cli
