#pragma once
// Accessibility on zones: `grid`, `import grid`, `disaggregate`, `access`, `compare`.
#include <CLI/CLI.hpp>

#include <string>

#include "transit_commands.hpp"

namespace cityregions::cli {

class AccessCommands {
 public:
  AccessCommands(CLI::App& app, CLI::App& import);
  bool run(bool show_progress);

 private:
  CLI::App *grid_ = nullptr, *import_grid_ = nullptr, *disaggregate_ = nullptr, *access_ = nullptr, *compare_ = nullptr;
  CLI::Option* mode_opt_ = nullptr;
  std::string ws_, file_, mode_, zones_ = "grid1km", column_, id_field_, value_field_, indicator_ = "cumulative",
      decay_ = "exp", opportunities_ = "population", layer_, minutes_, facilities_, capacity_, config_, out_, engine_ = "phast",
      base_, scenario_;
  int resolution_ = 1000;
  double beta_ = 0.1, horizon_ = 0, max_snap_ = 500;
  TransitOptions transit_;
};

}  // namespace cityregions::cli
