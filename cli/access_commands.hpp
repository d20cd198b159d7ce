#pragma once
// Accessibility on zones: `grid`, `import grid`, `disaggregate`, `access`, `compare`.
#include <CLI/CLI.hpp>

#include <string>

#include "access/grid.hpp"
#include "region/centres.hpp"
#include "transit_commands.hpp"

namespace cityregions::cli {

// What `disaggregate` did (methods, uncovered population, the densest cell) and which centres
// were chosen, for every command that changes them.
void print_disaggregation(const DisaggregationReport& r, const std::string& column, const std::string& zones);
void print_centres(const CentreReport& r);

class AccessCommands {
 public:
  AccessCommands(CLI::App& app, CLI::App& import);
  bool run(bool show_progress);

 private:
  CLI::App *grid_ = nullptr, *import_grid_ = nullptr, *disaggregate_ = nullptr, *access_ = nullptr, *compare_ = nullptr, *centres_ = nullptr;
  CLI::Option* mode_opt_ = nullptr;
  std::string ws_, file_, mode_, zones_ = "grid1km", column_, id_field_, value_field_, indicator_ = "cumulative",
      decay_ = "exp", opportunities_ = "population", layer_, minutes_, facilities_, capacity_, config_, out_, engine_ = "phast",
      base_, scenario_, centres_file_;
  int resolution_ = 1000;
  double beta_ = 0.1, horizon_ = 0, max_snap_ = 500;
  TransitOptions transit_;
};

}  // namespace cityregions::cli
