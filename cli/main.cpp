// cityregions command line: a thin face over the library. Each module's verbs live in
// cli/<module>_commands.cpp; this file only assembles them and turns errors into exit codes.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cmath>
#include <cstdlib>

#include "access_commands.hpp"
#include "cases_commands.hpp"
#include "cli_common.hpp"
#include "core/error.hpp"
#include "core/output_file.hpp"
#include "demo_commands.hpp"
#include "land_commands.hpp"
#include "network_commands.hpp"
#include "region_commands.hpp"
#include "transit_commands.hpp"
#include "web_commands.hpp"

using namespace cityregions::cli;

namespace cityregions::cli {

void require_finite_numbers(CLI::App& app) {
  const CLI::Validator finite(
      [](std::string& text) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        return std::isfinite(v) ? "" : "'" + text + "' is not a finite number";
      },
      "", "finite");
  for (auto* option : app.get_options())
    if (option->get_type_name() == "FLOAT") option->check(finite);
  for (auto* sub : app.get_subcommands([](CLI::App*) { return true; })) require_finite_numbers(*sub);
}

void refuse_workspace_outputs(CLI::App& app) {
  const CLI::Validator not_a_workspace(
      [](std::string& path) -> std::string {
        return is_workspace_database(path) ? path + " is a workspace's database; write the output to another file" : "";
      },
      "", "output");
  if (app.get_name() != "matrix")
    for (auto* option : app.get_options())
      if (option->get_name() == "--out") option->check(not_a_workspace);
  for (auto* sub : app.get_subcommands([](CLI::App*) { return true; })) refuse_workspace_outputs(*sub);
}

}  // namespace cityregions::cli

int main(int argc, char** argv) {
  CLI::App app{"cityregions — decision support for inter-municipal cooperation in city regions"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "cityregions 0.1.0");
  bool quiet = false;
  app.add_flag("-q,--quiet", quiet, "no progress output");

  // Verbs that several modules extend: `import <what>` and `export <what>`.
  auto* import = app.add_subcommand("import", "import data into a workspace");
  import->require_subcommand(1);
  auto* export_cmd = app.add_subcommand("export", "export workspace data for other tools");
  export_cmd->require_subcommand(1);

  RegionCommands region(app, *import, *export_cmd);
  NetworkCommands network(app, *import, *export_cmd);
  TransitCommands transit(app, *import);
  AccessCommands access(app, *import);
  LandCommands land(app);
  CasesCommands cases(app);
  WebCommands web(app);
  DemoCommands demo(app);
  require_finite_numbers(app);
  refuse_workspace_outputs(app);
  // Parse errors as one line, like every other error.
  app.failure_message([](const CLI::App*, const CLI::Error& e) { return std::string("error: ") + e.what() + "\n"; });
  CLI11_PARSE(app, argc, argv);
  const bool show_progress = !quiet;

  try {
    const bool ran = region.run() || network.run(show_progress) || transit.run() || access.run(show_progress) ||
                     land.run(show_progress) || cases.run() || web.run() || demo.run(show_progress, quiet);
    if (!ran) throw cityregions::Error("no command given (see --help)");
  } catch (const cityregions::Error& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 2;
  }
  return 0;
}
